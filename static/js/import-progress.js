// Polls an import run's status and updates the progress bar until the run is finished.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "true") return;
  var bar = box.querySelector("progress");
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (run) {
        bar.value = run.percent;
        bar.textContent = run.percent + " %";
        field("status_text").textContent = run.status_text;
        field("pages").textContent = run.pages_done + " av " + run.pages_expected;
        if (run.finished) {
          field("summary").textContent = run.summary;
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
