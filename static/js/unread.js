/* Unread chat counts on the start pages and "Mijn chats", live: the server sends "unread" {room} to this user's
   own room when a message arrives in a chat they belong to, and "chat_read" {room} when they read it to its
   end on another page. Counts are numbers only; no user text is shown here. */
(function () {
  "use strict";
  if (typeof io === "undefined") { return; }
  var socket = io({transports: ["websocket"]});
  window.doelpuntUnread = {socket: socket};  // for the browser tests
  socket.on("unread", function (data) {
    if (!data || typeof data.room !== "string") { return; }
    var badge = document.querySelector('[data-unread-room="' + CSS.escape(data.room) + '"]');
    if (!badge) {
      var notice = document.querySelector(".new-chat-messages");
      if (notice) { notice.hidden = false; }
      return;
    }
    var count = badge.querySelector(".count");
    count.textContent = String((Number(count.textContent) || 0) + 1);
    badge.hidden = false;
  });
  socket.on("chat_read", function (data) {  /* read to the end on another page: nothing unread here either */
    if (!data || typeof data.room !== "string") { return; }
    var badge = document.querySelector('[data-unread-room="' + CSS.escape(data.room) + '"]');
    if (!badge) { return; }
    badge.querySelector(".count").textContent = "0";
    badge.hidden = true;
  });
})();
