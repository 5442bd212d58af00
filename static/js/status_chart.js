// Groepsoverzicht statussen: a stacked bar per pupil, drawn with Chart.js from the JSON the page carries.
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("status-chart");
    var source = document.getElementById("status-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var height = Math.max(160, data.labels.length * 28 + 80);
    canvas.parentNode.style.height = height + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: data,
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true, title: { display: true, text: "Aantal leerdoelen" } },
                  y: { stacked: true } },
        plugins: { legend: { position: "top" } }
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
