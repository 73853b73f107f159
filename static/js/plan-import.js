/* Plan import pages: poll a running commit for its progress; keep forms from being sent twice.
   No inline scripts (the Content Security Policy forbids them): everything is read from data- attributes. */
(function () {
  "use strict";

  document.querySelectorAll("form[data-import-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });

  var box = document.querySelector("[data-import-status-url]");
  if (!box) { return; }
  var statusUrl = box.getAttribute("data-import-status-url");
  var previewUrl = box.getAttribute("data-import-preview-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-import-message]");

  function show(state) {
    if (bar) { bar.max = state.total || 1; bar.value = state.progress || 0; }
    if (text) { text.textContent = (state.progress || 0) + " / " + (state.total || 0) + " 行（" + state.percent + "%）"; }
  }

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.status === "done") {
          window.location.assign(state.plan_url || previewUrl);
        } else if (state.status === "failed") {
          window.location.assign(previewUrl);
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 500);
})();
