// The reader's digital edition: a remembered font size on articles, zoom on the page's
// facsimile, and the headline of an area highlighted with the area (and back).
(function () {
  "use strict";
  const KEY = "kexiebao-font-size";
  function fontSize() {
    const group = document.querySelector(".font-size-switch");
    const story = document.querySelector(".story");
    if (!group || !story) return;
    group.hidden = false;
    function apply(size) {
      story.classList.remove("font-small", "font-medium", "font-large");
      story.classList.add("font-" + size);
      group.querySelectorAll("button").forEach((b) => {
        b.setAttribute("aria-pressed", String(b.dataset.fontSize === size));
      });
    }
    let saved = "medium";
    try {
      saved = localStorage.getItem(KEY) || "medium";
    } catch (e) {
      /* storage may be off: the switch still works for this page */
    }
    apply(saved);
    group.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-font-size]");
      if (!button) return;
      apply(button.dataset.fontSize);
      try {
        localStorage.setItem(KEY, button.dataset.fontSize);
      } catch (err) {
        /* not remembered, still applied */
      }
    });
  }
  function zoom() {
    const button = document.querySelector(".edition-zoom");
    const frame = document.querySelector(".edition-frame");
    if (!button || !frame) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const on = frame.classList.toggle("zoomed");
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "缩小版面" : "放大版面";
    });
  }
  function pairs() {
    document.querySelectorAll(".edition-area").forEach((area) => {
      const item = document.querySelector('[data-headline="' + area.dataset.article + '"]');
      if (!item) return;
      const on = () => item.classList.add("is-highlighted");
      const off = () => item.classList.remove("is-highlighted");
      area.addEventListener("mouseenter", on);
      area.addEventListener("focus", on);
      area.addEventListener("mouseleave", off);
      area.addEventListener("blur", off);
      const link = item.querySelector("a");
      const lit = () => area.classList.add("is-highlighted");
      const unlit = () => area.classList.remove("is-highlighted");
      item.addEventListener("mouseenter", lit);
      item.addEventListener("mouseleave", unlit);
      if (link) {
        link.addEventListener("focus", lit);
        link.addEventListener("blur", unlit);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    fontSize();
    zoom();
    pairs();
  });
})();
