# renda: developer entry points. `make help` lists them.
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
# Re-install the project only when pyproject.toml is newer than this stamp.
STAMP  := $(VENV)/.installed-pyproject

HOST ?= 127.0.0.1
PORT ?= 8000

DEMO_LOGINS := admin, office, director, lead-caijing, lead-shehui (password: renda-demo)

.PHONY: help venv run migrate demo test check clean

help:
	@echo "make run    - dev server on http://$(HOST):$(PORT)/ (SQLite, DEBUG on, demo data, no Redis needed)"
	@echo "make test   - full suite on throwaway PostgreSQL 15 + Redis + headless Chromium (as CI does)"
	@echo "make venv   - create .venv and install the project with its dev extras"
	@echo "make clean  - remove .venv, caches and test artifacts (keeps db.sqlite3)"

venv: $(STAMP)

$(PY):
	@test -n "$(PYTHON)" || { echo "python3.11 not found" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev]'
	@touch $@

# --- development server ---------------------------------------------------------------------
run: export DEBUG := true
run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	@echo
	@echo "Demo log-ins: $(DEMO_LOGINS)"
	@echo "Open http://$(HOST):$(PORT)/"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# --- tests ------------------------------------------------------------------------------------
# Extra pytest arguments: make test PYTEST_ARGS='-k broker -x'
test: venv
	bash scripts/test-services.sh $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache artifacts staticfiles
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
