// The IVO checklist: "Markera alla" ticks or clears every row's checkbox.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("markera-alla");
  if (!all) return;
  all.addEventListener("change", () => {
    document.querySelectorAll("input[name='episod']").forEach((box) => {
      box.checked = all.checked;
    });
  });
});
