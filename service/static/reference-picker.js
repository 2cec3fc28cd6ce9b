// "[@" completion in the editor's texts: typing "[@" (and the start of a key) lists the
// article's references under the text; Up and Down choose, Enter inserts "[@key]",
// Escape closes. The list is a listbox the text area points at with aria-activedescendant.
// Without this script the picker beside each text lists the same keys to copy.
(function () {
  "use strict";

  // A key as citations.py reads it: a letter, digit or underscore, then key characters.
  var TYPED = /\[@([A-Za-z0-9_][\w:.#$%&+?<>~\/-]*)?$/;

  function references(source) {
    var items = source.querySelectorAll("[data-key]");
    var found = [];
    for (var i = 0; i < items.length; i++) {
      found.push({
        key: items[i].getAttribute("data-key"),
        citation: items[i].getAttribute("data-citation") || ""
      });
    }
    return found;
  }

  function setup(area) {
    var source = document.getElementById(area.getAttribute("data-reference-picker"));
    if (!source) {
      return;
    }
    var known = references(source);
    if (!known.length) {
      return;
    }
    var listId = area.id + "-completion";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "reference-completion";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", source.getAttribute("data-completion-label") || "References");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    area.parentNode.insertBefore(list, area.nextSibling);
    area.parentNode.insertBefore(status, list.nextSibling);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", listId);
    var statusText = source.getAttribute("data-completion-status") || "{n}";

    var matches = [];
    var active = 0;
    var typed = null; // where the "[@" being completed starts, and what follows it

    function typedAtCaret() {
      if (area.selectionStart !== area.selectionEnd) {
        return null;
      }
      var before = area.value.slice(0, area.selectionStart);
      var found = TYPED.exec(before);
      return found ? { start: found.index, prefix: (found[1] || "").toLowerCase() } : null;
    }

    function close() {
      list.hidden = true;
      typed = null;
      area.removeAttribute("aria-activedescendant");
    }

    function show() {
      list.textContent = "";
      for (var i = 0; i < matches.length; i++) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", i === active ? "true" : "false");
        var code = document.createElement("code");
        code.textContent = "[@" + matches[i].key + "]";
        option.appendChild(code);
        option.appendChild(document.createTextNode(" " + matches[i].citation));
        option.addEventListener("mousedown", choose.bind(null, i));
        list.appendChild(option);
      }
      list.hidden = false;
      area.setAttribute("aria-activedescendant", listId + "-" + active);
      var chosen = document.getElementById(listId + "-" + active);
      if (chosen && chosen.scrollIntoView) {
        chosen.scrollIntoView({ block: "nearest" });
      }
    }

    function update() {
      typed = typedAtCaret();
      if (!typed) {
        close();
        return;
      }
      var prefix = typed.prefix;
      var starting = known.filter(function (r) { return r.key.toLowerCase().indexOf(prefix) === 0; });
      var within = known.filter(function (r) {
        return r.key.toLowerCase().indexOf(prefix) > 0;
      });
      matches = starting.concat(within);
      if (!matches.length) {
        close();
        status.textContent = statusText.replace("{n}", "0");
        return;
      }
      active = 0;
      show();
      status.textContent = statusText.replace("{n}", String(matches.length));
    }

    function choose(index, event) {
      if (event) {
        event.preventDefault(); // keep the focus in the text
      }
      if (!typed) {
        return;
      }
      var key = matches[index].key;
      var caret = area.selectionStart;
      var after = area.value.slice(caret);
      var closing = after.charAt(0) === "]" ? "" : "]";
      var inserted = "[@" + key + closing;
      area.value = area.value.slice(0, typed.start) + inserted + after;
      var end = typed.start + inserted.length + (closing ? 0 : 1);
      area.setSelectionRange(end, end);
      close();
      status.textContent = "";
      // The readability panel listens for input: the text changed.
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }

    area.addEventListener("input", function () {
      update();
    });
    area.addEventListener("keydown", function (event) {
      if (list.hidden || !typed) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : matches.length - 1;
        active = (active + step) % matches.length;
        show();
      } else if (event.key === "Enter") {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    area.addEventListener("blur", close);
    area.addEventListener("click", update);
  }

  var areas = document.querySelectorAll("textarea[data-reference-picker]");
  for (var i = 0; i < areas.length; i++) {
    setup(areas[i]);
  }
})();
