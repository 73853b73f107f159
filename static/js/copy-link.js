// 复制链接: a button with data-copy-target="<input id>" copies that input's text to the clipboard and says so
// beside it (aria-live); where the clipboard is refused (plain http), the text is selected for Ctrl+C.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-copy-target]");
  if (!button) {
    return;
  }
  var input = document.getElementById(button.getAttribute("data-copy-target"));
  var status = document.getElementById(button.getAttribute("data-copy-status"));
  if (!input) {
    return;
  }
  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }
  input.focus();
  input.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(input.value).then(function () {
      say("已复制");
    }, function () {
      say("请按 Ctrl+C 复制");
    });
  } else {
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (e) {
      copied = false;
    }
    say(copied ? "已复制" : "请按 Ctrl+C 复制");
  }
});
