// Copy buttons: any element with data-copy copies its value. Event delegation keeps it working on
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

  document.addEventListener("click", async function (event) {
    const button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    const status = button.querySelector(".copy-button__done");
    try {
      await copyText(button.getAttribute("data-copy"));
      button.classList.add("copied");
      if (status) { status.textContent = "Copied"; }
    } catch (e) {
      if (status) { status.textContent = "Copy failed: select the text and copy it by hand"; }
    }
    setTimeout(function () {
      button.classList.remove("copied");
      if (status) { status.textContent = ""; }
    }, 2000);
  });
})();

// The inbox asks before each quiet refresh whether the person can see the page (a hidden tab costs no upstream calls).
window.isp = window.isp || {};
window.isp.pageVisible = function () { return document.visibilityState === "visible"; };
