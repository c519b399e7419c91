# Two commands do all the setup: `make run` builds the warehouse, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster

.PHONY: run test ui bench install lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	mkdir -p $(DAGSTER_HOME)
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/imr build --raw data/raw --warehouse data/warehouse --views

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

ui: $(STAMP)
	$(BIN)/python -c "from pipeline.config import ensure_dagster_home; ensure_dagster_home()"
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

bench: $(STAMP)
	$(BIN)/python bench/bench.py

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench

clean:
	rm -rf data/warehouse .dagster
