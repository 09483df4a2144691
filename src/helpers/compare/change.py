"""Which terms rose and which fell over ordered groups (years, decades): the terms worth a trend chart.

A term's rate per 10,000 content tokens is taken in every group, and its trend is Kendall's tau-b
between the groups' order and those rates: +1 when every later group uses it more than every earlier one,
-1 when less, near 0 when it goes up and down. Tau reads only the order of the rates, so one large or
small group does not decide the trend, and it is the measure diachronic corpus linguistics uses for
frequency change (Hilpert & Gries 2009). The tokens are notebook 02's cached content tokens.

    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "year": [2001, 2002, 2003, 2004],
    ...                      "text": ["阶级斗争 阶级斗争 改革", "阶级斗争 改革 开放", "改革 开放 阶级斗争", "改革 开放 开放"]})
    >>> changing_terms(docs, k=1, min_count=3)[["term", "direction", "tau"]].round(2).values.tolist()
    [['开放', 'rising', 0.91], ['阶级斗争', 'falling', -0.91]]
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from helpers.cache import Cache
from helpers.compare.counts import content_tokens
from helpers.compare.groups import YEAR, comparison_notice, grouping
from helpers.compare.trends import RATE_BASE
from helpers.notices import Notice, unordered_groups_notice
from helpers.tokens import TokenSettings

CHANGE_COLUMNS = ["term", "direction", "tau", "count", "n_groups", "first_rate", "last_rate", "peak"]
# Fewer ordered groups than this show no trend: with two, every term that changes at all has tau = ±1.
MIN_GROUPS = 3
# Terms scored at once: bounds the (terms × group pairs) sign matrix, about 60 MB for 70 years.
_TERMS_PER_BLOCK = 5_000


def kendall_tau_b(rates: np.ndarray) -> np.ndarray:
    """Kendall's tau-b between the column order (time) and each row of ``rates``; NaN for a constant row.

    >>> kendall_tau_b(np.array([[1.0, 2, 3], [3, 2, 1], [1, 1, 1], [1, 3, 2]])).round(3).tolist()
    [1.0, -1.0, nan, 0.333]
    """
    n_groups = rates.shape[1]
    first, second = np.triu_indices(n_groups, k=1)
    signs = np.sign(rates[:, second] - rates[:, first])
    n_pairs = len(first)
    untied = np.count_nonzero(signs, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        # the groups are never tied with each other, so only the rates' ties shrink the denominator
        return signs.sum(axis=1) / np.sqrt(n_pairs * untied.astype(float))


def changing_terms(
    docs: pd.DataFrame,
    by: str = YEAR,
    k: int = 10,
    *,
    min_count: int = 20,
    cache: Cache | None = None,
    settings: TokenSettings = TokenSettings(),
) -> pd.DataFrame:
    """The ``k`` terms that rose most and the ``k`` that fell most over the ordered groups ``by``.

    Columns: ``term``, ``direction`` (``rising`` or ``falling``), ``tau`` (Kendall's tau-b of the
    rates against the groups' order), ``count`` (in the grouped documents), ``n_groups`` (groups using
    it), ``first_rate`` and ``last_rate`` (per 10,000 content tokens, in the first and last group) and
    ``peak`` (the group where its rate is highest). Only terms counted at least ``min_count`` times in
    two groups or more are scored; ties in tau go to the more frequent term, then the term itself.
    Rising terms first, strongest first. Empty when the groups are not ordered (names, not years) or
    fewer than three; ``attrs["notice"]`` says why, or what else limits the comparison.
    """
    g = grouping(docs, by)
    groups = g.groups
    notice = _change_notice(docs, by, groups)
    keep = g.values.notna().to_numpy()
    if notice is not None or not keep.any():
        return _empty(notice)
    tokens = content_tokens(docs, settings, cache=cache)
    doc_group = np.full(len(docs), -1, dtype=np.int64)  # -1: a document without a group
    doc_group[keep] = pd.Categorical(g.values[keep], categories=groups).codes
    group_of_token = np.repeat(doc_group, np.diff(tokens.offsets))
    grouped = group_of_token >= 0
    codes, token_groups = tokens.codes[grouped], group_of_token[grouped]
    totals = np.bincount(codes, minlength=len(tokens.vocab))
    frequent = np.flatnonzero(totals >= min_count)
    if not len(frequent):
        return _empty(None)
    column = np.full(len(tokens.vocab), -1)
    column[frequent] = np.arange(len(frequent))
    chosen = column[codes] >= 0
    cells = column[codes[chosen]] * len(groups) + token_groups[chosen]
    counts = np.bincount(cells, minlength=len(frequent) * len(groups)).reshape(len(frequent), len(groups))
    group_tokens = np.bincount(token_groups, minlength=len(groups)).astype(float)
    rates = np.divide(counts * RATE_BASE, group_tokens, out=np.zeros(counts.shape), where=group_tokens > 0)
    tau = np.concatenate(
        [kendall_tau_b(rates[start : start + _TERMS_PER_BLOCK]) for start in range(0, len(rates), _TERMS_PER_BLOCK)]
    )
    table = pd.DataFrame(
        {
            "term": [tokens.vocab[code] for code in frequent],
            "tau": tau,
            "count": totals[frequent].astype(np.int64),
            "n_groups": np.count_nonzero(counts, axis=1).astype(np.int64),
            "first_rate": rates[:, 0],
            "last_rate": rates[:, -1],
            "peak": [groups[index] for index in rates.argmax(axis=1)],
        }
    )
    table = table[(table["n_groups"] >= 2) & table["tau"].notna() & (table["tau"] != 0)]
    table["direction"] = np.where(table["tau"] > 0, "rising", "falling")
    table["strength"] = table["tau"].abs()
    ordered = table.sort_values(["strength", "count", "term"], ascending=[False, False, True], kind="mergesort")
    picked = pd.concat([ordered[ordered["direction"] == d].head(k) for d in ("rising", "falling")])
    result = picked[CHANGE_COLUMNS].reset_index(drop=True)
    result.attrs["notice"] = comparison_notice(docs, by)
    return result


def _change_notice(docs: pd.DataFrame, by: str, groups: list) -> Notice | None:
    """Why no trend can be read: the comparison's own reason, groups without an order, too few groups."""
    if not groups:
        return comparison_notice(docs, by)
    if not all(isinstance(group, int | np.integer | float | np.floating) for group in groups):
        return unordered_groups_notice(by)
    if len(groups) < MIN_GROUPS:
        return unordered_groups_notice(by, n_groups=len(groups), min_groups=MIN_GROUPS)
    return None


def _empty(notice: Notice | None) -> pd.DataFrame:
    dtypes = {"tau": "float64", "count": "int64", "n_groups": "int64", "first_rate": "float64", "last_rate": "float64"}
    table = pd.DataFrame({name: pd.Series(dtype=dtypes.get(name, "object")) for name in CHANGE_COLUMNS})
    table.attrs["notice"] = notice
    return table


def trend_candidates(
    docs: pd.DataFrame,
    changing: pd.DataFrame,
    k: int = 20,
    *,
    cache: Cache | None = None,
    settings: TokenSettings = TokenSettings(),
) -> list[str]:
    """The terms a trend chart offers: those of :func:`changing_terms`, the strongest riser and faller
    first, then alternating (so the first five drawn show both directions); when nothing could be seen to
    change (no ordered groups), the ``k`` most frequent content terms.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["党建 党建 引领", "党建"]})
    >>> trend_candidates(docs, changing_terms(docs, "province"), k=2)
    ['党建', '引领']
    """
    rising = changing.loc[changing["direction"] == "rising", "term"].tolist()
    falling = changing.loc[changing["direction"] == "falling", "term"].tolist()
    alternating = [term for pair in itertools.zip_longest(rising, falling) for term in pair if term is not None]
    if alternating:
        return alternating
    tokens = content_tokens(docs, settings, cache=cache)
    totals = np.bincount(tokens.codes, minlength=len(tokens.vocab))
    order = sorted(range(len(totals)), key=lambda code: (-totals[code], tokens.vocab[code]))
    return [tokens.vocab[code] for code in order[:k] if totals[code] > 0]
