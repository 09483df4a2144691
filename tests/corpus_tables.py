"""What a report run left in a corpus's cache, read back through the package without building anything."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from helpers.cache import Cache
from helpers.clean import load_cleaned
from helpers.quantities.table import KIND as INDICATORS
from helpers.quantities.table import indicator_cache_key


def cached_tables(corpus: Path, processed: Path) -> dict[str, pd.DataFrame]:
    """``raw``, ``docs``, ``audit`` and ``indicators`` as the run cached them; empty when it cached no cleaned corpus."""
    if not (processed / "cleaned").is_dir():
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the run already named any unreadable file
        cleaned = load_cleaned(corpus, processed, workers=1)
    if not cleaned.from_cache:
        return {}
    tables = {"raw": cleaned.raw, "docs": cleaned.docs, "audit": cleaned.audit}
    indicators = Cache(processed).read_tables(INDICATORS, indicator_cache_key(cleaned.docs), [INDICATORS])
    if indicators is not None:
        tables["indicators"] = indicators[INDICATORS]
    return tables


def cache_entries(processed: Path, kind: str) -> set[Path]:
    """The entries of one kind (``tokens``, ``tfidf`` …) in a corpus's cache."""
    folder = processed / kind
    return (
        {path for path in folder.iterdir() if path.is_dir() and not path.name.startswith(".")}
        if folder.is_dir()
        else set()
    )
