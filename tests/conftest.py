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
