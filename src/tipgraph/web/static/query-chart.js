// Draw a canned query's chart from the data the page carries (#chart-data), with Chart.js.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  var canvas = document.getElementById("chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var palette = ["#1f5f8b", "#d9822b", "#3b8f5a", "#b33a3a", "#7a5ba6", "#8c6d31",
                 "#c05c9a", "#5f6b73", "#a3a635", "#2aa1b3"];
  var colours = data.type === "bar" || data.type === "line"
    ? "#1f5f8b"
    : data.values.map(function (_, i) { return palette[i % palette.length]; });
  canvas.chart = new Chart(canvas, {
    type: data.type,
    data: {
      labels: data.labels,
      datasets: [{ label: data.label, data: data.values, backgroundColor: colours,
                   borderColor: data.type === "line" ? "#1f5f8b" : undefined }]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: data.type === "pie" } },
      scales: data.type === "pie" ? {} : { y: { beginAtZero: true } }
    }
  });
  document.body.dataset.chart = "drawn";
})();
