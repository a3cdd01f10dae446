// The article's photos in order: 上移/下移 buttons (keyboard), and dragging a photo.
// Moving a photo renumbers the 顺序 fields; saving the article stores the order.
(function () {
  "use strict";
  function rows(group) {
    return Array.from(group.querySelectorAll(".inline-related:not(.empty-form)")).filter(
      (row) => row.querySelector("input[name$='-order']")
    );
  }
  function renumber(group) {
    rows(group).forEach((row, i) => {
      const input = row.querySelector("input[name$='-order']");
      if (input.value !== String(i + 1)) {
        input.value = String(i + 1);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
  function move(group, row, step, focus) {
    const list = rows(group);
    const index = list.indexOf(row);
    const target = list[index + step];
    if (!target) return;
    if (step < 0) target.before(row);
    else target.after(row);
    renumber(group);
    if (focus) focus.focus();
    const status = group.querySelector(".photos-order-status");
    if (status) status.textContent = "已移到第 " + (rows(group).indexOf(row) + 1) + " 张。";
  }
  function setUp(group) {
    const status = document.createElement("p");
    status.className = "photos-order-status";
    status.setAttribute("role", "status");
    group.prepend(status);
    rows(group).forEach((row) => {
      const bar = document.createElement("div");
      bar.className = "photos-order-buttons";
      for (const [label, step] of [["上移", -1], ["下移", 1]]) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = label;
        button.className = "button photos-move";
        button.addEventListener("click", () => move(group, row, step, button));
        bar.append(button);
      }
      row.querySelector("h3")?.after(bar);
      row.draggable = true;
      row.addEventListener("dragstart", (e) => {
        if (e.target.closest("input, textarea, select")) return;
        group.dataset.dragging = Array.from(group.children).indexOf(row);
        row.classList.add("photos-dragging");
      });
      row.addEventListener("dragend", () => row.classList.remove("photos-dragging"));
      row.addEventListener("dragover", (e) => e.preventDefault());
      row.addEventListener("drop", (e) => {
        e.preventDefault();
        const dragged = group.querySelector(".photos-dragging");
        if (!dragged || dragged === row) return;
        const list = rows(group);
        if (list.indexOf(dragged) < list.indexOf(row)) row.after(dragged);
        else row.before(dragged);
        renumber(group);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".photos-inline").forEach(setUp);
  });
})();
