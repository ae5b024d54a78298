// A minimal accessible chat box for the demo page. New messages are announced by the log region;
// focus stays where the person left it. The chat is kept in sessionStorage so a reload loses nothing.
(function () {
  "use strict";
  var chat = document.querySelector(".chat");
  var transcript = document.getElementById("transcript");
  var status = document.getElementById("status");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("message");
  var partner = chat.getAttribute("data-partner");
  var stored = JSON.parse(sessionStorage.getItem("chat") || "null");
  var state = stored || { session: newSessionId(), messages: [] };

  function newSessionId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "s-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function save() { sessionStorage.setItem("chat", JSON.stringify(state)); }

  function render(message) {
    var bubble = document.createElement("div");
    bubble.className = "bubble " + message.from;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = message.from === "bot" ? "Assistant said: " : "You said: ";
    bubble.appendChild(who);
    bubble.appendChild(document.createTextNode(message.text || ""));
    transcript.appendChild(bubble);
    if (message.buttons && message.buttons.length) {
      var group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Choices");
      message.buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.addEventListener("click", function () { send(b.payload, b.title); });
        group.appendChild(button);
      });
      transcript.appendChild(group);
    }
    transcript.scrollTop = transcript.scrollHeight;
  }

  function add(message) { state.messages.push(message); save(); render(message); }

  function send(text, shownAs) {
    if (shownAs !== null) add({ from: "user", text: shownAs || text });
    status.textContent = "The assistant is writing a reply.";
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session: state.session, message: text, partner: partner })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || "Sorry, that did not work. Please try again.");
        return body;
      });
    }).then(function (body) {
      status.textContent = "";
      body.messages.forEach(function (m) { add({ from: "bot", text: m.text, buttons: m.buttons }); });
    }).catch(function (error) {
      status.textContent = error.message.indexOf("fetch") >= 0
        ? "We are trying to reconnect. Please try again in a minute."
        : error.message;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { status.textContent = "Please type a message first."; return; }
    input.value = "";
    send(text);
  });
  document.querySelectorAll(".always button").forEach(function (button) {
    button.addEventListener("click", function () {
      send(button.getAttribute("data-payload"), button.getAttribute("data-title"));
    });
  });

  state.messages.forEach(render);
  if (!stored) { save(); send("/greet", null); }
})();
