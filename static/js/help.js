/* The learning-square assistant's page: the help queue live over Socket.IO (WebSocket transport).
   "help_join" joins the queue's room and answers with the queue as it is now (also after a reconnect);
   "help" events add a new question at the end or remove a helped one. "Geholpen" posts with fetch and the
   page's CSRF token; without JavaScript the form posts as usual. Pupil text is only set with textContent. */
(function () {
  "use strict";
  var section = document.getElementById("hulpvragen");
  if (!section || typeof io === "undefined") { return; }
  var list = section.querySelector(".help-list");
  var empty = section.querySelector(".help-empty");
  var status = section.querySelector(".help-status");
  var template = document.getElementById("help-row");
  var doneUrl = document.getElementById("help-done-url").dataset.url;
  var meta = document.querySelector('meta[name="csrf-token"]');

  function say(text) { status.textContent = text || ""; }

  function refreshEmpty() { empty.hidden = list.children.length > 0; }

  function rowFor(id) { return list.querySelector('li[data-id="' + Number(id) + '"]'); }

  function buildRow(item) {
    var row = template.content.firstElementChild.cloneNode(true);
    row.dataset.id = String(Number(item.id));
    row.querySelector(".help-pupil").textContent = item.pupil;
    row.querySelector(".help-group").textContent = item.group ? "(" + item.group + ")" : "";
    row.querySelector(".help-goal").textContent = item.goal;
    row.querySelector(".help-time").textContent = item.time;
    row.querySelector(".help-button-name").textContent = " " + item.pupil;
    row.querySelector("form").action = doneUrl.replace(/\/0\/geholpen$/, "/" + Number(item.id) + "/geholpen");
    return row;
  }

  function add(item) {
    if (!rowFor(item.id)) { list.appendChild(buildRow(item)); }
    refreshEmpty();
  }

  function remove(id) {
    var row = rowFor(id);
    if (row) { row.remove(); }
    refreshEmpty();
  }

  function replaceAll(queue) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    queue.forEach(add);
    refreshEmpty();
  }

  list.addEventListener("submit", function (event) {
    var form = event.target.closest("form.help-done");
    if (!form) { return; }
    event.preventDefault();
    var row = form.closest("li");
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": meta ? meta.getAttribute("content") : "", "X-Requested-With": "fetch",
                "Accept": "application/json"}
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      remove(row.dataset.id);
      say("Gemarkeerd als geholpen.");
    }).catch(function () {
      button.disabled = false;
      say("Dat lukte niet. Laad de pagina opnieuw.");
    });
  });

  var socket = io({transports: ["websocket"]});
  var live = window.doelpuntHelp = {socket: socket, joined: false};  // for the browser tests
  socket.on("connect", function () {
    socket.emit("help_join", {}, function (answer) {
      if (answer && answer.ok) { replaceAll(answer.queue); say(""); live.joined = true; }
      else { say(answer && answer.error ? answer.error : "Geen live verbinding."); }
    });
  });
  socket.on("help", function (change) {
    if (!change) { return; }
    if (change.action === "asked" && change.request) { add(change.request); }
    if (change.action === "helped") { remove(change.id); }
  });
  socket.on("disconnect", function () {
    live.joined = false;
    say("Verbinding verbroken; we proberen het opnieuw…");
  });
})();
