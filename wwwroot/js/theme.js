// The colour theme: the person's choice (localStorage "isp-theme": "light" or "dark"), or else the system's preference,
// as data-theme on <html>. Loaded in <head> before the body, so the first paint is already in that theme. The toggle
// (any [data-theme-toggle] button) works on static and live pages alike by event delegation.
(function () {
  "use strict";
  var key = "isp-theme";
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try {
      var value = window.localStorage.getItem(key);
      return value === "dark" || value === "light" ? value : null;
    } catch (e) {
      return null; // storage off: follow the system
    }
  }

  function current() {
    return stored() || (media && media.matches ? "dark" : "light");
  }

  function apply() {
    var theme = current();
    document.documentElement.setAttribute("data-theme", theme);
    var toggles = document.querySelectorAll("[data-theme-toggle]");
    for (var i = 0; i < toggles.length; i++) {
      toggles[i].setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
    }
  }

  apply();
  if (media && media.addEventListener) {
    media.addEventListener("change", apply);
  }
  // Blazor's first live render of the layout puts a fresh toggle in place of the prerendered one: state it again.
  document.addEventListener("DOMContentLoaded", function () {
    apply();
    new MutationObserver(function () {
      if (document.querySelector("[data-theme-toggle]:not([aria-pressed])")) {
        apply();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest("[data-theme-toggle]") : null;
    if (!toggle) {
      return;
    }
    try {
      window.localStorage.setItem(key, current() === "dark" ? "light" : "dark");
    } catch (e) {
      document.documentElement.setAttribute("data-theme", current() === "dark" ? "light" : "dark");
      return;
    }
    apply();
  });
  window.ispTheme = { apply: apply };
})();
