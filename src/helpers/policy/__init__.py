"""Policy-science methods (notebook 06): policy-instrument coding with a human review loop, and text reuse.

One concern a module: :mod:`~helpers.policy.clauses` (documents into numbered items and their sentences),
:mod:`~helpers.policy.codebook` (the tools, their types and cue words, from ``data/policy_instruments.tsv``),
:mod:`~helpers.policy.instruments` (each clause coded, with a confidence), :mod:`~helpers.policy.coding` (a
corpus's clauses coded in worker processes and kept in the cache), :mod:`~helpers.policy.review` (the
Excel coding sheet and the agreement of human and automatic codes) and :mod:`~helpers.policy.shares` (shares
of each type and tool per document or group); :mod:`~helpers.policy.reuse` finds the passages documents share
and who copied whom, through :mod:`~helpers.policy.candidates` (MinHash LSH over windows of character shingles)
and :mod:`~helpers.policy.alignment` (exact spans of a pair's shared passages).

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["一、加大财政资金投入。\\n二、开展示范试点。"]})
    >>> code_instruments(policy_clauses(docs))["tool"].tolist()
    ['资金投入', '示范试点']
"""

from helpers.policy.clauses import policy_clauses, split_clauses
from helpers.policy.codebook import TYPE_NAMES, UNCODED, Codebook, CodebookError, load_codebook
from helpers.policy.coding import code_instruments
from helpers.policy.reuse import (
    ReuseSettings,
    find_reuse,
    longest_passages,
    reuse_matrix,
    reuse_notice,
    reuse_share,
)
from helpers.policy.review import Agreement, CodingSheetError, coding_agreement, export_coding_sheet, read_coding_sheet
from helpers.policy.shares import coding_coverage, coverage_notice, instrument_shares

__all__ = [
    "TYPE_NAMES",
    "UNCODED",
    "Agreement",
    "Codebook",
    "CodebookError",
    "CodingSheetError",
    "ReuseSettings",
    "code_instruments",
    "coding_agreement",
    "coding_coverage",
    "coverage_notice",
    "export_coding_sheet",
    "find_reuse",
    "instrument_shares",
    "load_codebook",
    "longest_passages",
    "policy_clauses",
    "read_coding_sheet",
    "reuse_matrix",
    "reuse_notice",
    "reuse_share",
    "split_clauses",
]
