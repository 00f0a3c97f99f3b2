// What the lesson's small widgets share (slider, figure list, choice, quiz). anywidget loads a
// widget's module from a blob: URL, where a relative import cannot be resolved, so the package
// puts this file in place of each widget's `import ... from "./widget_dom.js"` line
// (styles.py `module`); Node's tests import it as it is.

// Unique per view, not per module: anywidget may load a fresh copy of a module for each model,
// so a module-level counter restarts at 0, and views drawn in the same millisecond shared an id
// (one slider's label named them all). crypto.randomUUID needs a secure context; the fallback
// does not.
export function uid(prefix) {
  const random = globalThis.crypto && typeof globalThis.crypto.randomUUID === "function"
    ? globalThis.crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  return `${prefix}-${random}`;
}

// The notebook must not take a control's keys: JupyterLab's arrow keys select the next cell
// (its shortcuts listen as keydown bubbles), and Notebook 7 reads its shortcuts in the capture
// phase, before the control sees them; lumino's lookup stops at an element marked
// data-lm-suppress-shortcuts, testing the focused element itself before any ancestor. So the
// mark goes on each element that takes the focus, and `keys` stop at it.
export function keepKeys(control, keys) {
  control.dataset.lmSuppressShortcuts = "true";
  control.addEventListener("keydown", (event) => {
    if (keys.has(event.key) && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.stopPropagation();
    }
  });
}

// The keys a radio group moves with (arrows; Home and End in some browsers) and Space, which picks.
export const RADIO_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End",
                                   " "]);

// One radio of a group (the choice widget's radios and a quiz question's answers): the radio
// inside its <label>, so a click on the words picks it, named with its group, so the group is one
// Tab stop. `pick(index)` runs when the learner picks it. Returns the radio; its label is its
// parentElement. `classes` names the radio, its label and its words for the widget's stylesheet.
export function radioChoice({ group, index, text, classes, pick }) {
  const radio = document.createElement("input");
  radio.type = "radio";
  radio.name = group;
  radio.value = String(index);
  radio.className = classes.radio;
  keepKeys(radio, RADIO_KEYS);
  radio.addEventListener("change", () => {
    if (radio.checked) pick(index);
  });
  const words = document.createElement("span");
  if (classes.words) words.className = classes.words;
  words.textContent = text;
  const label = document.createElement("label");
  label.className = classes.label;
  label.append(radio, words);
  return radio;
}
