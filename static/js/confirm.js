// A form marked data-confirm asks before it is sent: what it does cannot be undone (deleting a meeting,
// taking an item off an agenda, submitting a suggestion or a reply). The question names what is lost.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
