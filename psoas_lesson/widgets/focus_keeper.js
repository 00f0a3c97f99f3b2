// Keeps the keyboard focus in a widget when the control that has it is disabled or hidden by the
// kernel (the builder's "Move down" on reaching the end, "Remove" on the last exercise, the class
// view's question row once answered). The browser would drop the focus to the page: a keyboard
// user loses their place, and the next key goes to the notebook. The focus goes instead to a
// neighbour: the nearest usable control in the same row (the one before it first), else the
// next usable control in the widget, else the one before.
//
// An invisible anywidget placed in the widget it looks after (the nearest .psoas-ui around it).

const FOCUSABLE = "button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";

export function usable(node) {
  return !node.disabled && !node.closest("[inert]") && node.getClientRects().length > 0;
}

// The heir of `lost` among `candidates` (usable controls, in document order).
export function heirOf(lost, candidates) {
  const row = lost.parentElement;
  const before = candidates.filter(
    (c) => c.compareDocumentPosition(lost) & Node.DOCUMENT_POSITION_FOLLOWING);
  const after = candidates.filter(
    (c) => c.compareDocumentPosition(lost) & Node.DOCUMENT_POSITION_PRECEDING);
  const inRow = (c) => c.parentElement === row;
  return before.filter(inRow).pop() || after.find(inRow) || after[0] || before.pop() || null;
}

function watch(root) {
  let last = null;
  root.addEventListener("focusin", (event) => { last = event.target; });
  const rescue = () => {
    // The browser moves the focus off a disabled or hidden control only when it next draws the
    // page, after this runs: the control may still have it here, or the page may already.
    const active = document.activeElement;
    const dropped = !active || active === document.body || active === last;
    if (!last || !root.contains(last) || !dropped || usable(last)) return;
    const candidates = [...root.querySelectorAll(FOCUSABLE)].filter(
      (c) => c !== last && usable(c));
    const heir = heirOf(last, candidates);
    if (heir) heir.focus({ preventScroll: true });
  };
  new MutationObserver(rescue).observe(root, {
    subtree: true, attributes: true, attributeFilter: ["disabled", "style", "class", "hidden"],
  });
}

function render({ el }) {
  el.classList.add("psoas-focus-keeper");
  el.hidden = true;
  // The view is put in the page after render: look for the widget around it once it is there.
  let tries = 0;
  const find = () => {
    const root = el.isConnected && el.closest(".psoas-ui");
    if (root) {
      if (!root.dataset.psoasFocusKept) {
        root.dataset.psoasFocusKept = "true";
        watch(root);
      }
      return;
    }
    if (tries++ < 300) requestAnimationFrame(find);
  };
  find();
}

export default { render };
