/* Unread chat counts on the dashboard, raised live: the server sends "unread" {room} to this user's own room
   when a message arrives in a chat they belong to. Counts are numbers only; no user text is shown here. */
(function () {
  "use strict";
  if (typeof io === "undefined") { return; }
  var socket = io({transports: ["websocket"]});
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
})();
