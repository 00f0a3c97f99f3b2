// The lesson's own controls (psoas_lesson/widgets/slider.js, figure_list.js, choice.js): ids
// unique per view, labels tied to their own control, and the keys they move with kept from the
// notebook, in JupyterLab (stopPropagation) and Notebook 7 (data-lm-suppress-shortcuts on the
// focused element itself: lumino tests that element before its ancestors).
import assert from "node:assert/strict";
import { test } from "node:test";

import { FakeElement, byClass, fakeModel, installDocument } from "./fake_dom.mjs";

installDocument();
const slider = (await import("../../psoas_lesson/widgets/slider.js")).default;
const { uid } = await import("../../psoas_lesson/widgets/widget_dom.js");
const choice = (await import("../../psoas_lesson/widgets/choice.js")).default;

const SUPPRESS = "data-lm-suppress-shortcuts";

function sliderModel(description) {
  return fakeModel({ value: 30, min: 5, max: 60, step: 1, description, disabled: false,
                     unit_words: "seconds", accent: "#0072B2" });
}

function renderSlider(description, module = slider) {
  const el = new FakeElement("div");
  module.render({ model: sliderModel(description), el });
  return el;
}

// anywidget may load a fresh copy of a widget's module for each model: a query makes one here.
let copies = 0;
async function freshCopy(path) {
  copies += 1;
  return (await import(`${path}?copy=${copies}`)).default;
}

test("sliders drawn in the same millisecond each have their own id and label", async () => {
  const realNow = Date.now;
  Date.now = () => 1_700_000_000_000; // the same millisecond for every view
  try {
    const names = ["Hold (s)", "Reps per side", "Sets", "Rest between (s)"];
    const views = [];
    for (const name of names) {
      views.push(renderSlider(name, await freshCopy("../../psoas_lesson/widgets/slider.js")));
    }
    const inputs = views.map((el) => byClass(el, "psoas-slider-input")[0]);
    const labels = views.map((el) => byClass(el, "psoas-slider-label")[0]);
    assert.equal(new Set(inputs.map((input) => input.id)).size, names.length);
    labels.forEach((label, i) => {
      assert.equal(label.htmlFor, inputs[i].id);
      assert.equal(label.textContent, names[i]);
    });
  } finally {
    Date.now = realNow;
  }
});

test("uid stays unique without crypto.randomUUID (an http page that is not localhost)", () => {
  const real = globalThis.crypto;
  Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true });
  try {
    const ids = new Set(Array.from({ length: 500 }, () => uid("x")));
    assert.equal(ids.size, 500);
  } finally {
    Object.defineProperty(globalThis, "crypto", { value: real, configurable: true });
  }
});

test("the slider's input itself keeps its keys from JupyterLab and Notebook 7", () => {
  const el = renderSlider("Hold (s)");
  const input = byClass(el, "psoas-slider-input")[0];
  assert.equal(input.getAttribute(SUPPRESS), "true");
  for (const key of ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End"]) {
    assert.equal(input.dispatch("keydown", { key }).stopped, true, key);
  }
  assert.equal(input.dispatch("keydown", { key: "Tab" }).stopped, false);
});

test("the builder's list box itself keeps its keys, and two lists have their own ids", async () => {
  const realNow = Date.now;
  Date.now = () => 1_700_000_000_000;
  const modules = [await freshCopy("../../psoas_lesson/widgets/figure_list.js"),
                   await freshCopy("../../psoas_lesson/widgets/figure_list.js")];
  const views = modules.map((module) => {
    const el = new FakeElement("div");
    const model = fakeModel({ options: [["1. Bridge", 0], ["2. Sphinx", 1]], figures: [],
                              value: 0, description: "In order", no_figure: "no drawing",
                              accent: "#0072B2" });
    module.render({ model, el });
    return { el, model };
  });
  Date.now = realNow;
  const boxes = views.map(({ el }) => el.querySelector('[role="listbox"]') ||
                                     el.querySelectorAll('[role="listbox"]')[0]);
  assert.ok(boxes.every((box) => box && box.getAttribute(SUPPRESS) === "true"));
  const ids = views.flatMap(({ el }) => el.descendants().map((node) => node.id).filter(Boolean));
  assert.equal(new Set(ids).size, ids.length, "an id is used twice");
  const { stopped, prevented } = boxes[0].dispatch("keydown", { key: "ArrowDown" });
  assert.ok(stopped && prevented);
  assert.equal(views[0].model.values.value, 1);
});

function renderChoice(look, labels = ["any", "yoga pose", "static stretch"]) {
  const el = new FakeElement("div");
  const model = fakeModel({ look, labels, index: 0, description: "Kind", disabled: false });
  choice.render({ model, el });
  return { el, model };
}

test("a select choice is labelled by its own label and keeps its keys", () => {
  const [one, two] = [renderChoice("select"), renderChoice("select")];
  const selects = [one, two].map(({ el }) => el.querySelector("select"));
  const labels = [one, two].map(({ el }) => el.querySelector("label"));
  assert.notEqual(selects[0].id, selects[1].id);
  labels.forEach((label, i) => assert.equal(label.htmlFor, selects[i].id));
  assert.equal(selects[0].getAttribute(SUPPRESS), "true");
  for (const key of ["ArrowUp", "ArrowDown", "Home", "End", "PageDown", " "]) {
    assert.equal(selects[0].dispatch("keydown", { key }).stopped, true, key);
  }
  selects[0].selectedIndex = 2;
  selects[0].dispatch("change");
  assert.equal(one.model.values.index, 2);
});

for (const look of ["radios", "buttons"]) {
  test(`a ${look} choice is one radio group under its legend, every radio keeping its keys`, () => {
    const [one, two] = [renderChoice(look), renderChoice(look)];
    const radios = one.el.querySelectorAll("input");
    assert.equal(radios.length, 3);
    assert.equal(one.el.querySelector("fieldset").children[0].tagName, "LEGEND");
    assert.equal(one.el.querySelector("legend").textContent, "Kind");
    assert.equal(new Set(radios.map((r) => r.name)).size, 1, "one group: one name");
    assert.notEqual(radios[0].name, two.el.querySelector("input").name, "two groups, two names");
    assert.ok(radios.every((r) => r.type === "radio" && r.getAttribute(SUPPRESS) === "true"));
    assert.ok(radios[0].checked && !radios[1].checked);
    assert.equal(radios[1].dispatch("keydown", { key: "ArrowDown" }).stopped, true);
    radios[2].checked = true;
    radios[2].dispatch("change");
    assert.equal(one.model.values.index, 2);
    one.model.change("index", 1); // the kernel moves it
    assert.ok(radios[1].checked && !radios[2].checked);
  });
}

const quizView = (await import("../../psoas_lesson/widgets/quiz.js")).default;

function renderQuestion() {
  const el = new FakeElement("div");
  const model = fakeModel({ number: 2, prompt: "Where does the psoas insert?", chosen: null,
                            options: ["The iliac crest", "The lesser trochanter", "The knee"],
                            locked: false, feedback: "" });
  quizView.render({ model, el });
  return { el, model };
}

test("a quiz question is one radio group named by its question, its feedback a live region", () => {
  const { el, model } = renderQuestion();
  const group = el.querySelector("fieldset");
  assert.equal(group.children[0].tagName, "LEGEND");
  assert.equal(group.children[0].textContent, "2. Where does the psoas insert?");
  const radios = el.querySelectorAll("input");
  assert.equal(radios.length, 3);
  assert.equal(new Set(radios.map((r) => r.name)).size, 1);
  assert.notEqual(radios[0].name, renderQuestion().el.querySelector("input").name);
  const check = el.querySelector("button");
  for (const control of [...radios, check]) assert.equal(control.getAttribute(SUPPRESS), "true");
  assert.equal(radios[0].dispatch("keydown", { key: "ArrowDown" }).stopped, true);
  const feedback = byClass(el, "psoas-quiz-feedback")[0];
  assert.equal(feedback.getAttribute("aria-live"), "polite");
  // Check sends the choice; the verdict comes back from the kernel.
  radios[1].checked = true;
  radios[1].dispatch("change");
  check.dispatch("click");
  assert.deepEqual(model.sent, [{ event: "check", chosen: 1 }]);
  model.change("feedback", "<p>Correct</p>");
  model.change("locked", true);
  assert.equal(check.disabled, false, "the focused button stays usable");
  assert.ok(radios.every((r) => r.disabled));
  check.dispatch("click"); // again: says the verdict again, sends nothing
  assert.equal(model.sent.length, 1);
});
