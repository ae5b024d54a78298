/* The inbox's live pages (bot/web/inbox.py): keeps the queue and a ticket's page up to date from the
   gateway's server-sent events (GET /inbox/live), says what changed in the page's polite live region, and
   never moves the focus. A sound and a browser notification are offered, both off until the specialist
   switches them on. The pages work without this script; it only adds to them. */
(function () {
  "use strict";

  var alerts = document.getElementById("live-alerts");
  var news = document.getElementById("live-news");
  var state = document.getElementById("live-state");
  if (!alerts || !news || !window.EventSource || !window.HTMLTemplateElement) {
    return;
  }

  // ------------------------------------------------------------ alerts the specialist switches on

  var SOUND = "inbox-alert-sound";
  var NOTIFY = "inbox-alert-notify";
  var audio = null;

  function remembered(name) {
    try {
      return window.localStorage.getItem(name) === "on";
    } catch (error) {
      return false; // storage blocked: alerts stay off
    }
  }

  function remember(name, on) {
    try {
      window.localStorage.setItem(name, on ? "on" : "off");
    } catch (error) {
      // storage blocked: the choice lasts for this page only
    }
  }

  function checkbox(id, label) {
    var item = document.createElement("div");
    item.className = "checkbox";
    var input = document.createElement("input");
    input.type = "checkbox";
    input.id = id;
    var text = document.createElement("label");
    text.htmlFor = id;
    text.textContent = label;
    item.appendChild(input);
    item.appendChild(text);
    return item;
  }

  var fieldset = document.createElement("fieldset");
  fieldset.className = "live-alerts";
  var legend = document.createElement("legend");
  legend.textContent = "Alerts for new chats and messages";
  fieldset.appendChild(legend);
  fieldset.appendChild(checkbox("alert-sound", "Play a sound"));
  fieldset.appendChild(checkbox("alert-notify", "Show a notification from the browser"));
  var hint = document.createElement("p");
  hint.className = "hint";
  hint.id = "alert-hint";
  fieldset.appendChild(hint);
  alerts.appendChild(fieldset);

  var soundBox = document.getElementById("alert-sound");
  var notifyBox = document.getElementById("alert-notify");
  soundBox.checked = remembered(SOUND);
  notifyBox.checked = remembered(NOTIFY) && window.Notification && Notification.permission === "granted";

  soundBox.addEventListener("change", function () {
    remember(SOUND, soundBox.checked);
    if (soundBox.checked) {
      beep(); // switched on by a click: browsers let sound start only after one
    }
  });

  notifyBox.addEventListener("change", function () {
    hint.textContent = "";
    if (!notifyBox.checked) {
      remember(NOTIFY, false);
      return;
    }
    if (!window.Notification) {
      notifyBox.checked = false;
      hint.textContent = "This browser cannot show notifications.";
      return;
    }
    Notification.requestPermission().then(function (permission) {
      notifyBox.checked = permission === "granted";
      remember(NOTIFY, notifyBox.checked);
      if (!notifyBox.checked) {
        hint.textContent = "The browser has blocked notifications from the inbox. Allow them in its settings.";
      }
    });
  });

  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
      return;
    }
    audio = audio || new Context();
    if (audio.state === "suspended") {
      audio.resume();
    }
    var tone = audio.createOscillator();
    var volume = audio.createGain();
    tone.frequency.value = 660;
    volume.gain.setValueAtTime(0.2, audio.currentTime);
    volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(volume);
    volume.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  }

  function alertFor(words) {
    if (soundBox.checked) {
      beep();
    }
    if (notifyBox.checked && window.Notification && Notification.permission === "granted" && document.hidden) {
      new Notification("Specialist inbox", { body: words.join(" "), tag: "inbox" });
    }
  }

  // ------------------------------------------------------------ saying what changed

  var said = [];
  var saying = null;

  function announce(words) {
    // Gathered for a moment and said once, politely: a screen reader finishes what it is reading first.
    // Emptied first, so the same words said again are heard again.
    said = said.concat(words);
    news.textContent = "";
    window.clearTimeout(saying);
    saying = window.setTimeout(function () {
      news.textContent = said.join(" ");
      said = [];
    }, 250);
  }

  function tickets() {
    var found = {};
    document.querySelectorAll("#queue-lists li[data-ticket]").forEach(function (item) {
      found[item.dataset.ticket] = {
        status: item.dataset.status,
        urgent: item.dataset.urgent === "yes",
        latest: Number(item.dataset.latest),
        lines: Array.prototype.map.call(item.querySelectorAll("p"), function (p) { return p.textContent; })
      };
    });
    return found;
  }

  function queueNews(before, after) {
    var words = [];
    var loud = false; // something a specialist may want to be called back to the page for
    Object.keys(after).forEach(function (id) {
      var was = before[id];
      var now = after[id];
      if (!was) {
        if (now.status === "waiting") {
          words.push((now.urgent ? "Urgent chat waiting: " : "New chat waiting: ") + "ticket " + id + ".");
          loud = true;
        } else if (now.status === "callback_requested") {
          words.push("New call-back request: ticket " + id + ".");
        }
        return;
      }
      if (was.status === "waiting" && now.status === "live") {
        var withWho = now.lines.filter(function (line) { return line.indexOf("With: ") === 0; })[0];
        words.push("Ticket " + id + " was claimed." + (withWho ? " " + withWho + "." : ""));
      } else if (now.status === "waiting" && was.status !== "waiting") {
        words.push("Ticket " + id + " is waiting again.");
        loud = true;
      }
      if (now.urgent && !was.urgent) {
        words.push("Ticket " + id + " is now urgent.");
        loud = true;
      }
      if (now.latest > was.latest) {
        words.push("New message from the person in ticket " + id + ".");
        loud = true;
      }
    });
    Object.keys(before).forEach(function (id) {
      if (!after[id]) {
        words.push("Ticket " + id + " has left the queue.");
      }
    });
    return { words: words, loud: loud };
  }

  function messageIds() {
    var found = {};
    document.querySelectorAll("#messages-list li[id]").forEach(function (item) {
      found[item.id] = true;
    });
    return found;
  }

  function ticketNews(beforeStatus, beforeMessages) {
    var words = [];
    var loud = false;
    document.querySelectorAll("#messages-list li[id]").forEach(function (item) {
      if (!beforeMessages[item.id] && item.dataset.from === "person") {
        var text = (item.querySelector(".said") || item).textContent;
        words.push("New message from the person: " + (text.length > 200 ? text.slice(0, 199) + "…" : text));
        loud = true;
      }
    });
    var status = document.querySelector("#ticket-status [data-status]");
    if (status && beforeStatus && status.dataset.statusWords !== beforeStatus) {
      words.push("Status: " + status.dataset.statusWords + ".");
    }
    return { words: words, loud: loud };
  }

  // ------------------------------------------------------------ changing the page in place

  function sameKind(a, b) {
    return a.nodeType === b.nodeType && a.nodeName === b.nodeName && (a.id || "") === (b.id || "");
  }

  function morph(from, to) {
    // Makes `from` look like `to` while keeping every element that stays, so the element with the focus
    // (and what a screen reader is reading) is never replaced.
    if (from.nodeType !== 1) {
      if (from.nodeValue !== to.nodeValue) {
        from.nodeValue = to.nodeValue;
      }
      return;
    }
    Array.prototype.slice.call(from.attributes).forEach(function (attribute) {
      if (!to.hasAttribute(attribute.name)) {
        from.removeAttribute(attribute.name);
      }
    });
    Array.prototype.slice.call(to.attributes).forEach(function (attribute) {
      if (from.getAttribute(attribute.name) !== attribute.value) {
        from.setAttribute(attribute.name, attribute.value);
      }
    });
    morphChildren(from, to);
  }

  function morphChildren(from, to) {
    var old = Array.prototype.slice.call(from.childNodes);
    var used = [];
    var next = 0;
    var wanted = Array.prototype.slice.call(to.childNodes).map(function (node) {
      // Matched in order: the first unused old node of the same kind (and id) after the last match.
      for (var i = next; i < old.length; i += 1) {
        if (used.indexOf(old[i]) < 0 && sameKind(old[i], node)) {
          used.push(old[i]);
          next = i + 1;
          morph(old[i], node);
          return old[i];
        }
      }
      return node;
    });
    old.forEach(function (node) {
      if (used.indexOf(node) < 0) {
        from.removeChild(node);
      }
    });
    // Put them in order around the node that holds the focus, which itself never moves (moving it would
    // take the focus away).
    var focused = document.activeElement;
    var pivot = -1;
    wanted.forEach(function (node, i) {
      if (pivot < 0 && node.contains && node.contains(focused)) {
        pivot = i;
      }
    });
    var i;
    var ref;
    if (pivot < 0) {
      ref = null;
      for (i = 0; i < wanted.length; i += 1) {
        var expected = ref ? ref.nextSibling : from.firstChild;
        if (expected !== wanted[i]) {
          from.insertBefore(wanted[i], expected);
        }
        ref = wanted[i];
      }
      return;
    }
    ref = wanted[pivot];
    for (i = pivot - 1; i >= 0; i -= 1) {
      if (wanted[i].nextSibling !== ref) {
        from.insertBefore(wanted[i], ref);
      }
      ref = wanted[i];
    }
    ref = wanted[pivot];
    for (i = pivot + 1; i < wanted.length; i += 1) {
      if (ref.nextSibling !== wanted[i]) {
        from.insertBefore(wanted[i], ref.nextSibling);
      }
      ref = wanted[i];
    }
  }

  function apply(parts) {
    var beforeTickets = tickets();
    var status = document.querySelector("#ticket-status [data-status]");
    var beforeStatus = status ? status.dataset.statusWords : null;
    var beforeMessages = messageIds();
    Object.keys(parts).forEach(function (id) {
      var into = document.getElementById(id);
      if (!into) {
        return;
      }
      var made = document.createElement("template");
      made.innerHTML = parts[id]; // made by the gateway, with everything anyone wrote escaped
      morphChildren(into, made.content);
    });
    var told = document.getElementById("queue-lists")
      ? queueNews(beforeTickets, tickets())
      : ticketNews(beforeStatus, beforeMessages);
    if (told.words.length) {
      announce(told.words);
      if (told.loud) {
        alertFor(told.words);
      }
    }
  }

  // ------------------------------------------------------------ the stream

  var stream = new EventSource(alerts.dataset.stream);
  stream.addEventListener("open", function () {
    if (state) {
      state.textContent = "(this page shows new chats and messages by itself).";
    }
  });
  stream.addEventListener("parts", function (event) {
    apply(JSON.parse(event.data));
  });
  stream.addEventListener("error", function () {
    // The browser opens the stream again by itself after each one ends; only a refusal (signed out) is final.
    if (stream.readyState === EventSource.CLOSED && state) {
      state.textContent = "(this page has stopped changing by itself: sign in again or check for new messages).";
    }
  });
})();
