// The idle warning (templates/includes/idle_dialog.html). The session ends data-idle-seconds
// after the last request; data-idle-warning-seconds before that, a dialog says so and offers
// «Fortsett å være innlogget», which posts to data-keep-alive-url (204: the session runs again
// from now). Any request that reaches the server (a page, an htmx request, a saved draft) starts
// the count again, also in the person's other tabs (the last moment is shared through
// localStorage). When the time has run out, the dialog says so. Only on logged-in pages.
(function () {
  "use strict";

  var KEY = "familieplan:last-request";

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var dialog = document.getElementById("idle-dialog");
    var idle = Number(body.dataset.idleSeconds) * 1000;
    var lead = Number(body.dataset.idleWarningSeconds) * 1000;
    if (!dialog || !idle || !body.dataset.keepAliveUrl) { return; }
    var warning = dialog.querySelector('[data-idle-state="warning"]');
    var expired = dialog.querySelector('[data-idle-state="expired"]');
    var keepGoing = dialog.querySelector("[data-idle-continue]");
    var close = dialog.querySelector("[data-idle-close]");
    var last = Date.now();
    var timers = [];
    var before = null;

    function stored() {
      try { return Number(window.localStorage.getItem(KEY)) || 0; } catch (e) { return 0; }
    }

    function share(at) {
      try { window.localStorage.setItem(KEY, String(at)); } catch (e) { /* private mode */ }
    }

    function csrfToken() {
      try { return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
    }

    function show(state) {
      var isExpired = state === "expired";
      warning.hidden = isExpired;
      expired.hidden = !isExpired;
      var shown = isExpired ? expired : warning;
      dialog.setAttribute("aria-labelledby", shown.querySelector("h2").id);
      dialog.setAttribute("aria-describedby", shown.querySelector("p").id);
      if (!dialog.open) {
        before = document.activeElement;
        dialog.showModal();
      }
      (isExpired ? close : keepGoing).focus();
    }

    function hide() {
      if (dialog.open) { dialog.close(); }
    }

    function schedule() {
      timers.forEach(window.clearTimeout);
      var left = last + idle - Date.now();
      timers = [
        window.setTimeout(check, Math.max(0, left - lead)),
        window.setTimeout(check, Math.max(0, left))
      ];
    }

    // A request by another tab counts too; otherwise: the warning, then that it has ended.
    function check() {
      var other = stored();
      if (other > last) { refreshed(other); return; }
      var left = last + idle - Date.now();
      if (left <= 0) { show("expired"); } else if (left <= lead) { show("warning"); }
    }

    function refreshed(at) {
      last = Math.max(last, at || Date.now());
      share(last);
      if (dialog.open && !warning.hidden) { hide(); }
      schedule();
    }

    keepGoing.addEventListener("click", function () {
      window.fetch(body.dataset.keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken() }
      }).then(function (response) {
        if (response.status === 204) { refreshed(Date.now()); } else { show("expired"); }
      }).catch(function () { keepGoing.focus(); });
    });
    close.addEventListener("click", hide);
    dialog.addEventListener("close", function () {
      if (before && document.contains(before)) { before.focus(); }
      before = null;
    });

    document.addEventListener("familieplan:session-refreshed", function () { refreshed(Date.now()); });
    body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail && event.detail.xhr;
      if (xhr && xhr.status >= 200 && xhr.status < 400) { refreshed(Date.now()); }
    });
    window.addEventListener("storage", function (event) {
      if (event.key === KEY && Number(event.newValue) > last) { refreshed(Number(event.newValue)); }
    });

    share(Math.max(last, stored()));
    schedule();
  });
})();
