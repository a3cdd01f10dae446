// Drawing an article's area on the page's facsimile: choose the area's row (focus any of
// its fields), then drag a rectangle on the picture; the row's numeric fields (fractions
// of the page, 0–1) are filled in. The numeric fields remain the keyboard way. Every
// row's area is drawn on the picture (dashed while it is an automatic proposal), numbered
// and named as its row, and follows the fields as they are edited.
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
  function value(row, name) {
    const input = row.querySelector("input[name$='-" + name + "']");
    return input ? parseFloat(input.value) : NaN;
  }
  function drawAll(layer) {
    layer.querySelectorAll(".area-box").forEach((el) => el.remove());
    rowsOf().forEach((row, i) => {
      const box = { x: value(row, "x"), y: value(row, "y"), w: value(row, "w"), h: value(row, "h") };
      if (Object.values(box).some((v) => Number.isNaN(v)) || box.w <= 0 || box.h <= 0) return;
      const removed = row.querySelector("input[name$='-DELETE']");
      if (removed && removed.checked) return;
      const proposed = row.querySelector("input[name$='-proposed']");
      const select = row.querySelector("select[name$='-article']");
      const el = document.createElement("div");
      el.className = "area-box" + (proposed && proposed.checked ? " is-proposed" : "") +
        (row === current ? " is-current" : "");
      el.style.left = box.x * 100 + "%";
      el.style.top = box.y * 100 + "%";
      el.style.width = box.w * 100 + "%";
      el.style.height = box.h * 100 + "%";
      const label = document.createElement("span");
      label.textContent = String(i + 1);
      el.title = select && select.selectedIndex >= 0 ? select.options[select.selectedIndex].text : "";
      el.append(label);
      layer.append(el);
    });
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
      if (start) rect.hidden = true;
      start = null;
      drawAll(layer);
    });
    return layer;
  }
  document.addEventListener("DOMContentLoaded", () => {
    const image = document.querySelector("[data-facsimile]");
    if (!image) return;
    const layer = boxesLayer(image);
    drawAll(layer);
    document.addEventListener("focusin", (e) => {
      const row = e.target.closest(".area-inline tr.form-row");
      if (row && rowsOf().includes(row)) {
        rowsOf().forEach((r) => r.classList.toggle("area-current", r === row));
        current = row;
        drawAll(layer);
      }
    });
    for (const kind of ["input", "change"]) {
      document.addEventListener(kind, (e) => {
        if (e.target.closest(".area-inline")) drawAll(layer);
      });
    }
  });
})();
