// A labelled slider: a native <input type="range"> with a <label> tied to it and an <output>
// showing the value, so screen readers announce "Hold (s), slider, 30 seconds" and the keyboard
// works as everywhere else. The value is sent to the kernel when the learner lets go (change),
// not on every step of a drag: each change redraws a chart.

// Unique per view, not per module: anywidget may load a fresh copy of this module for each
// model, so a module-level counter restarts at 0, and views drawn in the same millisecond shared
// an id (one slider's label named them all). crypto.randomUUID needs a secure context.
export function uid(prefix) {
  const random = globalThis.crypto && typeof globalThis.crypto.randomUUID === "function"
    ? globalThis.crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  return `${prefix}-${random}`;
}

function render({ model, el }) {
  const id = uid("psoas-slider");
  el.classList.add("psoas-slider");
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "psoas-slider-label";
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.className = "psoas-slider-input";
  // JupyterLab binds the arrow keys in command mode (ArrowRight opens the next heading, ArrowDown
  // selects the next cell) and would take them from a focused slider: keep the slider's own keys.
  // Notebook 7 reads shortcuts in the capture phase, before the input's own handler, and lumino
  // tests the focused element itself before its ancestors: the mark must be on the input.
  input.dataset.lmSuppressShortcuts = "true";
  const output = document.createElement("output");
  output.htmlFor = id;
  output.className = "psoas-slider-value";
  output.setAttribute("aria-hidden", "true"); // the slider's own aria-valuetext says it
  el.append(label, input, output);

  const words = (value) => {
    let unit = model.get("unit_words");
    if (Number(value) === 1) unit = unit.replace(/^(\w+?)s\b/, "$1"); // "1 set", "1 breath a minute"
    return unit ? `${value} ${unit}` : `${value}`;
  };
  const show = (value) => {
    output.textContent = String(value);
    input.setAttribute("aria-valuetext", words(value));
  };
  const sync = () => {
    label.textContent = model.get("description");
    input.min = String(model.get("min"));
    input.max = String(model.get("max"));
    input.step = String(model.get("step"));
    input.value = String(model.get("value"));
    input.disabled = model.get("disabled");
    el.classList.toggle("psoas-slider-disabled", model.get("disabled"));
    el.style.setProperty("--psoas-accent", model.get("accent"));
    show(model.get("value"));
  };
  const ownKeys = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End",
                           "PageUp", "PageDown"]);
  input.addEventListener("keydown", (event) => {
    if (ownKeys.has(event.key)) event.stopPropagation();
  });
  input.addEventListener("input", () => show(input.value));
  input.addEventListener("change", () => {
    model.set("value", Number(input.value));
    model.save_changes();
  });
  const names = ["value", "min", "max", "step", "description", "disabled", "unit_words", "accent"];
  for (const name of names) {
    model.on(`change:${name}`, sync);
  }
  sync();
}

export default { render };
