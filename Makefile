# Two commands on a fresh machine with only Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The packages mypy checks strictly (the Qt layer is covered by its pytest-qt tests).
CORE := desktop_app/domain desktop_app/imaging desktop_app/capture desktop_app/ascorad \
        desktop_app/storage desktop_app/forecast desktop_app/reports desktop_app/commands \
        desktop_app/cli.py desktop_app/data_dir.py desktop_app/resource_paths.py desktop_app/self_test.py

.PHONY: run test lint typecheck contracts pytest bench clean package-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/scorad-desk

lint: $(STAMP)
	$(BIN)/ruff check desktop_app tests benchmarks packaging tools
	$(BIN)/ruff format --check desktop_app tests benchmarks packaging tools

typecheck: $(STAMP)
	$(BIN)/mypy $(CORE)

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test: lint typecheck contracts pytest

# Every benchmark, one line per figure: name, measured, target, PASS/FAIL.
DATA ?= ../shared/datasets
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks --data $(DATA)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info

# Build the frozen Linux bundle here and run its self-test (installers: see docs/packaging.md).
package-check: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,package]"
	$(BIN)/python packaging/build.py --no-installer --self-test
