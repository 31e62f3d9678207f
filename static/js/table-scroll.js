// Wide tables scroll inside their own box (.table-scroll), never the page. A table that is
// in no scroll box gets one; above each box a hint says "Svep i tabellen för fler kolumner",
// shown only while the table is wider than its box. Loaded with defer by base.html and the
// administration's base_site.html (no inline script: the Content-Security-Policy forbids it).
(function () {
  "use strict";
  var HINT = "Svep i tabellen för fler kolumner";
  var pairs = [];

  function boxFor(table) {
    var box = document.createElement("div");
    var caption = table.querySelector("caption");
    box.className = "table-scroll";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tabell");
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
    return box;
  }

  function addHint(box, index) {
    var hint = document.createElement("p");
    if (!box.id) box.id = "tabellruta-" + index;
    hint.id = box.id + "-tips";
    hint.className = "table-scroll__hint";
    hint.setAttribute("data-hint-for", box.id);
    hint.textContent = HINT;
    hint.hidden = true;
    box.parentNode.insertBefore(hint, box);
    pairs.push([box, hint]);
  }

  function update() {
    pairs.forEach(function (pair) {
      var scrolls = pair[0].scrollWidth > pair[0].clientWidth + 1;
      pair[1].hidden = !scrolls;
      pair[0].classList.toggle("table-scroll--scrolls", scrolls);
    });
  }

  // The box a table already scrolls in (.table-scroll, or the administration's .results).
  function scrollBox(table) {
    for (var node = table.parentElement; node && node.tagName !== "MAIN"; node = node.parentElement) {
      var overflow = window.getComputedStyle(node).overflowX;
      if (overflow === "auto" || overflow === "scroll") return node;
    }
    return null;
  }

  var boxes = [];
  Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
    var box = scrollBox(table) || boxFor(table);
    if (boxes.indexOf(box) === -1) boxes.push(box);
  });
  boxes.forEach(addHint);
  update();
  window.addEventListener("resize", update);
  window.addEventListener("load", update);
  if ("ResizeObserver" in window) {
    var observer = new ResizeObserver(update);
    pairs.forEach(function (pair) {
      observer.observe(pair[0]);
      if (pair[0].firstElementChild) observer.observe(pair[0].firstElementChild);
    });
  }
})();
