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


def test_group(nodeid: str) -> str:
    """The unit a test is handed to an xdist worker in: its file (so a module's fixtures, such as a notebook
    run or a report build, are built once, in one worker), or :data:`SEEDS_FOLDER_GROUP`.

    >>> test_group("tests/test_cache.py::test_keys[a::b]"), test_group("notebooks/01_a.ipynb::Cell 3")
    ('tests/test_cache.py', 'seeds-processed-folder')
    """
    path = nodeid.split("::", 1)[0]
    if path.endswith(".ipynb") or path.endswith("/test_report_any_folder.py"):
        return SEEDS_FOLDER_GROUP
    return path


test_group.__test__ = False  # a helper, not a test


# The groups that take longest (measured with --durations), longest first. Under xdist they are handed out
# first, so no worker is left alone with a long one at the end (xdist's own order is by number of tests).
SLOW_GROUPS = (
    SEEDS_FOLDER_GROUP,  # nbval of every notebook, and the report on a generated folder of 200 documents
    "tests/test_small_corpora.py",  # every notebook on four tiny folders
    "tests/test_report_seeds.py",  # `make report` on the seeds in a copy of the project
    "tests/test_ocr.py",
    "tests/test_ocr_seals.py",
    "tests/test_dask_cluster.py",  # a two-worker LocalCluster
    "tests/test_tfidf_counts.py",
    "tests/test_segment.py",
    "tests/test_cache_inputs.py",
    "tests/test_read_tables.py",
)


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` with the files of :data:`SEEDS_FOLDER_GROUP` as one unit (the Makefile runs the suite
    on two workers, ``-n 2 --dist loadfile --no-loadscope-reorder``). xdist's own ``loadgroup`` cannot do it with
    this pytest: it renames the tests' node ids, which pytest 9 no longer reads."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SeedsFolderScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return test_group(nodeid)

    return SeedsFolderScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """In an xdist worker, put the :data:`SLOW_GROUPS` first: the order the units are handed out in."""
    if hasattr(config, "workerinput"):  # set in xdist's workers only
        rank = {group: index for index, group in enumerate(SLOW_GROUPS)}
        items.sort(key=lambda item: rank.get(test_group(item.nodeid), len(SLOW_GROUPS)))  # stable


@pytest.fixture
def batch_reads_only(monkeypatch):
    """``batch_reads_only(rows)``: from then on a stored table read whole fails the test, and so does a read of
    ``rows`` rows or more at once (a batch, and the rest of the row group it ends in, stays under it)."""
    import pandas as pd
    import pyarrow.parquet as pq

    from helpers import stored
    from helpers.stored_table import StoredTable

    read_groups = pq.ParquetFile.read_row_groups

    def few(self, groups, *args, **kwargs):
        rows = sum(self.metadata.row_group(group).num_rows for group in groups)
        assert rows < limit[0], f"{rows} rows read at once"
        return read_groups(self, groups, *args, **kwargs)

    def refuse(*args, **kwargs):
        raise AssertionError("a stored table was read whole")

    limit = [0]

    def install(rows: int) -> None:
        limit[0] = rows
        monkeypatch.setattr(pq.ParquetFile, "read_row_groups", few)
        for owner, name in ((pq.ParquetFile, "read"), (StoredTable, "to_pandas"), (stored, "read_table"),
                            (pd, "read_parquet")):  # fmt: skip
            monkeypatch.setattr(owner, name, refuse)

    return install
