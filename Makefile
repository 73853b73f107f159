# renda: developer entry points. `make help` lists them.
SHELL := /bin/bash

# The first of python3.11, 3.12, 3.13 (or python3 when it is one of them) found on the PATH.
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null \
	  && { command -v $$p; break; }; done)
VENV   := .venv
PY     := $(VENV)/bin/python
# Re-install the project only when pyproject.toml or the lock is newer than this stamp.
STAMP  := $(VENV)/.installed-pyproject
# Every dependency at the version locked in constraints.txt (make lock rebuilds it).
LOCK   := constraints.txt

HOST ?= 127.0.0.1
PORT ?= 8000

DEMO_LOGINS := platform (平台管理员), admin, office, director, lead-caijing, lead-shehui, deputy-demo, unit-demo (password: renda-demo)

.PHONY: help venv run migrate demo test test-fast layers check clean lock audit fuzz load

help:
	@echo "make run    - dev server on http://$(HOST):$(PORT)/ (SQLite, DEBUG on, demo data, no Redis needed)"
	@echo "make test   - full suite on throwaway PostgreSQL 15 + Redis + headless Chromium (as CI does)"
	@echo "make test-fast - the same without the tests marked slow (browsers, workers, matrix, fuzzing...)"
	@echo "make venv   - create .venv and install the project with its dev extras, at the locked versions"
	@echo "make fuzz   - fuzz every API operation with schemathesis, many examples each (FUZZ_EXAMPLES=$(FUZZ_EXAMPLES))"
	@echo "make load   - 50 users for 2 minutes against gunicorn + PostgreSQL on the 10-year bench data"
	@echo "make audit  - check the locked dependencies for known vulnerabilities (pip-audit)"
	@echo "make lock   - rebuild constraints.txt from pyproject.toml (newest versions the ranges allow)"
	@echo "make clean  - remove .venv, caches and test artifacts (keeps db.sqlite3)"

venv: $(STAMP)

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11, 3.12 or 3.13 not found (set PYTHON=...)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml $(LOCK) | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -c $(LOCK) -e '.[dev,s3]'
	@touch $@

lock: | $(PY)
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --disable-pip-version-check -q -e '.[dev,s3]'
	{ sed -n '/^#/p' $(LOCK); .lock-venv/bin/pip freeze --disable-pip-version-check --exclude-editable; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .lock-venv
	@echo "constraints.txt rebuilt; run make venv (or make test) to install it"

audit: venv
	$(PY) scripts/audit_dependencies.py

# --- development server ---------------------------------------------------------------------
run: export DEBUG := true
# Reminder e-mails link to where this server answers (SITE_URL from the environment wins).
run: export SITE_URL ?= http://$(HOST):$(PORT)
# The demo is the real 2023 year: show it as of a day inside it (演示日期 on every page; `make run DEMO_TODAY=`
# for the real date). Production never sets it.
run: export DEMO_TODAY ?= 2023-07-03
run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	@echo
	@echo "Demo log-ins: $(DEMO_LOGINS)"
	@echo "Open http://$(HOST):$(PORT)/  (demo date: $(DEMO_TODAY))"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# --- tests ------------------------------------------------------------------------------------
# Extra pytest arguments: make test PYTEST_ARGS='-k broker -x'
test: venv
	bash scripts/test-services.sh $(PYTEST_ARGS)

# The development loop: everything but the tests marked slow (browsers, workers, faults, populated
# migrations, backups, fuzzing, the route matrix), on the same throwaway services. CI runs make test.
test-fast: venv
	bash scripts/test-services.sh -m "not slow" $(PYTEST_ARGS)

# The layers contract alone (make test runs it too): each app imports only the layers below it.
layers: venv
	$(VENV)/bin/lint-imports --no-cache

# A longer fuzzing run than the bounded one in make test: more examples per operation, plus
# schemathesis' coverage phase (boundary and malformed values of every parameter); about an hour.
FUZZ_EXAMPLES ?= 100
fuzz: venv
	RENDA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) RENDA_FUZZ_COVERAGE=1 bash scripts/test-services.sh tests/renda/test_api_fuzz.py

# make load LOAD_ARGS='--data-dir /tmp/renda-bench' keeps the generated 10-year data for the next run.
load: venv
	$(PY) bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache artifacts staticfiles
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
