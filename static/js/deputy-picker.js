// The deputy picker of the reception form (deputies/roster_forms.py DeputyPicker): a text filter over the
// checkboxes, and the chosen station's group moved to the top. Works without it: a plain checkbox list.
(function () {
  "use strict";
  function setup(picker) {
    var filter = picker.querySelector(".picker-filter");
    var count = picker.querySelector(".picker-count");
    var groups = Array.prototype.slice.call(picker.querySelectorAll(".picker-group"));
    function showCount() {
      var checked = picker.querySelectorAll("input[type=checkbox]:checked").length;
      count.textContent = "已选 " + checked + " 名";
    }
    function applyFilter() {
      var needle = (filter.value || "").trim().toLowerCase();
      groups.forEach(function (group) {
        var any = false;
        group.querySelectorAll(".picker-option").forEach(function (option) {
          var box = option.querySelector("input");
          var match = !needle || option.textContent.toLowerCase().indexOf(needle) !== -1 ||
            group.querySelector("legend").textContent.toLowerCase().indexOf(needle) !== -1;
          option.hidden = !(match || box.checked);
          any = any || !option.hidden;
        });
        group.hidden = !any;
      });
    }
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    picker.addEventListener("change", showCount);
    var station = document.querySelector("select[data-picker-station]");
    if (station) {
      station.addEventListener("change", function () {
        var own = picker.querySelector('.picker-group[data-station="' + station.value + '"]');
        if (own) { picker.insertBefore(own, groups[0] === own ? own : picker.querySelector(".picker-group")); }
      });
    }
    showCount();
  }
  document.querySelectorAll("[data-picker]").forEach(setup);
})();
