// The evaluation entry grid moves like a spreadsheet: Enter / ↓ to the same column of the next
// row (Shift+Enter / ↑ back up), ← → along the row when the caret is at the edge of the cell.
// Each row shows its ballot total and is marked when it exceeds the members present.
// Loaded as a file (CSP forbids inline scripts); finds the table by its data-eval-grid attribute.
(function () {
  "use strict";
  var grid = document.querySelector("[data-eval-grid]");
  if (!grid) return;
  var rows = Array.prototype.slice.call(grid.querySelectorAll("tbody tr"));

  function cell(rowIndex, colIndex) {
    var row = rows[rowIndex];
    return row ? row.querySelector('input[data-col="' + colIndex + '"]') : null;
  }

  function go(target) {
    if (!target) return false;
    target.focus();
    target.select();
    return true;
  }

  function value(row, field) {
    var input = row.querySelector('input[data-field="' + field + '"]');
    var n = parseInt(input && input.value, 10);
    return isNaN(n) ? 0 : n;
  }

  function total(row) {
    var sum = value(row, "satisfied") + value(row, "basic") + value(row, "unsatisfied") + value(row, "invalid");
    var out = row.querySelector("[data-total]");
    if (out) out.textContent = String(sum);
    var present = row.querySelector('input[data-field="present"]');
    var over = present && present.value !== "" && sum > value(row, "present");
    row.classList.toggle("over", !!over);
  }

  rows.forEach(function (row, rowIndex) {
    total(row);
    row.addEventListener("input", function () { total(row); });
    row.querySelectorAll("input[data-col]").forEach(function (input) {
      var col = parseInt(input.getAttribute("data-col"), 10);
      input.addEventListener("focus", function () { input.select(); });
      input.addEventListener("keydown", function (event) {
        var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
        var atEnd = input.selectionStart === input.value.length;
        var moved = false;
        if (event.key === "Enter") {
          moved = go(cell(rowIndex + (event.shiftKey ? -1 : 1), col));
          event.preventDefault(); // never submit the whole batch by accident
        } else if (event.key === "ArrowDown") {
          moved = go(cell(rowIndex + 1, col));
        } else if (event.key === "ArrowUp") {
          moved = go(cell(rowIndex - 1, col));
        } else if (event.key === "ArrowRight" && (atEnd || input.selectionEnd - input.selectionStart === input.value.length)) {
          moved = go(cell(rowIndex, col + 1));
        } else if (event.key === "ArrowLeft" && (atStart || input.selectionEnd - input.selectionStart === input.value.length)) {
          moved = go(cell(rowIndex, col - 1));
        }
        if (moved) event.preventDefault();
      });
    });
  });
})();
