// The console's keyboard shortcuts on the review queue: j/k move between targets,
// a/r press the selected target's Approve/Reject button. Nothing else; no network.
"use strict";

(function () {
  const targets = () => Array.from(document.querySelectorAll("[data-target]"));
  let current = -1;

  function select(index) {
    const all = targets();
    if (all.length === 0) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((element, i) => element.classList.toggle("selected", i === current));
    all[current].focus();
    all[current].scrollIntoView({ block: "nearest" });
  }

  function press(key) {
    const all = targets();
    if (current < 0 || current >= all.length) return;
    const button = all[current].querySelector(`button[data-key="${key}"]`);
    if (button) button.click();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const field = event.target.closest && event.target.closest("input, textarea, select");
    if (field) return; // typing a note is not a shortcut
    if (event.key === "j") select(current + 1);
    else if (event.key === "k") select(current - 1);
    else if (event.key === "a" || event.key === "r") press(event.key);
    else return;
    event.preventDefault();
  });
})();
