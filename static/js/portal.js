// Small progressive enhancements; the portal works without JavaScript.

// On a phone a table's rows are stacked and its column headers hidden (static/css/portal.css): each
// data cell carries its column's header as data-label, which the stylesheet writes before the value.
// Headers spanning columns (colspan) label each column they span; a cell that has a label keeps it,
// and an empty cell gets none (no label beside nothing).
function labelTableCells(root) {
  const tables = root.matches && root.matches("table") ? [root] : root.querySelectorAll("table");
  tables.forEach((table) => {
    const headerRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!headerRow) return;
    const labels = [];
    for (const header of headerRow.cells) {
      const text = header.textContent.replace(/\s+/g, " ").trim();
      for (let i = 0; i < header.colSpan; i += 1) labels.push(text);
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const blank = cell.textContent.trim() === "" && !cell.querySelector("img, input, button, select");
          if (cell.tagName === "TD" && labels[column] && !blank && !cell.hasAttribute("data-label")) {
            cell.dataset.label = labels[column];
          }
          column += cell.colSpan;
        }
      }
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-confirm]").forEach((element) => {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) event.preventDefault();
    });
  });
  labelTableCells(document);
});

// Rows that htmx brings in later (search as you type, pagination) are labelled as they arrive.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.target;
  labelTableCells((target.closest && target.closest("table")) || target);
});
