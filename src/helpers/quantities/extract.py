"""Numeric indicators of Chinese policy text: every quantity a reader would chart.

``extract_indicators`` finds each number that counts or measures something
(163万党员, 9.4万个基层党组织, 覆盖率达到76%, 选派1485名书记), normalises its value
(千/万/亿 and Chinese numerals, the latter through cn2an), keeps the unit as
written, its qualifier (以上, 余, 近 ...), its role (``measure``, ``threshold`` for
criteria such as 党员3人以上的组织, ``duration`` for spans such as 连续5年), the
noun phrase it counts and the sentence it stands in. Dates, identifiers, list
numbers, counts of one and numerals inside slogans (三会一课, 千名处长进千村) are
left out.

Candidates come from one pattern built from the data files (:mod:`.rules`); those
that overlap a stop pattern (:mod:`.scan`) are dropped, the rest get their value
(:mod:`.numbers`), role and qualifier (:mod:`.roles`), subject and category
(:mod:`.subjects`) and sentence (:mod:`.sentences`).

    >>> extract_indicators("全省共有党员2.3万名。")[["mention", "value", "unit"]].values.tolist()
    [['2.3万名', 23000.0, '名']]
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from helpers.quantities.numbers import arabic_value, chinese_range, chinese_value
from helpers.quantities.roles import pre_qualifier, quantity_role, states_rule
from helpers.quantities.rules import IndicatorRules, load_rules
from helpers.quantities.scan import stop_mask
from helpers.quantities.sentences import clause, clip_sentence, sentence_ends, sentence_span
from helpers.quantities.shares import share_candidates
from helpers.quantities.status import TextCues
from helpers.quantities.subjects import category_of, subject_of

if TYPE_CHECKING:  # pandas is imported lazily by the functions that build frames
    import pandas as pd

COLUMNS = [
    "mention",
    "start",
    "end",
    "value",
    "unit",
    "qualifier",
    "role",
    "subject",
    "sentence",
    "category",
    "status",
    "change",
    "value_high",
]
ROLES = ("measure", "threshold", "duration", "frequency", "minor")
# Chinese-numeral counts are kept from this up (两名, 十条); one is the indefinite 一 (一个, 一批).
MIN_CHINESE_COUNT = 2
# Chinese-numeral counts below this are found but labelled ``minor``: small talk (三个村, 两位书记) that
# nobody charts, as the seeds' gold annotates them (data/gold/README.md), kept apart from the measures.
MINOR_CHINESE_BELOW = 20
# What may follow a quantity and extend it (一年半, 4.5%—5%): tested before anything else is tried.
_EXTENSION_STARTS = frozenset("半-－—–~～至到 \t")
_CN_RUN = re.compile("[零〇一二两三四五六七八九十百千万亿点]{3}|[零〇一二两三四五六七八九十百千]+[多余][万亿]")
# How far back (characters) a period (每月, 一年) makes a count of occasions a frequency.
FREQUENCY_REACH = 8
MAX_CHINESE_DURATION = 100


def _range_high(g: dict, value: float, rules: IndicatorRules) -> tuple[float, float | None]:
    """(lower, upper) of a range written with a separator (1到2年, 一至两名, 3至5万元): the multiplier
    written once after the upper end applies to both."""
    if not g["sep"]:
        return value, None
    if g["ar2"]:
        high = arabic_value(g["ar2"], g["mult2"], rules)
        if g["mult2"] and not g["mult"] and not g["multc"] and g["ar"]:
            value *= rules.multipliers[g["mult2"]]
    else:
        high = chinese_value(g["cn2"])
    return value, high


def _candidates(text: str, rules: IndicatorRules) -> Iterator[tuple]:
    """Yield raw quantities (start, number start, end, value, unit, kind, qualifier, is_chinese, value_high), unmasked."""
    last_end = 0
    for m in rules.candidate.finditer(text):
        if m.start() < last_end:
            continue  # the upper end of a range already read (4.5%—5%)
        g = m.groupdict()
        high = None
        if g["pct"]:
            digits = g["pnum"]
            is_cn = not digits[0].isdigit()
            value = chinese_value(digits) if is_cn else arabic_value(digits, rules=rules)
            unit, kind = "%", "rate"
            mention_end = m.end("q3") if g["q3"] else m.end("pnum")
        else:
            is_cn = g["cn"] is not None
            if is_cn:
                value = chinese_value(g["cn"])
                if value is None and (pair := chinese_range(g["cn"])) is not None:
                    value, high = pair  # 十五六年
                if value is not None and g["multc"]:
                    value *= rules.multipliers[g["multc"]]
            else:
                value = arabic_value(g["ar"], g["mult"], rules)
            if value is not None and g["sep"]:
                value, high = _range_high(g, value, rules)
            unit = g["unit"]
            mention_end = m.end("unit") if g["q2"] is None else m.end()
            if g["q3"]:
                mention_end = m.end("q3")
            if unit in rules.people_nouns:
                # a count of people with no measure word (163万党员): only large, explicit figures
                if value is None or (value < 100 and not g["mult"]):
                    continue
                if not is_cn and not g["mult"] and 1500 <= value <= 2099 and g["ar"].isdigit():
                    continue
                kind = "people"
            else:
                info = rules.units[unit]
                if info.not_starting and text.startswith(info.not_starting, m.start("unit")):
                    continue
                kind = info.kind
        if value is None or not math.isfinite(value) or value < 0:
            continue
        if high is not None and (not math.isfinite(high) or high <= value):
            high = None
        start = m.start()
        qualifier = ""
        if g.get("sep"):
            qualifier = "至"
        for key in ("q0", "q0c", "q1", "q2", "q3"):
            if g.get(key) and not qualifier:
                qualifier = rules.post_qualifiers.get(g[key], g[key])
        # 3个多月: the 多 sits between 个 and 月
        if unit == "个" and g.get("q3") == "多" and text.startswith(("月", "小时"), m.end()):
            unit = "个月" if text.startswith("月", m.end()) else "个小时"
            kind, mention_end = "duration", m.end() + len(unit) - 1
            qualifier = "多"
        elif not g["q3"] and high is None and text[m.end() : m.end() + 1] in _EXTENSION_STARTS:
            unit, kind, value, high, qualifier, mention_end = _extend(text, m, unit, kind, value, qualifier, rules)
        pre, pre_start = pre_qualifier(text, start, rules)
        if pre and not qualifier:
            qualifier, start = pre, pre_start
        elif pre:
            start = pre_start
        if is_cn and start > 0 and text[start - 1] == "上" and (g["cn"] or "")[:1] in tuple("百千万亿"):
            qualifier, start = qualifier or "约", start - 1  # 上百万人: an approximation of an order
        # masks are tested from the number itself: the 百 of 百分之 is no numeral of a slogan
        num_start = m.start("pnum") if g["pct"] else m.start()
        last_end = mention_end
        yield start, num_start, mention_end, value, unit, kind, qualifier, is_cn, high


def _extend(text: str, m, unit: str, kind: str, value: float, qualifier: str, rules: IndicatorRules) -> tuple:
    """What follows a quantity and belongs to it: a half (一年半, 三个半小时), the upper end of a range
    whose unit is written twice (4.5%—5%), a qualifier after those (一年半多).

    Returns (unit, kind, value, value_high, qualifier, end).
    """
    end, high = m.end(), None
    if text.startswith("半", end) and (unit in ("年", "个") or kind == "duration"):
        rest = "" if unit != "个" else next((u for u in ("小时", "月", "钟头") if text.startswith(u, end + 1)), None)
        if rest is not None:
            unit = unit if not rest else "个" + rest
            kind = "duration" if unit in rules.units and rules.units[unit].kind == "duration" else kind
            if rest == "钟头":
                unit, kind = "小时", "duration"
            value, end = value + 0.5, end + 1 + len(rest)
    elif unit in ("%", "％"):
        tail = rules.range_tail.match(text, end)
        if tail is not None:
            upper = arabic_value(tail.group("ar"), rules=rules)
            if upper > value:
                high, end, qualifier = upper, tail.end(), qualifier or "至"
    post = rules.post_qualifiers.get(text[end : end + 2]) or rules.post_qualifiers.get(text[end : end + 1])
    if post and (end != m.end() or high is not None):
        length = 2 if rules.post_qualifiers.get(text[end : end + 2]) else 1
        qualifier, end = qualifier or post, end + length
    return unit, kind, value, high, qualifier, end


def _written_out(text: str, num_start: int) -> bool:
    """Whether the Chinese numeral at ``num_start`` runs three characters or more (三万九千八百, 四十七点三)
    or is hedged before its multiplier (六千多万): an amount written out, never the single numerals of a
    slogan or an idiom (三会一课, 千方百计)."""
    return _CN_RUN.match(text, num_start) is not None


def _is_frequency(text: str, num_start: int, unit: str, kind: str, rules: IndicatorRules) -> bool:
    """每两年, 每3个月 (每 before a span), or occasions after a period (每月举办1次, 一年两次)."""
    if num_start > 0 and text[num_start - 1] == "每":
        return kind == "duration"
    if unit not in rules.frequency_units:
        return False
    return rules.frequency_period_re.search(clause(text, num_start, -1, width=FREQUENCY_REACH)) is not None


def _all_candidates(text: str, rules: IndicatorRules) -> list[tuple]:
    """The quantities after numbers and the shares and half spans, in text order, none inside another."""
    candidates = list(_candidates(text, rules))
    if "分之" in text or "半" in text or "成" in text:
        taken = [(c[0], c[2]) for c in candidates]
        extra = [c for c in share_candidates(text, rules) if not any(a < c[2] and c[0] < b for a, b in taken)]
        if extra:
            candidates = sorted(candidates + extra, key=lambda c: c[1])
    return candidates


def extract_rows(text: str, rules: IndicatorRules, ends: list[int] | None = None) -> list[tuple]:
    """Rows (the fields of ``COLUMNS``, in that order) of one text.

    ``ends`` are the positions of the sentence ends in ``text`` when the caller has them.

        >>> [row[:5] for row in extract_rows("下设党小组42个。", load_rules())]
        [('42个', 5, 8, 42.0, '个')]
    """
    if not isinstance(text, str) or not text:
        return []
    candidates = _all_candidates(text, rules)
    if not candidates:
        return []  # a text with no quantity costs one scan
    rows: list[tuple] = []
    if ends is None:
        ends = sentence_ends(text, rules)
    mask_all = stop_mask(text, rules.stop_all, [(c[1], c[2]) for c in candidates])
    mask_cn = None
    cues = None
    for start, num_start, end, value, unit, kind, qualifier, is_cn, high in candidates:
        if mask_all.overlaps(num_start, end):
            continue
        if is_cn and not _written_out(text, num_start):
            if mask_cn is None:
                mask_cn = stop_mask(text, rules.stop_chinese, [(c[1], c[2]) for c in candidates if c[7]])
            if mask_cn.overlaps(num_start, end):
                continue
        frequency = _is_frequency(text, num_start, unit, kind, rules)
        if num_start > 0 and text[num_start - 1] == "每" and not frequency:
            continue  # 每万人: a denominator
        if kind == "duration" and unit == "年" and not is_cn and (text[num_start] in "0０" or value >= 1000):
            continue  # 09年 is an abbreviated year, 12019年 a year glued to a stray digit
        role = quantity_role(text, start, end, kind, qualifier, rules)
        if role == "measure" and states_rule(text, num_start, rules):
            role = "threshold"
        if frequency and role != "threshold":
            role = "frequency"  # a minimum stays a threshold (每月至少开展1次): the rule is what it states
        if value == 1 and kind in ("people", "count") and role == "measure" and not qualifier:
            continue  # a count of one, in digits as in words (配备1名指导员, 一面党旗): nothing to chart
        if is_cn and role != "frequency":
            if kind in ("people", "count") and (high or value) < MIN_CHINESE_COUNT:
                continue  # the indefinite 一 (一面党旗, 一次, 一批) and zero; 一点二个百分点 is a figure
            if (high or value) <= 0 or (role == "duration" and value > MAX_CHINESE_DURATION):
                continue
            if role == "duration" and value == 1 and high is None and not qualifier:
                continue  # 过去一年, 一年来: a time reference, not a span to chart (一年以上 and 一年半 stay)
            if role == "measure" and kind in ("people", "count") and (high or value) < MINOR_CHINESE_BELOW:
                role = "minor"
        if role == "duration" and text.startswith("连续", start - 2) and start >= 2:
            start -= 2
        if role == "frequency" and start > 0 and text[start - 1] == "每":
            start -= 1  # 每两年: the frequency is the whole phrase
        if kind == "people" and unit in rules.people_nouns:
            subject, unit = unit, "人"
        else:
            subject = subject_of(text, start, end, kind, role, rules)
        if unit in rules.units:
            unit = rules.units[unit].reported
        s0, s1 = sentence_span(ends, text, num_start)
        if cues is None:
            cues = TextCues(text, rules)
        rows.append(
            (
                text[start:end],
                start,
                end,
                float(value),
                unit,
                qualifier or "none",
                role,
                subject,
                clip_sentence(text, s0, s1, start, end),
                category_of(kind, subject, rules),
                cues.status(start, s0),
                cues.change(start),
                math.nan if high is None else float(high),
            )
        )
    return rows


def extract_indicators(text: str, rules: IndicatorRules | None = None) -> pd.DataFrame:
    """Every quantity in ``text`` as a row: mention, offsets, value, unit, qualifier, role, subject, sentence, category.

    ``text[start:end] == mention`` for every row; rows are in text order.

        >>> df = extract_indicators("这股力量来自全省163万党员，来自9.4万个基层党组织。")
        >>> df[["mention", "value", "unit", "subject"]].values.tolist()
        [['163万党员', 1630000.0, '人', '党员'], ['9.4万个', 94000.0, '个', '基层党组织']]
    """
    import pandas as pd

    rows = extract_rows(text, rules or load_rules())
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"start": "int64", "end": "int64", "value": "float64", "value_high": "float64"})
