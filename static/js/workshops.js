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

// The registration form: a part shown only for one choice (the new member's fieldset for "A new
// member of the delegation"). Without JavaScript every part stays visible.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-shown-for]").forEach((part) => {
    const choice = document.getElementById(part.dataset.shownFor);
    if (!choice || choice.type === "hidden") return;
    const update = () => { part.hidden = choice.value !== part.dataset.shownValue; };
    choice.addEventListener("change", update);
    update();
  });
});
