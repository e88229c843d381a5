# Lore's commands. The two that matter are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEV_ENV := DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format install install-test migrate worker demo bench bench-search browser-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make run: install, migrate, seed the demo knowledge base and serve it on http://127.0.0.1:8000
run: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo "Serving Lore at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

## make test: install everything the tests need and run the whole suite (SQLite unless DATABASE_URL says otherwise)
test: install-test
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

## make worker: run the background worker that sends notification emails (production queue)
worker: install
	$(PY) manage.py db_worker

demo: install
	$(DEV_ENV) $(PY) manage.py seed_demo

## Debian's Chromium for the Playwright tests (Playwright can't download browsers here).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

bench: install-test
	$(PY) bench/run.py $(ARGS)

bench-search: install-test
	$(PY) bench/search_bench.py $(ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
