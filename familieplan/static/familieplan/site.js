// Move focus to an error summary when a form comes back with errors, so screen readers
// announce it and keyboard users start from the list of what to fix.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".ds-error-summary");
  if (summary) { summary.focus(); }
});
