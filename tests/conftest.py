"""Shared fixtures: the seed corpus, cleaned once per test session."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

# The notebooks' controls (helpers.plots.explore) show their static default when nbval re-runs the notebooks:
# the kernels it starts inherit this, so the outputs compared are the chart or table, never widget state.
os.environ.setdefault("HELPERS_WIDGETS", "static")

GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "gold"


def read_gold(name: str) -> list[dict]:
    """Rows of a gold TSV file in data/gold/ (the project's copy of the hand annotations)."""
    with open(GOLD_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="session")
def seed_raw():
    from helpers import load_corpus
    from helpers.config import SEEDS_DIR

    return load_corpus(SEEDS_DIR)


@pytest.fixture(scope="session")
def seed_cleaned(seed_raw):
    from helpers import clean_corpus

    return clean_corpus(seed_raw, workers=1)


@pytest.fixture(scope="session")
def seed_docs(seed_cleaned):
    return seed_cleaned[0]


@pytest.fixture(scope="session")
def seed_audit(seed_cleaned):
    return seed_cleaned[1]


# Tests that must not run beside each other under pytest-xdist: nbval re-runs the notebooks on the seeds, which
# write their exports (indicators.csv, the network files, the coding sheet, whose bytes carry the time of writing)
# into processed/seeds/, and test_report_any_folder checks that its run left that folder's files as they were.
SEEDS_FOLDER_GROUP = "seeds-processed-folder"


def xdist_group(path: Path, root: Path) -> str:
    """The group a test file's tests run in under ``--dist loadgroup``: its own file (so a module's fixtures,
    such as a notebook run or a report build, are built once, in one worker), or :data:`SEEDS_FOLDER_GROUP`.

    >>> root = Path("/p")
    >>> xdist_group(root / "tests" / "test_cache.py", root), xdist_group(root / "notebooks" / "01_a.ipynb", root)
    ('tests/test_cache.py', 'seeds-processed-folder')
    """
    if path.suffix == ".ipynb" or path.name == "test_report_any_folder.py":
        return SEEDS_FOLDER_GROUP
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


# The groups that take longest (measured with --durations), longest first. Under xdist they are handed out
# first, so no worker is left alone with a long one at the end (xdist's own order is by number of tests).
SLOW_GROUPS = (
    SEEDS_FOLDER_GROUP,  # nbval of every notebook, and the report on a generated folder of 200 documents
    "tests/test_small_corpora.py",  # every notebook on four tiny folders
    "tests/test_report_seeds.py",  # `make report` on the seeds in a copy of the project
    "tests/test_ocr.py",
    "tests/test_ocr_seals.py",
    "tests/test_tfidf_counts.py",
    "tests/test_segment.py",
    "tests/test_cache_inputs.py",
    "tests/test_read_tables.py",
)


def pytest_collection_modifyitems(config, items):
    """Mark every test with its :func:`xdist_group` (the Makefile runs the suite on two workers, ``-n 2 --dist
    loadgroup --no-loadscope-reorder``; without xdist the mark does nothing); in an xdist worker, put the
    :data:`SLOW_GROUPS` first (the order the groups are handed out in)."""
    groups = {item: xdist_group(item.path, config.rootpath) for item in items}
    for item, group in groups.items():
        item.add_marker(pytest.mark.xdist_group(group))
    if hasattr(config, "workerinput"):  # set in xdist's workers only
        rank = {group: index for index, group in enumerate(SLOW_GROUPS)}
        items.sort(key=lambda item: rank.get(groups[item], len(SLOW_GROUPS)))  # stable: file order otherwise
