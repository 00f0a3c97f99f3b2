"""The take-away page: a routine to practise anywhere, in one self-contained HTML file.

The page holds the lesson's own timer (``widgets/timer.bundle.js`` and ``timer.css``, as the
notebook runs them), the compiled routine with every text it shows and says, the pose figures,
each exercise's steps written from its applied dose and the safety notice. It opens from a file or
any static web space, with no Python and no network: a small host module (``widgets/takeaway.js``)
stands in for the kernel, and keeps the practice log in the browser with a CSV download.

How it stays safe and offline: every text from the data or the learner is escaped (``html.tag``);
the modules and the routine are inlined as JSON strings inside ``<script type="application/json">``
blocks, where ``<`` is written ``\\u003c``, so nothing inlined can close its script element; the
one script that runs is the fixed loader :data:`LOADER`, allowed by its hash in a
Content-Security-Policy that also forbids every fetch (``connect-src 'none'`` and the rest).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .catalog import Catalog, default_catalog, routine_file
from .errors import DataError
from .files import atomic_write_text, display_path
from .handout import (
    COLOUR_VARIABLES,
    FOOTER,
    WrittenPage,
    exercise_rows_and_blocks,
    routine_header,
    safety_section,
)
from .html import Markup, page, tag
from .routine import Routine
from .timeline import compile_timeline
from .widgets.timer import PAGE_MODULE
from .widgets.timer_payload import Figures, lesson_figures, page_state

HERE = Path(__file__).parent
HOST_MODULE = HERE / "widgets" / "takeaway.js"
TIMER_CSS = HERE / "widgets" / "timer.css"
PAGE_CSS = HERE / "takeaway.css"
KICKER = "Psoas lesson · take it with you"
# The timer as the class view shows it: filling its box (here, one screen), beeping and speaking.
TIMER_OPTIONS = {"size": "projector", "sound": True, "voice": True}

# The one script the page runs: it imports the two inlined modules from blob: URLs (a page opened
# from a file has nowhere else to import them from) and starts the host. A browser that cannot
# run it keeps the message in the timer's box and gets the reason beside it.
LOADER = """
const text = (id) => JSON.parse(document.getElementById(id).textContent);
const load = (id) => import(URL.createObjectURL(new Blob([text(id)], { type: "text/javascript" })));
try {
  const [timer, host] = await Promise.all([load("psoas-timer-module"), load("psoas-host-module")]);
  host.start({ mount: timer.mount, data: text("psoas-page-data"), doc: document });
} catch (error) {
  const reason = document.getElementById("psoas-page-failed");
  if (reason) reason.textContent = `(${error})`;
  throw error;
}
"""


def _hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


# Nothing leaves the page: no fetch, no image, font, frame or form to anywhere. The loader runs by
# its hash; the modules from the blob: URLs it makes; figures are inline SVG or data: images.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        f"script-src '{_hash(LOADER)}' blob:",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "connect-src 'none'",
        "font-src 'none'",
        "media-src 'none'",
        "object-src 'none'",
        "frame-src 'none'",
        "worker-src 'none'",
        "manifest-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)

PLACEHOLDER = (
    "The timer appears here when this page is open in a web browser with JavaScript on (Chrome, "
    "Edge, Firefox or Safari from 2021 on). A file viewer that only shows pages cannot run it: "
    "open the file in the browser itself."
)
HOW_TO = (
    "Press Start (or Space). The timer counts down each step, says it aloud, beeps 3-2-1 before "
    "each change and keeps the screen on while it runs, where the browser allows; Sound and Voice "
    "switch those off. Keys: Space starts and pauses, → skips, ← goes back, + and − lengthen or "
    "shorten the step, R starts again.",
    "Everything is in this one file: it needs no internet. Keep it on your phone or computer and "
    "open it in the browser whenever you practise.",
)
LOG_NOTE = (
    "Kept in this browser on this device only: another browser, a private window or clearing the "
    "browser's data starts a new log. The CSV opens in any spreadsheet, in the columns of the "
    "lesson's own log (psoas-lesson log --csv)."
)


def script_json(value: Any) -> Markup:
    """``value`` as JSON to put inside a ``<script>`` element: ``<``, ``>`` and ``&`` are written
    as ``\\u003c``, ``\\u003e`` and ``\\u0026`` (the same string to JSON.parse), so no text can end
    the element (``</script``) or open a comment in it, whatever it holds."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _data_block(element_id: str, value: Any) -> Markup:
    return tag("script", script_json(value), type="application/json", id=element_id)


def takeaway_html(
    routine: Routine | str | os.PathLike,
    catalog: Catalog | None = None,
    *,
    figures: Figures | None = None,
) -> str:
    """The take-away page for a routine (a Routine, a ready routine's id or a routine file).

    ``figures`` draws the timer's pose figures (None: the lesson's own; see ``routine_timer``).
    """
    catalog = catalog or default_catalog()
    routine = catalog.resolve_routine(routine)
    timeline = compile_timeline(routine, catalog)  # also checks every exercise and override
    state = page_state(timeline, catalog, lesson_figures(catalog) if figures is None else figures)
    _, blocks = exercise_rows_and_blocks(routine, timeline, catalog)
    text = {"class_": "psoas-page-text"}
    body = [
        tag(
            "div",
            routine_header(routine, timeline, KICKER),
            safety_section(catalog),
            tag(
                "a",
                "Go to the timer",
                href="#psoas-page-timer",
                id="psoas-page-go",
                class_="psoas-page-button psoas-page-go",
            ),
            **text,
        ),
        tag(
            "section",
            tag(
                "p",
                PLACEHOLDER,
                " ",
                tag("span", id="psoas-page-failed"),
                class_="psoas-page-placeholder",
            ),
            id="psoas-page-timer",
            class_="psoas-page-timer",
            aria_label="Timer",
        ),
        tag(
            "div",
            tag("section", tag("h2", "How to use this page"), *(tag("p", p) for p in HOW_TO)),
            tag("section", tag("h2", "The exercises"), *blocks, class_="exercises"),
            _log_section(),
            **text,
        ),
        tag("footer", FOOTER, **text),
        _data_block("psoas-page-data", {"model": {**state, **TIMER_OPTIONS}}),
        _data_block("psoas-timer-module", PAGE_MODULE.read_text(encoding="utf-8")),
        _data_block("psoas-host-module", HOST_MODULE.read_text(encoding="utf-8")),
        tag("script", Markup(LOADER), type="module"),
    ]
    css = "\n".join(
        [TIMER_CSS.read_text(encoding="utf-8"), COLOUR_VARIABLES, PAGE_CSS.read_text("utf-8")]
    )
    csp = tag("meta", http_equiv="Content-Security-Policy", content=CONTENT_SECURITY_POLICY)
    return page(f"{routine.name} · practise with the timer", body, css, head=[csp])


def _log_section() -> Markup:
    head = tag(
        "tr",
        tag("th", "When"),
        tag("th", "Routine"),
        tag("th", "Minutes", class_="num"),
        tag("th", "Ended"),
    )
    return tag(
        "section",
        tag("h2", "Your practice log"),
        tag("p", id="psoas-page-log-summary"),
        tag("table", tag("thead", head), tag("tbody", id="psoas-page-log-rows")),
        tag(
            "button",
            "Download the log (CSV)",
            type="button",
            id="psoas-page-csv",
            class_="psoas-page-button",
        ),
        tag("p", LOG_NOTE, class_="psoas-page-note"),
        id="log",
        class_="psoas-page-log",
    )


def write_takeaway(
    routine: Routine | str | os.PathLike,
    path: str | os.PathLike,
    catalog: Catalog | None = None,
) -> WrittenPage:
    """Write the take-away page atomically (whole or not at all); it shows as a link in a
    notebook. A routine file is never overwritten by its own page."""
    catalog = catalog or default_catalog()
    resolved = catalog.resolve_routine(routine)
    target = Path(path)
    source = None if isinstance(routine, Routine) else routine_file(routine)
    if source is not None and _same_file(source, target):
        raise DataError("is the routine file itself; write the page to another file",
                        file=display_path(target))  # fmt: skip
    atomic_write_text(target, takeaway_html(resolved, catalog))
    return WrittenPage(
        target,
        f"Take-away page for “{resolved.name or 'Routine'}”",
        advice="Open it on a phone or computer, or send it to your learners: it needs no internet.",
        advice_text="open it in a web browser on a phone or computer; it needs no internet.",
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
