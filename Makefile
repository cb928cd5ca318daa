# One entry point for humans and CI. Each target installs what it needs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint eval golden bench bench-slack bench-scale bench-load kb clean

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

# A measurement, not a test: accuracy of question understanding on the evaluation set.
eval: $(STAMP)
	$(BIN)/python -m evals.run

# Write tests/golden/ afresh from today's answers; read the diff before committing it.
golden: $(STAMP)
	CYPS_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.engine_bench
	$(BIN)/python -m benchmarks.papers_bench
	$(BIN)/python -m benchmarks.slack_latency

bench-slack: $(STAMP)
	$(BIN)/python -m benchmarks.slack_latency

# 1x, 100x and 1000x copies of the programme files, built and asked through the bot (~10 min).
bench-scale: $(STAMP)
	$(BIN)/python -m benchmarks.scale

# Concurrent signed requests against `cyps bot --http` and gunicorn (installed here, not by test).
bench-load: $(STAMP)
	$(BIN)/pip install --quiet -e '.[gunicorn]'
	$(BIN)/python -m benchmarks.load

kb: $(STAMP)
	$(BIN)/cyps kb build

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
