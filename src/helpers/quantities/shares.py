"""Quantities written without a unit after a number: fractions and shares (四分之一, 三成, 一半) and half spans (半年).

A share is reported in percent (接近四分之一 → 25 %, 超过一半 → 50 %, 三成 → 30 %); a
half span as half its unit (半年以上 → 0.5 年). The pattern is ``IndicatorRules.shares``,
its words (what 成 must not start) come from ``data/indicator_rule_words.tsv``.

    >>> from helpers.quantities.rules import load_rules
    >>> [c[3:7] for c in share_candidates("党员中大学生接近四分之一，三成以上是女性。", load_rules())]
    [(25.0, '%', 'rate', '近'), (30.0, '%', 'rate', '以上')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from helpers.quantities.numbers import arabic_value, chinese_value
from helpers.quantities.roles import pre_qualifier
from helpers.quantities.rules import IndicatorRules

# Every share holds one of these; the pattern is tried only around them, not at every position.
_ANCHOR_RE = re.compile("分之|成|半")
_NUMERAL_CHARS = frozenset("0123456789.．零〇一二两三四五六七八九十百千万亿")
_NUMERAL_REACH = 8
# How many characters after a share or a half span a post qualifier (以上, 左右, 多) is looked for.
_POST_QUALIFIER_LENGTHS = (3, 2, 1)


def _number(digits: str) -> float | None:
    return arabic_value(digits) if digits[0].isdigit() else chinese_value(digits)


def _post_qualifier(text: str, end: int, rules: IndicatorRules) -> tuple[str, int]:
    """The normalised qualifier written right after ``end`` (以上, 左右) and where it ends, or ``("", end)``."""
    for length in _POST_QUALIFIER_LENGTHS:
        normalised = rules.post_qualifiers.get(text[end : end + length])
        if normalised is not None:
            return normalised, end + length
    return "", end


def _share_value(g: dict) -> tuple[float | None, str, str]:
    """(value, unit, kind) of one match of the shares pattern."""
    if g["fden"]:
        den, num = _number(g["fden"]), _number(g["fnum"])
        if not den or num is None or num > den:
            return None, "", ""
        return round(100 * num / den, 2), "%", "rate"
    if g["cheng"]:
        tenths = _number(g["cheng"])
        return (None if tenths is None or tenths > 10 else 10 * tenths), "%", "rate"
    if g["half"]:
        return 50.0, "%", "rate"
    return 0.5, g["hunit"], "duration"


def share_candidates(text: str, rules: IndicatorRules) -> Iterator[tuple]:
    """Yield (start, number start, end, value, unit, kind, qualifier, is_chinese, value_high) like extract's candidates.

    过半 reads as more than half; the others take the qualifier written after them.
    """
    last_end = 0
    for anchor in _ANCHOR_RE.finditer(text):
        # the pattern is tried only where a share can be: just before 分之, 成 or 半, over the numerals there
        at = anchor.start()
        while at > 0 and anchor.start() - at < _NUMERAL_REACH and text[at - 1] in _NUMERAL_CHARS:
            at -= 1
        if at == anchor.start() and at > 0 and text[at - 1] == "过":
            at -= 1  # 过半
        m = rules.shares.match(text, at)
        if m is None or at < last_end:
            continue
        last_end = m.end()
        g = m.groupdict()
        value, unit, kind = _share_value(g)
        if value is None or value <= 0:
            continue
        qualifier, end = _post_qualifier(text, m.end(), rules)
        if (g["half"] or "").startswith("过"):
            qualifier = qualifier or "超过"
        pre, start = pre_qualifier(text, m.start(), rules)
        yield start, m.start(), end, float(value), unit, kind, qualifier or pre, False, None
