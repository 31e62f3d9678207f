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

// "PNG" buttons under a chart download it as an image (drawn by plotly.js in the browser).
(function () {
  "use strict";
  document.querySelectorAll("[data-download-png]").forEach(function (button) {
    button.addEventListener("click", function () {
      var plot = document.getElementById(button.getAttribute("data-download-png"));
      if (window.Plotly && plot) {
        window.Plotly.downloadImage(plot, {
          format: "png", width: 1200, height: 600, filename: button.getAttribute("data-filename")
        });
      }
    });
  });
})();
