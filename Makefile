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

# Compiled catalogs are built from the .po files, never committed or hand-edited.
CATALOGS := $(wildcard service/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
service/translations/%/LC_MESSAGES/messages.mo: service/translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

install: $(VENV)/.installed $(COMPILED)

run: install
	$(BIN)/flask --app service run --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium; install it when it is missing (as root, or with sudo).
$(CHROMIUM):
	@echo "Installing Debian's Chromium for the browser tests..."
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium

# The proxy tests run Debian's nginx in front of gunicorn; install it when it is missing.
NGINX ?= /usr/sbin/nginx
$(NGINX):
	@echo "Installing Debian's nginx for the proxy tests..."
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx

test: install $(CHROMIUM) $(NGINX)
	TWOFOLD_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check service tests bench
	$(BIN)/ruff format --check service tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: install
	$(BIN)/python bench/render.py
	$(BIN)/python bench/readability.py
	$(BIN)/python bench/load.py

# Extract every marked string, merge it into each catalog, then compile them.
# Translate the new or changed entries in service/translations/<locale>/LC_MESSAGES/messages.po.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k N_ -k _l -o service/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i service/translations/messages.pot -d service/translations
	$(BIN)/pybabel compile --statistics -d service/translations

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
