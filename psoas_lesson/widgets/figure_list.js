// A listbox whose rows show a small figure and a line of text: the routine builder's exercises.
// It behaves like a <select>: a label tied to it, arrow keys, Home and End to move the choice,
// a click to choose; the choice goes to the kernel at once (each choice redraws the dose controls).

import { uid } from "./widget_dom.js";

function render({ model, el }) {
  const id = uid("psoas-figure-list");
  el.classList.add("psoas-figure-list");
  const label = document.createElement("div");
  label.id = `${id}-label`;
  label.className = "psoas-figure-list-label";
  const box = document.createElement("div");
  box.setAttribute("role", "listbox");
  box.setAttribute("aria-labelledby", label.id);
  box.tabIndex = 0;
  // JupyterLab and Notebook 7 bind the arrow keys in command mode: keep them for the list while
  // it has focus. The mark is on the focused box itself (see widget_dom.js keepKeys); its own
  // keydown handler below stops the keys it moves with.
  box.dataset.lmSuppressShortcuts = "true";
  box.className = "psoas-figure-list-box";
  el.append(label, box);

  const values = () => model.get("options").map((option) => option[1]);

  const choose = (value) => {
    if (value === model.get("value")) return;
    model.set("value", value);
    model.save_changes();
  };

  const mark = () => {
    const chosen = model.get("value");
    let active = null;
    box.querySelectorAll('[role="option"]').forEach((row) => {
      const selected = JSON.stringify(JSON.parse(row.dataset.value)) === JSON.stringify(chosen);
      row.setAttribute("aria-selected", selected ? "true" : "false");
      row.classList.toggle("psoas-figure-list-chosen", selected);
      if (selected) active = row;
    });
    if (active) {
      box.setAttribute("aria-activedescendant", active.id);
      const top = active.offsetTop - box.offsetTop;
      if (top < box.scrollTop) box.scrollTop = top;
      else if (top + active.offsetHeight > box.scrollTop + box.clientHeight) {
        box.scrollTop = top + active.offsetHeight - box.clientHeight;
      }
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  };

  const draw = () => {
    label.textContent = model.get("description");
    el.style.setProperty("--psoas-accent", model.get("accent"));
    const figures = model.get("figures");
    box.replaceChildren();
    model.get("options").forEach(([text, value], index) => {
      const row = document.createElement("div");
      row.setAttribute("role", "option");
      row.id = `${id}-option-${index}`;
      row.dataset.value = JSON.stringify(value);
      row.className = "psoas-figure-list-row";
      const picture = document.createElement("span");
      picture.className = "psoas-figure-list-figure";
      picture.setAttribute("aria-hidden", "true"); // the row's words name the exercise
      const svg = figures[index] || "";
      if (svg) {
        picture.innerHTML = svg; // the kernel's own SVG, every data string escaped there
      } else {
        picture.textContent = model.get("no_figure");
        picture.classList.add("psoas-figure-list-none");
      }
      const words = document.createElement("span");
      words.className = "psoas-figure-list-text";
      words.textContent = text;
      row.append(picture, words);
      row.addEventListener("click", () => {
        box.focus();
        choose(value);
      });
      box.append(row);
    });
    mark();
  };

  box.addEventListener("keydown", (event) => {
    const all = values();
    if (!all.length) return;
    const at = all.findIndex((v) => JSON.stringify(v) === JSON.stringify(model.get("value")));
    let next = null;
    if (event.key === "ArrowDown") next = Math.min(at + 1, all.length - 1);
    else if (event.key === "ArrowUp") next = at < 0 ? 0 : Math.max(at - 1, 0);
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = all.length - 1;
    if (next === null) return;
    event.preventDefault();
    event.stopPropagation();
    choose(all[next]);
  });

  model.on("change:options", draw);
  model.on("change:figures", draw);
  model.on("change:description", draw);
  model.on("change:value", mark);
  draw();
}

export default { render };
