# One entry point for humans and CI. Each target installs what it needs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint golden bench bench-slack kb clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cyps bot

test: lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Write tests/golden/ afresh from today's answers; read the diff before committing it.
golden: $(STAMP)
	CYPS_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.engine_bench
	$(BIN)/python -m benchmarks.slack_latency

bench-slack: $(STAMP)
	$(BIN)/python -m benchmarks.slack_latency

kb: $(STAMP)
	$(BIN)/cyps kb build

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
