/* The result grid of a test moment (templates/analysis/grid.html): a block of cells copied from Excel or
   LibreOffice (rows by line, cells by tab) pasted into one of its inputs fills the grid from that cell on,
   rows down and columns to the right. A block that does not fit (more rows than pupils from there, more
   columns than score and level) fills nothing and says why. Nothing is saved until the teacher clicks
   "Opslaan"; the server checks every cell again. */
(function () {
  "use strict";
  var form = document.getElementById("result-grid");
  if (!form) return;
  var message = document.getElementById("grid-message");

  function say(text, isError) {
    message.textContent = text;
    message.hidden = false;
    message.className = "message" + (isError ? " message-error" : " message-success");
  }

  function cell(row, col) {
    return form.querySelector('input[data-row="' + row + '"][data-col="' + col + '"]');
  }

  function rowsOf(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
    return lines.map(function (line) { return line.split("\t"); });
  }

  form.addEventListener("paste", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches("input[data-row]") || target.readOnly) return;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (text.indexOf("\t") === -1 && text.indexOf("\n") === -1) return; // one value: an ordinary paste
    event.preventDefault();
    var block = rowsOf(text);
    var startRow = Number(target.dataset.row), startCol = Number(target.dataset.col);
    var pupils = form.querySelectorAll('input[data-col="0"]').length;
    if (!block.length) { say("Er is niets geplakt.", true); return; }
    if (startRow + block.length > pupils) {
      say("Het geplakte blok heeft " + block.length + " rijen, maar vanaf deze leerling zijn er maar " +
          (pupils - startRow) + " leerlingen. Er is niets ingevuld.", true);
      return;
    }
    for (var r = 0; r < block.length; r++) {
      if (startCol + block[r].length > 2) {
        say("Rij " + (r + 1) + " van het geplakte blok heeft " + block[r].length + " cellen; er passen hier " +
            (2 - startCol) + " (score en niveau). Er is niets ingevuld.", true);
        return;
      }
    }
    var filled = 0;
    block.forEach(function (cells, r) {
      cells.forEach(function (value, c) {
        var input = cell(startRow + r, startCol + c);
        if (input) { input.value = value.trim(); filled++; }
      });
    });
    say(filled + (filled === 1 ? " cel" : " cellen") + " ingevuld uit het geplakte blok. Controleer ze en klik op Opslaan.", false);
  });
})();
