# Two commands on a fresh machine: `make run` and `make test`. A second run skips the install, unless the lock
# (requirements.lock) changed.
PYTHON ?= python3
UV ?= uv
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test fuzz bench install translations lint system-deps lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exact versions with hashes from the lock (the app, its test tools and the build backend), then eventdesk
# itself, editable, built with the locked setuptools. A changed lock or pyproject.toml installs again.
$(VENV)/.installed: $(LOCK) pyproject.toml setup.py | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/pip check >/dev/null || { $(BIN)/pip check; echo "$(LOCK) lacks what pyproject.toml asks for: make lock"; exit 1; }
	touch $@

# Re-resolve the lock against PyPI after changing dependencies in pyproject.toml; versions already locked are
# kept unless LOCK_ARGS=--upgrade (or --upgrade-package NAME). Needs uv (`pip install uv`).
lock:
	$(PYTHON) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' | \
	  $(UV) pip compile pyproject.toml - --extra test --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" --quiet $(LOCK_ARGS) -o $(LOCK)

# The message catalogues (*.mo) are built here, never committed; compiling takes well under a second.
translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d eventdesk/translations

install: $(VENV)/.installed translations

run: install
	$(BIN)/eventdesk init
	$(BIN)/eventdesk demo
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - 'eventdesk:create_app()'

lint: $(VENV)/.installed
	$(BIN)/ruff check eventdesk tests bench migrations

# Badge tests render PDFs with poppler's tools; install them where missing and possible (root on Debian).
system-deps:
	@command -v pdftoppm >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; } || \
	  echo "note: install poppler-utils (pdftoppm) for the badge rendering tests"

# The tests spread over the machine's cores (pytest-xdist; TEST_JOBS=0 runs them in one process); worksteal
# keeps both busy while the long browser tests run.
TEST_JOBS ?= auto
# Under faketime, every process the suite starts (test workers, gunicorn, Chromium) keeps one clock, rather than
# each starting its own at the faked time.
test: export FAKETIME_DONT_RESET := 1
test: lint system-deps translations
	$(BIN)/pytest -n $(TEST_JOBS) --dist worksteal

# The bad-input tests with many random examples each (`make test` runs a few, the same every time).
fuzz: install
	HYPOTHESIS_PROFILE=long $(BIN)/pytest -p no:cacheprovider tests/test_bad_input_*.py

# Every script in bench/, then one table of figures against their targets and the machine they ran on (also
# written as Markdown; `bench/all.py --readme` puts it in README.md). PostgreSQL when EVENTDESK_BENCH_DATABASE_URL
# or EVENTDESK_TEST_DATABASE_URL names a server; the peers in ../shared/peer are set up on first use.
bench: translations
	$(BIN)/python bench/all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
