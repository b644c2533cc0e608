# CTIP: `make demo` to run it, `make test` to test it. Everything else installs itself.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PORT ?= 8000
UV := $(or $(shell command -v uv 2>/dev/null),$(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen
# Python keeps each module it compiles in __pycache__ (ignored by git) unless told not to,
# as some images do: each process (a test process, each `ctip` the tests start) then
# compiles Django and CTIP again, about 5 s of CPU out of a 9 s start.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test test-all install translations gates lint types imports migrations-check openapi openapi-check translations-check bench

$(HOME)/.local/bin/uv:
	python3 -m pip install --user --quiet --disable-pip-version-check uv \
		|| python3 -m pip install --user --quiet --break-system-packages uv

install: $(UV)
	$(UV) sync --frozen

translations: install
	$(RUN) ctip compiletranslations

demo: translations
	PORT=$(PORT) $(RUN) ctip demo --port $(PORT)

# Everyday: everything but the slow tests (training, the nginx deployment, whole-instance
# backups, migrations of whole databases, the browser journeys and the API fuzzing), under
# three minutes on the 2-core machine. CI runs them all: `make test-all`, and
# `make test MARKS='not slow or browser or fuzz'` on the embedded database.
# One test process per core, each handed the next test as it finishes one (a process that
# meets a browser test starts its own demo server, copied from one built once per run).
# PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST := $(RUN) pytest -n $(PYTEST_WORKERS) --dist load

MARKS ?= not slow

test: translations
	$(PYTEST) -m '$(MARKS)' $(PYTEST_ARGS)

test-all: translations
	$(PYTEST) $(PYTEST_ARGS)

lint: install
	$(RUN) ruff check src tests bench scripts
	$(RUN) ruff format --check src tests bench scripts

types: install
	$(RUN) mypy

imports: install
	$(RUN) lint-imports

migrations-check: install
	DJANGO_SETTINGS_MODULE=ctip.config.settings.test $(RUN) ctip makemigrations --check --dry-run

openapi: install
	DJANGO_SETTINGS_MODULE=ctip.config.settings.test $(RUN) ctip export_openapi_schema --api ctip.config.api.api --indent 2 --sorted --output docs/openapi.json

openapi-check: install
	DJANGO_SETTINGS_MODULE=ctip.config.settings.test $(RUN) ctip export_openapi_schema --api ctip.config.api.api --indent 2 --sorted --output var/openapi.check.json
	diff -u docs/openapi.json var/openapi.check.json

translations-check: install
	$(RUN) python scripts/check_translations.py

gates: lint types imports migrations-check openapi-check translations-check
