// The Content-Security-Policy allows no inline style and no eval: htmx (loaded just before this
// file) must neither add its indicator <style> nor evaluate attribute code. This runs before
// htmx starts, on DOMContentLoaded. (No page uses hx-indicator, hx-on or js: values.)
if (window.htmx) {
  window.htmx.config.includeIndicatorStyles = false;
  window.htmx.config.allowEval = false;
}

document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary when a form comes back with errors, so screen readers
  // announce it and keyboard users start from the list of what to fix.
  var summary = document.querySelector(".ds-error-summary");
  if (summary) {
    summary.focus();
    // A form sent to an address with an anchor (#measure-…) comes back anchored there, and
    // scrolling to the anchor takes the focus away again: give it back once the page is in.
    window.addEventListener("load", function () {
      if (document.activeElement === document.body) { summary.focus(); }
    });
  }

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
