"""Cleaned articles → quantities: numbers, units, subjects and roles, the indicator table (notebook 04)."""
from helpers.quantities.extract import (
    arabic_value,
    chinese_value,
    chinese_value_digits,
    counts_by_document,
    export_indicators,
    extract_indicators,
    indicator_cache_key,
    indicator_table,
    indicators_by_year,
    load_rules,
    needs_log_scale,
    short_doc_label,
    top_quantities,
    unit_kind,
)
from helpers.quantities.gold import score_against_gold

__all__ = [
    "score_against_gold",
    "arabic_value",
    "chinese_value",
    "chinese_value_digits",
    "counts_by_document",
    "export_indicators",
    "extract_indicators",
    "indicator_cache_key",
    "indicator_table",
    "indicators_by_year",
    "load_rules",
    "needs_log_scale",
    "short_doc_label",
    "top_quantities",
    "unit_kind",
]
