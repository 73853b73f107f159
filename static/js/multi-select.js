// Searchable selects: every <select> marked data-multi-select becomes a search box (Tom Select, whose built files
// come from the PyPI package django-tomselect and are served by the app as static/django_tomselect/). A multiple
// select shows the chosen options as removable chips; the attribute's value is the search box's placeholder.
// Without JS, or if Tom Select did not load, the plain select works as it is.
(function () {
  "use strict";
  if (typeof window.TomSelect !== "function") { return; }

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function upgrade(select) {
    var several = select.multiple;
    var placeholder = select.getAttribute("data-multi-select") || "输入以搜索";
    var settings = {
      plugins: several ? { remove_button: { title: "移除" } } : {},
      placeholder: placeholder,
      hidePlaceholder: !several,
      maxOptions: null,
      // On the page, not inside the form's card: the card scrolls sideways on a phone and would clip the list.
      dropdownParent: "body",
      closeAfterSelect: !several,
      // The typed search text is not a value: cleared once an option is picked from a multiple select.
      clearAfterSelect: several,
      allowEmptyOption: !several,
      // Chinese names are searched as written: no diacritics folding, every character counts.
      diacritics: false,
      render: {
        no_results: function (data) {
          return '<div class="no-results">没有与“' + escape(data.input) + '”匹配的选项</div>';
        },
      },
    };
    var control = new window.TomSelect(select, settings);
    control.wrapper.classList.add("multi-select");
    // Tom Select points the label at its search box; the original select (kept for the form, hidden) keeps its name.
    var label = document.getElementById(select.id + "-ts-label");
    if (label) { select.setAttribute("aria-labelledby", label.id); }
    return control;
  }

  window.rendaMultiSelect = { upgrade: upgrade };
  document.querySelectorAll("select[data-multi-select]").forEach(upgrade);
})();
