// Live updates on the goal matrix, the group overviews, the pupil page and a pupil's own plan (Mijn plan, and
// a parent's view of it): the page's root element says what to watch (data-live-watch="group:7",
// "goal_set:3" or "pupil:12") and what kind of page this is (data-live-page="matrix", "overview", "pupil"
// or "plan"). A status changed elsewhere (another teacher, the bot,
// an import, the worker) is painted in place with a short notice; where that is not possible the notice
// asks to reload ("vernieuw"). Needs the Socket.IO client (static/vendor/socket.io.min.js). Every text is
// set with textContent, never as HTML.
(function () {
  "use strict";

  var root = document.querySelector("[data-live-watch]");
  if (!root || typeof window.io !== "function") return;
  var parts = root.dataset.liveWatch.split(":");
  var target = {kind: parts[0], id: Number(parts[1])};
  var page = root.dataset.livePage;

  // --- the notice -----------------------------------------------------------------------------------
  var notice = document.createElement("div");
  notice.className = "live-notice alert alert-info py-2 small";
  notice.setAttribute("role", "status");
  notice.setAttribute("aria-live", "polite");
  notice.hidden = true;
  var heading = document.querySelector("main h1");
  if (heading) heading.insertAdjacentElement("afterend", notice);
  else root.insertAdjacentElement("beforebegin", notice);

  function say(text, reload) {
    notice.textContent = text;
    if (reload) {
      notice.appendChild(document.createTextNode(" "));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-primary live-reload";
      button.textContent = "Vernieuw";
      button.addEventListener("click", function () { window.location.reload(); });
      notice.appendChild(button);
    }
    notice.hidden = false;
  }

  function changedText(who, changes, describe) {
    if (changes.length === 1 && describe) return who + " wijzigde " + describe(changes[0]) + ".";
    return who + " wijzigde " + changes.length + " statussen.";
  }

  // --- the goal matrix ------------------------------------------------------------------------------
  function matrixPage() {
    var table = root.querySelector(".matrix-table");
    if (!table) return null;
    var columns = {};
    var headers = table.querySelectorAll("thead tr th");
    for (var i = 0; i < headers.length; i++) {
      if (headers[i].dataset.goal) columns[headers[i].dataset.goal] = i;
    }

    function cellOf(change) {
      var row = table.querySelector('tbody tr[data-pupil="' + Number(change.pupil) + '"]');
      var index = columns[String(Number(change.goal))];
      if (!row || index === undefined) return {shown: !!row && index !== undefined, row: row};
      return {cell: row.cells[index], row: row, index: index};
    }

    function paint(cell, change) {
      Array.prototype.slice.call(cell.classList).forEach(function (name) {
        if (/^s-/.test(name) || name === "e") cell.classList.remove(name);
      });
      cell.classList.add("s-" + change.status);
      cell.title = change.name;
      cell.textContent = change.symbol;
    }

    function describe(found, change) {
      var who = found.row.querySelector("th label");
      var goal = headers[found.index];
      return "'" + (goal ? goal.textContent.trim() : "een leerdoel") + "' bij " +
        (who ? who.textContent.trim() : "een leerling") + " naar " + change.name;
    }

    return {
      status: function (data) {
        var painted = [], missing = false, last = null;
        data.changes.forEach(function (change) {
          var found = cellOf(change);
          if (!found.cell) return;  // a pupil or goal this matrix does not show (filters)
          var cell = found.cell;
          if (cell.dataset.busy || root.dataset.busy) return;  // this page's own change: its answer paints it
          if (cell.classList.contains("e") || (cell.dataset.pg && cell.dataset.pg !== String(change.plan_goal))) {
            missing = true;  // a goal new on this pupil's plan: the cell has no plan goal yet
            return;
          }
          if (cell.classList.contains("s-" + change.status)) return;  // already shown (our own change)
          paint(cell, change);
          cell.classList.add("live-changed");
          painted.push(change);
          last = found;
        });
        if (painted.length) {
          say(changedText(data.changed_by, painted, function (c) { return describe(last, c); }), missing);
        } else if (missing) {
          say(data.changed_by + " wijzigde statussen die dit overzicht nog niet toont.", true);
        }
      }
    };
  }

  // --- the group overviews (status counts, active goals) and a pupil's own plan, whose goals move between
  // its sections: re-read the part the page watches and put it in place -------------------------------
  function rereadPage(told) {
    var timer = null;
    function refresh(who, count, text) {
      fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          var replacement = fresh.querySelector("[data-live-watch]");
          if (!replacement) throw new Error("no overview");
          root.replaceChildren.apply(root, Array.prototype.slice.call(replacement.childNodes).map(function (node) {
            return document.adoptNode(node);
          }));
          var chartData = fresh.getElementById("status-chart-data");
          var canvas = document.getElementById("status-chart");
          var chart = canvas && window.Chart && window.Chart.getChart ? window.Chart.getChart(canvas) : null;
          if (chartData && chart) {
            chart.data = JSON.parse(chartData.textContent);
            chart.update();
          }
          say(text + told);
        })
        .catch(function () {
          say(text + ".", true);
        });
    }
    var pending = [];
    function later(who, changes, text) {
      pending = pending.concat(changes);
      clearTimeout(timer);
      timer = setTimeout(function () {
        var all = pending;
        pending = [];
        refresh(who, all.length, text || describe(who, all));
      }, 300);
    }
    function describe(who, changes) {
      if (changes.length === 1 && changes[0].goal !== undefined) {
        var item = root.querySelector('[data-goal="' + Number(changes[0].goal) + '"] .goal-title');
        var badge = item ? item.querySelector(".badge") : null;
        var title = item ? item.textContent.replace(badge ? badge.textContent : "", "").trim() : "";
        if (title) return who + " wijzigde '" + title + "' naar " + changes[0].name;
      }
      return who + " wijzigde " + (changes.length === 1 ? "een status" : changes.length + " statussen");
    }
    return {
      status: function (data) { later(data.changed_by, data.changes); },
      plans: function (data) { later(data.changed_by, [], data.changed_by + " heeft leerdoelen toegevoegd of verwijderd"); }
    };
  }

  function overviewPage() { return rereadPage("; het overzicht is bijgewerkt."); }
  function planPage() { return rereadPage(". Het plan is bijgewerkt."); }

  // --- the pupil page -------------------------------------------------------------------------------
  function pupilPage() {
    function paintBadge(badge, change) {
      badge.style.backgroundColor = change.colour;
      badge.style.color = change.text_colour;
      var symbol = document.createElement("span");
      symbol.className = "badge-symbol";
      symbol.setAttribute("aria-hidden", "true");
      symbol.textContent = change.symbol;
      badge.replaceChildren(symbol, document.createTextNode(" " + change.name));
    }

    return {
      status: function (data) {
        var painted = [], moved = false;
        data.changes.forEach(function (change) {
          var item = document.getElementById("doel-" + Number(change.plan_goal));
          if (!item || item.querySelector(".htmx-request")) return;  // none here, or this page's own change
          var expected = item.querySelector('input[name="verwacht"]');
          var badge = item.querySelector(".status-badge");
          var title = item.querySelector(".goal-title");
          if (expected && expected.value === change.status) return;  // already shown (our own change)
          var goalTitle = title ? title.textContent.replace(badge ? badge.textContent : "", "").trim() : "";
          if (badge) paintBadge(badge, change);
          if (expected) expected.value = change.status;
          var select = item.querySelector('select[name="status"]');
          if (select && document.activeElement !== select) select.value = change.status;
          item.classList.add("live-changed");
          var section = item.closest("section");
          var inComing = !!section && section.getAttribute("aria-labelledby") === "komend-plan";
          if ((change.status === "coming") !== inComing) moved = true;
          painted.push({change: change, title: goalTitle});
        });
        if (!painted.length) return;
        var text = painted.length === 1
          ? data.changed_by + " wijzigde '" + painted[0].title + "' naar " + painted[0].change.name + "."
          : data.changed_by + " wijzigde " + painted.length + " statussen.";
        say(moved ? text + " Het leerdoel hoort nu in een ander deel van het plan." : text, moved);
      }
    };
  }

  var view = page === "matrix" ? matrixPage() : page === "pupil" ? pupilPage() :
    page === "plan" ? planPage() : overviewPage();
  if (!view) return;

  // One connection per page: the unread counts' (static/js/unread.js), when the page has them.
  var socket = (window.doelpuntUnread && window.doelpuntUnread.socket) || window.io({transports: ["websocket"]});
  socket.on("connect", function () { socket.emit("watch", target); });  // again after a reconnect
  if (socket.connected) socket.emit("watch", target);  // a shared connection may be up already
  socket.on("status", function (data) {
    if (data && Array.isArray(data.changes)) view.status(data);
  });
  socket.on("plans", function (data) {
    if (!data) return;
    if (view.plans) { view.plans(data); return; }
    say(data.changed_by + " heeft leerdoelen toegevoegd of verwijderd; vernieuw de pagina om ze te zien.", true);
  });
  socket.on("error", function (data) {
    if (data && data.event === "watch") say("Live bijwerken lukt hier niet: " + data.message, false);
  });
  socket.on("left", function (data) {  /* the server stopped the live view: access to it was taken away */
    if (data && typeof data.room === "string" && data.room.indexOf("watch:") === 0) say(String(data.message), false);
  });
  window.doelpuntLive = {socket: socket, target: target};  // for the browser tests and other scripts
})();
