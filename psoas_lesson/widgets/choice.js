// One choice among a few, as the browser's own controls: a <select> with its <label>, or a group
// of radio buttons under a <fieldset>'s <legend> (look "radios"; look "buttons" draws the same
// radios as a row of buttons). The kernel holds the values; the page knows the labels and the
// chosen index, and sends a new index at once (each choice redraws a card, a chart or a timer).
//
// Every element that takes the focus keeps its keys from the notebook (widget_dom.js keepKeys).

import { uid, keepKeys, RADIO_KEYS, radioChoice } from "./widget_dom.js";

// A <select> moves with the radios' keys and a page at a time.
const SELECT_KEYS = new Set([...RADIO_KEYS, "PageUp", "PageDown"]);

function renderSelect({ model, el }) {
  const id = uid("psoas-choice");
  const label = document.createElement("label");
  label.className = "psoas-choice-label";
  label.htmlFor = id;
  const select = document.createElement("select");
  select.id = id;
  select.className = "psoas-choice-input";
  keepKeys(select, SELECT_KEYS);
  el.append(label, select);
  const sync = () => {
    label.textContent = model.get("description");
    label.hidden = !model.get("description");
    const labels = model.get("labels");
    if (select.options.length !== labels.length
        || Array.from(select.options).some((option, i) => option.text !== labels[i])) {
      select.replaceChildren(...labels.map((text) => {
        const option = document.createElement("option");
        option.text = text;
        option.value = text;
        return option;
      }));
    }
    const index = model.get("index");
    select.selectedIndex = index === null || index === undefined ? -1 : index;
    select.disabled = model.get("disabled");
  };
  select.addEventListener("change", () => {
    model.set("index", select.selectedIndex < 0 ? null : select.selectedIndex);
    model.save_changes();
  });
  return sync;
}

function renderRadios({ model, el }) {
  const name = uid("psoas-choice");
  const group = document.createElement("fieldset");
  group.className = "psoas-choice-group";
  const legend = document.createElement("legend");
  legend.className = "psoas-choice-legend";
  const options = document.createElement("div");
  options.className = "psoas-choice-options";
  group.append(legend, options);
  el.append(group);
  let inputs = [];
  const sync = () => {
    legend.textContent = model.get("description");
    const labels = model.get("labels");
    if (inputs.length !== labels.length
        || inputs.some((input, i) => input.parentElement.textContent !== labels[i])) {
      inputs = labels.map((text, index) => radioChoice({
        group: name,
        index,
        text,
        classes: { radio: "psoas-choice-radio", label: "psoas-choice-option",
                   words: "psoas-choice-text" },
        pick: (i) => {
          model.set("index", i);
          model.save_changes();
        },
      }));
      options.replaceChildren(...inputs.map((input) => input.parentElement));
    }
    const index = model.get("index");
    inputs.forEach((input, i) => {
      input.checked = i === index;
      input.disabled = model.get("disabled");
      input.parentElement.classList.toggle("psoas-choice-chosen", i === index);
    });
  };
  return sync;
}

function render({ model, el }) {
  const look = model.get("look");
  el.classList.add("psoas-choice", `psoas-choice-${look}`);
  const sync = look === "select" ? renderSelect({ model, el }) : renderRadios({ model, el });
  for (const name of ["labels", "index", "description", "disabled"]) {
    model.on(`change:${name}`, sync);
  }
  sync();
}

export default { render };
