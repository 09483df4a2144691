"""The value of a number as written: Arabic digits with a multiplier, Chinese numerals, years digit by digit.

>>> arabic_value("9.4", "万"), chinese_value("一百六十三万"), chinese_value_digits("二〇一六")
(94000.0, 1630000.0, 2016)
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from helpers.quantities.rules import IndicatorRules, load_rules

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
# A numeral holding none of these is read digit by digit (二〇一六): a year or a code, not a quantity.
_CN_POSITIONAL = set("十百千万亿")
# 十五六, 三四百: a numeral whose last two digits are neighbours states an approximate range
_CN_DIGIT_RANGE_RE = re.compile(r"^(.*?)([一二两三四五六七八九])([二两三四五六七八九])([十百千万亿]*)$")
_CN_DIGIT_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def arabic_value(digits: str, multiplier: str | None = None, rules: IndicatorRules | None = None) -> float:
    """Value of Arabic digits (full-width, thousands separators) times a multiplier (千/万/亿, data/indicator_multipliers.txt).

    >>> arabic_value("9.4", "万"), arabic_value("1,200"), arabic_value("１２")
    (94000.0, 1200.0, 12.0)
    """
    value = float(digits.translate(_FULLWIDTH_DIGITS).replace(",", ""))
    if multiplier:
        value *= (rules or load_rules()).multipliers.get(multiplier, 1.0)
    return value


@lru_cache(maxsize=4096)
def chinese_value(numeral: str) -> float | None:
    """Value of a Chinese numeral through cn2an, or None when it is no number (digit strings like 二〇一六 are years).

    >>> chinese_value("一百六十三万"), chinese_value("百万"), chinese_value("三百"), chinese_value("四十七点三万亿")
    (1630000.0, 1000000.0, 300.0, 47300000000000.0)
    """
    import cn2an

    if not numeral or numeral[-1] == "点":
        return None
    if "点" in numeral and numeral[-1] in "万亿":  # 四十七点三万亿: a decimal times a multiplier
        head = numeral.rstrip("万亿")
        factor = {"万": 1e4, "亿": 1e8, "万亿": 1e12}.get(numeral[len(head) :])
        value = chinese_value(head) if factor else None
        return None if value is None else value * factor
    whole = numeral.split("点")[0]
    if len(whole) >= 2 and not (_CN_POSITIONAL & set(whole)):
        return None  # read digit by digit: a year or a code, not a quantity
    if numeral[0] in _CN_POSITIONAL:
        numeral = ("一" + numeral) if numeral[0] != "十" else numeral
    try:
        value = float(cn2an.cn2an(numeral, "smart"))
    except Exception:  # cn2an raises assorted errors on malformed numerals; none of them is a quantity
        return None
    return value if math.isfinite(value) and value >= 0 else None


def chinese_value_digits(numeral: str) -> int | None:
    """A year written digit by digit (二〇一六 → 2016), or None.

    >>> chinese_value_digits("二〇一六"), chinese_value_digits("二十")
    (2016, None)
    """
    if not numeral or any(ch not in _CN_DIGIT_VALUES for ch in numeral):
        return None
    return int("".join(str(_CN_DIGIT_VALUES[ch]) for ch in numeral))


def chinese_range(numeral: str) -> tuple[float, float] | None:
    """An approximate range written as two neighbouring digits (十五六 → 15–16, 三四百 → 300–400, 三五 → 3–5), or None.

    >>> chinese_range("十五六"), chinese_range("三四百"), chinese_range("二三十"), chinese_range("五十")
    ((15.0, 16.0), (300.0, 400.0), (20.0, 30.0), None)
    """
    m = _CN_DIGIT_RANGE_RE.match(numeral or "")
    if m is None:
        return None
    head, low, high, tail = m.groups()
    a, b = (_CN_DIGIT_VALUES.get(d, 2) for d in (low, high))  # 两 is 2
    if not (b == a + 1 or (a, b) == (3, 5)) or (head and head[-1] not in _CN_POSITIONAL):
        return None
    lo, hi = chinese_value(head + low + tail), chinese_value(head + high + tail)
    return (lo, hi) if lo is not None and hi is not None else None
