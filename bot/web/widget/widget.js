// The work support chat widget. A partner adds it to a web page with one tag:
//   <script src="https://GATEWAY/widget.js" data-partner="ID" defer></script>
// It lives in a Shadow DOM, so the page's styles cannot change it and its styles cannot change the page.
// Plain JavaScript with no framework, so it stays small for people on slow or costly connections.
(function () {
  "use strict";
  var W = {/*words*/}; // the widget's words, from data/knowledge/widget.yml, put in by the gateway
  var script = document.currentScript;
  if (!script || document.querySelector("[data-work-support-chat]")) return; // added twice: keep one
  var base = new URL(script.src).origin;
  var partner = script.getAttribute("data-partner") || "demo";
  var key = "work-support-chat:" + base + ":" + partner;
  var speech = window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null;
  var state = restore();
  var config = null; // the partner's settings from the gateway
  var queue = Promise.resolve(); // messages go one at a time, in order
  var generation = 0; // goes up when the chat is cleared, so old retries stop
  var offline = false;
  var delay = 2000;
  var retryNow = null;
  var polling = false; // asking the gateway for the team's replies (one request at a time)
  var host, root, $;

  function fresh() {
    return { session: newId(), messages: [], pending: [], size: 0, more: false, speak: false, open: false,
             handoff: null, // handoff: {after, seen} while waiting for or talking to a person
             rated: -1, feedback: null }; // the answer last rated, and the key to add a comment to it
  }

  function restore() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(key));
      if (saved && saved.session) return saved;
    } catch (e) { /* no storage: the chat still works, it just does not survive a reload */ }
    return fresh();
  }

  function save() {
    try { sessionStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* as above */ }
  }

  function newId() {
    // getRandomValues works on http pages too, where crypto.randomUUID does not.
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function picture(name) {
    var img = make("img");
    img.src = base + "/static/symbols/" + encodeURIComponent(name) + ".svg";
    img.alt = ""; // decorative: the words beside it say the same
    return img;
  }

  function build() {
    host = make("div");
    host.setAttribute("data-work-support-chat", "");
    root = host.attachShadow({ mode: "open" });
    root.innerHTML =
      '<link rel="stylesheet" href="' + base + '/widget.css">' +
      '<div class="wsa" lang="en-GB" hidden>' +
      '<button type="button" class="launcher" aria-expanded="false" aria-controls="panel">' +
      '<span data-w="launcher"></span></button>' +
      '<section class="panel" id="panel" aria-labelledby="title" hidden>' +
      '<div class="head"><h2 id="title" data-w="title"></h2>' +
      '<button type="button" class="close" data-w="close"></button></div>' +
      '<div class="tools"><button type="button" class="settings" aria-expanded="false" aria-controls="options"' +
      ' data-w="settings"></button><div class="options" id="options"><button type="button" class="size"></button>' +
      '<div class="detail" role="group" data-label="detail_group">' +
      '<button type="button" aria-pressed="false" data-w="easy_read"></button>' +
      '<button type="button" aria-pressed="false" data-w="more_detail" data-more></button></div>' +
      '<button type="button" class="speak" aria-pressed="false" data-w="read_aloud" hidden></button></div></div>' +
      '<div class="log" role="log" aria-live="polite" aria-relevant="additions"' +
      ' data-label="conversation"></div>' +
      '<div class="notice"><p class="status" role="status"></p>' +
      '<button type="button" class="retry" data-w="try_again" hidden></button>' +
      '<button type="button" class="back" data-w="go_back" hidden></button></div>' +
      '<form class="send" novalidate><label for="input" data-w="your_message"></label>' +
      '<p class="error" id="input-error" aria-live="polite"></p>' +
      '<div class="row"><input id="input" type="text" autocomplete="off" maxlength="1000">' +
      '<button type="submit" data-w="send"></button></div></form>' +
      '<div class="rate" role="group" aria-labelledby="rate-question" hidden>' +
      '<p id="rate-question" data-w="rate_question"></p><div class="row">' +
      '<button type="button" data-rating="easy" data-w="rate_yes"></button>' +
      '<button type="button" data-rating="not_easy" data-w="rate_no"></button></div></div>' +
      '<form class="comment" hidden><label for="comment" data-w="rate_comment"></label>' +
      '<p class="hint" id="comment-hint" data-w="rate_comment_hint"></p>' +
      '<div class="row"><input id="comment" type="text" autocomplete="off" maxlength="500"' +
      ' aria-describedby="comment-hint"><button type="submit" data-w="rate_send"></button></div></form>' +
      '<div class="confirm" role="group" aria-labelledby="question" hidden>' +
      '<p id="question" data-w="clear_question"></p>' +
      '<button type="button" class="yes" data-w="clear_yes"></button>' +
      '<button type="button" class="no" data-w="clear_no"></button></div>' +
      '<div class="always" role="group" data-label="always">' +
      '<button type="button" class="again"><span data-w="start_again"></span></button>' +
      '<button type="button" class="person"><span data-w="talk_to_person"></span></button>' +
      '<button type="button" class="clear"><span data-w="clear_chat"></span></button></div>' +
      '<p class="credit"><a href="https://openmoji.org/" target="_blank" rel="noopener" data-w="credit"></a></p>' +
      "</section></div>";
    $ = function (selector) { return root.querySelector(selector); };
    root.querySelectorAll("[data-w]").forEach(function (n) { n.textContent = W[n.getAttribute("data-w")]; });
    root.querySelectorAll("[data-label]").forEach(function (n) {
      n.setAttribute("aria-label", W[n.getAttribute("data-label")]);
    });
    [[".launcher", "chat"], [".again", "again"], [".person", "person"], [".clear", "clear"], [".notice", "plug"]]
      .forEach(function (p) {
      $(p[0]).insertBefore(picture(p[1]), $(p[0]).firstChild);
    });
    // Shown once the styles are in, so the page never flashes an unstyled chat.
    $("link").onload = $("link").onerror = function () {
      $(".wsa").hidden = false;
      if (!$(".panel").hidden) showLatest(); // only now has the chat a size to scroll
    };
  }

  function setStatus(text) { $(".status").textContent = text; }

  // A problem with the message box is said next to it, and the box is marked as the one to fix.
  function showError(text) {
    $(".error").textContent = text;
    if (text) {
      $("#input").setAttribute("aria-invalid", "true");
      $("#input").setAttribute("aria-describedby", "input-error");
    } else {
      $("#input").removeAttribute("aria-invalid");
      $("#input").removeAttribute("aria-describedby");
    }
  }

  // The conversation is a tab stop only when it scrolls by itself, so keyboard users can scroll it;
  // otherwise it would be one more stop that does nothing.
  function logTabStop() {
    var log = $(".log");
    if (log.scrollHeight > log.clientHeight) log.setAttribute("tabindex", "0");
    else log.removeAttribute("tabindex");
  }

  function fill(text) {
    return text.replace("{partner_name}", config.name).replace("{partner_phone}", config.contact.phone);
  }

  function render(message) {
    var item = make("div", "msg " + message.from);
    if (message.picture) item.appendChild(picture(message.picture));
    var words = make("p");
    var label = { bot: W.assistant_said, team: W.team_said }[message.from] || W.you_said;
    words.appendChild(make("span", "hide", label + " "));
    // One sentence a line, as Easy Read asks.
    (message.text || "").replace(/([.!?])\s+(?=[A-Z0-9"\u201c\u00a3])/g, "$1\n").split("\n")
      .forEach(function (line, i) {
        if (i) words.appendChild(make("br"));
        words.appendChild(document.createTextNode(line));
      });
    var body = make("div", "body");
    body.appendChild(words);
    item.appendChild(body);
    if (message.buttons && message.buttons.length) {
      var group = make("div", "choices");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", W.choices);
      message.buttons.forEach(function (b) {
        var button = make("button", "", b.title);
        button.type = "button";
        button.onclick = function () { say(b.payload, b.title, true); };
        group.appendChild(button);
      });
      body.appendChild(group);
    }
    $(".log").appendChild(item);
    reveal(item);
    logTabStop();
  }

  // Scrolls a message into view, from above or below, but never past its first line. The log scrolls on a
  // tall screen; the whole panel does on a short one (a phone, zoom or big text), where the person may be
  // further down, at the message box, when the answer comes.
  function reveal(item) {
    [$(".log"), $(".panel")].forEach(function (box) {
      var shown = box.getBoundingClientRect(), it = item.getBoundingClientRect();
      var by = Math.min(it.bottom - shown.bottom, it.top - shown.top - 8);
      if (by > 0 || it.top < shown.top) box.scrollTop += by;
    });
  }

  // The latest message, so a question asked before a reload or on another page of the site is in view.
  function showLatest() {
    var items = root.querySelectorAll(".msg");
    if (items.length) reveal(items[items.length - 1]);
    logTabStop();
  }

  function add(message, isNew) {
    state.messages.push(message);
    save();
    render(message);
    if (isNew && message.from === "bot" && state.speak && speech) speak(message.text);
  }

  function speak(text) {
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "en-GB";
    speech.speak(utterance);
  }

  // Sends what the person typed or chose. Old choices go: they answered the question before this one.
  function say(payload, shownAs, focusInput, quiet) {
    state.messages.forEach(function (m) { delete m.buttons; });
    root.querySelectorAll(".choices").forEach(function (n) { n.remove(); });
    if (focusInput) $("#input").focus(); // the pressed choice is gone, so focus must go somewhere useful
    if (shownAs) add({ from: "user", text: shownAs });
    state.pending.push(payload);
    save();
    deliver(payload, quiet);
  }

  function deliver(payload, quiet) {
    var gen = generation;
    queue = queue.then(function () { return attempt(payload, gen, quiet); });
  }

  function attempt(payload, gen, quiet) {
    if (gen !== generation) return;
    if (!offline && !quiet) setStatus(W.writing);
    return fetch(base + "/api/chat?partner=" + encodeURIComponent(partner), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session: state.session, message: payload, partner: partner })
    }).then(function (response) {
      if (response.status >= 500) throw new Error("the gateway answered " + response.status);
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (reply) {
      if (gen !== generation) return;
      if (reply.body.retry_after) {
        // Too fast for the gateway: say so, keep the message, and send it again after the wait.
        setStatus(reply.body.error || "");
        return new Promise(function (resolve) { setTimeout(resolve, reply.body.retry_after * 1000); })
          .then(function () { return attempt(payload, gen, quiet); });
      }
      var at = state.pending.indexOf(payload);
      if (at >= 0) state.pending.splice(at, 1);
      save();
      backOnline();
      // A quiet message (the greeting after "clear my chat") keeps what the status said, so the person
      // still hears that the chat was cleared.
      if (!reply.ok || !quiet) setStatus(reply.ok ? "" : reply.body.error || "");
      if (reply.ok) {
        showReplies(reply.body.messages);
        followHandoff(reply.body.handoff);
        expectAnswer(reply.body.expects);
      }
    }, function (error) {
      return waitToRetry(error).then(function () { return attempt(payload, gen, quiet); });
    });
  }

  // The box says what the question asks for (a phone number, an email, a postcode), so the browser can
  // offer what it has saved and a phone shows the keys that fit (WCAG 1.3.5). Any other answer: nothing.
  var KEYPADS = ["tel", "email"]; // hints that are also inputmode values; a postcode keeps the letters
  function expectAnswer(expects) {
    var input = $("#input");
    input.setAttribute("autocomplete", expects || "off");
    if (KEYPADS.indexOf(expects) >= 0) input.setAttribute("inputmode", expects);
    else input.removeAttribute("inputmode");
  }

  function showReplies(messages) {
    messages.forEach(function (m) {
      add({ from: m.from || "bot", text: m.text, buttons: m.buttons, picture: m.picture }, true);
    });
    if (messages.length) { state.feedback = null; save(); }
    showRating();
    if (messages.length) showLatest(); // again: the rating coming or going changes the room for the log
  }

  // "Was the last answer easy to understand?" below the message box, once for each answer, and never while
  // a person from the team is in the chat. Only after an answer: after a question (choices, or a last
  // line that asks) a person could take the rating for an answer to that question.
  function lastAnswer() {
    var last = state.messages.length - 1, m = state.messages[last];
    var asks = m && ((m.buttons && m.buttons.length) || /\?\s*$/.test(m.text || ""));
    return m && m.from === "bot" && !asks ? last : -1;
  }

  function showRating() {
    var last = lastAnswer();
    $(".rate").hidden = last < 0 || last === state.rated || !!state.handoff;
    $(".comment").hidden = !state.feedback;
  }

  function rate(rating) {
    var last = lastAnswer();
    if (last < 0) return;
    post("/api/feedback", { session: state.session, partner: partner, text: state.messages[last].text,
      rating: rating }).then(function (body) {
      state.rated = last;
      state.feedback = body.feedback;
      save();
      showRating();
      setStatus(W.rate_thanks);
      $("#comment").focus(); // the pressed button has gone
    }, function () { setStatus(W.rate_failed); });
  }

  function post(path, body) {
    return fetch(base + path + "?partner=" + encodeURIComponent(partner), { method: "POST",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        if (!response.ok) throw new Error("the gateway answered " + response.status);
        return response.json();
      });
  }

  // Waiting for, or talking to, a person from the team: say where the person is in the line, offer the
  // way back to the assistant, and ask the gateway for the team's replies until the handoff ends.
  function followHandoff(handoff) {
    var active = handoff && (handoff.state === "waiting" || handoff.state === "live");
    if (!active) {
      state.handoff = null;
    } else {
      state.handoff = state.handoff || { after: 0, seen: "" };
      var text = handoff.state === "live" ? W.handoff_live
        : W.handoff_waiting.replace("{position}", handoff.position || 1);
      if ($(".status").textContent !== text) setStatus(text); // said again only when it changes
    }
    save();
    showHandoffButtons();
    if (active) poll();
  }

  function showHandoffButtons() {
    // The button just pressed may be the one that goes: focus moves to the message box, never to the page.
    var going = state.handoff ? $(".person") : $(".back");
    if (root.activeElement === going && !going.hidden) $("#input").focus();
    $(".back").hidden = !state.handoff;
    $(".person").hidden = !!state.handoff;
  }

  function poll() {
    if (polling || !state.handoff) return;
    polling = true;
    var gen = generation, known = state.handoff;
    fetch(base + "/api/chat/updates?" + new URLSearchParams({
      partner: partner, session: state.session, after: known.after, seen: known.seen
    })).then(function (response) {
      if (!response.ok) throw new Error("the gateway answered " + response.status);
      return response.json();
    }).then(function (body) {
      polling = false;
      if (gen !== generation) return;
      // What the assistant says after the handoff is shown even when the chat's own reply ended it first.
      showReplies(body.messages);
      if (!state.handoff) return;
      var h = body.handoff;
      state.handoff.after = body.after;
      state.handoff.seen = [h.state].concat(h.position === undefined ? [] : [h.position]).join(":");
      followHandoff(h);
      if (h.state === "none") setStatus("");
    }, function () {
      polling = false;
      setTimeout(poll, 5000); // the chat's own retry shows the person that we are reconnecting
    });
  }

  // Never silence: say plainly that we are reconnecting, keep trying, and let the person try now.
  function waitToRetry(error) {
    if (!offline) {
      console.warn("Work support chat cannot reach " + base + " (" + error.message + "). If this page is new, " +
        "check that its address is in the allowed_origins of partner \"" + partner + "\".");
    }
    offline = true;
    $(".notice").classList.add("offline");
    $(".retry").hidden = false;
    setStatus(W.reconnecting + (config ? " " + fill(W.reconnecting_phone) : ""));
    return new Promise(function (resolve) {
      var timer = setTimeout(go, delay);
      function go() { clearTimeout(timer); retryNow = null; resolve(); }
      retryNow = go;
      delay = Math.min(delay * 2, 30000);
    });
  }

  function backOnline() {
    var wasOffline = offline;
    offline = false;
    delay = 2000;
    $(".notice").classList.remove("offline");
    if (root.activeElement === $(".retry")) $("#input").focus(); // the button goes, so focus must not
    $(".retry").hidden = true;
    if (wasOffline && !config) loadConfig();
  }

  function loadConfig() {
    fetch(base + "/api/partners/" + encodeURIComponent(partner)).then(function (response) {
      if (!response.ok) throw new Error("the gateway answered " + response.status);
      return response.json();
    }).then(function (settings) {
      config = settings;
      ["background", "text", "button", "button_text"].forEach(function (name) {
        host.style.setProperty("--wsa-" + name.replace("_", "-"), settings.colours[name]);
      });
    }).catch(function (error) {
      console.warn("Work support chat has no settings for partner \"" + partner + "\" (" + error.message +
        "). It uses its own colours until it can reach " + base + ".");
    });
  }

  // A part of the partner's page that gets focus must not be hidden behind the open panel (WCAG 2.4.11):
  // the page scrolls so that it shows above the panel; if it is still hidden in full (the page cannot
  // scroll so far), the panel closes. The chat is kept, and the chat button opens it again. This runs
  // after the browser's own scroll to the focused part.
  function uncover(target) {
    if ($(".panel").hidden || document.activeElement !== target || !target.getBoundingClientRect) return;
    var p = $(".panel").getBoundingClientRect(), r = target.getBoundingClientRect();
    if (r.right <= p.left || r.left >= p.right || r.bottom <= p.top || r.top >= p.bottom) return;
    if (r.height < p.top) {
      window.scrollBy({ top: r.bottom - p.top + Math.min(8, p.top - r.height), behavior: "instant" });
    }
    r = target.getBoundingClientRect();
    if (r.left >= p.left && r.right <= p.right && r.top >= p.top && r.bottom <= p.bottom) close(false);
  }

  function open(focusInput) {
    $(".panel").hidden = false;
    $(".wsa").classList.add("is-open"); // on a short screen the panel takes the launcher's place
    $(".launcher").setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    if (focusInput) $("#input").focus();
    if (!state.messages.length && !state.pending.length) say("/greet");
    showLatest();
  }

  function close(focusLauncher) {
    $(".panel").hidden = true;
    $(".wsa").classList.remove("is-open");
    $(".launcher").setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    if (focusLauncher) $(".launcher").focus();
  }

  function showSettings() {
    $(".wsa").className = "wsa size-" + state.size + ($(".panel").hidden ? "" : " is-open");
    $(".size").textContent = W.text_size + " " + W.size_names[state.size];
    root.querySelectorAll(".detail button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.hasAttribute("data-more") === state.more));
    });
    $(".speak").setAttribute("aria-pressed", String(state.speak));
  }

  function clearChat() {
    generation++;
    if (retryNow) retryNow(); // an old message waiting to be tried again gives way at once
    if (speech) speech.cancel();
    if (state.handoff) { // nobody from the team should wait for a chat that is gone
      fetch(base + "/api/chat?partner=" + encodeURIComponent(partner), { method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session: state.session, message: "/cancel_handoff", partner: partner }) })
        .catch(function () { /* the gateway ends a handoff nobody answers by itself */ });
    }
    state = Object.assign(fresh(), { size: state.size, speak: state.speak, open: true });
    $(".log").textContent = "";
    logTabStop();
    showError("");
    $(".confirm").hidden = true;
    showRating();
    backOnline();
    showSettings();
    showHandoffButtons();
    $("#input").focus();
    setStatus(W.cleared);
    say("/greet", null, false, true);
  }

  function listen() {
    $(".launcher").onclick = function () { if ($(".panel").hidden) open(true); else close(false); };
    $(".close").onclick = function () { close(true); };
    $(".wsa").addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || $(".panel").hidden) return;
      event.preventDefault(); // done here: the page's own listener below leaves it
      if (!$(".confirm").hidden) { $(".no").click(); return; } // Esc answers only the open question
      close(true);
    });
    // Esc on the partner's page closes the chat too, and focus stays where it is on the page, so a person
    // can always uncover what the panel hides (WCAG 2.4.11). A key the page has used already is left alone.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !event.defaultPrevented && !$(".panel").hidden) close(false);
    });
    document.addEventListener("focusin", function (event) {
      if (event.target !== host) setTimeout(function () { uncover(event.target); }, 0);
    });
    $(".settings").onclick = function () { // shown on small screens only (widget.css)
      var shown = $(".settings").getAttribute("aria-expanded") !== "true";
      $(".settings").setAttribute("aria-expanded", String(shown));
      $(".tools").classList.toggle("open", shown);
    };
    $(".size").onclick = function () {
      state.size = (state.size + 1) % W.size_names.length;
      save();
      showSettings();
      logTabStop();
    };
    root.querySelectorAll(".detail button").forEach(function (b) {
      b.onclick = function () {
        var more = b.hasAttribute("data-more");
        if (more === state.more) return;
        state.more = more;
        showSettings();
        say(more ? "/tell_me_more" : "/easy_read", b.textContent);
      };
    });
    if (speech) $(".speak").hidden = false;
    $(".speak").onclick = function () {
      state.speak = !state.speak;
      save();
      showSettings();
      if (!speech) return;
      speech.cancel();
      // Turned on: read the last thing the assistant said, so the person hears that it works.
      var said = state.messages.filter(function (m) { return m.from === "bot"; }).pop();
      if (state.speak && said) speak(said.text);
    };
    $(".retry").onclick = function () { if (retryNow) retryNow(); };
    $("#input").addEventListener("input", function () { if ($("#input").value.trim()) showError(""); });
    window.addEventListener("resize", logTabStop);
    $(".send").onsubmit = function (event) {
      event.preventDefault();
      var text = $("#input").value.trim();
      if (!text) { showError(W.type_first); $("#input").focus(); return; }
      showError("");
      $("#input").value = "";
      say(text, text);
    };
    $(".again").onclick = function () { say("/start_again", W.start_again); };
    $(".person").onclick = function () { say("/talk_to_person", W.talk_to_person); };
    $(".back").onclick = function () { $("#input").focus(); say("/cancel_handoff", W.go_back); };
    $(".clear").onclick = function () { $(".confirm").hidden = false; $(".no").focus(); };
    $(".no").onclick = function () { $(".confirm").hidden = true; $(".clear").focus(); };
    $(".yes").onclick = clearChat;
    root.querySelectorAll("[data-rating]").forEach(function (b) {
      b.onclick = function () { rate(b.getAttribute("data-rating")); };
    });
    $(".comment").onsubmit = function (event) {
      event.preventDefault();
      var text = $("#comment").value.trim();
      if (!text || !state.feedback) { $("#input").focus(); return; }
      post("/api/feedback/comment", { session: state.session, feedback: state.feedback, comment: text })
        .then(function () {
          $("#comment").value = "";
          state.feedback = null;
          save();
          showRating();
          $("#input").focus();
          setStatus(W.rate_comment_thanks);
        }, function () { setStatus(W.rate_failed); });
    };
  }

  function start() {
    build();
    // The saved chat is drawn before the widget joins the page, so screen readers do not read it all again.
    state.messages.forEach(render);
    showSettings();
    showRating();
    listen();
    if (state.open) open(false);
    document.body.appendChild(host);
    loadConfig();
    state.pending.slice().forEach(function (payload) { deliver(payload); }); // sent before a reload, unanswered
    if (state.handoff) { showHandoffButtons(); state.handoff.seen = ""; poll(); } // answers at once: seen is new
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
