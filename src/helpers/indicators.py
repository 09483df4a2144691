"""Numeric indicators of Chinese policy text: every quantity a reader would chart.

``extract_indicators`` finds each number that counts or measures something
(163万党员, 9.4万个基层党组织, 覆盖率达到76%, 选派1485名书记), normalises its value
(千/万/亿 and Chinese numerals, the latter through cn2an), keeps the unit as
written, its qualifier (以上, 余, 近 ...), its role (``measure``, ``threshold`` for
criteria such as 党员3人以上的组织, ``duration`` for spans such as 连续5年), the
noun phrase it counts and the sentence it stands in. Dates, identifiers, list
numbers, counts of one and numerals inside slogans (三会一课, 千名处长进千村) are
left out.

All knowledge lives in data files (``data/indicator_*``): units and the words
they must not start, qualifiers, stop patterns, people nouns, subject boundary
words and the category map. They are read and compiled once per process
(:func:`load_rules`); the rules object is immutable and can be passed explicitly.

    >>> extract_indicators("全省共有党员2.3万名。")[["mention", "value", "unit"]].values.tolist()
    [['2.3万名', 23000.0, '名']]
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .paths import read_data_lines, read_data_table

if TYPE_CHECKING:  # pandas is imported lazily by the functions that build frames
    import pandas as pd

COLUMNS = ["mention", "start", "end", "value", "unit", "qualifier", "role", "subject", "sentence", "category"]
TABLE_COLUMNS = ["doc_id", "title", "date", "year", *COLUMNS]

ROLES = ("measure", "threshold", "duration")
# Chinese-numeral counts below this are small talk (三个村, 两位书记), not figures to chart;
# durations and thresholds are kept from 2 up.
MIN_CHINESE_COUNT = 20
MAX_CHINESE_DURATION = 30
# A subject longer than this is a clause, not a noun phrase.
MAX_SUBJECT_CHARS = 16
# Context windows (characters) read around a quantity for its subject and its criterion test.
WINDOW = 40
MAX_SENTENCE_CHARS = 240
# How far before a sentence a stated year still dates it (the text just before, same paragraph).
YEAR_LOOKBACK = 80

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_MULTIPLIERS = {"千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_CN_POSITIONAL = set("十百千万亿")
_HARD_PUNCT = "，,。；;：:！？!?\n\r（）()【】[]…—"
_QUOTES = "“”‘’\"'「」『』《》〈〉"
_THRESHOLD_QUALIFIERS = {"以上", "以下", "不足"}
# After X以上 these words name a level reached (2倍以上标准), not a group picked by a criterion.
_LEVEL_WORDS = ("标准", "水平", "目标", "规模", "幅度", "比例", "增长", "提高", "增加")
# A clause opening with these states a condition (在有党员3人以上…的组织中).
_CONDITION_OPENERS = ("在有", "对有", "凡是", "凡", "对于", "符合", "具备", "在")
_COPULAS = ("为", "是")
_COMPARISON_VERBS = ("相当于", "达到", "是", "为")
_SCOPE_PREFIX = re.compile(r"^(?:全[国省市县区旗镇乡村州盟]|[我本该][国省市县区旗镇乡村州盟]|各级|各地|全体)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


class Unit(NamedTuple):
    """A unit or measure word: its kind (people, count, money ...), words it must not start, its reported form."""

    kind: str
    not_starting: tuple[str, ...]
    reported: str


@dataclass(frozen=True)
class IndicatorRules:
    """Compiled extraction rules, built once from the data files by :func:`load_rules`."""

    candidate: re.Pattern
    units: dict
    people_nouns: frozenset
    pre_qualifiers: tuple  # (surface, normalised), longest first
    post_qualifiers: dict  # surface -> normalised
    criterion_words: frozenset  # qualifiers that state a rule (至少, 不少于)
    stop_all: tuple  # (name, pattern)
    stop_chinese: tuple
    categories: tuple  # (kind, keyword, category)
    subject_tokens: re.Pattern
    boundary_words: frozenset
    edge_words: tuple  # longest first
    tail_words: tuple  # longest first; dropped from the end only
    owner_words: tuple
    years: re.Pattern
    sentence_ends: re.Pattern


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def load_rules() -> IndicatorRules:
    """Read the ``data/indicator_*`` files and compile the extraction rules (cached per process).

        >>> load_rules().units["人次"].kind
        'attendance'
    """
    units: dict[str, Unit] = {}
    for row in read_data_table("indicator_units.txt"):
        row = [c.strip() for c in row] + [""] * 4
        exclusions = tuple(w.strip() for w in row[2].split(",") if w.strip())
        units[row[0]] = Unit(row[1], exclusions, row[3] or row[0])
    people = frozenset(w.strip() for w in read_data_lines("indicator_people_nouns.txt"))
    pre, post, criteria = [], {}, set()
    for row in read_data_table("indicator_qualifiers.txt"):
        surface, position, normalised = row[:3]
        if len(row) > 3 and row[3].strip() == "criterion":
            criteria.add(surface)
        if position == "pre":
            pre.append((surface, normalised))
        else:
            post[surface] = normalised
    pre.sort(key=lambda p: -len(p[0]))
    stop_all, stop_cn = [], []
    for name, scope, pattern in (r[:3] for r in read_data_table("indicator_stop_patterns.txt")):
        (stop_cn if scope == "chinese" else stop_all).append((name, re.compile(pattern, re.MULTILINE)))
    categories = tuple(tuple(r[:3]) for r in read_data_table("indicator_categories.tsv"))
    words: dict[str, str] = {}
    for word, kind in (r[:2] for r in read_data_table("indicator_subject_words.txt")):
        words.setdefault(word, kind)  # first listing wins (a boundary verb stays a boundary)
    boundary = frozenset(w for w, k in words.items() if k == "boundary")
    protected = [w for w, k in words.items() if k == "word"]
    edges = tuple(sorted((w for w, k in words.items() if k == "edge"), key=len, reverse=True))
    tails = tuple(sorted((w for w, k in words.items() if k == "tail"), key=len, reverse=True))
    owners = tuple(sorted((w for w, k in words.items() if k == "owner"), key=len, reverse=True))

    arabic = r"[0-9０-９]+(?:,[0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?"
    mult = _alternation(_MULTIPLIERS)
    chinese = rf"(?<![{_CN_NUMERAL}])[{_CN_NUMERAL}]+(?:点[{_CN_DIGITS}]+[万亿]?)?"
    # 10余万元, 三千多万元: the hedge stands between the number and its multiplier
    number = (
        rf"(?:(?<![0-9０-９.．A-Za-z_/\\@#&=+\-－:：])(?P<ar>{arabic})(?:(?P<q0>[多余])?(?P<mult>{mult}))?"
        rf"|(?P<cn>{chinese})(?:(?P<q0c>[多余])(?P<multc>{mult}))?)"
    )
    second = rf"(?:(?P<ar2>{arabic})(?P<mult2>{mult})?|(?P<cn2>[{_CN_NUMERAL}]+))"
    unit_alt = _alternation(list(units) + list(people))
    post_alt = _alternation(post)
    candidate = re.compile(
        rf"(?:(?P<pct>百分之)(?P<pnum>{arabic}|[{_CN_NUMERAL}]+(?:点[{_CN_DIGITS}]+)?)"
        rf"|{number}(?:\s*(?P<sep>至|到|~|～|-|－|—|–)\s*{second})?"
        rf"(?P<q1>[多余])?(?P<unit>{unit_alt})(?:(?P<q2>[多余])(?P=unit))?)"
        rf"(?P<q3>{post_alt})?"
    )
    subject_tokens = re.compile(_alternation([*boundary, *protected, *edges, *tails]) + "|、")
    years = re.compile(r"(?<![0-9])((?:1[89]|20)[0-9]{2})\s*年(?![代级龄])|([〇零一二三四五六七八九]{4})年")
    return IndicatorRules(
        candidate=candidate,
        units=units,
        people_nouns=people,
        pre_qualifiers=tuple(pre),
        post_qualifiers=post,
        criterion_words=frozenset(criteria),
        stop_all=tuple(stop_all),
        stop_chinese=tuple(stop_cn),
        categories=categories,
        subject_tokens=subject_tokens,
        boundary_words=boundary,
        edge_words=edges,
        tail_words=tails,
        owner_words=owners,
        years=years,
        sentence_ends=re.compile(r"[。！？!?\n]"),
    )


# ---------------------------------------------------------------- numbers


def arabic_value(digits: str, multiplier: str | None = None) -> float:
    """Value of Arabic digits (full-width, thousands separators) times 千/万/亿.

        >>> arabic_value("9.4", "万"), arabic_value("1,200"), arabic_value("１２")
        (94000.0, 1200.0, 12.0)
    """
    value = float(digits.translate(_FULLWIDTH_DIGITS).replace(",", ""))
    return value * _MULTIPLIERS.get(multiplier or "", 1.0)


@lru_cache(maxsize=4096)
def chinese_value(numeral: str) -> float | None:
    """Value of a Chinese numeral through cn2an, or None when it is no number (digit strings like 二〇一六 are years).

        >>> chinese_value("一百六十三万"), chinese_value("百万"), chinese_value("三百")
        (1630000.0, 1000000.0, 300.0)
    """
    import cn2an

    if not numeral or numeral[-1] == "点":
        return None
    whole = numeral.split("点")[0]
    if len(whole) >= 2 and not (_CN_POSITIONAL & set(whole)):
        return None  # read digit by digit: a year or a code, not a quantity
    if numeral[0] in "十百千万亿":
        numeral = ("一" + numeral) if numeral[0] != "十" else numeral
    try:
        value = float(cn2an.cn2an(numeral, "smart"))
    except Exception:  # cn2an raises assorted errors on malformed numerals; none of them is a quantity
        return None
    return value if math.isfinite(value) and value >= 0 else None


# ---------------------------------------------------------------- spans


class _Mask:
    """Union of matched stop-pattern spans, queried for overlap in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.reach, top = [], -1
        for _, e in spans:
            top = max(top, e)
            self.reach.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.reach[k - 1] > start


def _mask(text: str, patterns) -> _Mask:
    return _Mask([m.span() for _, p in patterns for m in p.finditer(text) if m.end() > m.start()])


def _sentence_span(ends: list[int], text: str, pos: int) -> tuple[int, int]:
    k = bisect.bisect_right(ends, pos - 1)
    start = ends[k - 1] + 1 if k > 0 else 0
    end = ends[k] + 1 if k < len(ends) else len(text)
    return start, end


def _clip_sentence(text: str, s0: int, s1: int, start: int, end: int) -> str:
    """The sentence, or for run-on text the clauses around the quantity (at most MAX_SENTENCE_CHARS)."""
    if s1 - s0 > MAX_SENTENCE_CHARS:
        half = MAX_SENTENCE_CHARS // 2
        lo, hi = max(s0, start - half), min(s1, end + half)
        cut = max(text.rfind(c, lo, start) for c in "，,；;")
        lo = cut + 1 if cut >= lo else lo
        cuts = [i for i in (text.find(c, end, hi) for c in "，,；;") if i >= 0]
        hi = min(cuts) + 1 if cuts else hi
        s0, s1 = lo, hi
    return text[s0:s1].strip()


# ---------------------------------------------------------------- subjects


def _strip_quotes(s: str) -> str:
    return "".join(ch for ch in s if ch not in _QUOTES and not ch.isspace())


def _strip_edges(s: str, rules: IndicatorRules) -> str:
    changed = True
    while s and changed:
        changed = False
        m = _SCOPE_PREFIX.match(s)
        if m and len(s) > m.end():
            s, changed = s[m.end():], True
        for w in rules.edge_words:
            if s.startswith(w) and len(s) > len(w):
                s, changed = s[len(w):], True
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)], True
        for w in rules.tail_words:
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)], True
        if s.endswith("的") or s.startswith("的"):
            s, changed = s.strip("的"), True
    if s in rules.edge_words or s in rules.tail_words or s in rules.boundary_words:
        return ""
    return s


def _boundaries(s: str, rules: IndicatorRules) -> list[tuple[int, int]]:
    """Spans of boundary words in ``s`` (protected words and edges are consumed, never split)."""
    return [m.span() for m in rules.subject_tokens.finditer(s) if m.group() in rules.boundary_words or m.group() == "、"]


_TIME_WORDS = re.compile(
    r"(?:[0-9]{2,4}\s*年(?:底|末|初|中|度)?|[0-9]{1,2}\s*月(?:份|底|末|初)?|[0-9]{1,2}\s*[日号]|[上下本去今明前]年"
    r"|(?:连续|近|过去|最近)?[0-9一二两三四五六七八九十]+个?(?:年|月|天|周)(?:来|以来|内|间)?)"
)


def _is_noun_phrase(s: str) -> bool:
    """A usable subject: has a Chinese character, does not start or end in a number, holds no percentage."""
    return bool(s) and _CJK.search(s) is not None and not s[0].isdigit() and not s[-1].isdigit() and "%" not in s


def _cut_forward(s: str, rules: IndicatorRules) -> str:
    """The noun phrase at the start of ``s``: up to the first boundary word, 的-head resolved."""
    spans = _boundaries(s, rules)
    seg = s[: spans[0][0]] if spans else s
    if "的" in seg:
        pre, head = seg.split("的", 1)[0], seg.rsplit("的", 1)[1]
        seg = pre if (pre.endswith(rules.owner_words) or not head) else head
    return _strip_edges(seg[:MAX_SUBJECT_CHARS], rules)


def _forward_subject(after: str, rules: IndicatorRules) -> str:
    s = _strip_quotes(after)
    if not s:
        return ""
    subject = _forward_phrase(s, rules)
    return subject if _is_noun_phrase(subject) else ""


def _forward_phrase(s: str, rules: IndicatorRules) -> str:
    if s[0] == "的":
        return _cut_forward(s[1:], rules)
    for copula in _COPULAS:
        if s.startswith(copula):
            return _cut_forward(s[len(copula):], rules)
    spans = _boundaries(s, rules)
    if spans and spans[0][0] == 0:
        # a verb first: a relative clause whose head follows 的 (10件加强基层、惠及群众的实事好事)
        i = s.find("的")
        return _cut_forward(s[i + 1:], rules) if 0 < i < 20 else ""
    return _cut_forward(s, rules)


def _backward_subject(before: str, rules: IndicatorRules, kind: str) -> str:
    s = _TIME_WORDS.sub("", _strip_quotes(before))
    if kind == "ratio":  # 报酬达到收入的2倍: the subject stands before the comparison
        for verb in _COMPARISON_VERBS:
            i = s.find(verb)
            if i > 0:
                s = s[:i]
                break
    # drop trailing link words (达到, 全部, 为 ...) repeatedly
    while True:
        s = _strip_edges(s, rules)
        spans = _boundaries(s, rules)
        if spans and spans[-1][1] == len(s) and spans[-1][0] > 0:
            s = s[: spans[-1][0]]
            continue
        break
    spans = _boundaries(s, rules)
    if spans:
        s = s[spans[-1][1]:]
    if "的" in s:
        s = s.rsplit("的", 1)[1] or s
    s = _strip_edges(s, rules)
    s = s[-MAX_SUBJECT_CHARS:]
    return s if _is_noun_phrase(s) else ""


def _after_verb(after: str, rules: IndicatorRules) -> str:
    """For money and measures whose purpose follows (安排6500万元，发展壮大村级集体经济)."""
    s = _strip_quotes(after)
    for _ in range(3):
        spans = _boundaries(s, rules)
        if spans and spans[0][0] == 0:
            s = s[spans[0][1]:]
        else:
            break
    return _cut_forward(s, rules) if s else ""


def _clause(text: str, pos: int, step: int) -> str:
    """Text from ``pos`` to the nearest hard punctuation in direction ``step`` (at most WINDOW chars)."""
    if step > 0:
        chunk = text[pos: pos + WINDOW]
        cut = min((i for i in (chunk.find(c) for c in _HARD_PUNCT) if i >= 0), default=len(chunk))
        return chunk[:cut]
    chunk = text[max(0, pos - WINDOW): pos]
    cut = max(chunk.rfind(c) for c in _HARD_PUNCT + "、")
    return chunk[cut + 1:]


def _subject(text: str, start: int, end: int, kind: str, role: str, rules: IndicatorRules) -> str:
    after = _clause(text, end, +1)
    before = _clause(text, start, -1)
    forward = _forward_subject(after, rules)
    if role == "threshold" and kind != "age":
        # 从业人员8人以上的组织: a criterion measures the noun before it
        backward = _backward_subject(before, rules, kind)
        if backward:
            return backward
    if kind in ("people", "count") and forward:
        return forward
    if after.startswith("的") and forward:
        return forward
    backward = _backward_subject(before, rules, kind)
    if backward:
        return backward
    if forward:
        return forward
    fallback = _after_verb(after, rules)
    if _is_noun_phrase(fallback):
        return fallback
    # money's purpose may stand in the next clause (每年安排6500万元，发展壮大新型村级集体经济)
    nxt = text[end + len(after): end + len(after) + 1]
    if kind == "money" and nxt and nxt in "，,":
        fallback = _after_verb(_clause(text, end + len(after) + 1, +1), rules)
        return fallback if _is_noun_phrase(fallback) else ""
    return ""


def _category(kind: str, subject: str, rules: IndicatorRules) -> str:
    for rule_kind, keyword, category in rules.categories:
        if rule_kind not in ("*", kind):
            continue
        if keyword == "*" or keyword in subject:
            return category
    return "其他"


# ---------------------------------------------------------------- roles


def _role(text: str, start: int, end: int, kind: str, qualifier: str) -> str:
    if kind == "duration":
        return "duration"
    if qualifier in _THRESHOLD_QUALIFIERS:
        nxt = text[end: end + 2]
        if nxt.startswith("的"):
            return "threshold"
        if nxt and _CJK.match(nxt) and not text.startswith(_LEVEL_WORDS, end):
            return "threshold"  # 60周岁以上生活困难党员: the quantity qualifies a noun
        clause = text[max(0, start - WINDOW): start]
        cut = max(clause.rfind(c) for c in _HARD_PUNCT)
        if clause[cut + 1:].lstrip().startswith(_CONDITION_OPENERS):
            return "threshold"
    return "measure"


def _pre_qualifier(text: str, start: int, rules: IndicatorRules) -> tuple[str, int]:
    for surface, normalised in rules.pre_qualifiers:
        if text.startswith(surface, start - len(surface)) and start >= len(surface):
            return normalised, start - len(surface)
    return "", start


def _states_rule(text: str, start: int, rules: IndicatorRules) -> bool:
    """Whether a rule word stands just before ``start``, at most one verb away (每季度至少开展1次)."""
    window = text[max(0, start - 6): start]
    window = window[max(window.rfind(c) for c in _HARD_PUNCT + "、") + 1:]
    return any(w in window for w in rules.criterion_words)


# ---------------------------------------------------------------- extraction


def _candidates(text: str, rules: IndicatorRules):
    """Yield raw quantities (start, number start, end, value, unit, kind, qualifier, is_chinese), unmasked."""
    for m in rules.candidate.finditer(text):
        g = m.groupdict()
        if g["pct"]:
            digits = g["pnum"]
            is_cn = not digits[0].isdigit()
            value = chinese_value(digits) if is_cn else arabic_value(digits)
            unit, kind = "%", "rate"
            mention_end = m.end("q3") if g["q3"] else m.end("pnum")
        else:
            is_cn = g["cn"] is not None
            if is_cn:
                value = chinese_value(g["cn"])
                if value is not None and g["multc"]:
                    value *= _MULTIPLIERS[g["multc"]]
            else:
                value = arabic_value(g["ar"], g["mult"])
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
                if any(text.startswith(w, m.start("unit")) for w in info.not_starting):
                    continue
                kind = info.kind
        if value is None or not math.isfinite(value) or value < 0:
            continue
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
        pre, pre_start = _pre_qualifier(text, start, rules)
        if pre and not qualifier:
            qualifier, start = pre, pre_start
        elif pre:
            start = pre_start
        # masks are tested from the number itself: the 百 of 百分之 is no numeral of a slogan
        num_start = m.start("pnum") if g["pct"] else m.start()
        yield start, num_start, mention_end, value, unit, kind, qualifier, is_cn


def _extract_rows(text: str, rules: IndicatorRules) -> list[tuple]:
    """Rows (mention, start, end, value, unit, qualifier, role, subject, sentence, category) of one text."""
    if not isinstance(text, str) or not text:
        return []
    rows: list[tuple] = []
    mask_all = mask_cn = ends = None
    for start, num_start, end, value, unit, kind, qualifier, is_cn in _candidates(text, rules):
        if mask_all is None:  # built on the first candidate: a text with no quantity costs one scan
            mask_all = _mask(text, rules.stop_all)
            ends = [m.start() for m in rules.sentence_ends.finditer(text)]
        if mask_all.overlaps(num_start, end):
            continue
        if is_cn:
            mask_cn = mask_cn or _mask(text, rules.stop_chinese)
            if mask_cn.overlaps(num_start, end):
                continue
        if num_start > 0 and text[num_start - 1] == "每":
            continue  # 每万人: a denominator
        if kind == "duration" and unit == "年" and not is_cn and (text[num_start] in "0０" or value >= 1000):
            continue  # 09年 is an abbreviated year, 12019年 a year glued to a stray digit
        role = _role(text, start, end, kind, qualifier)
        if role == "measure" and _states_rule(text, num_start, rules):
            role = "threshold"
        if is_cn:
            if value <= 1:
                continue  # counts of one (一面党旗) and zero
            if role == "duration" and value > MAX_CHINESE_DURATION:
                continue
            if role == "measure" and value < MIN_CHINESE_COUNT:
                continue
        if role == "duration" and text.startswith("连续", start - 2) and start >= 2:
            start -= 2
        if kind == "people" and unit in rules.people_nouns:
            subject, unit = unit, "人"
        else:
            subject = _subject(text, start, end, kind, role, rules)
        if unit in rules.units:
            unit = rules.units[unit].reported
        s0, s1 = _sentence_span(ends, text, num_start)
        rows.append((
            text[start:end], start, end, float(value), unit, qualifier or "none", role, subject,
            _clip_sentence(text, s0, s1, start, end), _category(kind, subject, rules),
        ))
    return rows


def extract_indicators(text: str, rules: IndicatorRules | None = None) -> "pd.DataFrame":
    """Every quantity in ``text`` as a row: mention, offsets, value, unit, qualifier, role, subject, sentence, category.

    ``text[start:end] == mention`` for every row; rows are in text order.

        >>> df = extract_indicators("这股力量来自全省163万党员，来自9.4万个基层党组织。")
        >>> df[["mention", "value", "unit", "subject"]].values.tolist()
        [['163万党员', 1630000.0, '人', '党员'], ['9.4万个', 94000.0, '个', '基层党组织']]
    """
    import pandas as pd

    rows = _extract_rows(text, rules or load_rules())
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"start": "int64", "end": "int64", "value": "float64"})


def _year_rows(text: str, rows: list[tuple], rules: IndicatorRules) -> list:
    """The year each row's sentence (or the text just before it) states, nearest first, else None."""
    if not rows:
        return []
    found = []
    for m in rules.years.finditer(text):
        if m.group(1):
            found.append((m.start(), int(m.group(1))))
        else:
            value = chinese_value_digits(m.group(2))
            if value:
                found.append((m.start(), value))
    positions = [p for p, _ in found]
    ends = [m.start() for m in rules.sentence_ends.finditer(text)]
    years = []
    for row in rows:
        start = row[1]
        s0, s1 = _sentence_span(ends, text, start)
        lo = bisect.bisect_left(positions, s0)
        hi = bisect.bisect_left(positions, s1)
        inside = found[lo:hi]
        before = [(p, y) for p, y in inside if p < start]
        after = [(p, y) for p, y in inside if p >= row[2]]
        if before:
            years.append(before[-1][1])
        elif after:
            years.append(after[0][1])
        else:
            # the sentence just before, when short and in the same paragraph (2016年，…。新建场所320个。)
            k = bisect.bisect_left(positions, s0)
            prev = found[k - 1] if k > 0 else None
            p0 = _sentence_span(ends, text, s0 - 1)[0] if s0 > 0 else 0
            if prev and prev[0] >= p0 and s0 - prev[0] <= YEAR_LOOKBACK and "\n" not in text[prev[0]: s0]:
                years.append(prev[1])
            else:
                years.append(None)
    return years


def chinese_value_digits(numeral: str) -> int | None:
    """A year written digit by digit (二〇一六 → 2016), or None.

        >>> chinese_value_digits("二〇一六")
        2016
    """
    digits = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if not numeral or any(ch not in digits for ch in numeral):
        return None
    return int("".join(str(digits[ch]) for ch in numeral))


def _document_rows(item: tuple) -> list[tuple]:
    """Rows of one document with its year column; top-level so worker processes can run it."""
    doc_id, title, date, text = item
    rules = load_rules()
    rows = _extract_rows(text if isinstance(text, str) else "", rules)
    years = _year_rows(text, rows, rules)
    return [(doc_id, title, date, year, *row) for year, row in zip(years, rows)]


def indicator_table(docs: "pd.DataFrame", workers: int | None = 1) -> "pd.DataFrame":
    """Indicators of every document in ``docs`` (columns doc_id, text; title and date if present).

    Adds ``doc_id``, ``title``, ``date`` and ``year``: the nearest year the sentence
    states (截至2016年, 2014年起), else the one stated just before it in the
    paragraph, as a nullable integer. Sorted by doc_id and position.
    ``workers`` > 1 spreads documents over processes (``None`` or 0: every core).

        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "title": ["示例"], "date": [""],
        ...                      "text": ["截至2016年，全县共有党员2.3万名。"]})
        >>> indicator_table(docs)[["doc_id", "year", "value", "unit"]].values.tolist()
        [['a', 2016, 23000.0, '名']]
    """
    import pandas as pd

    from .parallel import map_documents

    def column(name: str) -> list:
        return docs[name].tolist() if name in docs.columns else [""] * len(docs)

    items = list(zip(column("doc_id"), column("title"), column("date"), column("text")))
    if workers == 1:
        results = [_document_rows(item) for item in items]
    else:
        results = map_documents(_document_rows, items, workers=workers, desc="指标抽取")
    rows = [row for part in results for row in part]
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    table = table.astype({"start": "int64", "end": "int64", "value": "float64", "year": "Int64"})
    table["doc_id"] = table["doc_id"].astype(str)
    return table.sort_values(["doc_id", "start", "end"], kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------- summaries for notebooks and reports


def unit_kind(unit: str, rules: IndicatorRules | None = None) -> str:
    """Kind of a reported unit (people, count, money, rate ...), ``other`` when unknown.

        >>> unit_kind("名"), unit_kind("元"), unit_kind("%")
        ('people', 'money', 'rate')
    """
    rules = rules or load_rules()
    kinds = {info.reported: info.kind for info in rules.units.values()}
    kinds.update({name: info.kind for name, info in rules.units.items() if name == info.reported})
    return kinds.get(unit, "other")


def short_doc_label(doc_id: str) -> str:
    """A compact label for charts: the leading number of a doc_id and its article suffix.

        >>> short_doc_label("004_7c2344e521650bcf-07"), short_doc_label("002_b6195d73b198a5dc"), short_doc_label("报告")
        ('004-07', '002', '报告')
    """
    doc_id = str(doc_id)
    head = doc_id.split("_", 1)[0]
    tail = doc_id.rsplit("-", 1)[1] if "_" in doc_id and "-" in doc_id.split("_", 1)[1] else ""
    return f"{head}-{tail}" if tail else head


def counts_by_document(
    table: "pd.DataFrame", docs: "pd.DataFrame | None" = None, top_n: int | None = None
) -> "pd.DataFrame":
    """Indicators per document (rows) and category (columns), most indicators first.

    With ``docs``, documents without any indicator get a row of zeros. Past
    ``top_n`` documents the rest are summed into one row ``其余N篇``.
    """
    import pandas as pd

    if table.empty and docs is None:
        return pd.DataFrame()
    labels = table["doc_id"].map(short_doc_label)
    counts = pd.crosstab(labels, table["category"]) if len(table) else pd.DataFrame()
    if docs is not None:
        every = pd.Index(sorted({short_doc_label(d) for d in docs["doc_id"]}), name=counts.index.name)
        counts = counts.reindex(every.union(counts.index), fill_value=0)
    counts["合计"] = counts.sum(axis=1)
    counts = counts.sort_index().sort_values("合计", ascending=False, kind="mergesort")
    if top_n and len(counts) > top_n:
        rest = counts.iloc[top_n:].sum().to_frame(f"其余{len(counts) - top_n}篇").T
        counts = pd.concat([counts.iloc[:top_n], rest])
    counts.index.name = "文档"
    counts.columns.name = "类别"
    return counts


def top_quantities(
    table: "pd.DataFrame",
    kinds: tuple[str, ...] = ("people",),
    categories: tuple[str, ...] | None = None,
    top_n: int = 20,
    scale: float = 1.0,
) -> "pd.DataFrame":
    """The largest ``measure`` rows of some unit kinds (and categories), labelled for a chart.

    ``标签`` reads 文档 · 主语 (mention); ``数值`` is value / ``scale`` (1e4 charts money in 万元).
    """
    import pandas as pd

    if table.empty:
        return pd.DataFrame(columns=["标签", "数值", "文档", "主语", "原文", "类别"])
    rules = load_rules()
    kind = table["unit"].map(lambda u: unit_kind(u, rules))
    keep = (table["role"] == "measure") & kind.isin(kinds)
    if categories:
        keep &= table["category"].isin(categories)
    part = table[keep].sort_values(["value", "doc_id", "start"], ascending=[False, True, True], kind="mergesort")
    part = part.head(top_n)
    doc = part["doc_id"].map(short_doc_label)
    label = doc + " · " + part["subject"].where(part["subject"] != "", "（未识别）") + "（" + part["mention"] + "）"
    return pd.DataFrame({
        "标签": label.to_numpy(), "数值": (part["value"] / scale).round(3).to_numpy(), "文档": doc.to_numpy(),
        "主语": part["subject"].to_numpy(), "原文": part["mention"].to_numpy(), "类别": part["category"].to_numpy(),
    })


def indicators_by_year(table: "pd.DataFrame") -> "pd.DataFrame":
    """Indicators that state a year, counted by year (rows) and category (columns)."""
    import pandas as pd

    dated = table.dropna(subset=["year"])
    if dated.empty:
        return pd.DataFrame()
    counts = pd.crosstab(dated["year"].astype(int), dated["category"])
    counts.index.name = "年份"
    counts.columns.name = "类别"
    return counts


def export_indicators(table: "pd.DataFrame", output_dir=None, name: str = "indicators.csv"):
    """Write the table as CSV in UTF-8 with a BOM (so Excel reads the Chinese) and return its path.

    ``output_dir`` None means ``data/processed``.
    """
    from pathlib import Path

    from .paths import PROCESSED_DIR

    folder = Path(output_dir) if output_dir is not None else PROCESSED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    table.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def needs_log_scale(values, ratio: float = 100.0) -> bool:
    """Whether positive values span more than ``ratio`` times (then a log axis shows them all).

        >>> needs_log_scale([4, 1630000]), needs_log_scale([30, 118])
        (True, False)
    """
    positive = [float(v) for v in values if v is not None and float(v) > 0]
    return bool(positive) and max(positive) / min(positive) > ratio
