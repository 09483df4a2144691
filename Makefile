# The front door. `make report` builds the HTML reports, `make test` runs every test.
# Each target first creates or refreshes the project's own virtual environment in .venv.

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
CORPUS  ?= seeds
# the venv first on PATH, so the Jupyter kernels that papermill and nbval start are the venv's Python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
WORKERS ?= 0
# SCHEDULER=local runs the stages on a Dask LocalCluster of WORKERS processes, SCHEDULER=tcp://host:8786 on a
# running Dask cluster (README: several machines); empty: each notebook's own process pool, no Dask at all
SCHEDULER ?=
# make test spreads the test files over this many pytest-xdist workers (0: one process)
TEST_WORKERS ?= 2
# OCR=0 leaves scanned pages unread (each keeps its row and its problem) instead of recognising them
OCR     ?= 1
export HELPERS_OCR := $(OCR)

.PHONY: report test notebooks benchmark clean venv

venv: $(STAMP)

# Rebuilt whenever the pins or the package metadata change.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## Execute the notebooks in order on CORPUS and write HTML (and an index page) under reports/.
report: $(STAMP)
	$(PY) -m helpers.report --corpus "$(CORPUS)" --workers $(WORKERS) --scheduler "$(SCHEDULER)"

## Lint and format check (ruff), docstring examples, unit and property tests, the notebooks re-run by nbval,
## and the charts compared with their baseline images in tests/baseline/ (pytest-mpl; --mpl turns the comparison on).
## Two pytest-xdist workers (TEST_WORKERS=0: one process); each test file runs whole in one worker, so its
## module fixtures (notebook runs, report builds) are built once; the slowest files first (tests/conftest.py).
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --doctest-modules src/helpers tests notebooks --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --mpl --mpl-baseline-path=tests/baseline

## Re-execute the committed notebooks in place (run after changing helpers or notebooks).
notebooks: $(STAMP)
	$(PY) -m helpers.report --in-place

benchmark: $(STAMP)
	$(PY) benchmarks/bench_pipeline.py

clean:
	rm -rf reports processed
