// Copy buttons: any element with data-copy copies its value; one with data-copy-previous the text of the element before it. Event delegation keeps it working on
// static pages and after Blazor re-renders alike.
(function () {
  "use strict";

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    document.body.removeChild(area);
  }

  // One polite live region for the whole page says what a copy did (a region per button cost every card bytes).
  function liveRegion() {
    let region = document.getElementById("copy-status");
    if (!region) {
      region = document.createElement("span");
      region.id = "copy-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  document.addEventListener("click", async function (event) {
    const button = event.target.closest("[data-copy], [data-copy-previous]");
    if (!button) {
      return;
    }
    const status = liveRegion();
    try {
      const previous = button.previousElementSibling;
      await copyText(button.hasAttribute("data-copy") ? button.getAttribute("data-copy") : (previous ? previous.textContent : ""));
      button.classList.add("copied");
      status.textContent = document.body.getAttribute("data-copied") || "Copied";
    } catch (e) {
      button.classList.add("copy-failed");
      status.textContent = document.body.getAttribute("data-copy-failed") || "Copy failed: select the text and copy it by hand";
    }
    setTimeout(function () {
      button.classList.remove("copied", "copy-failed");
      status.textContent = "";
    }, 2000);
  });
})();

// The inbox asks before each quiet refresh whether the person can see the page (a hidden tab costs no upstream calls).
window.isp = window.isp || {};
window.isp.pageVisible = function () { return document.visibilityState === "visible"; };

// An enhanced navigation merges the new page into the document: keep the theme (data-theme, the toggle's state) on it.
if (window.Blazor && window.ispTheme) {
  window.Blazor.addEventListener("enhancedload", window.ispTheme.apply);
}

// Inbox cards: one Tab stop per card, its main action (Accept, Reject or Back to pending, whichever comes first). The
// arrow keys, Home and End move between the card's controls (the toolbar pattern), and the control reached stays the
// card's Tab stop. Cards that Blazor adds or changes are set up again.
(function () {
  "use strict";

  // A form inside a card (the reason for a decline) is its own Tab sequence: its fields and buttons are not roved.
  function controls(card) {
    return Array.prototype.filter.call(card.querySelectorAll("button, input, a[href]"), function (el) {
      var form = el.closest("form");
      return !el.disabled && !(form && card.contains(form));
    });
  }

  function rove(card, stop) {
    var list = controls(card);
    if (!stop || list.indexOf(stop) < 0) {
      stop = card.querySelector(".button-row button:not(:disabled)") || list[0];
    }
    var hint = card.closest("[data-keys-hint]");
    list.forEach(function (el) {
      el.tabIndex = el === stop ? 0 : -1;
    });
    if (stop && hint) {
      stop.setAttribute("aria-describedby", hint.getAttribute("data-keys-hint"));
    }
  }

  function setUp(root) {
    var cards = root.closest && root.closest(".inbox-item") ? [root.closest(".inbox-item")] : root.querySelectorAll ? root.querySelectorAll(".inbox-item") : [];
    Array.prototype.forEach.call(cards, function (card) {
      rove(card, card.contains(document.activeElement) ? document.activeElement : null);
    });
  }

  document.addEventListener("keydown", function (event) {
    var card = event.target.closest ? event.target.closest(".inbox-item") : null;
    if (!card || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var list = controls(card);
    var i = list.indexOf(event.target);
    var next;
    switch (event.key) {
      case "ArrowRight": case "ArrowDown": next = list[(i + 1) % list.length]; break;
      case "ArrowLeft": case "ArrowUp": next = list[(i - 1 + list.length) % list.length]; break;
      case "Home": next = list[0]; break;
      case "End": next = list[list.length - 1]; break;
      default: return;
    }
    if (i < 0 || !next) {
      return;
    }
    event.preventDefault();
    rove(card, next);
    next.focus();
  });

  document.addEventListener("focusin", function (event) {
    var card = event.target.closest ? event.target.closest(".inbox-item") : null;
    if (card && controls(card).indexOf(event.target) >= 0) {
      rove(card, event.target); // a click or a script focus moves the Tab stop too
    }
  });

  setUp(document);
  new MutationObserver(function (records) {
    var seen = new Set();
    records.forEach(function (record) {
      var el = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      if (el && !seen.has(el)) {
        seen.add(el);
        setUp(el);
      }
    });
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["disabled"] });
})();

// Dialogs: when MudBlazor's focus trap parks the focus on its placeholder (a tabindex=-1 child of .mud-focus-trap), the
// dialog's [data-autofocus] control takes it: the safe choice (Cancel) of a question before a destructive action.
document.addEventListener("focusin", function (event) {
  var target = event.target;
  var parent = target && target.parentElement;
  if (!parent || !parent.classList.contains("mud-focus-trap") || target.getAttribute("tabindex") !== "-1") {
    return;
  }
  var dialog = target.closest(".mud-dialog");
  var preferred = dialog ? dialog.querySelector("[data-autofocus]") : null;
  if (preferred) {
    preferred.focus();
  }
});

// Focus after a page change. The first load of a document leaves focus to the browser (Tab reaches the skip link first),
// unless the page answers a form post: then its result, or the first field to fix, carries [data-focus-on-load]. An
// enhanced navigation (static pages) focuses the same, else the new page's h1; a live page's router calls heading()
// (FocusOnPageChange). A starting circuit replaces the prerendered markup: restore() gives back the focus it had.
window.portalFocus = (function () {
  "use strict";
  var last = null;

  function focus(element) {
    if (!element.hasAttribute("tabindex") && !element.matches("a[href], button, input, select, textarea")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function describe(element) {
    return { tag: element.tagName, id: element.id, label: element.getAttribute("aria-label"), text: (element.textContent || "").trim() };
  }

  function matches(element, seen) {
    return seen.id ? element.id === seen.id : element.getAttribute("aria-label") === seen.label && (element.textContent || "").trim() === seen.text;
  }

  function heading() {
    var target = document.querySelector("[data-focus-on-load]") || document.querySelector("main h1, h1");
    if (target) {
      focus(target);
    }
  }

  document.addEventListener("focusin", function (event) {
    last = event.target === document.body ? null : describe(event.target);
  });
  var answer = document.querySelector("[data-focus-on-load]");
  if (answer) {
    focus(answer);
  }
  if (window.Blazor && Blazor.addEventListener) {
    Blazor.addEventListener("enhancedload", heading);
  }

  return {
    heading: heading,
    restore: function () {
      if (!last || (document.activeElement && document.activeElement !== document.body)) {
        return;
      }
      var seen = last;
      var again = Array.prototype.find.call(document.querySelectorAll(seen.tag), function (e) { return matches(e, seen); });
      if (again) {
        focus(again);
      }
    },
  };
})();

// MudTabs puts attributes on its outer box, not on the tablist inside: [data-tablist-label] names the tablist itself.
(function () {
  "use strict";
  function label() {
    document.querySelectorAll("[data-tablist-label]").forEach(function (tabs) {
      var list = tabs.querySelector("[role=tablist]");
      var name = tabs.getAttribute("data-tablist-label");
      if (list && list.getAttribute("aria-label") !== name) {
        list.setAttribute("aria-label", name);
      }
    });
  }
  label();
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
})();
