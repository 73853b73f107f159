// The header's menu (templates/base.html): a <details> that folds the navigation behind 菜单 on a phone.
// It works without this script; the script keeps aria-expanded on the button in step, closes the menu
// with Escape, opens it on wide screens in browsers that cannot show a closed menu's content by CSS
// (renda.css), and scrolls the section's current page into view in the one-line page list.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  ready(function () {
    var menu = document.getElementById("navmenu");
    if (menu) {
      var toggle = menu.querySelector("summary");
      var sync = function () { toggle.setAttribute("aria-expanded", menu.open ? "true" : "false"); };
      var wide = window.matchMedia("(min-width: 801px)");
      var cssOpens = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
      var fit = function () { if (!cssOpens) menu.open = wide.matches; };
      fit();
      sync();
      menu.addEventListener("toggle", sync);
      if (wide.addEventListener) wide.addEventListener("change", fit);
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open && !wide.matches) {
          menu.open = false;
          toggle.focus();
        }
      });
      document.addEventListener("click", function (event) {
        if (menu.open && !wide.matches && !menu.contains(event.target)) menu.open = false;
      });
    }
    var current = document.querySelector("#subnav a.active");
    if (current) {
      var list = current.parentNode;
      if (list.scrollWidth > list.clientWidth) {
        list.scrollLeft = current.offsetLeft - list.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
      }
    }
  });
})();
