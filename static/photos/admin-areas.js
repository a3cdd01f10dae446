// Drawing an article's area on the page's facsimile: choose the area's row (focus any of
// its fields), then drag a rectangle on the picture; the row's numeric fields (fractions
// of the page, 0–1) are filled in. The numeric fields remain the keyboard way.
(function () {
  "use strict";
  let current = null;
  function rowsOf() {
    return Array.from(document.querySelectorAll(".area-inline tr.form-row:not(.empty-form)"));
  }
  function round(v) {
    return Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
  }
  function fill(row, box) {
    for (const [name, value] of Object.entries(box)) {
      const input = row.querySelector("input[name$='-" + name + "']");
      if (input) input.value = String(round(value));
    }
  }
  function boxesLayer(image) {
    const layer = document.createElement("div");
    layer.className = "area-draw";
    image.before(layer);
    layer.append(image);
    const rect = document.createElement("div");
    rect.className = "area-draw-rect";
    rect.hidden = true;
    layer.append(rect);
    let start = null;
    function point(e) {
      const r = image.getBoundingClientRect();
      return { x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height };
    }
    image.addEventListener("dragstart", (e) => e.preventDefault());
    image.addEventListener("pointerdown", (e) => {
      if (!current) return;
      start = point(e);
      rect.hidden = false;
    });
    window.addEventListener("pointermove", (e) => {
      if (!start) return;
      const p = point(e);
      const box = {
        x: Math.min(start.x, p.x), y: Math.min(start.y, p.y),
        w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y),
      };
      rect.style.left = box.x * 100 + "%";
      rect.style.top = box.y * 100 + "%";
      rect.style.width = box.w * 100 + "%";
      rect.style.height = box.h * 100 + "%";
      fill(current, box);
    });
    window.addEventListener("pointerup", () => {
      start = null;
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    const image = document.querySelector("[data-facsimile]");
    if (!image) return;
    boxesLayer(image);
    document.addEventListener("focusin", (e) => {
      const row = e.target.closest(".area-inline tr.form-row");
      if (row && rowsOf().includes(row)) {
        rowsOf().forEach((r) => r.classList.toggle("area-current", r === row));
        current = row;
      }
    });
  });
})();
