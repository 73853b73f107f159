// An item's update that was refused is shown again in its row (templates/plans/_status_form.html), and the
// page opens at that row (#item-N). Put the cursor where the user has to act: the first field named by the
// problem, or the message itself when the problem is the whole form's (someone else saved the item). After
// the page has loaded: opening at #item-N moves the focus to the page first.
window.addEventListener("load", function () {
  var problems = document.querySelector("[data-refused-update]");
  if (!problems) {
    return;
  }
  var form = document.getElementById(problems.getAttribute("data-refused-update"));
  var field = form && form.querySelector('[aria-invalid="true"]');
  window.setTimeout(function () {
    (field || problems).focus({ preventScroll: true });
  }, 0);
});
