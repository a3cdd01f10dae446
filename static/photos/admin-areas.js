// Drawing an article's area on the page's facsimile. Choose the area's row (focus any of
// its fields), then drag a rectangle on the picture; the row's numeric fields (fractions
// of the page, 0–1) are filled in. For an article set around a photo or another story,
// press 画多边形, click the corners one by one and press 完成多边形 (or Enter, or
// double-click); the row gets the points and their bounding rectangle. Esc abandons the
// points. The numeric fields and the polygon's text remain the keyboard way. Every row's
// area is drawn on the picture (dashed while it is an automatic proposal), numbered as
// its row, and follows the fields as they are edited.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  let current = null;
  let points = null; // while a polygon is being drawn: [[x, y], ...]
  function rowsOf() {
    return Array.from(document.querySelectorAll(".area-inline tr.form-row:not(.empty-form)"));
  }
  function round(v) {
    return Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
  }
  function field(row, name) {
    return row.querySelector("[name$='-" + name + "']");
  }
  function fill(row, box) {
    for (const [name, value] of Object.entries(box)) {
      const input = field(row, name);
      if (input) input.value = String(round(value));
    }
  }
  function value(row, name) {
    const input = field(row, name);
    return input ? parseFloat(input.value) : NaN;
  }
  function polygonOf(row) {
    const input = field(row, "polygon");
    try {
      const parsed = JSON.parse((input && input.value) || "[]");
      return Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      return [];
    }
  }
  function svgShape(points, className) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 1000 1000");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("class", className);
    const shape = document.createElementNS(SVG, className === "area-trace" ? "polyline" : "polygon");
    shape.setAttribute("points", points.map((p) => p[0] * 1000 + "," + p[1] * 1000).join(" "));
    svg.append(shape);
    return svg;
  }
  function drawAll(layer) {
    layer.querySelectorAll(".area-box, .area-shape, .area-trace").forEach((el) => el.remove());
    rowsOf().forEach((row, i) => {
      const box = { x: value(row, "x"), y: value(row, "y"), w: value(row, "w"), h: value(row, "h") };
      if (Object.values(box).some((v) => Number.isNaN(v)) || box.w <= 0 || box.h <= 0) return;
      const removed = field(row, "DELETE");
      if (removed && removed.checked) return;
      const proposed = field(row, "proposed");
      const select = field(row, "article");
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
      const polygon = polygonOf(row);
      if (polygon.length >= 3) {
        el.classList.add("has-polygon");
        layer.append(svgShape(polygon, "area-shape" + (row === current ? " is-current" : "")));
      }
    });
    if (points && points.length) layer.append(svgShape(points, "area-trace"));
  }
  function finishPolygon(layer, button) {
    if (points && current && points.length >= 3) {
      const xs = points.map((p) => p[0]);
      const ys = points.map((p) => p[1]);
      const x = Math.min(...xs), y = Math.min(...ys);
      fill(current, { x: x, y: y, w: Math.max(...xs) - x, h: Math.max(...ys) - y });
      field(current, "polygon").value = JSON.stringify(points.map((p) => [round(p[0]), round(p[1])]));
      const proposed = field(current, "proposed");
      if (proposed) proposed.checked = false; // drawn by the editor
    }
    points = null;
    layer.classList.remove("is-polygon");
    button.textContent = "画多边形";
    button.setAttribute("aria-pressed", "false");
    drawAll(layer);
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
    const tools = document.createElement("p");
    tools.className = "area-tools";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "画多边形";
    button.setAttribute("aria-pressed", "false");
    const hint = document.createElement("span");
    hint.className = "help";
    hint.textContent = "先点选下面文章区域的一行;拖动画矩形,或按“画多边形”后逐点单击,Enter 或双击完成,Esc 放弃。";
    tools.append(button, " ", hint);
    layer.after(tools);
    button.addEventListener("click", () => {
      if (points) return finishPolygon(layer, button);
      if (!current) {
        hint.textContent = "请先点选下面“文章区域”中要画的那一行。";
        return;
      }
      points = [];
      layer.classList.add("is-polygon");
      button.textContent = "完成多边形";
      button.setAttribute("aria-pressed", "true");
    });
    let start = null;
    function point(e) {
      const r = image.getBoundingClientRect();
      return { x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height };
    }
    image.addEventListener("dragstart", (e) => e.preventDefault());
    image.addEventListener("pointerdown", (e) => {
      if (!current) return;
      if (points) {
        const p = point(e);
        points.push([round(p.x), round(p.y)]);
        drawAll(layer);
        return;
      }
      start = point(e);
      rect.hidden = false;
    });
    image.addEventListener("dblclick", () => {
      if (points) finishPolygon(layer, button);
    });
    document.addEventListener("keydown", (e) => {
      if (!points) return;
      if (e.key === "Enter") {
        e.preventDefault(); // not the form's submit
        finishPolygon(layer, button);
      } else if (e.key === "Escape") {
        points = [];
        finishPolygon(layer, button);
      }
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
      const polygon = field(current, "polygon");
      if (polygon) polygon.value = "[]"; // a rectangle now
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
      if (row && rowsOf().includes(row) && row !== current) {
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
