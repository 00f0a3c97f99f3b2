// Just enough of a DOM for the lesson's small anywidget views (slider.js, figure_list.js,
// choice.js, quiz.js) to render under `node --test`: elements with attributes, classes,
// dataset, children and listeners, and a model that records what the view sends.

class ClassList {
  constructor() { this.names = new Set(); }
  add(...names) { names.forEach((n) => this.names.add(n)); }
  remove(...names) { names.forEach((n) => this.names.delete(n)); }
  contains(name) { return this.names.has(name); }
  toggle(name, on) {
    const want = on === undefined ? !this.names.has(name) : !!on;
    if (want) this.names.add(name); else this.names.delete(name);
    return want;
  }
}

function datasetKey(attribute) {
  return attribute.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

function datasetAttribute(key) {
  return "data-" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

export class FakeElement {
  constructor(tagName) {
    this.tagName = tagName.toUpperCase();
    this.children = [];
    this.parentElement = null;
    this.attributes = new Map();
    this.classList = new ClassList();
    this.listeners = new Map();
    this.style = { setProperty() {}, removeProperty() {} };
    this.hidden = false;
    this.disabled = false;
    this.checked = false;
    this.value = "";
    this._text = "";
    const element = this;
    this.dataset = new Proxy({}, {
      set(_target, key, value) { element.attributes.set(datasetAttribute(key), String(value)); return true; },
      get(_target, key) { return element.attributes.get(datasetAttribute(String(key))); },
    });
  }
  get id() { return this.attributes.get("id") || ""; }
  set id(value) { this.attributes.set("id", String(value)); }
  get htmlFor() { return this.attributes.get("for") || ""; }
  set htmlFor(value) { this.attributes.set("for", String(value)); }
  get name() { return this.attributes.get("name") || ""; }
  set name(value) { this.attributes.set("name", String(value)); }
  get className() { return [...this.classList.names].join(" "); }
  set className(value) { this.classList = new ClassList(); this.classList.add(...value.split(/\s+/).filter(Boolean)); }
  get tabIndex() { return Number(this.attributes.get("tabindex") ?? -1); }
  set tabIndex(value) { this.attributes.set("tabindex", String(value)); }
  get options() { return this.children.filter((child) => child.tagName === "OPTION"); }
  get textContent() { return this._text + this.children.map((c) => c.textContent).join(""); }
  set textContent(value) { this.children = []; this._text = String(value); }
  set innerHTML(value) { this.children = []; this._text = String(value); }
  setAttribute(name, value) { this.attributes.set(name, String(value)); }
  getAttribute(name) { return this.attributes.has(name) ? this.attributes.get(name) : null; }
  hasAttribute(name) { return this.attributes.has(name); }
  removeAttribute(name) { this.attributes.delete(name); }
  append(...nodes) {
    for (const node of nodes) {
      if (typeof node === "string") { this._text += node; continue; }
      node.parentElement = this;
      this.children.push(node);
    }
  }
  replaceChildren(...nodes) { this.children = []; this._text = ""; this.append(...nodes); }
  remove() {
    if (this.parentElement) this.parentElement.children = this.parentElement.children.filter((c) => c !== this);
  }
  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
  }
  removeEventListener() {}
  focus() { FakeElement.active = this; }
  // An event at this element, bubbling through its ancestors unless stopped.
  dispatch(type, fields = {}) {
    let stopped = false;
    let prevented = false;
    const event = {
      type, target: this, ...fields,
      stopPropagation() { stopped = true; },
      preventDefault() { prevented = true; },
    };
    for (let node = this; node && !stopped; node = node.parentElement) {
      for (const listener of node.listeners.get(type) || []) listener(event);
    }
    return { stopped, prevented };
  }
  descendants() {
    return this.children.flatMap((child) => [child, ...child.descendants()]);
  }
  // Only what the views use: '[role="option"]', a tag name, or '.class'.
  querySelectorAll(selector) {
    const role = /^\[role="([^"]+)"\]$/.exec(selector);
    const match = role
      ? (el) => el.getAttribute("role") === role[1]
      : selector.startsWith(".")
        ? (el) => el.classList.contains(selector.slice(1))
        : (el) => el.tagName === selector.toUpperCase();
    const found = this.descendants().filter(match);
    found.forEach = Array.prototype.forEach;
    return found;
  }
  querySelector(selector) { return this.querySelectorAll(selector)[0] || null; }
  contains(other) { return other === this || this.descendants().includes(other); }
}

export function installDocument() {
  globalThis.document = {
    createElement: (tag) => new FakeElement(tag),
    get activeElement() { return FakeElement.active || null; },
  };
  globalThis.HTMLButtonElement = class {};
}

export function fakeModel(values) {
  const listeners = new Map();
  const sent = [];
  const saved = [];
  return {
    values, sent, saved,
    get(name) { return values[name]; },
    set(name, value) { values[name] = value; },
    save_changes() { saved.push({ ...values }); },
    send(message) { sent.push(message); },
    on(event, callback) {
      if (!listeners.has(event)) listeners.set(event, []);
      listeners.get(event).push(callback);
    },
    // The kernel changed a trait: the view hears of it.
    change(name, value) {
      values[name] = value;
      for (const callback of listeners.get(`change:${name}`) || []) callback();
    },
  };
}

export function byClass(el, name) {
  return el.descendants().filter((node) => node.classList.contains(name));
}
