// Leerdoelenoverzicht (goal matrix): change a cell's status from a small menu, select cells, rows or columns
// and set one status in bulk, pick pupils for a new group. The server rendered the whole grid; this script
// only adds behaviour. Every text it shows is set with textContent, never as HTML.
(function () {
  "use strict";

  function checkAll() {
    // "Alles kiezen" on the active-goals overview.
    document.querySelectorAll("[data-check-all]").forEach(function (button) {
      button.addEventListener("click", function () {
        var boxes = document.querySelectorAll('input[type="checkbox"][name="' + button.dataset.checkAll + '"]');
        var all = Array.prototype.every.call(boxes, function (b) { return b.checked; });
        boxes.forEach(function (b) { b.checked = !all; });
      });
    });
  }

  function setUp(root) {
    var table = root.querySelector(".matrix-table");
    var statuses = JSON.parse(document.getElementById("matrix-statuses").textContent);
    var byKey = {};
    statuses.forEach(function (s) { byKey[s.key] = s; });
    var message = document.getElementById("matrix-message");
    var selectMode = document.getElementById("select-mode");
    var bulkBar = root.querySelector(".bulk");
    var selected = new Set();
    var csrf = root.dataset.csrf ||
      (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

    // The plan-goal ids come per row; give each filled cell its own.
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var ids = row.dataset.pgs.split(",");
      var cells = row.querySelectorAll("td");
      for (var i = 0; i < cells.length; i++) {
        if (ids[i] !== "0") cells[i].dataset.pg = ids[i];
      }
    });

    function say(text, isError) {
      message.textContent = text;
      message.classList.toggle("error", !!isError);
    }

    function statusOf(cell) {
      var match = /(?:^|\s)s-(\w+)/.exec(cell.className);
      return match ? match[1] : null;
    }

    function paint(cell, key) {
      var status = byKey[key];
      if (!status) return;
      cell.classList.remove("s-" + statusOf(cell));
      cell.classList.add("s-" + key);
      cell.title = status.name;
      cell.textContent = status.symbol;
    }

    function applyCells(cells) {
      (cells || []).forEach(function (c) {
        var cell = table.querySelector('td[data-pg="' + Number(c.id) + '"]');
        if (cell) paint(cell, c.status);
      });
    }

    function post(url, form) {
      form.append("csrf_token", csrf);
      return fetch(url, {method: "POST", body: form, credentials: "same-origin",
                         headers: {"Accept": "application/json", "X-CSRFToken": csrf}})
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            return {ok: response.ok, status: response.status, body: body};
          });
        })
        .catch(function () {
          return {ok: false, status: 0, body: {error: "Geen verbinding met de server. Probeer het opnieuw."}};
        });
    }

    function answer(result) {
      // The server sends the cells as they are now: a cell someone else changed shows their newer status,
      // and the message names it (body.stale lists those plan-goal ids).
      applyCells(result.body.cells);
      var stale = (result.body.stale || []).length > 0;
      if (result.ok) say(result.body.message || "Opgeslagen.", stale);
      else say(result.body.error || "Dat lukte niet (fout " + result.status + ").", true);
    }

    // --- one cell -----------------------------------------------------------------------------------
    var menu = document.createElement("div");
    menu.className = "matrix-menu";
    menu.setAttribute("role", "menu");
    menu.hidden = true;
    document.body.appendChild(menu);
    var menuCell = null;

    function closeMenu() {
      menu.hidden = true;
      if (menuCell) menuCell.focus();
      menuCell = null;
    }

    function openMenu(anchor, title, items) {
      menu.textContent = "";
      var heading = document.createElement("p");
      heading.className = "matrix-menu-title";
      heading.textContent = title;
      menu.appendChild(heading);
      items.forEach(function (item) {
        var button = document.createElement("button");
        button.type = "button";
        button.setAttribute("role", "menuitem");
        if (item.status) {
          var chip = document.createElement("span");
          chip.className = "status-chip s-" + item.status.key;
          chip.setAttribute("aria-hidden", "true");
          chip.textContent = item.status.symbol;
          button.appendChild(chip);
          button.appendChild(document.createTextNode(" "));
        }
        button.appendChild(document.createTextNode(item.label));
        if (item.current) button.setAttribute("aria-current", "true");
        button.addEventListener("click", function () { menu.hidden = true; item.action(); });
        menu.appendChild(button);
      });
      var box = anchor.getBoundingClientRect();
      menu.style.left = (window.scrollX + box.left) + "px";
      menu.style.top = (window.scrollY + box.bottom + 2) + "px";
      menu.hidden = false;
      var first = menu.querySelector("button");
      if (first) first.focus();
    }

    function pupilName(cell) {
      return cell.parentNode.querySelector("th label").textContent.trim();
    }

    function goalTitle(index) {
      return table.querySelectorAll("thead th")[index].textContent.trim();
    }

    function changeOne(cell, key) {
      if (cell.dataset.busy) return;  // a double click writes once
      var expected = statusOf(cell);
      if (expected === key) return;
      cell.dataset.busy = "1";
      cell.classList.add("busy");
      var form = new FormData();
      form.append("status", key);
      form.append("expected_status", expected);
      var url = root.dataset.changeUrl.replace("/0/", "/" + Number(cell.dataset.pg) + "/");
      post(url, form).then(function (result) {
        delete cell.dataset.busy;
        cell.classList.remove("busy");
        answer(result);
      });
    }

    function cellMenu(cell) {
      menuCell = cell;
      var current = statusOf(cell);
      openMenu(cell, pupilName(cell) + " · " + goalTitle(cell.cellIndex), statuses.map(function (s) {
        return {status: s, label: s.name, current: s.key === current,
                action: function () { changeOne(cell, s.key); menuCell = null; cell.focus(); }};
      }));
    }

    // --- selections and bulk ------------------------------------------------------------------------
    function editable(cell) {
      return cell.dataset.pg && !cell.parentNode.classList.contains("ro");
    }

    function refreshSelection() {
      if (!bulkBar) return;
      bulkBar.hidden = selected.size === 0 && !(selectMode && selectMode.checked);
      document.getElementById("selection-count").textContent =
        selected.size + (selected.size === 1 ? " cel gekozen" : " cellen gekozen");
    }

    function select(cell, on) {
      if (!editable(cell)) return;
      if (on) selected.add(cell); else selected.delete(cell);
      cell.classList.toggle("selected", on);
      cell.setAttribute("aria-selected", on ? "true" : "false");
    }

    function selectAll(cells) {
      if (selectMode) selectMode.checked = true;
      var list = cells.filter(editable);
      var allOn = list.length && list.every(function (c) { return selected.has(c); });
      list.forEach(function (c) { select(c, !allOn); });
      refreshSelection();
    }

    function columnCells(index) {
      return Array.prototype.map.call(table.tBodies[0].rows, function (row) { return row.cells[index]; });
    }

    function bulkApply() {
      var key = document.getElementById("bulk-status").value;
      var cells = Array.from(selected);
      if (!cells.length) { say("Kies eerst een of meer cellen.", true); return; }
      if (root.dataset.busy) return;
      root.dataset.busy = "1";
      var form = new FormData();
      form.append("status", key);
      cells.forEach(function (c) {
        form.append("plandoel", c.dataset.pg);
        form.append("expected_status", statusOf(c));
      });
      post(root.dataset.bulkUrl, form).then(function (result) {
        delete root.dataset.busy;
        answer(result);
        if (result.ok) {
          cells.forEach(function (c) { select(c, false); });
          refreshSelection();
        }
      });
    }

    // --- pupils for a new group ---------------------------------------------------------------------
    function refreshPupilCount() {
      var count = table.querySelectorAll(".pupil-pick:checked").length;
      var label = document.getElementById("pupil-count");
      if (!label) return;
      label.textContent = count + (count === 1 ? " leerling gekozen" : " leerlingen gekozen");
      label.classList.remove("error");
    }

    function pickPupilsWith(index, key) {
      var n = 0;
      columnCells(index).forEach(function (cell) {
        if (cell.dataset.pg && statusOf(cell) === key) {
          cell.parentNode.querySelector(".pupil-pick").checked = true;
          n += 1;
        }
      });
      refreshPupilCount();
      say(n + (n === 1 ? " leerling" : " leerlingen") + " met status " + byKey[key].name +
          " op dit leerdoel gekozen voor een nieuwe groep.");
    }

    function columnMenu(th) {
      var index = th.cellIndex;
      var items = [];
      if (bulkBar) {
        items.push({label: "Selecteer de hele kolom", action: function () { selectAll(columnCells(index)); }});
      }
      statuses.forEach(function (s) {
        items.push({status: s, label: "Selecteer iedereen met status " + s.name + " op dit doel",
                    action: function () { pickPupilsWith(index, s.key); }});
      });
      menuCell = th.querySelector("button");
      openMenu(th, goalTitle(index), items);
    }

    // --- events -------------------------------------------------------------------------------------
    table.addEventListener("click", function (event) {
      var target = event.target;
      var head = target.closest("button.col-head");
      if (head) { columnMenu(head.parentNode); return; }
      var rowButton = target.closest("button.row-select");
      if (rowButton) {
        selectAll(Array.from(rowButton.closest("tr").cells).slice(1));
        return;
      }
      var cell = target.closest("td");
      if (!cell) return;
      if (!cell.dataset.pg) { say("Dit leerdoel staat niet op het plan van " + pupilName(cell) + "."); return; }
      if (cell.parentNode.classList.contains("ro")) {
        say("Je mag het plan van " + pupilName(cell) + " niet wijzigen: deze leerling zit niet in een van " +
            "jouw groepen.", true);
        return;
      }
      if (selectMode && selectMode.checked) {
        select(cell, !selected.has(cell));
        refreshSelection();
      } else {
        cellMenu(cell);
      }
    });

    // Keyboard: one tab stop in the grid, arrow keys move, Enter or space opens the cell's menu.
    var current = table.querySelector("tbody td");
    if (current) current.tabIndex = 0;
    table.addEventListener("keydown", function (event) {
      var cell = event.target.closest("td");
      if (!cell) return;
      var row = cell.parentNode, next = null;
      if (event.key === "ArrowRight") next = row.cells[cell.cellIndex + 1];
      else if (event.key === "ArrowLeft" && cell.cellIndex > 1) next = row.cells[cell.cellIndex - 1];
      else if (event.key === "ArrowDown" && row.nextElementSibling) next = row.nextElementSibling.cells[cell.cellIndex];
      else if (event.key === "ArrowUp" && row.previousElementSibling) next = row.previousElementSibling.cells[cell.cellIndex];
      else if (event.key === "Enter" || event.key === " ") { event.preventDefault(); cell.click(); return; }
      if (next) {
        event.preventDefault();
        cell.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      }
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !menu.hidden) closeMenu();
    });
    document.addEventListener("click", function (event) {
      if (!menu.hidden && !menu.contains(event.target) && !event.target.closest(".matrix-table")) closeMenu();
    });
    table.addEventListener("change", function (event) {
      if (event.target.classList.contains("pupil-pick")) refreshPupilCount();
    });
    var clusterForm = document.getElementById("cluster-form");
    if (clusterForm) clusterForm.addEventListener("submit", function (event) {
      // Nothing ticked: say so next to the button instead of sending the form.
      if (table.querySelectorAll(".pupil-pick:checked").length) return;
      event.preventDefault();
      var label = document.getElementById("pupil-count");
      label.textContent = "Kies eerst leerlingen: zet een vinkje voor hun naam in het overzicht.";
      label.classList.add("error");
    });
    if (selectMode) selectMode.addEventListener("change", refreshSelection);
    var apply = document.getElementById("bulk-apply");
    if (apply) apply.addEventListener("click", bulkApply);
    var clear = document.getElementById("bulk-clear");
    if (clear) clear.addEventListener("click", function () {
      Array.from(selected).forEach(function (c) { select(c, false); });
      refreshSelection();
    });
    refreshPupilCount();
  }

  function start() {
    checkAll();
    var root = document.getElementById("matrix");
    if (root) setUp(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
