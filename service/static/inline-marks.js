// Findings marked inside the text being edited, and "Use the plain alternative".
//
// Each variant's textarea gets a backdrop: a layer behind it, with the same box, font and
// wrapping, holding the same text with a <mark> over each finding. The textarea's own
// background is transparent, so the marks show through under the words; the writer still
// types in a plain textarea (undo, spelling, selection all as usual). The backdrop is
// aria-hidden: the findings list under the text stays the accessible source, and marks
// differ by underline style as well as colour.
//
// Marks are offsets into the text the server scored (data-marks at first, then each answer
// of the live readability check from editor.js). While the writer types, the text around
// an edit is compared with that scored text: marks before and after the edit move with
// it, marks the edit touches go until the next answer.
//
// Without this script nothing here happens: the "Use …" buttons stay hidden and the
// finding's message and the "Plain alternatives" list give the words to copy.
(function () {
  "use strict";

  var form = document.querySelector("form[data-readability-url]");
  if (!form || !window.getComputedStyle) {
    return;
  }
  var usedMessage = form.getAttribute("data-plain-used") || "";
  var movedMessage = form.getAttribute("data-plain-moved") || "";
  // What decides where a line wraps and where each character sits.
  var COPIED = [
    "fontFamily", "fontSize", "fontWeight", "fontStyle", "fontVariant", "fontStretch",
    "lineHeight", "letterSpacing", "wordSpacing", "textTransform", "textIndent", "tabSize",
    "paddingTop", "paddingRight", "paddingBottom", "paddingLeft", "whiteSpace",
    "overflowWrap", "wordBreak", "direction", "textAlign"
  ];

  function fill(message, values) {
    return message.replace(/%\((\w+)\)s/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  // Where an offset of the scored text is in the current text: the texts share a prefix
  // and a suffix; an offset inside what changed between them has no place (null).
  function mapper(before, after) {
    var limit = Math.min(before.length, after.length);
    var head = 0;
    while (head < limit && before.charCodeAt(head) === after.charCodeAt(head)) {
      head++;
    }
    var tail = 0;
    while (tail < limit - head &&
           before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) {
      tail++;
    }
    var changedEnd = before.length - tail;
    var shift = after.length - before.length;
    return function (start, end) {
      if (end <= head) {
        return [start, end];
      }
      if (start >= changedEnd) {
        return [start + shift, end + shift];
      }
      return null;
    };
  }

  function enhance(area) {
    var marks;
    try {
      marks = JSON.parse(area.getAttribute("data-marks") || "[]");
    } catch (error) {
      marks = [];
    }
    // data-marks describe the text the page was made with.
    var scored = area.defaultValue;
    var panel = document.getElementById(area.getAttribute("data-readability-panel"));
    var status = document.getElementById(area.getAttribute("data-readability-status"));

    var field = document.createElement("div");
    field.className = "marked-field";
    var backdrop = document.createElement("div");
    backdrop.className = "marks-backdrop";
    backdrop.setAttribute("aria-hidden", "true");
    area.parentNode.insertBefore(field, area);
    field.appendChild(backdrop);
    field.appendChild(area);
    area.classList.add("marked-input");

    function fit() {
      var style = window.getComputedStyle(area);
      for (var i = 0; i < COPIED.length; i++) {
        backdrop.style[COPIED[i]] = style[COPIED[i]];
      }
      // The textarea's client box (inside its border, without its scroll bar), to the
      // fraction of a pixel: a box rounded wider may fit one more word on a line.
      var box = area.getBoundingClientRect();
      var outer = field.getBoundingClientRect();
      var top = parseFloat(style.borderTopWidth) || 0;
      var right = parseFloat(style.borderRightWidth) || 0;
      var bottom = parseFloat(style.borderBottomWidth) || 0;
      var left = parseFloat(style.borderLeftWidth) || 0;
      var sideBar = Math.max(0, Math.round(area.offsetWidth - area.clientWidth - left - right));
      var bottomBar = Math.max(0, Math.round(area.offsetHeight - area.clientHeight - top - bottom));
      backdrop.style.top = box.top - outer.top + top + "px";
      backdrop.style.left = box.left - outer.left + left + "px";
      backdrop.style.width = box.width - left - right - sideBar + "px";
      backdrop.style.height = box.height - top - bottom - bottomBar + "px";
      follow();
    }

    function follow() {
      backdrop.scrollTop = area.scrollTop;
      backdrop.scrollLeft = area.scrollLeft;
    }

    function render() {
      var text = area.value;
      var place = mapper(scored, text);
      var pieces = document.createDocumentFragment();
      var at = 0;
      for (var i = 0; i < marks.length; i++) {
        var span = place(marks[i].start, marks[i].end);
        if (!span || span[0] < at || span[1] <= span[0] || span[1] > text.length) {
          continue;
        }
        pieces.appendChild(document.createTextNode(text.slice(at, span[0])));
        var mark = document.createElement("mark");
        mark.className = marks[i].kinds.map(function (kind) {
          return "finding-" + kind;
        }).join(" ");
        mark.textContent = text.slice(span[0], span[1]);
        pieces.appendChild(mark);
        at = span[1];
      }
      // A textarea shows a line after a final line break; a block shows it only if another follows.
      pieces.appendChild(document.createTextNode(text.slice(at) + "\n"));
      while (backdrop.firstChild) {
        backdrop.removeChild(backdrop.firstChild);
      }
      backdrop.appendChild(pieces);
      // The scroll bar may have come or gone with the text: the box may have changed.
      fit();
    }

    function reveal() {
      if (!panel) {
        return;
      }
      var buttons = panel.querySelectorAll("button.use-plain[hidden]");
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].hidden = false;
      }
    }

    function usePlain(button) {
      var term = button.getAttribute("data-term");
      var plain = button.getAttribute("data-plain");
      var start = Number(button.getAttribute("data-start"));
      var end = Number(button.getAttribute("data-end"));
      var text = area.value;
      var span = mapper(scored, text)(start, end);
      // The word must still be there as it was checked: itself, and what stands either side.
      var same = span && text.slice(span[0], span[1]) === term &&
        text.charAt(span[0] - 1) === scored.charAt(start - 1) &&
        text.charAt(span[1]) === scored.charAt(end);
      if (!same) {
        if (status) {
          status.textContent = fill(movedMessage, { term: term });
        }
        area.dispatchEvent(new CustomEvent("twofold:check"));
        return;
      }
      area.focus();
      area.setSelectionRange(span[0], span[1]);
      // As if the writer typed it: one step of the textarea's own undo, and an input event.
      // Typing stops at maxlength and would cut the words short: past it, they go in whole
      // and the save says the text is too long.
      var fits = !(area.maxLength > 0) ||
        text.length - (span[1] - span[0]) + plain.length <= area.maxLength;
      var typed = false;
      try {
        typed = fits && document.execCommand("insertText", false, plain);
      } catch (error) {
        typed = false;
      }
      if (!typed) {
        area.setRangeText(plain, span[0], span[1], "end");
        area.dispatchEvent(new Event("input", { bubbles: true }));
      }
      if (status) {
        status.textContent = fill(usedMessage, { term: term, plain: plain });
      }
    }

    area.addEventListener("input", render);
    area.addEventListener("scroll", follow);
    area.addEventListener("twofold:readability", function (event) {
      scored = event.detail.text;
      marks = event.detail.marks;
      render();
      reveal();
    });
    if (panel) {
      panel.addEventListener("click", function (event) {
        var button = event.target.closest ? event.target.closest("button.use-plain") : null;
        if (button && panel.contains(button)) {
          event.preventDefault();
          usePlain(button);
        }
      });
    }
    if (window.ResizeObserver) {
      new ResizeObserver(fit).observe(area);
    }
    window.addEventListener("resize", fit);
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(fit);
    }
    render();
    reveal();
    if (area.value !== scored) {
      // The browser brought back text typed before a reload: check that text.
      area.dispatchEvent(new CustomEvent("twofold:check"));
    }
  }

  var areas = form.querySelectorAll("textarea[data-marks]");
  for (var i = 0; i < areas.length; i++) {
    enhance(areas[i]);
  }
})();
