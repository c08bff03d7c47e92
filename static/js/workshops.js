// The registration queue: one box ticks or clears every registration of the page.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-select-all]").forEach((master) => {
    const boxes = document.querySelectorAll(master.dataset.selectAll);
    master.hidden = false;
    master.addEventListener("change", () => {
      boxes.forEach((box) => { box.checked = master.checked; });
    });
  });
});
