// One self-check question: the prompt names a radio group (a <fieldset> and its <legend>: one Tab
// stop, the arrow keys move the choice), a Check button, and the feedback in a polite live
// region, so a screen reader says the verdict without the learner going to find it. The right
// answer is not here: the kernel sends the feedback only once the learner has checked.
//
// After Check the button stays, enabled and focused (a button that disables itself drops the
// focus to the page): pressing it again says the verdict again.

import { uid, keepKeys, radioChoice } from "./widget_dom.js";

function render({ model, el }) {
  const name = uid("psoas-quiz");
  el.classList.add("psoas-quiz-question-view");
  const group = document.createElement("fieldset");
  group.className = "psoas-quiz-group";
  const legend = document.createElement("legend");
  legend.className = "psoas-quiz-prompt";
  const number = document.createElement("strong");
  const prompt = document.createElement("span");
  legend.append(number, prompt);
  const options = document.createElement("div");
  options.className = "psoas-quiz-choices";
  group.append(legend, options);
  const check = document.createElement("button");
  check.type = "button";
  check.className = "psoas-quiz-check";
  check.textContent = "Check";
  keepKeys(check, new Set([" ", "Enter"]));
  const feedback = document.createElement("div");
  feedback.className = "psoas-quiz-feedback";
  feedback.setAttribute("aria-live", "polite");
  el.append(group, check, feedback);

  let radios = [];
  const drawChoices = () => {
    radios = model.get("options").map((text, index) => radioChoice({
      group: name,
      index,
      text,
      classes: { radio: "psoas-quiz-radio", label: "psoas-quiz-choice" },
      pick: (i) => {
        model.set("chosen", i);
        model.save_changes();
      },
    }));
    options.replaceChildren(...radios.map((radio) => radio.parentElement));
  };

  let shown = null;
  const sync = () => {
    number.textContent = `${model.get("number")}. `;
    prompt.textContent = model.get("prompt");
    const chosen = model.get("chosen");
    const locked = model.get("locked");
    radios.forEach((radio, i) => {
      radio.checked = i === chosen;
      radio.disabled = locked;
    });
    // Once checked, the marked list in the feedback stands in for the choices.
    options.hidden = locked;
    el.classList.toggle("psoas-quiz-locked", locked);
    const html = model.get("feedback");
    if (html !== shown) {
      shown = html;
      feedback.innerHTML = html; // the kernel's own markup, every data string escaped there
    }
  };

  check.addEventListener("click", () => {
    if (model.get("locked")) {
      // Say it again: empty the live region, then put the verdict back.
      feedback.textContent = "";
      setTimeout(() => { feedback.innerHTML = shown || ""; }, 100);
      return;
    }
    const picked = radios.findIndex((radio) => radio.checked);
    model.send({ event: "check", chosen: picked < 0 ? null : picked });
  });

  model.on("change:options", () => { drawChoices(); sync(); });
  for (const trait of ["number", "prompt", "chosen", "locked", "feedback"]) {
    model.on(`change:${trait}`, sync);
  }
  drawChoices();
  sync();
}

export default { render };
