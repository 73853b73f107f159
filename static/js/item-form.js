// The item form and the plan adjustment page (plans/forms.py marks the fields):
// - only the timing fields the chosen 时间类型 uses are shown (data-timing-for lists the kinds using a field, from
//   the model's rules), and on the adjustment page only when the adjustment moves the item (data-only-when);
// - warnings as the office edits (data-form-warnings): no lead committee, 全年 with months; they do not stop saving;
// - on the adjustment page, choosing an item fills in its present timing (the JSON in #item-timings).
// Without JS every field shows and the same warnings come after saving.
(function () {
  "use strict";

  function cells(field) {
    // The field's label and its cell in the form's grid (templates/_form_fields.html).
    return [field.form.querySelector('label[for="' + field.id + '"]'), field.parentElement];
  }

  function setVisible(field, visible) {
    cells(field).forEach(function (el) { if (el) { el.hidden = !visible; } });
  }

  function onlyWhenHolds(form, field) {
    var rule = field.getAttribute("data-only-when");
    if (!rule) { return true; }
    var parts = rule.split("=");
    var other = form.elements.namedItem(parts[0]);
    return !other || other.value === parts[1];
  }

  function setupTiming(form) {
    var kind = form.querySelector("[data-timing-kind]");
    if (!kind) { return function () {}; }
    var fields = Array.prototype.slice.call(form.querySelectorAll("[data-timing-for], [data-only-when]"));
    function refresh() {
      fields.forEach(function (field) {
        var kinds = field.getAttribute("data-timing-for");
        var used = kinds === null || kinds.split(" ").indexOf(kind.value) !== -1;
        setVisible(field, used && onlyWhenHolds(form, field));
      });
    }
    refresh();
    return refresh;
  }

  function chosenText(select) {
    return select && select.value ? select.options[select.selectedIndex].text : "";
  }

  function setupWarnings(form) {
    var box = form.querySelector("[data-form-warnings]");
    if (!box) { return function () {}; }
    var touched = box.hasAttribute("data-check-now");
    function current() {
      var found = [];
      var field = function (name) { return form.elements.namedItem(name); };
      var kind = field("kind");
      var timingKind = field("timing_kind");
      if ((!kind || kind.value === "move") && timingKind && timingKind.value === "year" && box.dataset.yearMonths) {
        var values = ["start_month", "end_month", "quarter"].map(function (n) { return chosenText(field(n)); })
          .filter(Boolean);
        if (values.length) { found.push(box.dataset.yearMonths.replace("{values}", values.join("、"))); }
      }
      var lead = field("lead_committees");
      var principle = field("is_principle");
      if (box.dataset.noLead && lead && lead.selectedOptions.length === 0 && !(principle && principle.checked)) {
        found.push(box.dataset.noLead);
      }
      return found;
    }
    function refresh() {
      if (!touched) { return; }
      var found = current();
      box.textContent = "";
      if (!found.length) { return; }
      var list = document.createElement("ul");
      list.className = "warning";
      found.forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    form.addEventListener("change", function () { touched = true; });
    refresh();
    return refresh;
  }

  function setupAdjustment(form, refreshAll) {
    var data = document.getElementById("item-timings");
    var item = form.elements.namedItem("item");  // not form.elements.item: that is the collection's method
    if (!data || !item) { return; }
    var timings = JSON.parse(data.textContent);
    var hint = item.parentElement.querySelector("small");
    item.addEventListener("change", function () {
      var timing = timings[item.value];
      if (!timing) { return; }
      Object.keys(timing).forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && name !== "item") { field.value = timing[name] === null ? "" : timing[name]; }
      });
      if (hint) { hint.textContent = "现在的时间：" + timing.text; }
      refreshAll();
    });
  }

  document.querySelectorAll("form[data-item-form]").forEach(function (form) {
    var refreshTiming = setupTiming(form);
    var refreshWarnings = setupWarnings(form);
    function refreshAll() { refreshTiming(); refreshWarnings(); }
    form.addEventListener("change", refreshAll);
    setupAdjustment(form, refreshAll);
  });
})();
