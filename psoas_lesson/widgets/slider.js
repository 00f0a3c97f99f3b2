// A labelled slider: a native <input type="range"> with a <label> tied to it and an <output>
// showing the value, so screen readers announce "Hold (s), slider, 30 seconds" and the keyboard
// works as everywhere else. The value is sent to the kernel when the learner lets go (change),
// not on every step of a drag: each change redraws a chart.

import { uid, keepKeys } from "./widget_dom.js";

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
  keepKeys(input, new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End",
                           "PageUp", "PageDown"]));
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
