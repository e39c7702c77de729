# Two commands on a fresh machine with Python 3.10+: `make demo` and `make test`. Everything comes from pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: demo test lint typecheck bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(PY) -m nemo_notebook.cli demo

lint: $(VENV)/.installed-test
	$(BIN)/ruff check nemo_notebook tests
	$(BIN)/ruff format --check nemo_notebook tests

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

test: lint typecheck
	$(PY) -m pytest

bench: $(VENV)/.installed-test
	$(PY) -m tests.benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
