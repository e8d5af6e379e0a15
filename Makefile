# The two commands of the README's Quick start: `make run` and `make test`.
# Both create or refresh .venv; nothing else is installed, except that `make run` as root on
# Debian or Ubuntu installs the system libraries Qt's window needs (and says so).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LINTED := $(wildcard src tests bench)

.PHONY: run test lint typecheck check-python clean translations screenshots

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Hongyan needs Python 3.11 or newer; set PYTHON=python3.X")'

# A venv that failed half-way (Debian without python3-venv) is removed, so the next run retries.
$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

# A stamp per install flavour; pyproject.toml changes refresh it.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed-run

# First the system libraries Qt's xcb plugin needs (hongyan.core.qt_libraries): the exact
# install command when some are missing; as root on Debian/Ubuntu, apt-get installs them.
run: $(VENV)/.installed-run
	@$(BIN)/python -m hongyan.core.qt_libraries --install
	$(BIN)/hongyan

lint: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

# The tests' Qt platform (offscreen) needs fewer system libraries; the same check names them.
test: lint typecheck
	@QT_QPA_PLATFORM=offscreen $(BIN)/python -m hongyan.core.qt_libraries
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Refresh the zh_CN translation source from the GUI's tr() calls and the core's messages
# (QT_TRANSLATE_NOOP("Core", ...), see hongyan.core.texts), then compile it. Edit the .ts in
# Qt Linguist (pyside6-linguist); lupdate keeps existing translations.
TS := resources/translations/hongyan_zh_CN.ts
TS_EN := resources/translations/hongyan_en.ts  # English plural forms only
TR_SOURCES := $(sort $(wildcard src/hongyan/gui/*.py) $(shell find src/hongyan/core -name '*.py'))
translations: $(VENV)/.installed-run
	$(BIN)/pyside6-lupdate -locations none -no-obsolete $(TR_SOURCES) -ts $(TS)
	$(BIN)/pyside6-lupdate -pluralonly -locations none -no-obsolete $(TR_SOURCES) -ts $(TS_EN)
	$(BIN)/pyside6-lrelease $(TS) -qm $(TS:.ts=.qm)
	$(BIN)/pyside6-lrelease $(TS_EN) -qm $(TS_EN:.ts=.qm)

# PNGs of every window in English and Chinese into docs/screenshots/, taken on a 1366x768
# Xvfb with openbox that the script starts (needs xvfb, openbox and, for Chinese, a CJK font
# such as Debian's fonts-noto-cjk).
screenshots: $(VENV)/.installed-run
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
