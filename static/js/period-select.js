// The period picker on the follow-up page: choosing a period opens it (no inline handler,
// so the Content-Security-Policy can forbid inline scripts).
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("period-select");
  if (select) {
    select.addEventListener("change", () => {
      if (select.value) window.location = select.value;
    });
  }
});
