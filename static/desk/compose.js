// Composing an issue by dragging (SortableJS, served from node_modules by the site).
//
// Each drop is posted as the same "移到" move the no-script form makes (op=move, target,
// position): the server checks it (compose.move) and announces it through the change
// seam. The screen is then read again from the server, so what is shown is always
// what was saved; a refused move shows the server's message and the old order.
(function () {
  "use strict";

  function announce(text) {
    const status = document.getElementById("compose-status");
    if (status) status.textContent = text;
  }

  function pagePosition(item) {
    // 1-based place in the page's print order, as the position field means it.
    const section = item.closest(".compose-page");
    const all = Array.from(section.querySelectorAll(".compose-blocks .compose-article"));
    const index = all.indexOf(item);
    return index < 0 ? "" : String(index + 1);
  }

  async function reload() {
    const response = await fetch(window.location.pathname, { credentials: "same-origin" });
    const html = await response.text();
    const fresh = new DOMParser().parseFromString(html, "text/html");
    const main = document.getElementById("content-main");
    const newMain = fresh.getElementById("content-main");
    if (newMain) main.replaceWith(newMain);
    const messages = document.querySelector(".messagelist");
    const newMessages = fresh.querySelector(".messagelist");
    if (messages) messages.remove();
    if (newMessages) document.getElementById("content").before(newMessages);
    setUp();
  }

  async function moved(event) {
    const item = event.item;
    const list = event.to;
    const form = item.querySelector("form.move-form");
    if (!form) return;
    const data = new FormData(form);
    data.set("op", "move");
    data.set("target", list.dataset.target);
    // A zone has no articles yet: last on the page (the run's block is made there).
    data.set("position", list.classList.contains("compose-drop") ? "" : pagePosition(item));
    announce("正在保存新的位置……");
    document.body.classList.add("is-saving");
    try {
      await fetch(window.location.pathname, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        redirect: "manual", // the answer is a redirect; the messages come with the reload
      });
    } catch (e) {
      announce("网络出错,没有保存;页面已恢复为服务器上的顺序。");
    }
    await reload();
    document.body.classList.remove("is-saving");
    const again = document.querySelector(`[data-article="${item.dataset.article}"] .drag-handle`);
    if (again) again.closest(".compose-article").querySelector("a")?.focus();
  }

  function setUp() {
    if (typeof Sortable === "undefined") return; // no SortableJS: the buttons still work
    document.body.classList.add("can-drag");
    // A zone only where the page has no block of that target yet (an empty page, a
    // column run with no article): elsewhere an article is dropped into the block.
    document.querySelectorAll(".compose-drop").forEach((zone) => {
      const section = zone.closest(".compose-page");
      const block = section.querySelector(`.compose-blocks [data-target="${zone.dataset.target}"]`);
      zone.hidden = Boolean(block);
    });
    const lists = document.querySelectorAll(".compose-block[data-target], .compose-drop[data-target]");
    lists.forEach((list) => {
      Sortable.create(list, {
        group: "compose",
        handle: ".drag-handle",
        draggable: ".compose-article",
        animation: 120,
        forceFallback: true, // the same pointer dragging with a mouse and on touch screens
        fallbackOnBody: true,
        ghostClass: "compose-ghost",
        chosenClass: "compose-chosen",
        onEnd: (event) => {
          if (event.from === event.to && event.oldIndex === event.newIndex) return;
          moved(event);
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
