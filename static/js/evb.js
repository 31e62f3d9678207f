// The IVO checklist: "Markera alla" ticks or clears every row's checkbox; a form with
// data-confirm asks before it is sent (marking a quarter's report as sent locks it).
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("markera-alla");
  if (all) {
    all.addEventListener("change", () => {
      document.querySelectorAll("input[name='episod']").forEach((box) => {
        box.checked = all.checked;
      });
    });
  }
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
