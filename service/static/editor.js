// Live readability in the section editor: after a pause in typing (400 ms), the text is
// sent to the readability endpoint and the panel under it is replaced by the answer.
// Without this script the "Check readability" button does the same with a page load.
(function () {
  "use strict";

  var DELAY_MS = 400;
  var form = document.querySelector("form[data-readability-url]");
  if (!form || !window.fetch) {
    return;
  }
  var url = form.getAttribute("data-readability-url");
  var locale = form.getAttribute("data-locale");
  // The new-article page scores the text in the language chosen in its select.
  var localeField = document.getElementById(form.getAttribute("data-locale-field") || "");
  // Messages come translated from the page, in the writer's language.
  var failed = form.getAttribute("data-readability-failed") || "Readability could not be checked.";
  var offline = form.getAttribute("data-readability-offline") || failed;
  var tokenInput = form.querySelector("input[name=csrf_token]");
  var token = tokenInput ? tokenInput.value : "";

  function watch(area) {
    var panel = document.getElementById(area.getAttribute("data-readability-panel"));
    var status = document.getElementById(area.getAttribute("data-readability-status"));
    if (!panel || !status) {
      return;
    }
    var timer = null;
    var latest = 0; // answers to older requests are dropped
    var controller = null;

    function check() {
      var mine = ++latest;
      var sent = area.value;
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      panel.setAttribute("aria-busy", "true");
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": token
        },
        body: JSON.stringify({
          markdown: sent,
          audience: area.getAttribute("data-audience"),
          locale: localeField ? localeField.value : locale
        }),
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (answer) {
          if (mine !== latest) {
            return;
          }
          if (answer.ok) {
            panel.innerHTML = answer.data.html; // rendered and escaped by the server
            status.textContent = answer.data.summary;
            // inline-marks.js marks the findings in the textarea: they are about `sent`.
            area.dispatchEvent(new CustomEvent("twofold:readability", {
              detail: { text: sent, marks: answer.data.marks || [] }
            }));
          } else {
            status.textContent = answer.data.message || failed;
          }
        })
        .catch(function (error) {
          if (mine === latest && error.name !== "AbortError") {
            status.textContent = offline;
          }
        })
        .then(function () {
          if (mine === latest) {
            panel.removeAttribute("aria-busy");
          }
        });
    }

    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, DELAY_MS);
    });
    // Another script asks for a check now (after replacing a word, say).
    area.addEventListener("twofold:check", function () {
      window.clearTimeout(timer);
      check();
    });
  }

  var areas = form.querySelectorAll("textarea[data-readability-panel]");
  for (var i = 0; i < areas.length; i++) {
    watch(areas[i]);
  }
})();
