// The article form's helpers (a static file: the desk's CSP allows no inline script).
//
// - a live preview beside the form, with the reader site's typography;
// - a character count (whitespace not counted, as the page fill counts);
// - the form's text kept in this browser while typing (localStorage), offered back
//   after a crash or a closed tab. A restored draft carries the version it was typed
//   on: saving it goes through the server's version check, so a copy older than the
//   last save is refused with the usual message and never overwrites it;
// - pasted text cleaned of control characters (tab and line breaks kept), nothing else.
(function () {
  "use strict";

  const TEXT_FIELDS = ["kicker", "title", "subtitle", "body", "captions"];
  const SECTION_FIELD = /^sections-\d+-(heading|body)$/;
  // C0 and C1 control characters except tab (\t) and line feed (\n); \r\n becomes \n.
  const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

  function clean(text) {
    return text.replace(/\r\n?/g, "\n").replace(CONTROL, "");
  }

  function characters(text) {
    return Array.from((text || "").replace(/\s+/gu, "")).length;
  }

  function paragraphs(text) {
    return (text || "")
      .replace(/\r\n/g, "\n")
      .split("\n\n")
      .map((p) => p.trim())
      .filter(Boolean);
  }

  function setUp(form, panel) {
    const userId = panel.dataset.user;
    const articleId = panel.dataset.article;
    const key = "kexiebao:draft:" + userId + ":" + articleId;
    const expected = form.querySelector("input[name=expected_version]");
    const loadedVersion = expected ? expected.value : "";
    const field = (name) => form.elements.namedItem(name);

    function keptFields() {
      const out = [];
      for (const name of TEXT_FIELDS) if (field(name)) out.push(field(name));
      for (const el of form.querySelectorAll("textarea, input[type=text]")) {
        if (SECTION_FIELD.test(el.name)) out.push(el);
      }
      return out;
    }

    // ---------------------------------------------------------------- preview
    const preview = panel.querySelector("#live-preview");
    const count = panel.querySelector("#char-count");
    const expectedLength = parseInt(panel.dataset.expectedLength || "0", 10);

    function renderParagraphs(container, text) {
      container.replaceChildren(
        ...paragraphs(text).map((p) => {
          const el = document.createElement("p");
          el.textContent = p;
          return el;
        })
      );
    }

    function render() {
      for (const name of ["kicker", "title", "subtitle"]) {
        const out = preview.querySelector(`[data-preview=${name}]`);
        const value = field(name) ? field(name).value.trim() : "";
        out.textContent = value;
        out.hidden = !value;
      }
      const body = preview.querySelector("[data-preview=body]");
      renderParagraphs(body, field("body") ? field("body").value : "");
      let sectionChars = 0;
      for (const heading of form.querySelectorAll("[name^=sections-][name$=-heading]")) {
        const prefix = heading.name.replace(/-heading$/, "");
        const row = heading.closest(".inline-related");
        const gone = row && (row.classList.contains("empty-form") || form.elements.namedItem(prefix + "-DELETE")?.checked);
        if (gone || !heading.value.trim()) continue;
        const section = document.createElement("section");
        section.className = "roundup-section";
        const h = document.createElement("h2");
        h.textContent = heading.value.trim();
        const text = form.elements.namedItem(prefix + "-body");
        const div = document.createElement("div");
        renderParagraphs(div, text ? text.value : "");
        section.append(h, ...div.childNodes);
        body.append(section);
        sectionChars += characters(heading.value) + characters(text ? text.value : "");
      }
      const captions = preview.querySelector("[data-preview=captions]");
      const lines = (field("captions") ? field("captions").value : "")
        .split("\n")
        .map((c) => c.trim())
        .filter(Boolean);
      captions.replaceChildren(
        ...lines.map((c) => {
          const p = document.createElement("p");
          p.className = "caption";
          p.textContent = "▲ " + c;
          return p;
        })
      );
      const bodyChars = characters(field("body") ? field("body").value : "");
      const total =
        TEXT_FIELDS.reduce((n, name) => n + characters(field(name) ? field(name).value : ""), 0) +
        sectionChars;
      let text = `正文 ${bodyChars} 字 · 全文 ${total} 字(不计空格和换行)`;
      if (expectedLength) {
        const diff = total - expectedLength;
        text += ` · 稿位预计 ${expectedLength} 字,` + (diff > 0 ? `超出 ${diff} 字` : `还差 ${-diff} 字`);
      }
      count.textContent = text;
    }

    // ------------------------------------------------------------- the draft
    function snapshot() {
      const fields = {};
      for (const el of keptFields()) fields[el.name] = el.value;
      return fields;
    }

    function same(a, b) {
      const names = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const name of names) if ((a[name] || "") !== (b[name] || "")) return false;
      return true;
    }

    function read() {
      try {
        return JSON.parse(localStorage.getItem(key) || "null");
      } catch (e) {
        return null;
      }
    }

    const initial = snapshot();
    let timer = null;
    const offer = panel.querySelector("#draft-offer");
    function keep() {
      if (!offer.hidden) return; // an older draft waits for restore or discard
      clearTimeout(timer);
      timer = setTimeout(() => {
        const fields = snapshot();
        try {
          if (same(fields, initial) && !read()) return;
          localStorage.setItem(
            key,
            JSON.stringify({ fields, version: loadedVersion, savedAt: new Date().toISOString() })
          );
        } catch (e) {
          /* storage full or disabled: the form works as before */
        }
      }, 400);
    }

    const stored = read();
    if (stored && stored.fields) {
      if (same(stored.fields, initial)) {
        localStorage.removeItem(key); // saved since, or nothing new
      } else {
        const when = new Date(stored.savedAt);
        const base = stored.version ? `第 ${stored.version} 版上` : "新稿";
        offer.querySelector(".draft-offer-text").textContent =
          `这台电脑上有一份没保存的草稿(${base}修改,${when.toLocaleString("zh-CN")})。` +
          (stored.version && stored.version !== loadedVersion
            ? `这篇稿件现在是第 ${loadedVersion} 版:恢复后保存时会核对版本,若有人在此期间保存过,保存会被拒绝,您的文字仍留在表单里供对照。`
            : "恢复后请检查并保存。");
        offer.hidden = false;
        form.before(offer); // above the form: seen first, on a phone too
        offer.querySelector(".draft-restore").addEventListener("click", () => {
          for (const [name, value] of Object.entries(stored.fields)) {
            const el = form.elements.namedItem(name);
            if (el && "value" in el) el.value = value;
          }
          // The version the draft was typed on, not the one loaded now: the server's
          // compare-and-swap decides whether it may still be saved.
          if (expected && stored.version) expected.value = stored.version;
          offer.hidden = true;
          render();
          form.querySelector("[name=title]")?.focus();
        });
        offer.querySelector(".draft-discard").addEventListener("click", () => {
          localStorage.removeItem(key);
          offer.hidden = true;
        });
      }
    }

    // ------------------------------------------------------------ paste cleaning
    form.addEventListener("paste", (event) => {
      const el = event.target;
      if (!(el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && el.type === "text"))) return;
      const text = event.clipboardData && event.clipboardData.getData("text/plain");
      if (!text) return;
      const cleaned = clean(text);
      if (cleaned === text) return;
      event.preventDefault();
      if (!document.execCommand("insertText", false, cleaned)) {
        el.setRangeText(cleaned, el.selectionStart, el.selectionEnd, "end");
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });

    form.addEventListener("input", () => {
      render();
      keep();
    });
    render();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const panel = document.getElementById("live-editor");
    const form = document.getElementById("article_form");
    if (panel && form) setUp(form, panel);
  });

  // The admin's autocomplete boxes (select2) type into a search field with no name of its
  // own: give it the field's label, so screen readers say what is being typed.
  function nameSearchFields() {
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
      const label = document.querySelector(`label[for="${select.id}"]`);
      const search = select.nextElementSibling?.querySelector(".select2-search__field");
      if (label && search && !search.getAttribute("aria-label")) {
        search.setAttribute("aria-label", label.textContent.replace(/[::]\s*$/, "").trim());
      }
    }
  }
  window.addEventListener("load", () => {
    nameSearchFields();
    document.addEventListener("focusin", nameSearchFields);
  });

  window.kexiebaoEditor = { clean, characters };
})();
