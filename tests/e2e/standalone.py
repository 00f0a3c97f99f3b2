"""The routine timer on a page of its own, with no kernel: the bundle (``timer.bundle.js``) and
``timer.css`` inlined, and a small stand-in for anywidget's model holding the synced state, which
the bundle's ``mount`` export takes on a page without Jupyter. The browser tests open it from
``file://`` to check what must work without a kernel (a reload picks the run up from the
browser's storage) and to look at the timer filling a phone's or a projector's screen quickly.

What the page sends (``model.send``) is kept in ``window.__psoasSent``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psoas_lesson import default_catalog
from psoas_lesson.widgets.timer import HERE, PAGE_MODULE, routine_timer

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>html, body {{ margin: 0; height: 100%; }}
#timer {{ height: 100vh; height: 100dvh; padding: 6px; box-sizing: border-box; }}
{css}</style></head>
<body><div id="timer"></div>
<script type="application/json" id="timer-state">{state}</script>
<script type="text/plain" id="timer-module">{module}</script>
<script type="module">
const state = JSON.parse(document.getElementById("timer-state").textContent);
const listeners = new Map();
const sent = (window.__psoasSent = []);
const model = {{
  get: (name) => state[name],
  set: (name, value) => {{
    state[name] = value;
    for (const listener of listeners.get(`change:${{name}}`) || []) listener();
  }},
  on: (event, listener) => listeners.set(event, [...(listeners.get(event) || []), listener]),
  off: () => {{}},
  save_changes: () => {{}},
  send: (message) => sent.push(message),
}};
const text = document.getElementById("timer-module").textContent;
const url = URL.createObjectURL(new Blob([text], {{type: "text/javascript"}}));
const {{mount}} = await import(url);
mount({{model, el: document.getElementById("timer")}});
window.__psoasModel = model;
</script></body></html>
"""


def _script_safe(text: str) -> str:
    return text.replace("</", "<\\/")


def timer_page(routine: Any, path: Path, *, size: str = "fill", **options: Any) -> Path:
    """Write a page at ``path`` hosting the timer for ``routine`` (an id, a file, a Routine or a
    Timeline; ``options`` as for :func:`routine_timer`, logging off) and return ``path``."""
    timer = routine_timer(routine, catalog=default_catalog(), size=size, log=False, **options)
    state = {
        name: getattr(timer, name)
        for name in ("payload", "pose_frames", "look", "size", "sound", "voice", "notice")
    }
    state.update(command={"id": 0, "kind": ""}, command_done=0)
    timer.close()
    page = _PAGE.format(
        title=f"Timer: {timer.name}".replace("<", "&lt;"),
        css=(HERE / "timer.css").read_text(encoding="utf-8"),
        state=_script_safe(json.dumps(state)),
        module=_script_safe(PAGE_MODULE.read_text(encoding="utf-8")),
    )
    path.write_text(page, encoding="utf-8")
    return path
