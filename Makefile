# The lesson's front door. `make lesson` to learn, `make test` to check everything.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8866
# Browser test files run this many at a time (pytest-xdist, whole files per worker): they spend
# most of their time waiting on pages, kernels and the clock, so two overlap well on two cores.
# The other tests are CPU-bound and run in one process (two were slower here). 0: one process.
E2E_JOBS ?= 2
E2E = $(BIN)/python -m pytest tests/e2e $(if $(filter-out 0,$(E2E_JOBS)),-n $(E2E_JOBS) --dist loadfile)

.PHONY: lesson test test-fast lint js node bundle e2e class bench browser notebooks gallery clean help

help:
	@echo "make lesson   open the lesson in JupyterLab (creates $(VENV) and installs on first use)"
	@echo "make test     run every test: lint, the timer page's JavaScript, unit, property, notebooks (nbval), browser"
	@echo "make e2e      run only the browser tests (JupyterLab and Voila in Chromium)"
	@echo "make class    serve the class view with Voila on http://localhost:$(PORT)"
	@echo "              (DATA_DIR=DIR adds your routines to its picker, ROUTINE=ID|FILE starts on one)"
	@echo "make bench    run the benchmarks and write benchmarks/results.md (about 10 min)"
	@echo "make bench FULL=1  the same, the timers following the 11-minute daily routine (about 30 min)"
	@echo "make notebooks  re-execute the notebooks and store them with their outputs"
	@echo "make bundle   rebuild the timer page's module (widgets/timer.bundle.js) after editing timer.js or timer_core.js"
	@echo "make gallery  every pose figure on one page (build/gallery/), and as PNGs to look at"

# The classroom's pins (requirements.txt) and the tools that test them (pyproject.toml's `test`
# dependency group; --group needs pip 25.1 or later, hence the upgrade).
$(STAMP): requirements.txt pyproject.toml psoas_lesson/lab/overrides.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --group test
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	@touch $(STAMP)

lesson: $(STAMP)
	$(BIN)/psoas-lesson lab

# Chromium for the browser tests: installed through apt where it is missing and we may (CI runs
# as root on Debian). Where it cannot be had, the browser tests skip with a loud reason.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Chromium for the browser tests (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
	    || echo "WARNING: could not install Chromium; the browser tests will be SKIPPED"; \
	else echo "WARNING: no /usr/bin/chromium and no way to install it; the browser tests will be SKIPPED"; fi

# Two runs: Playwright's sync API keeps an event loop alive for the browser session, and the
# timer's asyncio tests need a process without one.
test: $(STAMP) browser lint js
	$(BIN)/python -m pytest --nbval --ignore=tests/e2e
	$(E2E)

# The timer page's own logic (psoas_lesson/widgets/timer_core.js) with Node's test runner; its
# agreement with the Python core runs in pytest (tests/test_timer_js.py), which needs node too.
js: node node_modules/.installed
	node --test tests/js

# The timer page as anywidget loads it (widgets/timer.bundle.js) is built by esbuild, pinned in
# package-lock.json, and committed: the lesson needs no Node. tests/test_timer_bundle.py checks
# it is up to date, and skips saying so where npm is missing.
bundle: node_modules/.installed
	npm run build

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "WARNING: no npm: the timer bundle's rebuild check will be SKIPPED"; fi

# Node.js for the timer page's tests: installed through apt where it is missing and we may.
node:
	@if command -v node >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Node.js for the timer page's tests (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; \
	else echo "make js: Node.js 18 or later is needed (node not found)"; exit 2; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-fast: $(STAMP) js
	$(BIN)/python -m pytest -m "not e2e"

e2e: $(STAMP) browser
	$(E2E)

# A teacher's own routines: `make class DATA_DIR=my-data` (its routines/*.json join the picker);
# `ROUTINE=evening-hips` or `ROUTINE=evening-hips.json` starts on one (an id or a file).
class: $(STAMP)
	$(BIN)/python -m psoas_lesson.classroom --port $(PORT) \
	  $(if $(DATA_DIR),--data-dir "$(DATA_DIR)") $(if $(ROUTINE),--routine "$(ROUTINE)")

# Time is what the timer benchmarks measure, so they follow a routine in real time: by default a
# brisk one (3.7 min, 74 segments); FULL=1 the daily routine (11.3 min), see benchmarks/routines.py.
bench: $(STAMP) browser
	$(BIN)/python -m benchmarks $(if $(FULL),--full)

notebooks: $(STAMP)
	$(BIN)/python tools/store_notebooks.py $(NB)

# Every pose figure, both sides, card and projector size, on one page for review; then each as a
# PNG at card, projector, phone and print size, in colour and greyscale (needs Chromium).
gallery: $(STAMP) browser
	$(BIN)/psoas-lesson gallery --out build/gallery/gallery.html
	$(BIN)/python tools/render_gallery.py build/gallery/gallery.html build/gallery

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info node_modules
