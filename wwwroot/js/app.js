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
      status.textContent = "Copied";
    } catch (e) {
      button.classList.add("copy-failed");
      status.textContent = "Copy failed: select the text and copy it by hand";
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
