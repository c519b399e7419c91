# Two commands do all the setup: `make run` builds the warehouse, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster

.PHONY: run test ui bench install native lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,native]'
	mkdir -p $(DAGSTER_HOME)
	touch $(STAMP)

# The compiled parser (pipeline/parse/native.py), rebuilt when the parser's sources changed (a few seconds
# to check, ~20 s to build). Where it cannot be built, `make run`, `ui` and `bench` go on with the parser as
# Python (`make native` says why); `make test` requires it, so the tests cover the parser as it runs.
native: $(STAMP)
	IMR_NATIVE=off $(BIN)/python -m pipeline.compile_parser

COMPILE_OR_PYTHON = IMR_NATIVE=off $(BIN)/python -m pipeline.compile_parser || echo "(continuing with the parser as Python)"

install: $(STAMP)
	$(COMPILE_OR_PYTHON)

run: $(STAMP)
	$(COMPILE_OR_PYTHON)
	$(BIN)/imr build --raw data/raw --warehouse data/warehouse --views

test: native
	$(BIN)/python -m pytest -q -n 2

ui: $(STAMP)
	$(COMPILE_OR_PYTHON)
	$(BIN)/python -c "from pipeline.config import ensure_dagster_home; ensure_dagster_home()"
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

bench: $(STAMP)
	$(COMPILE_OR_PYTHON)
	$(BIN)/python bench/bench.py

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench

clean:
	rm -rf data/warehouse .dagster pipeline/parse/_native pipeline/parse/_cache
