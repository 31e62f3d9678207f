// Draws every chart whose Plotly JSON the page carries in a <script type="application/json">.
(function () {
  "use strict";
  if (!window.Plotly) return;
  document.querySelectorAll(".chart__plot").forEach(function (plot) {
    var data = document.getElementById(plot.id + "-data");
    if (!data) return;
    var figure = JSON.parse(data.textContent);
    window.Plotly.newPlot(plot, figure.data, figure.layout, {
      responsive: true, displaylogo: false, locale: "sv",
      toImageButtonOptions: { format: "png", filename: plot.id }
    });
  });
})();
