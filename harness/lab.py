"""Drive JupyterLab and Voilà in a real Chromium: servers, notebooks, and the lesson's widgets.

Everything here is plain functions and small classes over Playwright's sync API, so the browser
tests (``tests/e2e/``), the handout's print test and the benchmarks share one way of doing each
thing; none of it imports the tests:

- :func:`start_lab` / :func:`start_classroom` start a server on 127.0.0.1 on a free port, with
  Jupyter's config, runtime, data and home folders in a temporary folder, and return a
  :class:`Server` whose :meth:`Server.stop` ends it and every process it started (kernels).
- :func:`launch_chromium` starts the system's Chromium with the flags that keep it quiet;
  :func:`lab_session` is JupyterLab, Chromium and one page of :data:`VIEWPORT` together, all
  ended on leaving it (what a benchmark needs; the tests' fixtures share theirs per session).
- :class:`Lab` opens a notebook in a JupyterLab page, runs all cells and lists what went wrong;
  :meth:`Lab.run_notebook` does all of that at once, and :meth:`Lab.run_fresh` runs the open
  notebook again in the same page and kernel (:meth:`Lab.rerun`), with new widgets, in a
  fraction of the time.
- :class:`TimerControls` reads and presses the routine timer through its CSS classes and keys.
- :data:`TIMER_HOOKS` (installed with :func:`install_timer_hooks`) records what the timer's page
  schedules on the Web Audio clock, says through speech synthesis and asks of the wake lock;
  :func:`timer_record` reads the record.
- :func:`outside_viewport`, :func:`outside_box` and :func:`cut_off` find what does not fit.
- :func:`watch_network` records requests to anywhere but this computer; :func:`console_errors`
  what the page logged as errors.
- :func:`watch_text`, :func:`click_and_time`, :func:`text_changes` time changes in the page
  with ``performance.now()``, so delays are measured where the learner sees them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Notebooks and a routine made for the browser to open: the tests' and the benchmarks'.
FIXTURES = REPO / "tests" / "e2e" / "fixtures"

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# A laptop's window; the tests that need another size set it themselves.
VIEWPORT = {"width": 1400, "height": 1000}

SERVER_START_S = 60.0
NOTEBOOK_RUN_S = 60.0
WIDGET_RENDER_S = 20.0

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STDERR_MIME = "application/vnd.jupyter.stderr"


# ---------------------------------------------------------------------------------------------
# Finding the browser


def find_chromium() -> str | None:
    """The Chromium to drive: ``$PSOAS_CHROMIUM`` if set, else the system's, else None."""
    override = os.environ.get("PSOAS_CHROMIUM")
    if override:
        return override if os.access(override, os.X_OK) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def why_no_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return (
            f"BROWSER TESTS SKIPPED: the playwright package is not installed ({error}); "
            f"install requirements.txt into the virtualenv"
        )
    if find_chromium() is None:
        where = os.environ.get("PSOAS_CHROMIUM") or " or ".join(CHROMIUM_CANDIDATES)
        return (
            f"BROWSER TESTS SKIPPED: no Chromium at {where}; run `make browser` as root on "
            f"Debian/Ubuntu (apt-get install chromium) or set PSOAS_CHROMIUM to a Chromium binary"
        )
    return None


def launch_chromium(playwright):
    """The Chromium of :func:`find_chromium`, headless, started through ``playwright``."""
    return playwright.chromium.launch(
        executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
    )


@contextmanager
def lab_session(root: Path, home: Path) -> Iterator[Lab]:
    """JupyterLab serving ``root`` (Jupyter's own files in ``home``) and a :class:`Lab` on one
    Chromium page of :data:`VIEWPORT`; the browser and the server (with its kernels) end when
    the block does, however it ends."""
    from playwright.sync_api import sync_playwright

    server = start_lab(root, home)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                yield Lab(browser.new_page(viewport=VIEWPORT), server)
            finally:
                browser.close()
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------
# Servers


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def isolated_env(home: Path) -> dict[str, str]:
    """Environment for a server whose Jupyter settings, runtime files and home are all in ``home``.

    Kernel specs and lab extensions are still found: Jupyter looks in ``sys.prefix/share/jupyter``
    after ``JUPYTER_DATA_DIR``, and the virtualenv's kernel spec and the widget manager live there.
    The learner's own data directories and practice log are never touched.
    """
    home.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JUPYTER", "IPYTHON", "PSOAS_LESSON", "XDG_", "MPL"))
    }
    folders = {
        "HOME": home,
        "JUPYTER_CONFIG_DIR": home / ".jupyter",
        "JUPYTER_DATA_DIR": home / ".local" / "share" / "jupyter",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / ".jupyter" / "lab" / "user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / ".jupyter" / "lab" / "workspaces",
        "IPYTHONDIR": home / ".ipython",
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CACHE_HOME": home / ".cache",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class Server:
    """A server process we started; :meth:`stop` ends it and everything it started."""

    name: str
    process: subprocess.Popen
    url: str
    log_path: Path
    root: Path | None = None
    _known_children: set[int] = field(default_factory=set)

    def api(self, method: str, path: str, body: object | None = None, timeout: float = 10.0):
        """Call the server's REST API (no token, no XSRF check); JSON in, JSON out."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url.rstrip("/") + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
        return json.loads(payload) if payload else None

    def end_sessions(self, paths: Iterable[str]) -> None:
        """End the kernel sessions of the notebooks at ``paths`` (JupyterLab only); other
        pages' kernels go on."""
        self.remember_children()
        paths = set(paths)
        try:
            for session in self.api("GET", "/api/sessions"):
                if session["path"] in paths:
                    self.api("DELETE", f"/api/sessions/{session['id']}")
        except (urllib.error.URLError, OSError):
            pass  # the server is gone; stop() cleans up what it left

    def remember_children(self) -> None:
        """Note the server's descendants (kernels start in their own sessions, so a signal to the
        server's process group does not reach them)."""
        self._known_children |= set(descendants(self.process.pid))

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, grace_s: float = 10.0) -> None:
        """SIGTERM (the servers then shut their kernels down), then SIGKILL whatever is left."""
        self.remember_children()
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(grace_s)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        for pid in self._known_children | set(descendants(self.process.pid)):
            _kill(pid)


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (read from /proc; empty where there is no /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: the fields start after the last ')'
        fields = text[text.rindex(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def _launch_on_a_free_port(
    name: str,
    command: Callable[[int], list[str]],
    home: Path,
    ready_path: str,
    cwd: Path,
    timeout: float,
    attempts: int,
    root: Path | None = None,
) -> Server:
    """Start ``command(port)`` on a free port and wait until it answers ``ready_path``; another
    port if it exits first (the port may have been taken in between), up to ``attempts`` times."""
    for attempt in range(attempts):
        port = free_port()
        try:
            return _launch(
                name,
                command(port),
                f"http://127.0.0.1:{port}",
                home,
                ready_path,
                cwd,
                timeout,
                root,
            )
        except RuntimeError:
            if attempt + 1 == attempts:
                raise
    raise AssertionError("unreachable")


def _launch(
    name: str,
    command: list[str],
    url: str,
    home: Path,
    ready_path: str,
    cwd: Path,
    timeout: float,
    root: Path | None = None,
) -> Server:
    env = isolated_env(home)
    log_path = home / f"{name}.log"
    log = open(log_path, "ab")
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_end_with_parent,
    )
    log.close()
    server = Server(name, process, url, log_path, root)
    try:
        _wait_until_serving(server, ready_path, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _end_with_parent() -> None:
    """In the child: get SIGTERM if the test process dies (even by SIGKILL), so a killed test
    run leaves no server behind; the server then stops its kernels. Linux only."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _wait_until_serving(server: Server, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with status {server.process.returncode} "
                f"before serving:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers: a 404 on a probe path is fine
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"{server.name} did not answer on {server.url} within "
                f"{timeout:.0f} s:\n{server.log_tail()}"
            )
        time.sleep(0.2)


# The two Jupyter front ends the lesson supports: what starts each, and where a notebook opens.
APPS = {
    "jupyterlab": ("lab", "LabApp", "/lab/tree/"),
    "notebook7": ("notebook", "JupyterNotebookApp", "/notebooks/"),
}


def start_lab(
    root: Path,
    home: Path,
    timeout: float = SERVER_START_S,
    attempts: int = 3,
    app: str = "jupyterlab",
    extra: Iterable[str] = (),
) -> Server:
    """JupyterLab (or, with ``app="notebook7"``, Notebook 7) serving ``root`` on 127.0.0.1, no
    token, on a free port, with ``window.jupyterapp`` exposed to the page; ``extra``: more of
    its options."""
    command, app_class, _ = APPS[app]
    _quiet_lab_settings(home)
    options = [
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--{app_class}.expose_app_in_browser=True",
        f"--ServerApp.root_dir={root}",
        "--allow-root",
        *extra,
    ]
    if app == "jupyterlab":
        options += [
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
    return _launch_on_a_free_port(
        app,
        lambda port: [
            sys.executable,
            "-m",
            "jupyter",
            command,
            "--no-browser",
            "--ip",
            "127.0.0.1",
            "--port",
            str(port),
            *options,
        ],
        home,
        "/api/status",
        root,
        timeout,
        attempts,
        root,
    )


def _lab_setting(home: Path, plugin: str, values: dict) -> None:
    """Set ``values`` of a JupyterLab ``plugin`` (``"@jupyterlab/notebook-extension/tracker"``)
    in ``home``'s user settings, which JupyterLab and Notebook 7 both read."""
    settings = Path(isolated_env(home)["JUPYTERLAB_SETTINGS_DIR"]) / f"{plugin}.jupyterlab-settings"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps(values))


def _quiet_lab_settings(home: Path) -> None:
    """No "get Jupyter news?" toast over the notebook (it would cover buttons in screenshots)."""
    _lab_setting(
        home,
        "@jupyterlab/apputils-extension/notification",
        {"fetchNews": "false", "checkForUpdates": False},
    )


def plain_notebook_settings(home: Path) -> None:
    """Every cell of a notebook drawn at once (no windowing), as a checker needs to reach each
    output; the learner's own setting is untouched (these settings live in ``home``)."""
    _lab_setting(home, "@jupyterlab/notebook-extension/tracker", {"windowingMode": "none"})


def start_classroom(
    home: Path,
    notebook: Path | None = None,
    timeout: float = SERVER_START_S,
    attempts: int = 3,
    arguments: Iterable[str] = (),
) -> Server:
    """``python -m psoas_lesson.classroom`` (Voilà) on a free port; ``notebook`` overrides the
    class notebook (the tests use a fixture to prove the server before the timer exists), and
    ``arguments`` are more of the command's own (``--data-dir DIR``, ``--routine FILE``)."""
    options = [*arguments, *(["--notebook", str(notebook)] if notebook is not None else [])]
    return _launch_on_a_free_port(
        "voila",
        lambda port: [
            sys.executable,
            "-m",
            "psoas_lesson.classroom",
            "--port",
            str(port),
            "--no-browser",
            *options,
        ],
        home,
        "/voila/static/no-such-file",  # Voilà answers it with a 404 without starting a kernel
        REPO,
        timeout,
        attempts,
    )


def copy_notebooks(target: Path, sources: Iterable[Path]) -> Path:
    """Copy files into ``target``, so autosave in the served copy never touches the originals;
    folders among ``sources`` (a ``__pycache__``, JupyterLab's checkpoints) are left out."""
    target.mkdir(parents=True, exist_ok=True)
    for source in sources:
        if source.is_file():
            shutil.copy2(source, target / source.name)
    return target


# ---------------------------------------------------------------------------------------------
# A notebook in JupyterLab

_CURRENT = "window.jupyterapp && window.jupyterapp.shell.currentWidget"

_NOTEBOOK_READY = f"""path => {{
  const w = {_CURRENT};
  return !!(w && w.context && w.context.path === path && w.context.isReady && w.content
            && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
            && w.sessionContext.session.kernel.status === "idle");
}}"""

# The run-all promise settles on the cells' execute replies, which may overtake their outputs
# (replies and outputs come on different channels). A silent empty request sent afterwards is
# done only when its idle status arrives on the output channel, after every earlier output.
_RUN_ALL = f"""() => {{
  window.__psoasRun = null;
  const w = {_CURRENT};
  const flush = () => Promise.race([
    w.sessionContext.session.kernel
      .requestExecute({{code: "", silent: true, store_history: false}}).done,
    new Promise(resolve => setTimeout(resolve, 5000))]).catch(() => null);
  window.jupyterapp.commands.execute("notebook:run-all-cells").then(
    async ok => {{ await flush(); window.__psoasRun = {{ok}}; }},
    async error => {{ await flush(); window.__psoasRun = {{ok: false, error: String(error)}}; }});
}}"""

_RUN_FINISHED = f"""() => {{
  const w = {_CURRENT};
  if (!window.__psoasRun || !w) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  const queued = [...w.node.querySelectorAll(".jp-InputPrompt")]
    .some(p => p.textContent.includes("[*]"));
  return !!kernel && kernel.status === "idle" && !queued;
}}"""


# Read from the notebook's model, not its DOM: output types and execution counts are exact there.
def _timer_storage_prefix() -> str:
    """Where the timer's page keeps a run under way in the browser's storage (timer.js)."""
    source = (REPO / "psoas_lesson" / "widgets" / "timer.js").read_text(encoding="utf-8")
    return re.search(r'const STORAGE_PREFIX = "([^"]+)"', source)[1]


# Every page of a test session shares the browser's storage, where a timer keeps its run under
# way and a new timer of the same routine picks it up (as after a reload): an earlier test's.
_FORGET_KEPT_RUNS = """prefix => { for (const key of Object.keys(localStorage)) {
  if (key.startsWith(prefix)) localStorage.removeItem(key); } }"""

# Silent: no output, and the next cell's execution count stays as it would be.
_CLOSE_WIDGETS = f"""() => {_CURRENT}.sessionContext.session.kernel.requestExecute({{
  code: "import ipywidgets\\nipywidgets.Widget.close_all()", silent: true, store_history: false
}}).done.then(() => null)"""

_CELL_REPORT = f"""() => {{
  const w = {_CURRENT};
  const cells = [];
  const model = w.content.model;
  for (let i = 0; i < model.cells.length; i++) {{
    const cell = model.cells.get(i);
    if (cell.type !== "code") continue;
    const json = cell.toJSON();
    cells.push({{index: i, source: json.source, execution_count: json.execution_count,
                outputs: json.outputs.map(o => ({{
                  output_type: o.output_type, name: o.name || null, ename: o.ename || null,
                  evalue: o.evalue || null,
                  text: Array.isArray(o.text) ? o.text.join("") : (o.text || null),
                  mimes: Object.keys(o.data || {{}})}}))}});
  }}
  return cells;
}}"""

# A widget's output node carries no mime type in the DOM (the widget renderer is a plain panel),
# so pair each output of the model with its node in the cell's output area.
_WIDGET_OUTPUTS = f"""() => {{
  const w = {_CURRENT};
  const found = [];
  w.content.widgets.forEach((cell, index) => {{
    if (cell.model.type !== "code") return;
    const area = cell.outputArea;
    for (let j = 0; j < area.model.length; j++) {{
      if (!("{WIDGET_MIME}" in (area.model.get(j).data || {{}}))) continue;
      const child = area.widgets[j];
      const node = child && child.node.querySelector(".jp-OutputArea-output");
      if (!node) {{
        found.push({{cell: index, hidden: false, text: "no output node", rendered: false}});
        continue;
      }}
      // ipywidgets shows a broken-page icon instead of a view it could not make
      const broken = node.querySelector(".jupyter-widgets-error-widget");
      const rendered = !broken && [...node.children].some(c =>
        c.classList.contains("lm-Widget") || c.classList.contains("jupyter-widgets"));
      found.push({{cell: index, hidden: node.classList.contains("lm-mod-hidden"), rendered,
                  text: broken ? "the widget's view failed (javascript error)"
                               : node.textContent.trim().slice(0, 120)}});
    }}
  }});
  return found;
}}"""

_STDERR_TEXTS = f"""() => {{
  const w = {_CURRENT};
  return [...w.node.querySelectorAll('[data-mime-type="{STDERR_MIME}"]')].map(n => n.textContent);
}}"""

_PLACEHOLDERS = ("Loading widget...", "Error displaying widget")


@dataclass
class CellProblem:
    cell: int
    message: str

    def __str__(self) -> str:
        return f"cell {self.cell}: {self.message}"


class Lab:
    """One JupyterLab page on a server: open a notebook, run it, say what went wrong.

    ``folder``: where under the served folder the notebooks this page opens are (a copy of its
    own, so their kernels are its own: JupyterLab gives every page that opens a path the same
    kernel).
    """

    def __init__(self, page, server: Server, folder: str = ""):
        self.page = page
        self.server = server
        self.folder = folder
        self.app = server.name if server.name in APPS else "jupyterlab"
        self.path: str | None = None
        self.opened: set[str] = set()

    def url(self, path: str) -> str:
        if self.app == "notebook7":
            return f"{self.server.url}{APPS[self.app][2]}{path}"
        return f"{self.server.url}/lab/tree/{path}?reset"

    def open(self, path: str, timeout: float = NOTEBOOK_RUN_S) -> None:
        """Open ``path`` (relative to :attr:`folder` in the served folder) and wait for its
        kernel to be idle.

        On a page that shows JupyterLab already, the notebook opens in it, as a learner opens the
        next one, once what was open is closed: JupyterLab does not start again (two to three
        seconds). A new page loads JupyterLab on the notebook.
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        path = self._served(path)
        self.path = path
        self.opened.add(path)
        # Notebook 7 opens a notebook in a new browser tab: there, every notebook gets its page.
        if self.app == "jupyterlab" and self.page.url.startswith(f"{self.server.url}/lab"):
            self.close_documents()
            self.page.evaluate(
                "path => window.jupyterapp.commands.execute('docmanager:open', {path})"
                ".then(() => null)",
                path,
            )
        else:
            self.page.goto(self.url(path), wait_until="domcontentloaded", timeout=timeout * 1000)
        try:
            self.page.wait_for_function(
                _NOTEBOOK_READY, arg=path, timeout=timeout * 1000, polling=100
            )
        except PlaywrightTimeout:
            dialog = self.page.locator(".jp-Dialog")
            why = (
                f"a dialog is open: {dialog.first.inner_text()[:200]!r} (a notebook without a "
                f"kernelspec asks to select a kernel)"
                if dialog.count()
                else self.server.log_tail(15)
            )
            raise AssertionError(f"{path}: no idle kernel within {timeout:.0f} s; {why}") from None

    def run_all(self, timeout: float = NOTEBOOK_RUN_S) -> None:
        """Run all cells and wait until every one has run (or the run stopped at an error)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.page.evaluate(_RUN_ALL)
        try:
            self.page.wait_for_function(_RUN_FINISHED, timeout=timeout * 1000, polling=100)
        except PlaywrightTimeout:
            running = [cell["index"] for cell in self.cells() if cell["execution_count"] is None]
            raise AssertionError(
                f"{self.path}: still running after {timeout:.0f} s; cells not finished: {running}"
            ) from None
        self.wait_for_widgets()

    def run_notebook(self, path: str, ready: str | None = None, check: bool = True) -> None:
        """Open ``path``, run all its cells, assert they ran cleanly (unless ``check`` is False)
        and wait until the ``ready`` selector, if given, is visible: a notebook as a learner
        has it after Run All."""
        self.open(path)
        self._run(ready, check)

    def run_fresh(self, path: str, ready: str | None = None, check: bool = True) -> None:
        """A new run of ``path``: :meth:`rerun` when it is the notebook open here, else
        :meth:`run_notebook`. Tests on one page each start from new widgets this way."""
        if self.path == self._served(path):
            self.rerun(ready, check)
        else:
            self.run_notebook(path, ready, check)

    def _served(self, path: str) -> str:
        return f"{self.folder}/{path}" if self.folder else path

    def rerun(self, ready: str | None = None, check: bool = True) -> None:
        """Run the open notebook again in the same page and kernel, as :meth:`run_notebook` does
        after opening it, so a test starts from new widgets without JupyterLab's start-up and a
        kernel's. Every widget of the run before is closed first: its views (a timer's clock,
        sound and wake lock with them) end, as on a fresh page."""
        self.page.evaluate(_CLOSE_WIDGETS)
        self._run(ready, check)

    def _run(self, ready: str | None, check: bool) -> None:
        # a timer the cells make starts afresh, as on a learner's first run, not where a timer of
        # an earlier test left off (the old widgets are closed, so none keeps its place again)
        self.page.evaluate(_FORGET_KEPT_RUNS, _timer_storage_prefix())
        self.run_all()
        if check:
            self.assert_ran_cleanly()
        if ready is not None:
            self.page.locator(ready).first.wait_for(state="visible", timeout=WIDGET_RENDER_S * 1000)

    def close_documents(self) -> None:
        """Close every notebook open in the page, without asking to save (their kernels go on
        until :meth:`end_sessions`)."""
        self.page.evaluate(
            "() => { for (const w of [...window.jupyterapp.shell.widgets('main')]) w.dispose(); }"
        )

    def end_sessions(self) -> None:
        """End the kernels of the notebooks this page opened."""
        self.server.end_sessions(self.opened)

    def wait_for_widgets(self, timeout: float = WIDGET_RENDER_S) -> None:
        """Wait until no widget output still says "Loading widget..." (bounded)."""
        try:
            self.page.wait_for_function(
                f"""() => ![...{_CURRENT}.node.querySelectorAll(".jp-OutputArea-output")]
                    .some(n => n.textContent.startsWith("Loading widget"))""",
                timeout=timeout * 1000,
                polling=100,
            )
        except Exception:  # noqa: BLE001 - the problems() report says which widget stayed unrendered
            pass

    def cells(self) -> list[dict]:
        """Code cells as the notebook model holds them: source, execution count, outputs."""
        return self.page.evaluate(_CELL_REPORT)

    def problems(self) -> list[CellProblem]:
        """Errors, tracebacks, cells that never ran, and widgets that did not render."""
        found: list[CellProblem] = []
        for cell in self.cells():
            for output in cell["outputs"]:
                if output["output_type"] == "error":
                    found.append(
                        CellProblem(cell["index"], f"{output['ename']}: {output['evalue']}")
                    )
                elif output["name"] == "stderr" and "Traceback" in (output["text"] or ""):
                    found.append(
                        CellProblem(
                            cell["index"], "traceback on stderr: " + _last_line(output["text"])
                        )
                    )
            if cell["source"].strip() and cell["execution_count"] is None:
                found.append(CellProblem(cell["index"], "never ran"))
        for text in self.page.evaluate(_STDERR_TEXTS):
            if "Traceback" in text and not any(str(p).endswith(_last_line(text)) for p in found):
                found.append(CellProblem(-1, "traceback shown: " + _last_line(text)))
        for widget in self.page.evaluate(_WIDGET_OUTPUTS):
            if widget["hidden"]:
                continue  # the kernel closed this widget (a newer one replaced it)
            if not widget["rendered"] or widget["text"].startswith(_PLACEHOLDERS):
                found.append(
                    CellProblem(
                        widget["cell"], "widget not rendered: " + (widget["text"] or "empty output")
                    )
                )
        return found

    def show_first_problem(self) -> None:
        """Scroll the first error or broken widget into view (for the failure screenshot)."""
        self.page.evaluate(f"""() => {{
          const w = {_CURRENT};
          const bad = w && w.node.querySelector(
            '[data-mime-type="{STDERR_MIME}"], .jupyter-widgets-error-widget');
          if (bad) bad.scrollIntoView({{block: "center"}});
        }}""")

    def assert_ran_cleanly(self) -> None:
        problems = self.problems()
        assert not problems, f"{self.path}: " + "; ".join(map(str, problems))

    def widget_count(self) -> int:
        return len(self.page.evaluate(_WIDGET_OUTPUTS))


def _last_line(text: str) -> str:
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return re.sub(r"\x1b\[[0-9;]*m", "", lines[-1]) if lines else ""


# ---------------------------------------------------------------------------------------------
# Voilà pages


def code_shown(page) -> list[str]:
    """Code visible on a Voilà page: input areas, editors, prompts."""
    return page.evaluate("""() => [...document.querySelectorAll(
        '.jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-InputPrompt, .jp-InputArea-editor, '
        + '.CodeMirror, .cm-editor')]
        .filter(n => n.offsetParent !== null).map(n => n.textContent.slice(0, 80))""")


# ---------------------------------------------------------------------------------------------
# Timing in the page

CLOCK = re.compile(r"(\d+):(\d\d)")


def parse_clock(text: str) -> int:
    """Seconds in the first ``M:SS`` of ``text``."""
    match = CLOCK.search(text)
    if not match:
        raise ValueError(f"no M:SS time in {text!r}")
    return int(match[1]) * 60 + int(match[2])


def watch_text(page, selector: str, root: str = "body") -> None:
    """Record every change of the text of ``selector`` with ``performance.now()`` (ms).

    The observer watches ``root`` and re-reads the selector, so it keeps working when a widget
    replaces its element. Read the record with :func:`text_changes`.
    """
    page.evaluate(
        """([selector, root]) => {
      const scope = document.querySelector(root);
      const read = () => {
        const el = scope.querySelector(selector);
        return el ? el.textContent : null;
      };
      window.__psoasWatch = window.__psoasWatch || {};
      const record = window.__psoasWatch[selector] = {changes: [], last: read()};
      new MutationObserver(() => {
        const now = performance.now(), text = read();
        if (text !== record.last) { record.last = text; record.changes.push([now, text]); }
      }).observe(scope, {subtree: true, childList: true, characterData: true});
    }""",
        [selector, root],
    )


def text_changes(page, selector: str) -> list[tuple[float, str]]:
    """``(ms, text)`` for each change :func:`watch_text` saw, in order."""
    return [
        tuple(change)
        for change in page.evaluate(
            "s => (window.__psoasWatch[s] || {changes: []}).changes", selector
        )
    ]


def click_and_time(page, selector: str) -> float:
    """Click ``selector`` as a user would and return ``performance.now()`` (ms) of the click."""
    page.evaluate(
        """s => {
      window.__psoasClickAt = null;
      document.querySelector(s).addEventListener(
        "click", () => { window.__psoasClickAt = performance.now(); }, {capture: true, once: true});
    }""",
        selector,
    )
    page.locator(selector).first.click()
    page.wait_for_function("() => window.__psoasClickAt !== null", timeout=5000)
    return page.evaluate("() => window.__psoasClickAt")


def now_ms(page) -> float:
    return page.evaluate("() => performance.now()")


def next_frame(page) -> None:
    """Return once the page has drawn its next animation frame (what it did is on screen)."""
    page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve(null)))")


def slider_handle(page, selector: str):
    """What takes the keyboard in a slider: the lesson's native range input, or an ipywidgets
    slider's handle."""
    native = page.locator(f"{selector} input[type=range]")
    return native.first if native.count() else page.locator(f"{selector} .noUi-handle").first


def slider_value(page, selector: str) -> tuple[float, float, float]:
    """``(min, value, max)`` of a slider: a range input's attributes or a handle's ARIA ones."""
    native = page.locator(f"{selector} input[type=range]")
    if native.count():
        low, value, high = native.first.evaluate("i => [i.min, i.value, i.max]")
        return float(low), float(value), float(high)
    handle = page.locator(f"{selector} .noUi-handle").first
    return tuple(
        float(handle.get_attribute(name))  # type: ignore[return-value]
        for name in ("aria-valuemin", "aria-valuenow", "aria-valuemax")
    )


def nudge_slider(page, selector: str, steps: int = 1) -> None:
    """Move a slider by ``steps`` (negative: left) with the arrow keys, the way a keyboard user
    does; more reliable than dragging."""
    handle = slider_handle(page, selector)
    handle.focus()
    for _ in range(abs(steps)):
        handle.press("ArrowRight" if steps > 0 else "ArrowLeft")


def nudge_slider_off_its_end(page, selector: str, steps: int = 1) -> None:
    """Move a slider by ``steps`` towards whichever end it is further from, so it surely moves."""
    low, value, high = slider_value(page, selector)
    nudge_slider(page, selector, steps if high - value >= value - low else -steps)


def image_source(page, selector: str) -> str:
    """The ``src`` of the image that is, or is inside, ``selector``."""
    return page.evaluate(
        """s => {
      const el = document.querySelector(s);
      if (!el) return null;
      const img = el.tagName === "IMG" ? el : el.querySelector("img");
      return img ? img.getAttribute("src") : null;
    }""",
        selector,
    )


# ---------------------------------------------------------------------------------------------
# The routine timer, through its CSS classes


def clipped(page, selector: str) -> list[str]:
    """Elements in ``selector`` whose text overflows their box and is cut off; an ipywidgets
    Label keeps a one-line height, so big text in it loses its top and bottom."""
    return page.evaluate(
        """s => {
      const el = document.querySelector(s);
      return [el, ...el.querySelectorAll("*")]
        .filter(n => n.scrollHeight > n.clientHeight + 1
                     && getComputedStyle(n).overflowY !== "visible")
        .map(n => `${n.className}: ${n.scrollHeight} px of text in ${n.clientHeight} px`);
    }""",
        selector,
    )


class TimerControls:
    """The routine timer on a page: buttons and readouts, by their ``psoas-timer-*`` classes."""

    def __init__(self, page, root: str = ".psoas-timer"):
        self.page = page
        self.root = root

    def selector(self, part: str) -> str:
        return f"{self.root} .psoas-timer-{part}"

    def part(self, name: str):
        return self.page.locator(self.selector(name)).first

    def wait_visible(self, timeout: float = WIDGET_RENDER_S) -> None:
        self.page.locator(self.root).first.wait_for(state="visible", timeout=timeout * 1000)
        self.part("remaining").wait_for(state="visible", timeout=timeout * 1000)

    def read(self, part: str = "remaining") -> tuple[float, str]:
        """``(performance.now() in ms, text)`` of a part, read at one instant in the page."""
        return tuple(
            self.page.evaluate(
                "s => [performance.now(), document.querySelector(s).textContent]",
                self.selector(part),
            )
        )

    def remaining_text(self) -> str:
        return self.part("remaining").text_content() or ""

    def remaining_s(self) -> int:
        return parse_clock(self.remaining_text())

    def step(self) -> str:
        return (self.part("step").text_content() or "").strip()

    def press(self, name: str) -> float:
        """Click ``start``, ``pause``, ``back``, ``skip``, ``reset``, … ; the click's time in ms."""
        return click_and_time(self.page, self.selector(name))

    def wait_for_text(
        self, part: str, text: str, *, changed: bool = False, timeout: float = 5.0
    ) -> str:
        """Wait until ``part``'s text contains ``text`` (with ``changed``: until it is no longer
        ``text``); return the text then, stripped."""
        self.page.wait_for_function(
            """([s, text, changed]) => { const el = document.querySelector(s);
                 return !!el && (changed ? el.textContent.trim() !== text
                                         : el.textContent.includes(text)); }""",
            arg=[self.selector(part), text, changed],
            timeout=timeout * 1000,
            polling=50,
        )
        return (self.part(part).text_content() or "").strip()

    def wait_for_step(self, containing: str, timeout: float = 5.0) -> str:
        return self.wait_for_text("step", containing, timeout=timeout)

    def wait_for_step_change(self, old: str, timeout: float = 5.0) -> str:
        return self.wait_for_text("step", old, changed=True, timeout=timeout)

    def wait_for_remaining(self, text: str, timeout: float = 5.0) -> str:
        return self.wait_for_text("remaining", text, timeout=timeout)

    def font_size_px(self, part: str = "remaining") -> float:
        """The computed font size of a part, or of the largest text inside it."""
        return self.page.evaluate(
            """s => {
          const el = document.querySelector(s);
          const sizes = [el, ...el.querySelectorAll("*")]
            .map(n => parseFloat(getComputedStyle(n).fontSize));
          return Math.max(...sizes);
        }""",
            self.selector(part),
        )

    def clipped(self, part: str = "remaining") -> list[str]:
        """Elements of a part whose text is cut off (see :func:`clipped`)."""
        return clipped(self.page, self.selector(part))

    def focus(self) -> None:
        self.page.locator(self.root).first.focus()

    def key(self, key: str) -> float:
        """Press ``key`` with the timer focused, as a learner on the mat; the time in ms."""
        at = self.page.evaluate(
            "s => { document.querySelector(s).focus(); return performance.now(); }", self.root
        )
        self.page.keyboard.press(key)
        return at

    def state(self) -> str:
        """``ready``, ``running``, ``paused`` or ``finished``: what the page shows."""
        return self.page.locator(self.root).first.get_attribute("data-state") or ""

    def phase(self) -> str:
        """``prepare``, ``work``, ``rest``, ``switch`` or ``finished``."""
        return self.page.locator(self.root).first.get_attribute("data-phase") or ""

    def wait_for_state(self, state: str, timeout: float = 5.0) -> None:
        self.page.wait_for_function(
            "([s, state]) => document.querySelector(s)?.dataset.state === state",
            arg=[self.root, state],
            timeout=timeout * 1000,
            polling=50,
        )


# ---------------------------------------------------------------------------------------------
# What the timer's page does that a headless browser cannot let us hear or see

# Installed before the page's own scripts (page.add_init_script): wraps the Web Audio oscillator
# to record when each beep is scheduled (mapped to performance.now() milliseconds with the same
# output timestamp the page uses), replaces speech synthesis with a recorder that has one English
# voice, and stubs the screen wake lock to record requests and releases.
TIMER_HOOKS = """(() => {
  const record = window.__psoasRecord = {beeps: [], said: [], locks: []};
  const Context = window.AudioContext;
  if (Context) {
    const create = Context.prototype.createOscillator;
    Context.prototype.createOscillator = function () {
      const ctx = this, oscillator = create.call(this), entry = {cancelled: false};
      const start = oscillator.start.bind(oscillator);
      oscillator.start = (when = 0) => {
        const stamp = ctx.getOutputTimestamp();
        const offset = stamp.performanceTime > 0
          ? stamp.contextTime - stamp.performanceTime / 1000
          : ctx.currentTime - performance.now() / 1000;
        Object.assign(entry, {when, at: (when - offset) * 1000, scheduledAt: performance.now(),
                              frequency: oscillator.frequency.value});
        record.beeps.push(entry);
        return start(when);
      };
      const disconnect = oscillator.disconnect.bind(oscillator);
      oscillator.disconnect = (...args) => {
        if (ctx.currentTime < entry.when) entry.cancelled = true;
        return disconnect(...args);
      };
      return oscillator;
    };
  }
  const voices = [{name: "Recorder", lang: "en-GB", default: true, localService: true}];
  Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
    speaking: false, pending: false, paused: false,
    speak(utterance) { record.said.push({text: utterance.text, at: performance.now()}); },
    cancel() {}, pause() {}, resume() {},
    getVoices() { return voices; },
    addEventListener() {}, removeEventListener() {},
  }});
  Object.defineProperty(navigator, "wakeLock", {configurable: true, value: {
    async request(type) {
      record.locks.push({op: "request", type, at: performance.now()});
      const sentinel = {type, released: false, addEventListener() {}, removeEventListener() {},
        async release() {
          if (!sentinel.released) record.locks.push({op: "release", at: performance.now()});
          sentinel.released = true;
        }};
      return sentinel;
    }}});
})();"""


def install_timer_hooks(page) -> None:
    """Record beeps, speech and wake-lock calls in every document ``page`` opens from now on."""
    page.add_init_script(TIMER_HOOKS)


def clear_timer_record(page) -> None:
    """Forget what the hooks recorded so far (a test on a page that earlier tests used)."""
    page.evaluate(
        "() => { const r = window.__psoasRecord; r.beeps.length = r.said.length = 0;"
        " r.locks.length = 0; }"
    )


def timer_record(page) -> dict:
    """``{"beeps": [{at, when, frequency, cancelled}], "said": [{text, at}], "locks": [...]}``;
    times are ``performance.now()`` milliseconds."""
    return page.evaluate("() => window.__psoasRecord")


def kernel_execute(page, code: str) -> None:
    """Run ``code`` in the JupyterLab notebook's kernel, as another cell would, without waiting."""
    page.evaluate(
        f"code => {_CURRENT}.sessionContext.session.kernel.requestExecute({{code}})", code
    )


def kernel_status(page) -> str:
    return page.evaluate(f"() => {_CURRENT}.sessionContext.session.kernel.status")


# ---------------------------------------------------------------------------------------------
# What does not fit


_BOXES = """([selector, within]) => {
  const root = document.querySelector(selector);
  const frame = within ? document.querySelector(within).getBoundingClientRect()
                       : {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
  const visible = n => { const s = getComputedStyle(n), r = n.getBoundingClientRect();
    return s.display !== "none" && s.visibility !== "hidden" && r.width > 0 && r.height > 0
      && !n.closest(".psoas-timer-live"); };
  return [root, ...root.querySelectorAll("*")].filter(visible).flatMap(n => {
    const r = n.getBoundingClientRect();
    const out = r.left < frame.left - 1 || r.top < frame.top - 1
      || r.right > frame.right + 1 || r.bottom > frame.bottom + 1;
    const name = (n.className && n.className.baseVal === undefined ? n.className : n.tagName);
    return out ? [`${name}: ${Math.round(r.left)},${Math.round(r.top)} to `
                  + `${Math.round(r.right)},${Math.round(r.bottom)}`] : [];
  });
}"""


def outside_viewport(page, selector: str) -> list[str]:
    """Visible elements of ``selector`` (itself included) that reach outside the viewport."""
    return page.evaluate(_BOXES, [selector, None])


def outside_box(page, selector: str, within: str) -> list[str]:
    """Visible elements of ``selector`` that reach outside the box of ``within``."""
    return page.evaluate(_BOXES, [selector, within])


def cut_off(page, selector: str) -> list[str]:
    """Elements of ``selector`` whose content is wider or taller than their box and hidden."""
    return page.evaluate(
        """s => [...document.querySelectorAll(s + ", " + s + " *")].filter(n => {
            const st = getComputedStyle(n);
            const hides = st.overflowX !== "visible" || st.overflowY !== "visible";
            const over = n.scrollWidth > n.clientWidth + 1 || n.scrollHeight > n.clientHeight + 1;
            return hides && over && !n.classList.contains("psoas-timer-live");
          }).map(n => `${n.className}: ${n.scrollWidth}x${n.scrollHeight} in `
                      + `${n.clientWidth}x${n.clientHeight}`)""",
        selector,
    )


# ---------------------------------------------------------------------------------------------
# Offline and quiet

LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/|^(data|blob|about):")


def watch_network(page) -> list[str]:
    """A list that fills with every request ``page`` makes to anywhere but this computer."""
    away: list[str] = []
    page.on(
        "request",
        lambda request: away.append(request.url) if not LOCAL.match(request.url) else None,
    )
    page.on(
        "websocket", lambda socket: away.append(socket.url) if not LOCAL.match(socket.url) else None
    )
    return away


def console_errors(page) -> list[str]:
    """A list that fills with what ``page`` logs as an error, and its uncaught exceptions."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def keep_screenshot(page, name: str, full_page: bool = True) -> Path | None:
    """Save a screenshot to ``$PSOAS_E2E_SHOTS`` when set (to look at what the tests saw): the
    whole page, or with ``full_page=False`` what the window shows."""
    folder = os.environ.get("PSOAS_E2E_SHOTS")
    if not folder:
        return None
    path = Path(folder) / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path
