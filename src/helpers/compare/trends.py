"""How often terms are used per year (decade, province, issuer …): counts, rates per 10,000 tokens, documents.

A term is counted as a phrase in the cleaned text (non-overlapping occurrences,
as ``str.count`` finds them), not as a token: 高质量发展 or 新质生产力 count
even where the segmenter cuts them in two, and a term of several words counts
as written. The rate divides by the group's content tokens (the cached tokens
of notebook 02: stopwords, punctuation and single characters left out), so
rates of one corpus compare with each other, not with rates elsewhere.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2012", "2017", "2017"],
    ...                      "text": ["推动经济发展", "推动高质量发展", "高质量发展，新时代"]})
    >>> term_trends(docs, ["高质量发展"])[["year", "term", "count", "n_docs"]].to_dict("records")
    [{'year': 2012, 'term': '高质量发展', 'count': 0, 'n_docs': 0}, {'year': 2017, 'term': '高质量发展', 'count': 2, 'n_docs': 2}]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd

from helpers import stored
from helpers.cache import Cache
from helpers.compare.counts import content_tokens, document_lengths
from helpers.compare.groups import YEAR, comparison_notice, grouping
from helpers.tokens import TokenSettings

# Rates are per this many content tokens.
RATE_BASE = 10_000
TREND_COLUMNS = ["term", "count", "n_tokens", "rate", "n_docs"]


def _terms(terms: str | Iterable[str]) -> list[str]:
    items = [terms] if isinstance(terms, str) else list(terms)
    cleaned = [unicodedata.normalize("NFC", str(t)).strip() for t in items]
    return list(dict.fromkeys(t for t in cleaned if t))


def phrase_counts(texts: pd.Series, term: str) -> np.ndarray:
    """Non-overlapping occurrences of ``term`` in each text (NFC, as the tokens are made).

    >>> phrase_counts(pd.Series(["高质量发展和高质量发展", None]), "高质量发展").tolist()
    [2, 0]
    """
    return texts.fillna("").astype(str).str.count(re.escape(term)).to_numpy(dtype=np.int64)


def _phrase_counts_streamed(docs: pd.DataFrame, terms: list[str]) -> dict[str, np.ndarray]:
    """:func:`phrase_counts` of each term in every document of ``docs``, its texts read a batch at a time (from the
    stored table when the frame was read without them)."""
    parts: dict[str, list[np.ndarray]] = {term: [] for term in terms}
    for batch in stored.column_batches(docs, "text"):
        texts = pd.Series([unicodedata.normalize("NFC", t) if isinstance(t, str) else "" for t in batch], dtype=object)
        for term in terms:
            parts[term].append(phrase_counts(texts, term))
    return {term: np.concatenate(found) if found else np.zeros(0, dtype=np.int64) for term, found in parts.items()}


def term_trends(
    docs: pd.DataFrame,
    terms: str | Iterable[str],
    by: str = YEAR,
    *,
    cache: Cache | None = None,
    settings: TokenSettings = TokenSettings(),
) -> pd.DataFrame:
    """Per group and term: ``<by>``, ``term``, ``count``, ``n_tokens``, ``rate``, ``n_docs``.

    ``count`` is the term's occurrences in the group's texts (a phrase, see the
    module), ``n_tokens`` the group's content tokens (from ``cache`` when it holds
    them), ``rate`` the count per 10,000 of those tokens (0 for a group without
    tokens) and ``n_docs`` how many of the group's documents use the term. Every
    (group, term) pair is a row, a group without the term with an explicit 0;
    groups in order (years ascending), terms as given. Documents without a value
    for ``by`` are left out; ``attrs["notice"]`` says so, and why the table is
    empty when no document has one (see :func:`helpers.compare.groups.comparison_notice`).

        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "year": [1978, 1982], "text": ["阶级斗争", "改革开放"]})
        >>> term_trends(docs, "改革开放")[["year", "count", "n_tokens", "rate"]].to_dict("records")
        [{'year': 1978, 'count': 0, 'n_tokens': 1, 'rate': 0.0}, {'year': 1982, 'count': 1, 'n_tokens': 1, 'rate': 10000.0}]
    """
    wanted = _terms(terms)
    g = grouping(docs, by)
    keep = g.values.notna().to_numpy()
    groups = g.groups
    if not groups or not wanted:
        table = pd.DataFrame({by: pd.Series(dtype="object"), **_empty_columns()})
        table.attrs["notice"] = comparison_notice(docs, by)
        return table
    kept = docs.loc[keep]
    codes = pd.Categorical(g.values[keep], categories=groups).codes
    # the whole corpus's tokens, so the cache entry notebook 02 made is the one read
    lengths = document_lengths(content_tokens(docs, settings, cache=cache))[keep]
    n_tokens = np.bincount(codes, weights=lengths, minlength=len(groups)).astype(np.int64)
    per_term = _phrase_counts_streamed(kept, wanted)
    frames = []
    for term in wanted:
        per_doc = per_term[term]
        count = np.bincount(codes, weights=per_doc, minlength=len(groups)).astype(np.int64)
        used = np.bincount(codes, weights=per_doc > 0, minlength=len(groups)).astype(np.int64)
        frames.append(pd.DataFrame({by: groups, "term": term, "count": count, "n_tokens": n_tokens, "n_docs": used}))
    table = pd.concat(frames, ignore_index=True)
    table["rate"] = np.divide(
        table["count"] * RATE_BASE, table["n_tokens"], out=np.zeros(len(table)), where=table["n_tokens"] > 0
    )
    table = table[[by, *TREND_COLUMNS]]
    table.attrs["notice"] = comparison_notice(docs, by)
    return table


def _empty_columns() -> dict[str, pd.Series]:
    dtypes = {"term": "object", "count": "int64", "n_tokens": "int64", "rate": "float64", "n_docs": "int64"}
    return {c: pd.Series(dtype=dtypes[c]) for c in TREND_COLUMNS}
