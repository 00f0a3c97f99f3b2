"""Fixtures for the browser tests: one JupyterLab and one Chromium for the session, one page per
test or per module.

Reuse them from any test under ``tests/e2e/`` (the harness itself is :mod:`harness.lab`):

- ``lab_server`` (session): JupyterLab on 127.0.0.1, no token, serving a temporary copy of
  ``notebooks/*.ipynb`` at its root and of ``tests/e2e/fixtures/`` under ``fixtures/``.
- ``lab`` (function): a :class:`~harness.lab.Lab` on a fresh page; the kernels of the notebooks
  it opened end after the test. ``lab.run_notebook("04_routine_timer.ipynb")``.
- ``any_lab`` (function, parametrized): a Lab on a fresh page in JupyterLab and then in
  Notebook 7 (``notebook7_server``, session), for what must work the same in both front ends.
- ``module_any_lab`` (module, parametrized): ``module_lab`` in each front end in turn.
- ``module_lab`` (module): a Lab on one page for a whole test module, for tests that each start
  from a new run of the same notebook (:meth:`~harness.lab.Lab.run_fresh`, a fraction of a second)
  rather than a new page and kernel (four to five seconds). It opens its notebooks from the
  module's own copy of the served folder, so its kernels are its own.
- ``page`` (function): a fresh Chromium page; on failure its screenshot and console log go to
  ``tests/e2e/artifacts/``. ``module_page`` (module): one page for tests that only read it.
  ``offline_page``: a fresh page in a context of its own with no network and downloads accepted
  (the take-away page, opened from a file).
- ``classroom`` (session): a factory, ``classroom()`` or ``classroom(notebook_path)``, that starts
  ``python -m psoas_lesson.classroom`` once per notebook and stops it at the end.
- ``jupyter_home`` (session): the temporary home, Jupyter config, data and runtime folder.

Where Chromium or Playwright is missing every test here is skipped with a reason that ``-ra``
shows and the terminal summary repeats; nothing is skipped silently. ``make e2e`` runs two files
at a time (pytest-xdist, ``--dist loadfile``): each worker has its own JupyterLab and Chromium,
and a file's module fixtures stay with it.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from harness import lab as e2e

_NO_BROWSER = e2e.why_no_browser()
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            if item.get_closest_marker("timeout") is None:
                # bounded even if a page or a server hangs; fixtures still stop every process
                item.add_marker(pytest.mark.timeout(300))


def pytest_terminal_summary(terminalreporter):
    if _NO_BROWSER and terminalreporter.stats.get("skipped"):
        terminalreporter.write_sep("!", _NO_BROWSER, red=True, bold=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Save while the page is still as the failure left it, before fixtures tear it down.
    # Pages are looked up in _LIVE, not item.funcargs: a fixture that fails (say, one that runs a
    # notebook) fails before funcargs holds the page.
    if report.failed and report.when in ("setup", "call") and _LIVE:
        page = _LIVE[-1]
        lab = _LABS.get(id(page))
        if lab:
            try:
                lab.show_first_problem()
            except Exception:  # noqa: BLE001 - the page may be gone; screenshot anyway
                pass
        _save_artifacts(item, page)
    return report


def _save_artifacts(item, page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("::", 1)[-1])[:120]
    try:
        page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True, timeout=10_000)
    except Exception as error:  # noqa: BLE001 - a failed screenshot must not hide the test's failure
        (ARTIFACTS / f"{stem}.screenshot-error.txt").write_text(str(error))
    lines = _CONSOLE.get(id(page), [])
    (ARTIFACTS / f"{stem}.console.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    item.add_report_section(
        "call", "artifacts", f"screenshot and console log: {ARTIFACTS / stem}.*"
    )


_CONSOLE: dict[int, list[str]] = {}  # id(page) -> console lines
_LIVE: list = []  # the pages open now, newest last
_LABS: dict[int, e2e.Lab] = {}  # id(page) -> the Lab driving it


@pytest.fixture(scope="session")
def browser():
    if _NO_BROWSER:
        pytest.skip(_NO_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = e2e.launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def browser_context(browser):
    # one context for the session so the browser caches JupyterLab's scripts between tests
    context = browser.new_context(viewport=e2e.VIEWPORT)
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


@contextmanager
def _watched(page):
    """Keep ``page``'s console log, and its screenshot if the test fails."""
    log = _CONSOLE[id(page)] = []
    page.on("console", lambda message: log.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: log.append(f"[pageerror] {error}"))
    _LIVE.append(page)
    try:
        yield page
    finally:
        _LIVE.remove(page)
        _CONSOLE.pop(id(page), None)
        _LABS.pop(id(page), None)
        page.close()


@pytest.fixture
def page(browser_context):
    with _watched(browser_context.new_page()) as page:
        yield page


@pytest.fixture
def offline_page(browser):
    """A fresh page in a context of its own with no network, empty storage and downloads
    accepted, sized as a phone held upright: for a page opened from a file."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, offline=True, accept_downloads=True
    )
    context.set_default_timeout(30_000)
    try:
        with _watched(context.new_page()) as page:
            yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def module_page(browser_context):
    """One page for a test module, for tests that only read what a page shows."""
    with _watched(browser_context.new_page()) as page:
        yield page


@pytest.fixture(scope="session")
def jupyter_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("jupyter-home")


def _serve_copies(folder: Path) -> None:
    """The lesson's notebooks in ``folder`` and the fixtures in ``folder/fixtures``, copied from
    the repository (not from a served folder, where JupyterLab keeps its checkpoints)."""
    e2e.copy_notebooks(folder, sorted((e2e.REPO / "notebooks").glob("*.ipynb")))
    e2e.copy_notebooks(folder / "fixtures", sorted(e2e.FIXTURES.iterdir()))


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """A temporary copy of the lesson's notebooks (at the root) and the fixtures (``fixtures/``)."""
    root = tmp_path_factory.mktemp("lab-root")
    _serve_copies(root)
    return root


@pytest.fixture(scope="session")
def lab_server(browser, lab_root, jupyter_home):
    # asks for ``browser`` first so that, without Chromium, no server is started just to be skipped
    server = e2e.start_lab(lab_root, jupyter_home)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def lab(page, lab_server):
    session = _LABS[id(page)] = e2e.Lab(page, lab_server)
    try:
        yield session
    finally:
        session.end_sessions()


@pytest.fixture(scope="session")
def notebook7_server(browser, lab_root, tmp_path_factory):
    """Notebook 7 serving the same copy as ``lab_server``, with Jupyter's files of its own."""
    server = e2e.start_lab(lab_root, tmp_path_factory.mktemp("notebook7-home"), app="notebook7")
    try:
        yield server
    finally:
        server.stop()


def _server_for(request):
    """The session's server of the front end ``request`` is parametrized with."""
    name = "lab_server" if request.param == "jupyterlab" else "notebook7_server"
    return request.getfixturevalue(name)


@pytest.fixture(params=list(e2e.APPS))
def any_lab(request, page):
    server = _server_for(request)
    session = _LABS[id(page)] = e2e.Lab(page, server)
    try:
        yield session
    finally:
        session.end_sessions()


@contextmanager
def _module_session(browser_context, server, lab_root, folder: str):
    """A Lab on one page for a module, opening notebooks from its own copy in ``folder``."""
    _serve_copies(lab_root / folder)
    with _watched(browser_context.new_page()) as page:
        session = _LABS[id(page)] = e2e.Lab(page, server, folder=folder)
        try:
            yield session
        finally:
            session.end_sessions()


def _module_folder(request) -> str:
    return request.module.__name__.rpartition(".")[2]


@pytest.fixture(scope="module", params=list(e2e.APPS))
def module_any_lab(request, browser_context, lab_root):
    """``module_lab`` in JupyterLab and then in Notebook 7: a module's tests run in both."""
    server = _server_for(request)
    folder = f"{_module_folder(request)}-{request.param}"
    with _module_session(browser_context, server, lab_root, folder) as session:
        yield session


@pytest.fixture(scope="module")
def module_lab(request, browser_context, lab_server, lab_root):
    folder = _module_folder(request)
    with _module_session(browser_context, lab_server, lab_root, folder) as session:
        yield session


@pytest.fixture(scope="session")
def classroom(browser, jupyter_home):
    servers: dict[Path | None, e2e.Server] = {}

    def start(notebook: Path | None = None) -> e2e.Server:
        if notebook not in servers:
            servers[notebook] = e2e.start_classroom(jupyter_home, notebook)
        return servers[notebook]

    try:
        yield start
    finally:
        for server in servers.values():
            server.stop()


# The timer keeps a run under way in the browser's storage, so a reload picks it up (timer.js);
# the tests share one browser, so each page starts with none kept by an earlier test.
FORGET_KEPT_RUNS = """(() => { try {
  if (sessionStorage.getItem("psoas-test-page")) return;
  sessionStorage.setItem("psoas-test-page", "1");
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith("psoas-lesson.timer.")) localStorage.removeItem(key);
  }
} catch (error) { /* a document without storage */ } })();"""


@pytest.fixture(autouse=True)
def _no_kept_runs_from_earlier_tests(request):
    if "page" in request.fixturenames:
        request.getfixturevalue("page").add_init_script(FORGET_KEPT_RUNS)
    yield
