# Build, run and test sabt.  `make test` is what CI runs (.ci/run).
#
#   make run                       serve on http://127.0.0.1:8000/ from ./var
#   make test                      whole suite on SQLite, then on PostgreSQL
#   make test PYTEST_ARGS="-k ledger -x"
#   make lint                      ruff, mypy, house rules and bandit
#                                  (`make test` runs it first)
#   make audit                     pip-audit: known-vulnerable dependencies

SHELL := /bin/bash
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PYTEST_ARGS ?=
# Touched after a successful install; pip runs again only when pyproject.toml
# is newer, so every target can depend on it cheaply.
STAMP := $(VENV)/.installed

.PHONY: venv install system-packages run test test-sqlite test-postgres lint audit

venv install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --disable-pip-version-check -q -e ".[test,spark]"
	touch $@

# libmagic to run; PostgreSQL, chromium, Arabic-script fonts and ffmpeg to
# test. A no-op when all are there.
system-packages:
	scripts/system-packages.sh test

run: $(STAMP)
	scripts/system-packages.sh run
	$(VENV)/bin/sabt serve

# Lint first: a lint failure stops `make test` before the slow part. The
# two halves run side by side (each with its own home, database and ports),
# since much of each waits on a browser or a server rather than a core; each
# one's output is printed whole when it ends, and both results are shown.
test: lint $(STAMP) system-packages
	@logs=$$(mktemp -d "$${TMPDIR:-/tmp}/sabt-test-logs.XXXXXX"); \
	trap 'rm -rf "$$logs"' EXIT; \
	$(MAKE) --no-print-directory test-sqlite >"$$logs/sqlite" 2>&1 & sqlite=$$!; \
	$(MAKE) --no-print-directory test-postgres >"$$logs/postgres" 2>&1 & postgres=$$!; \
	status=0; \
	wait $$sqlite || { status=1; failed="$$failed SQLite"; }; cat "$$logs/sqlite"; \
	wait $$postgres || { status=1; failed="$$failed PostgreSQL"; }; cat "$$logs/postgres"; \
	[ -z "$$failed" ] || echo "make test: failed on$$failed" >&2; \
	exit $$status

# Each run gets a fresh SABT_HOME (keys, secret key, SQLite files), removed
# afterwards; an SABT_HOME from the caller's environment is never touched.
define fresh_home
home=$$(mktemp -d "$${TMPDIR:-/tmp}/sabt-test-home.XXXXXX"); \
trap 'rm -rf "$$home"' EXIT; \
export SABT_HOME="$$home";
endef

test-sqlite: $(STAMP) system-packages
	@echo "== pytest on SQLite =="
	@$(fresh_home) \
	unset SABT_DB_NAME SABT_TEST_DB_NAME; \
	SABT_DB_ENGINE=sqlite $(PYTHON) -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP) system-packages
	@echo "== pytest on PostgreSQL =="
	@$(fresh_home) \
	scripts/with-postgres.sh $(PYTHON) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	@status=0; \
	$(VENV)/bin/ruff check src tests benchmarks scripts || status=1; \
	$(VENV)/bin/mypy src tests || status=1; \
	$(PYTHON) scripts/check_rules.py || status=1; \
	$(PYTHON) scripts/import_graph.py --quiet || status=1; \
	$(VENV)/bin/bandit -q -r src -lll || status=1; \
	exit $$status

# Known vulnerabilities of every installed distribution but sabt itself, from
# PyPI's vulnerability data (https://pypi.org/pypi/NAME/VERSION/json).
# --strict: a dependency that could not be checked (no network, PyPI not
# answering) fails the audit instead of passing unchecked.
audit: $(STAMP)
	@reqs=$$(mktemp); trap 'rm -f "$$reqs"' EXIT; \
	$(PYTHON) -m pip freeze --exclude-editable --disable-pip-version-check > "$$reqs"; \
	$(VENV)/bin/pip-audit --strict --no-deps --disable-pip --progress-spinner off \
		-r "$$reqs" || { \
		echo "make audit: a dependency has a known vulnerability, or could" \
			"not be checked against PyPI's vulnerability data" >&2; exit 1; }
