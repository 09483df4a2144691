"""Cleaned articles → quantities: numbers, units, subjects and roles, the indicator table (notebook 04).

One concern a module: ``rules`` (the data files compiled), ``scan`` (the scanning
shortcuts), ``numbers``, ``sentences``, ``subjects``, ``roles``, ``extract`` (one
text → rows), ``years``, ``provenance`` (the document columns a row carries), ``table`` (a corpus, workers,
the cache), ``find`` (queries of one indicator), ``summaries`` (counts, shares, labels, the CSV export) and
``gold`` (scores against the hand annotations).
"""

from helpers.quantities.extract import extract_indicators
from helpers.quantities.find import find_indicators, indicator_range_notice, indicator_ranges
from helpers.quantities.gold import score_against_gold
from helpers.quantities.numbers import arabic_value, chinese_value, chinese_value_digits
from helpers.quantities.rules import IndicatorRules, load_rules
from helpers.quantities.summaries import (
    counts_by_document,
    export_indicators,
    indicators_by_year,
    needs_log_scale,
    status_role_shares,
    top_quantities,
    unit_kind,
)
from helpers.quantities.table import indicator_cache_key, indicator_table

__all__ = [
    "IndicatorRules",
    "arabic_value",
    "chinese_value",
    "chinese_value_digits",
    "counts_by_document",
    "export_indicators",
    "extract_indicators",
    "find_indicators",
    "indicator_cache_key",
    "indicator_range_notice",
    "indicator_ranges",
    "indicator_table",
    "indicators_by_year",
    "load_rules",
    "needs_log_scale",
    "score_against_gold",
    "status_role_shares",
    "top_quantities",
    "unit_kind",
]
