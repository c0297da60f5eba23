document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary when a form comes back with errors, so screen readers
  // announce it and keyboard users start from the list of what to fix.
  var summary = document.querySelector(".ds-error-summary");
  if (summary) { summary.focus(); }

  // A form that changes data is sent once: a second click while the first is on its way
  // would register the same referral or decision twice.
  document.querySelectorAll('form[method="post"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      form.querySelectorAll('button[type="submit"]').forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
      });
    });
  });
});

// Coming back with the browser's Back button restores the page as it was: allow sending again.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) { return; }
  document.querySelectorAll("form[data-sent]").forEach(function (form) {
    delete form.dataset.sent;
    form.querySelectorAll('button[aria-disabled="true"]').forEach(function (button) {
      button.removeAttribute("aria-disabled");
    });
  });
});
