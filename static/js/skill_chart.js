// The portfolio's stars per period (a small line chart per skill: pupil, teacher, parent), drawn with Chart.js
// from the JSON the page carries. The table under each chart says the same, for readers without the chart.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("skill-chart-data");
    if (!source || typeof window.Chart === "undefined") return;
    JSON.parse(source.textContent).forEach(function (chart) {
      var canvas = document.getElementById(chart.canvas);
      if (!canvas) return;
      new window.Chart(canvas, {
        type: "line",
        data: { labels: chart.labels, datasets: chart.datasets },
        options: {
          maintainAspectRatio: false,
          animation: false,
          spanGaps: true,
          scales: { y: { min: 0, max: 3, ticks: { stepSize: 1 }, title: { display: true, text: "Sterren" } } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
