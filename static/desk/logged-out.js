// After logging out: forget the drafts static/desk/editor.js kept in this browser
// ("kexiebao:draft:<user>:<article>"), so the next person at a shared computer cannot
// read them. The reader's font size and other settings stay.
(function () {
  "use strict";
  try {
    const keys = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key && key.startsWith("kexiebao:draft:")) keys.push(key);
    }
    keys.forEach((key) => localStorage.removeItem(key));
  } catch (e) {
    // storage disabled: nothing was kept
  }
})();
