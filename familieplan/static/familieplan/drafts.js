// Drafts saved as you type (core/drafts.py). A form with data-draft-url posts its fields there
// as JSON a moment after typing stops, and at once when the tab is left, so a closed tab, a
// lost connection or a logout loses nothing; the server keeps only the fields the form names.
// Never sent: hidden fields, passwords, files. A save is sent only when something changed, so
// an idle page sends nothing and never keeps its session alive by itself. After a save the page
// is told that the session was refreshed (the idle warning starts again, idle.js).
(function () {
  "use strict";

  var QUIET_MS = 2000; // after the last keystroke
  var SPACING_MS = 10000; // at most one save this often while typing goes on
  var SKIPPED = ["hidden", "password", "file", "submit", "button", "reset", "image"];
  var NEVER = /password|national_id|identity|fodselsnummer/i;

  function fieldsOf(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var type = (element.type || "").toLowerCase();
      if (!element.name || element.disabled || SKIPPED.indexOf(type) !== -1) { return; }
      if (NEVER.test(element.name)) { return; }
      if (!data[element.name]) { data[element.name] = []; }
      if (type === "checkbox" || type === "radio") {
        if (element.checked) { data[element.name].push(element.value); }
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          data[element.name].push(option.value);
        });
      } else {
        data[element.name].push(element.value);
      }
    });
    return data;
  }

  function valueOf(form, name) {
    var input = form.querySelector('input[name="' + name + '"]');
    return input ? input.value : "";
  }

  function setUp(form) {
    if (form.dataset.draftReady) { return; }
    form.dataset.draftReady = "1";
    var timer = null;
    var sentText = JSON.stringify(fieldsOf(form));
    var sentAt = 0;
    var stopped = false;

    function save(leaving) {
      timer = null;
      if (stopped || !document.contains(form)) { return; }
      var fields = fieldsOf(form);
      var text = JSON.stringify(fields);
      if (text === sentText) { return; }
      var wait = sentAt + SPACING_MS - Date.now();
      if (!leaving && wait > 0) { timer = window.setTimeout(save, wait); return; }
      sentText = text;
      sentAt = Date.now();
      window.fetch(form.dataset.draftUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        keepalive: Boolean(leaving),
        headers: { "Content-Type": "application/json", "X-CSRFToken": valueOf(form, "csrfmiddlewaretoken") },
        body: JSON.stringify({ fields: fields, token: valueOf(form, "submit_token") })
      }).then(function (response) {
        if (response.status === 204) {
          form.dataset.draftSaved = String(sentAt);
          document.dispatchEvent(new CustomEvent("familieplan:session-refreshed"));
        } else {
          // The session has ended (a redirect to the login) or the draft was refused: stop.
          // What is typed stays in the form, and sending it keeps it over the login.
          stopped = true;
        }
      }).catch(function () { sentText = ""; }); // offline: try again with the next change
    }

    function soon() {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(save, QUIET_MS);
    }

    form.addEventListener("input", soon);
    form.addEventListener("change", soon);
    // The form itself is being sent: no draft after it (the page deletes the draft it saves).
    form.addEventListener("submit", function () {
      stopped = true;
      if (timer) { window.clearTimeout(timer); }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState !== "hidden") { return; }
      if (timer) { window.clearTimeout(timer); }
      save(true);
    });
  }

  function setUpWithin(root) {
    if (root.matches && root.matches("form[data-draft-url]")) { setUp(root); }
    if (root.querySelectorAll) {
      root.querySelectorAll("form[data-draft-url]").forEach(setUp);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpWithin(document);
    // A form htmx opens in place (the quick note) gets the same.
    document.body.addEventListener("htmx:load", function (event) { setUpWithin(event.detail.elt); });
  });
})();
