// Drag and drop of agenda rows; the ↑/↓ buttons beside each row are the keyboard way.
// Sends the whole order to the server, which refuses it if the agenda changed meanwhile.
(function () {
  "use strict";
  var table = document.querySelector("table.agenda[data-reorder-url]");
  if (!table) return;
  var body = table.tBodies[0];
  var dragged = null;

  // After ↑/↓ the server sends us back to #move-<id>-<up|down>: focus that button again (or its
  // partner when the row reached an end), so the keyboard user keeps their place.
  var moved = /^#move-\d+-(up|down)$/.test(window.location.hash) && document.getElementById(window.location.hash.slice(1));
  if (moved) {
    var partner = moved.form.querySelector("button[name=direction]:not([value=" + moved.value + "])");
    (moved.disabled ? partner : moved).focus();
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function renumber() {
    Array.prototype.forEach.call(body.rows, function (row, index) {
      var cell = row.querySelector(".order");
      if (cell) cell.textContent = String(index + 1);
    });
  }

  function save() {
    var order = Array.prototype.map.call(body.rows, function (row) { return Number(row.dataset.id); });
    fetch(table.dataset.reorderUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ order: order })
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          window.alert(data.error || "保存顺序失败，请刷新页面后重试。");
          window.location.reload();
          return;
        }
        renumber();
        table.dataset.saved = order.join(",");
      });
    });
  }

  Array.prototype.forEach.call(body.rows, function (row) {
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.id);
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("dragging");
      dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) return;
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      save();
    });
  });
})();
