"""Policy-science methods (notebook 06): text reuse between documents.

:mod:`~helpers.policy.reuse` finds the passages documents share and who copied whom, through
:mod:`~helpers.policy.candidates` (MinHash LSH over windows of character shingles) and
:mod:`~helpers.policy.alignment` (exact spans of a pair's shared passages).

    >>> import pandas as pd
    >>> shared = "坚持以人民为中心的发展思想，不断增强人民群众获得感幸福感安全感"
    >>> docs = pd.DataFrame({"doc_id": ["甲", "乙"], "text": ["前言。" + shared, shared + "。后记"]})
    >>> find_reuse(docs, min_chars=20)["passage"].tolist() == [shared]
    True
"""

from helpers.policy.reuse import (
    ReuseSettings,
    find_reuse,
    longest_passages,
    reuse_matrix,
    reuse_notice,
    reuse_share,
)

__all__ = [
    "ReuseSettings",
    "find_reuse",
    "longest_passages",
    "reuse_matrix",
    "reuse_notice",
    "reuse_share",
]
