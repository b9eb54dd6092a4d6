# Two commands on a fresh machine: `make run` and `make test`. A second run skips the install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install translations lint system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The message catalogues (*.mo) are built here, never committed; compiling takes well under a second.
translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d eventdesk/translations

install: $(VENV)/.installed translations

run: install
	$(BIN)/eventdesk init
	$(BIN)/eventdesk demo
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - 'eventdesk:create_app()'

lint: $(VENV)/.installed-test
	$(BIN)/ruff check eventdesk tests bench migrations

# Badge tests render PDFs with poppler's tools; install them where missing and possible (root on Debian).
system-deps:
	@command -v pdftoppm >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; } || \
	  echo "note: install poppler-utils (pdftoppm) for the badge rendering tests"

test: lint system-deps translations
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache
