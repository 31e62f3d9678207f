// Folds and unfolds the rows under a cost centre; without JavaScript every row shows.
(function () {
  "use strict";
  var table = document.getElementById("budget-tree");
  if (!table) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  function descendants(id) {
    var out = [];
    rows.forEach(function (row) {
      if (row.dataset.parent === String(id)) { out.push(row); out = out.concat(descendants(row.dataset.id)); }
    });
    return out;
  }
  table.addEventListener("click", function (event) {
    var button = event.target.closest("button.toggle");
    if (!button) return;
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
    descendants(button.dataset.toggle).forEach(function (row) {
      row.hidden = open;
      var inner = row.querySelector("button.toggle");
      if (inner && open) inner.setAttribute("aria-expanded", "false");
    });
  });
})();
