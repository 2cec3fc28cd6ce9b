# Twofold: `make run` serves the bundled articles; `make test` passes the whole suite.
# Both set everything up first on a machine with Python 3.11, git and make.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/lib/chromium/chromium
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test lint bench translations clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Twofold needs $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/flask --app service run --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium; install it when it is missing (as root, or with sudo).
$(CHROMIUM):
	@echo "Installing Debian's Chromium for the browser tests..."
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium

test: install $(CHROMIUM)
	TWOFOLD_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check service tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/render.py
	$(BIN)/python bench/readability.py

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
