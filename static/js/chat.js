/* The chat page: live messages over Socket.IO (WebSocket transport), older pages when scrolling back,
   assignments pupils mark "klaar", messages teachers hide. User text is only ever set with textContent;
   http(s) links become anchors built element by element, never from HTML. */
(function () {
  "use strict";
  var section = document.getElementById("chat");
  if (!section || typeof io === "undefined") { return; }

  var room = section.dataset.room;
  var userId = Number(section.dataset.userId);
  var pageSize = Number(section.dataset.pageSize) || 30;
  var isStaff = section.dataset.staff === "true";
  var canModerate = section.dataset.canModerate === "true";
  var canMarkDone = section.dataset.canMarkDone === "true";
  var list = section.querySelector(".chat-messages");
  var status = section.querySelector(".chat-status");
  var olderButton = section.querySelector(".chat-older");
  var empty = section.querySelector(".chat-empty");
  var form = section.querySelector(".chat-form");
  var ROLE_LABELS = {admin: "beheerder", teacher: "leraar", assistant: "leerpleinassistent", pupil: "leerling",
                     parent: "ouder", system: "Doelpunt"};
  var LINK = /https?:\/\/[^\s<>"']+/g;
  var closedNotice = section.querySelector(".chat-closed");
  var joinedOnce = false;
  var closed = false;  // the server took this user out of the chat: nothing more to show or send
  var loadingOlder = false;
  var noOlder = list.children.length < pageSize;

  /* A line for the reader; `lasting` ones (no connection, refused) stand out until the next line. */
  function say(text, lasting) {
    if (closed) { return; }
    status.textContent = text || "";
    var alert = Boolean(text && lasting);
    status.classList.toggle("alert", alert);
    status.classList.toggle("alert-warning", alert);
    status.classList.toggle("text-muted", !alert);
  }

  /* Text with http(s) links as safe anchors: only those two schemes, opened apart from this page. */
  function linkify(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(LINK, function (match, offset) {
      var url = match.replace(/[.,;:!?)\]]+$/, "");
      var parsed = null;
      try { parsed = new URL(url); } catch (e) { parsed = null; }
      if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) { return match; }
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      var anchor = document.createElement("a");
      anchor.href = parsed.href;
      anchor.textContent = url;
      anchor.rel = "noopener noreferrer nofollow";
      anchor.target = "_blank";
      fragment.appendChild(anchor);
      last = offset + url.length;
      return match;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function formatTime(iso) {
    var moment = new Date(iso);
    if (isNaN(moment)) { return ""; }
    return moment.toLocaleString("nl-NL", {day: "2-digit", month: "2-digit", year: "numeric",
                                           hour: "2-digit", minute: "2-digit"});
  }

  function render(message) {
    var item = el("li", "chat-message chat-kind-" + message.kind);
    item.dataset.id = String(message.id);
    if (message.hidden) { item.classList.add("chat-hidden"); }
    if (message.hidden && isStaff) { item.classList.add("chat-staff-view"); }
    if (message.author_id === userId) { item.classList.add("chat-mine"); }
    var meta = el("p", "chat-meta");
    meta.appendChild(el("span", "chat-author", message.author));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(el("span", "chat-role", ROLE_LABELS[message.role] || ""));
    meta.appendChild(document.createTextNode(" "));
    var time = el("time", "", formatTime(message.created_at));
    time.setAttribute("datetime", message.created_at);
    meta.appendChild(time);
    if (message.kind === "assignment") { meta.appendChild(el("span", "badge badge-plain ms-1", "opdracht")); }
    if (message.hidden) { meta.appendChild(el("span", "badge badge-plain ms-1", "verborgen")); }
    item.appendChild(meta);
    var body = el("p", "chat-body");
    body.appendChild(message.hidden && !isStaff ? document.createTextNode(message.body) : linkify(message.body));
    item.appendChild(body);
    if (message.document) {
      var file = el("p", "chat-file");
      var link = el("a", "", message.document.name);
      link.href = message.document.url;  // a path of this site, made by the server
      file.appendChild(link);
      item.appendChild(file);
    }
    var actions = el("div", "chat-actions");
    if (message.kind === "assignment" && !message.hidden) {
      if (canMarkDone) {
        var done = el("button", "btn btn-sm " + (message.done ? "btn-success" : "btn-outline-success"),
                      message.done ? "Klaar ✓" : "Klaar");
        done.type = "button";
        done.disabled = Boolean(message.done);
        done.addEventListener("click", function () { markDone(message.id, done); });
        actions.appendChild(done);
      } else if (isStaff) {  // a new assignment arrives live without a count: nobody has done it yet
        var count = typeof message.done === "number" ? message.done : 0;
        actions.appendChild(el("span", "small text-muted", count + " " +
                               (count === 1 ? "leerling is" : "leerlingen zijn") + " klaar"));
      }
    }
    if (canModerate) {
      var hide = el("button", "btn btn-sm btn-outline-secondary", message.hidden ? "Weer tonen" : "Verbergen");
      hide.type = "button";
      hide.addEventListener("click", function () { setHidden(message.id, !message.hidden); });
      actions.appendChild(hide);
    }
    if (actions.children.length) { item.appendChild(actions); }
    item.messageData = message;
    return item;
  }

  function find(id) { return list.querySelector('li[data-id="' + Number(id) + '"]'); }

  /* Put a message in its place by id (replacing an older rendering of it). */
  function upsert(message) {
    var fresh = render(message);
    var existing = find(message.id);
    if (existing) { list.replaceChild(fresh, existing); return; }
    var items = list.children;
    for (var i = items.length - 1; i >= 0; i--) {
      if (Number(items[i].dataset.id) < message.id) { items[i].after(fresh); return; }
    }
    list.prepend(fresh);
  }

  function lastId() {
    var items = list.children;
    return items.length ? Number(items[items.length - 1].dataset.id) : 0;
  }

  function nearBottom() { return list.scrollHeight - list.scrollTop - list.clientHeight < 80; }
  function toBottom() { list.scrollTop = list.scrollHeight; }
  function refreshEmpty() { empty.hidden = list.children.length > 0; }

  var sendButton = form ? form.querySelector('button[type="submit"]') : null;
  function setJoined(joined) {  // sending waits for the join: the server refuses messages to unjoined rooms
    section.dataset.joined = joined ? "true" : "false";
    if (sendButton) { sendButton.disabled = !joined; }
  }
  setJoined(false);

  var socket = io({transports: ["websocket"]});

  var readTimer = null;
  var lastRead = 0;
  function markRead() {  // at most once a second, however busy the chat
    if (readTimer) { return; }
    readTimer = setTimeout(function () {
      readTimer = null;
      if (!closed && document.visibilityState === "visible" && lastId() > lastRead) {
        lastRead = lastId();
        socket.emit("read", {room: room, last_id: lastRead});
      }
    }, 1000);
  }

  socket.on("connect", function () {
    if (closed) { return; }
    socket.emit("join", {room: room}, function (answer) {
      if (!answer || answer.error) { say(answer ? answer.error : "De chat kon niet geopend worden.", true); return; }
      if (!joinedOnce) {
        list.textContent = "";  // the page's own rendering, replaced by the live one with its buttons
        noOlder = answer.messages.length < pageSize;
        olderButton.hidden = noOlder;
      }
      joinedOnce = true;
      setJoined(true);
      answer.messages.forEach(upsert);
      refreshEmpty();
      toBottom();
      say("");
      markRead();
    });
  });
  socket.on("disconnect", function () {
    setJoined(false);
    say("De verbinding met de chat is verbroken. We proberen het opnieuw…", true);
  });
  socket.on("connect_error", function () {
    /* socket.active: the client retries by itself (server away); otherwise the server refused us (signed out). */
    say(socket.active ? "Nog geen verbinding met de chat. We proberen het opnieuw…"
                      : "Je bent niet (meer) ingelogd. Laad de pagina opnieuw.", true);
  });
  socket.on("error", function (data) { say(data && data.message ? String(data.message) : "Er ging iets mis."); });
  socket.on("left", function (data) {  /* the server took us out: this user may no longer see the chat */
    if (!data || data.room !== room) { return; }
    closeChat(String(data.message));
  });

  /* Out of the chat for good: its messages and forms go, a notice with the way back stays. */
  function closeChat(message) {
    keepDraft("");
    setJoined(false);
    say("");
    closed = true;
    list.textContent = "";
    olderButton.hidden = true;
    empty.hidden = true;
    Array.prototype.forEach.call(section.querySelectorAll(".chat-form, .chat-upload, .chat-readonly"),
                                 function (node) { node.remove(); });
    closedNotice.querySelector(".chat-closed-text").textContent = message;
    closedNotice.hidden = false;
  }

  socket.on("message", function (message) {
    if (closed || !message || message.room !== room) { return; }
    var follow = nearBottom() || message.author_id === userId;
    upsert(message);
    refreshEmpty();
    if (follow) { toBottom(); }
    markRead();
  });

  socket.on("done_count", function (update) {  /* a pupil marked an assignment done: the teachers' count */
    if (!update || update.room !== room || !isStaff) { return; }
    var existing = find(update.id);
    if (!existing || !existing.messageData) { return; }
    existing.messageData.done = Number(update.done);
    upsert(existing.messageData);
  });

  socket.on("hidden", function (message) {
    if (!message || message.room !== room) { return; }
    var existing = find(message.id);
    if (!existing) { return; }
    var shown = existing.messageData;
    if (isStaff && shown) {  // staff keep the text, marked as hidden
      shown.hidden = message.hidden;
      upsert(shown);
    } else {
      upsert(message);
    }
  });

  document.addEventListener("visibilitychange", markRead);

  function loadOlder() {
    if (closed || loadingOlder || noOlder || !list.children.length) { return; }
    loadingOlder = true;
    var firstId = Number(list.children[0].dataset.id);
    var before = list.scrollHeight;
    socket.emit("history", {room: room, before_id: firstId}, function (answer) {
      loadingOlder = false;
      if (!answer || answer.error) { return; }
      answer.messages.forEach(upsert);
      noOlder = answer.messages.length < pageSize;
      olderButton.hidden = noOlder;
      list.scrollTop += list.scrollHeight - before;  // keep the reader where they were
    });
  }
  olderButton.addEventListener("click", loadOlder);
  list.addEventListener("scroll", function () { if (list.scrollTop < 40) { loadOlder(); } });

  function markDone(id, button) {
    button.disabled = true;
    socket.emit("done", {message_id: id}, function (answer) {
      if (answer && answer.ok) { button.textContent = "Klaar ✓"; button.className = "btn btn-sm btn-success"; }
      else { button.disabled = false; }
    });
  }

  function setHidden(id, hidden) {
    socket.emit("hide", {message_id: id, hidden: hidden});
  }

  /* What is being typed survives a reload of this tab (sharing a file reloads the page); sent, it is gone. */
  var draftKey = "doelpunt-chat-concept:" + userId + ":" + room;  // per user: a classroom computer is shared
  function keepDraft(text) {
    try {
      if (text) { sessionStorage.setItem(draftKey, text); } else { sessionStorage.removeItem(draftKey); }
    } catch (e) { /* storage switched off: typing still works, it is just not kept */ }
  }

  if (form) {
    try {
      var draft = sessionStorage.getItem(draftKey);
      if (draft && !form.elements.tekst.value) { form.elements.tekst.value = draft; }
    } catch (e) { /* no storage: nothing kept */ }
    form.elements.tekst.addEventListener("input", function () { keepDraft(form.elements.tekst.value); });
    form.elements.tekst.addEventListener("keydown", function (event) {  /* Ctrl+Enter sends; Enter is a new line */
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !sendButton.disabled) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.elements.tekst;
      var kind = form.elements.soort ? form.elements.soort.value : "text";
      if (!text.value.trim()) { say("Een leeg bericht kan niet verstuurd worden."); return; }
      sendButton.disabled = true;
      socket.emit("send", {room: room, body: text.value, kind: kind}, function (answer) {
        sendButton.disabled = section.dataset.joined !== "true";
        if (answer && answer.ok) {
          text.value = "";
          keepDraft("");
          if (form.elements.soort) { form.elements.soort.value = "text"; }  // the next one is a plain message again
          say("");
          text.focus();
        }
        else { say(answer && answer.error ? answer.error : "Het bericht is niet verstuurd."); }
      });
    });
  }
})();
