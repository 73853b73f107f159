// 相似建议 as a suggestion is drafted: after the title or content stops changing for a moment, ask the page's
// JSON endpoint (data-url on #similar-live) and list the earlier years' and this year's similar suggestions.
(function () {
  "use strict";
  var panel = document.getElementById("similar-live");
  if (!panel) return;
  var title = document.getElementById("id_title");
  var content = document.getElementById("id_content");
  if (!title) return;
  var rowsBox = panel.querySelector(".similar-live-rows");
  var timer = null;
  var asked = "";
  var HEADERS = ["年度", "编号", "标题", "主办单位", "答复类别", "满意度"];

  function cell(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text === null || text === undefined || text === "" ? "—" : String(text);
    return el;
  }

  function table(rows) {
    var t = document.createElement("table");
    t.className = "table similar-table";
    var head = document.createElement("tr");
    HEADERS.forEach(function (h) { head.appendChild(cell("th", h)); });
    var thead = document.createElement("thead");
    thead.appendChild(head);
    t.appendChild(thead);
    var body = document.createElement("tbody");
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.className = "similar-row";
      tr.appendChild(cell("td", r.year));
      tr.appendChild(cell("td", r.number_label));
      var name = cell("td", "");
      if (r.url) {
        var a = document.createElement("a");
        a.href = r.url;
        a.textContent = r.title;
        name.textContent = "";
        name.appendChild(a);
      } else {
        name.textContent = r.title;
      }
      tr.appendChild(name);
      tr.appendChild(cell("td", r.lead_unit));
      tr.appendChild(cell("td", r.reply_class));
      tr.appendChild(cell("td", r.feedback));
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  function show(data) {
    rowsBox.textContent = "";
    var groups = [["往年", data.earlier || []], ["今年", data.this_year || []]];
    var any = false;
    groups.forEach(function (g) {
      if (!g[1].length) return;
      any = true;
      rowsBox.appendChild(cell("h3", g[0]));
      rowsBox.appendChild(table(g[1]));
    });
    panel.hidden = !any;
  }

  function ask() {
    var t = title.value.trim();
    var c = content ? content.value.trim() : "";
    if (t.length < 2 && c.length < 4) { panel.hidden = true; return; }
    var params = new URLSearchParams({ title: t, content: c.slice(0, 2000) });
    if (panel.dataset.exclude) params.set("exclude", panel.dataset.exclude);
    var query = params.toString();
    if (query === asked) return;
    asked = query;
    fetch(panel.dataset.url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && query === asked) show(data); })
      .catch(function () { /* the panel is a help, not a step: a failed lookup leaves the form as it is */ });
  }

  function later() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(ask, 400);
  }

  title.addEventListener("input", later);
  if (content) content.addEventListener("input", later);
  if (title.value) ask();
})();
