// Draws every chart whose Plotly JSON the page carries in a <script type="application/json">.
// On a narrow screen (a phone at 360 px) a long title, legend entry or bar label would run
// past the chart's edge: the title is shown as text above the chart, legend entries and the
// categories of horizontal bars are wrapped onto more lines, and the legend sits at the
// chart's foot, which grows by its lines. Wider charts are drawn as the page gives them;
// the PNG download always uses the page's figure (as on a wide screen).
(function () {
  "use strict";
  if (!window.Plotly) return;
  var NARROW = 600, LINE = 18;

  // Breaks a text at spaces into lines of at most `room` characters (Plotly's <br>).
  function wrap(text, room) {
    if (typeof text !== "string" || text.length <= room) return text;
    return text.split("<br>").map(function (part) {
      var lines = [], line = "";
      part.split(" ").forEach(function (word) {
        if (line && (line + " " + word).length > room) {
          lines.push(line);
          line = word;
        } else {
          line = line ? line + " " + word : word;
        }
      });
      if (line) lines.push(line);
      return lines.join("<br>");
    }).join("<br>");
  }

  function narrowed(figure, width) {
    var layout = JSON.parse(JSON.stringify(figure.layout || {}));
    var size = (layout.font && layout.font.size) || 12;
    layout.title = { text: "" };
    layout.margin = Object.assign({}, layout.margin, { t: 16 });
    // A legend entry has its symbol (about 40 px) before the text; a character is about
    // 0.65 of the font size (less for the labels beside bars, which may take 45 % of it).
    var room = Math.max(16, Math.floor((width - 50) / (size * 0.65)));
    var labels = Math.max(12, Math.floor((width * 0.45) / (size * 0.6)));
    var legendLines = 0;
    var data = (figure.data || []).map(function (trace) {
      var copy = Object.assign({}, trace);
      if (typeof copy.name === "string") copy.name = wrap(copy.name, room);
      if (copy.showlegend !== false && copy.name) legendLines += copy.name.split("<br>").length;
      if (copy.orientation === "h" && Array.isArray(copy.y)) {
        copy.y = copy.y.map(function (label) { return wrap(label, labels); });
      }
      return copy;
    });
    if (layout.yaxis && Array.isArray(layout.yaxis.categoryarray)) {
      layout.yaxis.categoryarray = layout.yaxis.categoryarray.map(function (label) {
        return wrap(label, labels);
      });
    }
    if (legendLines && layout.showlegend !== false) {
      var legend = legendLines * LINE + 8;
      layout.legend = Object.assign({}, layout.legend, {
        orientation: "h", x: 0, xanchor: "left", yref: "container", y: 0, yanchor: "bottom"
      });
      layout.margin.b = (layout.margin.b || 50) + legend;
      layout.height = (layout.height || 450) + legend - 34;  // less the title's margin
    }
    return { data: data, layout: layout };
  }

  // The chart's title as text above it while the chart is narrow (Plotly cannot wrap it).
  function showTitle(chart, narrow) {
    var title = chart.figure.layout && chart.figure.layout.title && chart.figure.layout.title.text;
    if (!chart.heading && title) {
      chart.heading = document.createElement("p");
      chart.heading.className = "chart__title";
      chart.heading.textContent = title.split("<br>").join(" ");
      chart.plot.parentNode.insertBefore(chart.heading, chart.plot);
    }
    if (chart.heading) chart.heading.hidden = !narrow;
  }

  function draw(chart, first) {
    var width = chart.plot.clientWidth;
    var narrow = width < NARROW;
    if (!first && narrow === chart.narrow && (!narrow || width === chart.width)) return;
    chart.width = width;
    chart.narrow = narrow;
    showTitle(chart, narrow);
    var drawn = narrow ? narrowed(chart.figure, width) : chart.figure;
    var config = {
      responsive: true, displaylogo: false, locale: "sv",
      toImageButtonOptions: { format: "png", filename: chart.plot.id }
    };
    (first ? window.Plotly.newPlot : window.Plotly.react)(chart.plot, drawn.data, drawn.layout, config);
  }

  var charts = [];
  document.querySelectorAll(".chart__plot").forEach(function (plot) {
    var data = document.getElementById(plot.id + "-data");
    if (!data) return;
    var chart = { plot: plot, figure: JSON.parse(data.textContent) };
    plot.pageFigure = chart.figure;
    charts.push(chart);
    draw(chart, true);
  });

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (chart) { draw(chart, false); });
    }, 150);
  });
})();

// "PNG" buttons under a chart download it as an image (drawn by plotly.js in the browser),
// from the page's figure with its title, whatever the screen's width.
(function () {
  "use strict";
  document.querySelectorAll("[data-download-png]").forEach(function (button) {
    button.addEventListener("click", function () {
      var plot = document.getElementById(button.getAttribute("data-download-png"));
      if (window.Plotly && plot) {
        window.Plotly.downloadImage(plot.pageFigure || plot, {
          format: "png", width: 1200, height: 600, filename: button.getAttribute("data-filename")
        });
      }
    });
  });
})();
