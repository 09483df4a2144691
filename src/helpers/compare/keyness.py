"""Keyness: which terms one group (a decade, a province, an issuer) uses more than the others, and which less.

The statistic is quanteda's ``textstat_keyness(measure = "lr")`` with its
default correction: the likelihood-ratio G² of the 2×2 table (term / other
tokens × target / reference), signed negative when the term is relatively more
frequent in the reference. quanteda's code (``lr_lambda`` in
quanteda.textstats' ``src/keyness.cpp``) applies Yates' correction under
``correction = "default"`` (its manual page says Williams'; the code is what
its results come from): when ``|ad − bc| ≥ N/2`` and some expected cell is
below 5, each cell moves 0.5 towards independence before G² = 2 Σ o·ln(o/E + 10⁻⁹)
is taken. ``p`` is the upper tail of χ² with 1 degree of freedom at |G²|.

``log_ratio`` is Hardie's (2014) Log Ratio, the effect size beside G²'s
significance: log2 of the term's relative frequency in the target over that in
the reference, a zero frequency replaced by 0.5 (CQPweb's adjustment), so +1
means twice as frequent in the target.

    >>> g2, p = signed_g2(np.array([3]), np.array([1]), 100, 1000)  # an expected count of 0.36: corrected
    >>> round(float(g2[0]), 4), round(float(p[0]), 4)
    (7.0336, 0.008)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.cache import Cache
from helpers.compare.counts import content_tokens, term_counts
from helpers.compare.groups import comparison_notice, grouping
from helpers.notices import Notice, group_without_words_notice
from helpers.tokens import TokenSettings

KEYNESS_COLUMNS = ["term", "target_count", "reference_count", "g2", "log_ratio", "p"]
# quanteda adds this inside the logarithm (``epsilon`` in keyness.cpp), so an empty cell adds 0, not NaN.
EPSILON = 1e-9
# Hardie's Log Ratio replaces a zero frequency by this count.
ZERO_FREQUENCY = 0.5


def _yates_shift(a, b, c, d):
    """0.5 where Yates' correction applies (quanteda's rule), else 0."""
    n = a + b + c + d
    small = np.minimum.reduce([(a + b) * (a + c), (a + b) * (b + d), (a + c) * (c + d), (c + d) * (b + d)]) / n < 5
    return np.where((np.abs(a * d - b * c) >= n / 2) & small, 0.5, 0.0)


def signed_g2(
    target_count: np.ndarray, reference_count: np.ndarray, target_total: float, reference_total: float, *, yates=True
) -> tuple[np.ndarray, np.ndarray]:
    """``(G², p)`` per term, as quanteda's ``textstat_keyness(measure = "lr")`` computes them (see the module).

    Without the correction (``yates=False``) it is Dunning's G²:

        >>> g2, _ = signed_g2(np.array([10, 0]), np.array([20, 50]), 1000, 4000, yates=False)
        >>> np.round(g2, 4).tolist()
        [2.9438, -22.4403]
    """
    from scipy.stats import chi2

    a = np.asarray(target_count, dtype=float)
    b = np.asarray(reference_count, dtype=float)
    c, d = target_total - a, reference_total - b
    n = a + b + c + d
    expected_a = (a + b) * (a + c) / n
    if yates:
        delta = _yates_shift(a, b, c, d) * np.where(a * d - b * c > 0, 1.0, -1.0)
        a, b, c, d = a - delta, b + delta, c + delta, d - delta
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = [
            (a, (a + b) * (a + c)),
            (b, (a + b) * (b + d)),
            (c, (a + c) * (c + d)),
            (d, (b + d) * (c + d)),
        ]
        g2 = 2 * sum(o * np.log(o / (m / n) + EPSILON) for o, m in cells)
    g2 = np.nan_to_num(g2) * np.where(np.asarray(target_count, dtype=float) > expected_a, 1.0, -1.0)
    return g2, chi2.sf(np.abs(g2), 1)


def log_ratio(
    target_count: np.ndarray, reference_count: np.ndarray, target_total: float, reference_total: float
) -> np.ndarray:
    """Hardie's Log Ratio: log2 of the relative frequencies' ratio, a zero count taken as 0.5.

    >>> log_ratio(np.array([10, 0]), np.array([20, 10]), 1000, 4000).tolist()
    [1.0, -2.321928094887362]
    """
    a = np.where(np.asarray(target_count) > 0, target_count, ZERO_FREQUENCY)
    b = np.where(np.asarray(reference_count) > 0, reference_count, ZERO_FREQUENCY)
    return np.log2((a / target_total) / (b / reference_total))


def _empty(notice) -> pd.DataFrame:
    dtypes = ["object", "int64", "int64", "float64", "float64", "float64"]
    table = pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(KEYNESS_COLUMNS, dtypes)})
    table.attrs["notice"] = notice
    return table


def keyness(
    docs: pd.DataFrame,
    by: str,
    target,
    reference=None,
    k: int | None = 30,
    *,
    cache: Cache | None = None,
    settings: TokenSettings = TokenSettings(),
    min_count: int = 1,
) -> pd.DataFrame:
    """Key terms of the ``target`` group(s) of ``by`` against ``reference`` (default: every other group).

    Columns ``term, target_count, reference_count, g2, log_ratio, p`` (see the
    module for the statistics), counted over the content tokens (from ``cache``
    when it holds them). ``target`` and ``reference`` are a group or a list of
    groups (``2017`` or ``"2017"`` for a year). Returns the ``k`` terms of
    largest positive G² (the target's) and the ``k`` of most negative G² (the
    reference's), together sorted by G² descending, ties by term; ``k=None``
    returns every term that occurs ``min_count`` times or more in the two groups
    together. ``attrs`` holds ``target`` and ``reference`` (the groups compared)
    and ``notice``: why the table is empty (an unknown or empty group, no second
    group, no dates) or what to bear in mind (a group of a single document is
    compared but flagged; documents without a value are left out).

        >>> docs = pd.DataFrame({"doc_id": list("abcd"), "province": ["浙江省", "浙江省", "河南省", "河南省"],
        ...                      "text": ["共同富裕 共同富裕 党建", "共同富裕 党建", "粮食安全 党建", "粮食安全 党建"]})
        >>> keyness(docs, "province", "浙江省", k=1)[["term", "target_count", "reference_count"]].to_dict("records")
        [{'term': '共同富裕', 'target_count': 3, 'reference_count': 0}, {'term': '粮食安全', 'target_count': 0, 'reference_count': 2}]
    """
    g = grouping(docs, by)
    notice = comparison_notice(docs, by, target, reference)
    targets, _ = g.find(target)
    references = [x for x in (g.groups if reference is None else g.find(reference)[0]) if x not in targets]
    if not targets or not references:
        return _empty(notice)
    tokens = content_tokens(docs, settings, cache=cache)
    a = term_counts(tokens, g.values.isin(targets).fillna(False).to_numpy(dtype=bool))
    b = term_counts(tokens, g.values.isin(references).fillna(False).to_numpy(dtype=bool))
    target_total, reference_total = int(a.sum()), int(b.sum())
    if target_total == 0 or reference_total == 0:
        role, groups = ("目标组", targets) if target_total == 0 else ("参照组", references)
        found = group_without_words_notice(role, groups)
        return _empty(Notice("\n\n".join(n.message for n in (notice, found) if n is not None)))
    present = np.flatnonzero((a + b) >= max(1, min_count))
    a, b = a[present], b[present]
    terms = np.array(tokens.vocab, dtype=object)[present]
    g2, p = signed_g2(a, b, target_total, reference_total)
    table = pd.DataFrame(
        {
            "term": terms,
            "target_count": a,
            "reference_count": b,
            "g2": g2,
            "log_ratio": log_ratio(a, b, target_total, reference_total),
            "p": p,
        }
    )
    table = table.sort_values(["g2", "term"], ascending=[False, True], kind="stable", ignore_index=True)
    if k is not None:
        positive, negative = table[table["g2"] > 0].head(k), table[table["g2"] < 0].tail(k)
        table = pd.concat([positive, negative], ignore_index=True)
    table.attrs.update({"target": targets, "reference": references, "notice": notice})
    return table
