# The two commands of the README: `make run` and `make test`. Both bootstrap everything they need.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
INSTALLED := $(VENV)/.installed
MESSAGES_PO := $(wildcard src/kompeten/locale/*/LC_MESSAGES/django.po)
MESSAGES_MO := $(MESSAGES_PO:.po=.mo)

.PHONY: run test e2e fuzz bench lint format setup system-packages browser messages migrate demo clean

run: setup migrate demo
	@echo "Kompeten: http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	PORT=$(PORT) $(BIN)/kompeten serve

test: setup browser
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

e2e: setup browser
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

# Deep property-based fuzzing of every parser entry point (10 000+ examples per test) and of every address
# that accepts a POST (1 000 examples each).
fuzz: setup
	HYPOTHESIS_PROFILE=deep $(BIN)/pytest -n auto tests/standards/parsing/test_fuzz.py tests/test_fuzz_entry_points.py \
		tests/test_fuzz_every_post.py $(PYTEST_ARGS)

# Speed and memory (importer, forms, sessions, certificates), load and scale on PostgreSQL (1 000 and 100 000
# candidates), measured in one run (JSON lines, each with "met"). Every script runs; the target exits non-zero
# when any of them missed a target. KOMPETEN_BENCH_DB_PREFIX names the PostgreSQL databases apart.
BENCHES := import_bench forms_bench session_bench certificates_bench scale_bench
bench: setup
	@status=0; for name in $(BENCHES); do $(BIN)/python bench/$$name.py || status=1; done; exit $$status

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: system-packages $(INSTALLED) $(MESSAGES_MO)

system-packages:
	@PYTHON=$(PYTHON) scripts/system-packages.sh

browser:
	@PYTHON=$(PYTHON) scripts/system-packages.sh --browser

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Kompeten needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Translations are compiled from the .po files whenever those change.
%.mo: %.po $(INSTALLED)
	cd src/kompeten && ../../$(BIN)/kompeten manage compilemessages --verbosity 0

messages: $(INSTALLED)
	cd src/kompeten && ../../$(BIN)/django-admin makemessages -l id --ignore "migrations/*" --no-obsolete

migrate: setup
	$(BIN)/kompeten manage migrate --noinput
	$(BIN)/kompeten manage createcachetable

demo: migrate
	$(BIN)/kompeten manage demo_load

clean:
	rm -rf $(VENV) var .pytest_cache
