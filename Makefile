# The two commands of the README: `make run` and `make test`. Everything they
# need is set up from the lock file into .venv, re-done whenever the lock or
# pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check bench package package-test lock clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: $(STAMP)
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ -z "$$QT_QPA_PLATFORM" ]; then \
	  echo "Kein Bildschirm gefunden: starte mit 'xvfb-run make run' oder nutze die Kommandozeile '$(BIN)/canvass --help'."; \
	else \
	  $(BIN)/canvass-app; \
	fi

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check canvass_app tests packaging
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/canvass check

bench: $(STAMP)
	@for script in tests/bench/bench_*.py; do \
	  [ -e "$$script" ] || continue; \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python "$$script" || exit 1; \
	done

# The desktop bundle (packaging/): one folder in dist/canvass with canvass-app and
# canvass; fails when it outgrows the size budget.
BUNDLE := dist/canvass
package: $(STAMP)
	$(BIN)/python packaging/build.py --archive --max-mib 114

# The bundle's own self-test, headless and on a virtual X screen (xcb plugin).
package-test:
	@test -x $(BUNDLE)/canvass-app || { echo "Kein Paket in $(BUNDLE): erst 'make package' ausführen."; exit 1; }
	$(BUNDLE)/canvass --version
	$(BUNDLE)/canvass --data-dir "$$(mktemp -d)" export phone "$$(mktemp -d)/handy.html"
	env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen $(BUNDLE)/canvass-app --self-test
	xvfb-run -a env QT_QPA_PLATFORM=xcb $(BUNDLE)/canvass-app --self-test

lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra package -o requirements.lock --python-version 3.11 --no-header

clean:
	rm -rf $(VENV) build dist *.egg-info
