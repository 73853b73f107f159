// Suggestion pages: a "select all" box ticks every row checkbox of the same name (batch assignment).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-check-all]").forEach((all) => {
    const name = all.dataset.checkAll;
    const boxes = () => document.querySelectorAll(`input[type="checkbox"][name="${name}"]`);
    all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
  });
});
