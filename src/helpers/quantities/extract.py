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
they must not start, number multipliers, qualifiers, stop patterns, people nouns,
subject boundary words, the category map and the small word lists the rules test
context against (criteria, comparisons, scopes, time words). They are read and
compiled once per process (:func:`load_rules`); the rules object is immutable
and can be passed explicitly.
``indicator_table`` runs over a corpus in worker processes and, given a
``cache_dir``, keeps its result as Parquet keyed by the documents, the data files
and this module's source, so an unchanged corpus is read back instead of re-extracted.

    >>> extract_indicators("全省共有党员2.3万名。")[["mention", "value", "unit"]].values.tolist()
    [['2.3万名', 23000.0, '名']]
"""
from __future__ import annotations

import bisect
import hashlib
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from helpers.cache import columns_digest
from helpers.cache import PARQUET_COMPRESSION
from helpers.config import data_path, read_data_lines, read_data_table

if TYPE_CHECKING:  # pandas is imported lazily by the functions that build frames
    import pandas as pd

try:  # the regular-expression parser, read to prove the scanning shortcuts below safe
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

COLUMNS = ["mention", "start", "end", "value", "unit", "qualifier", "role", "subject", "sentence", "category"]
TABLE_COLUMNS = ["doc_id", "title", "date", "year", *COLUMNS]

ROLES = ("measure", "threshold", "duration")
# Chinese-numeral counts below this are small talk (三个村, 两位书记), not figures to chart;
# durations and thresholds are kept from 2 up.
MIN_CHINESE_COUNT = 20
MAX_CHINESE_DURATION = 30
# A subject longer than this is a clause, not a noun phrase.
MAX_SUBJECT_CHARS = 16
# ... except that a quoted term is never cut in two: it may run this much past the limit, or is left out.
QUOTED_TERM_SLACK = 6
# Context windows (characters) read around a quantity for its subject and its criterion test.
WINDOW = 40
MAX_SENTENCE_CHARS = 240
# How far before a sentence a stated year still dates it (the text just before, same paragraph).
YEAR_LOOKBACK = 80

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_CN_POSITIONAL = set("十百千万亿")
_HARD_PUNCT = "，,。；;：:！？!?\n\r（）()【】[]…—"
_QUOTES = "“”‘’\"'「」『』《》〈〉"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HARD_PUNCT_RE = re.compile("[" + re.escape(_HARD_PUNCT) + "]")
_CLAUSE_PUNCT_RE = re.compile("[" + re.escape(_HARD_PUNCT + "、") + "]")
# \s is str.isspace() for str patterns
_QUOTES_SPACE_RE = re.compile(r"[\s" + re.escape(_QUOTES) + "]")
# Every data file the rules are read from: part of the cache key of indicator tables.
DATA_FILES = (
    "indicator_units.txt", "indicator_people_nouns.txt", "indicator_qualifiers.txt",
    "indicator_stop_patterns.txt", "indicator_categories.tsv", "indicator_subject_words.txt",
    "indicator_multipliers.txt", "indicator_rule_words.tsv",
)
# The lists of indicator_rule_words.tsv; each must be there with at least one word.
RULE_WORD_LISTS = (
    "threshold_qualifier", "level_word", "condition_opener", "copula", "comparison_verb",
    "scope_determiner", "admin_level", "scope_word",
    "year_suffix", "month_suffix", "relative_year", "span_opener", "span_unit", "span_suffix",
)
# Stop patterns are scanned only in the stretches between two 。 that hold a candidate
# (see _Scan); stretches closer than this are scanned in one go.
SCAN_MERGE_GAP = 64


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
    people_noun_re: re.Pattern  # the nouns above, longest first: where a group of people is named
    pre_qualifiers: tuple  # (surface, normalised), longest first
    pre_lookup: tuple  # ((length, {surface: normalised}), ...), longest first
    post_qualifiers: dict  # surface -> normalised
    criterion_words: frozenset  # qualifiers that state a rule (至少, 不少于)
    criterion_re: re.Pattern
    stop_all: tuple  # _Scan
    stop_chinese: tuple
    categories: tuple  # (kind, keyword, category)
    categories_by_kind: dict  # kind -> ((keyword, category), ...) in file order; None: kinds not listed
    subject_tokens: re.Pattern
    boundary_words: frozenset
    edge_words: tuple  # longest first
    tail_words: tuple  # longest first; dropped from the end only
    edge_strip: "_WordStrip"
    tail_strip: "_WordStrip"
    owner_words: tuple
    years: re.Pattern
    sentence_ends: re.Pattern
    multipliers: dict  # 万 -> 1e4
    word_lists: dict  # list name -> words in file order (indicator_rule_words.tsv)
    threshold_qualifiers: frozenset  # qualifiers that may make a quantity a criterion
    level_words: tuple  # after X以上: a level reached, not a criterion
    condition_openers: tuple
    copulas: tuple  # tried in order
    comparison_verbs: tuple  # tried in order
    scope_prefix: re.Pattern  # 全省, 我市, 各级 at the start of a subject
    time_words: re.Pattern  # time expressions dropped before a backward subject


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _rule_word_lists(rows: list[list[str]], source: str = "indicator_rule_words.tsv") -> dict[str, tuple[str, ...]]:
    """Rows (list name, word) grouped by list, words in file order; every list of RULE_WORD_LISTS present.

        >>> rows = [[name, "甲"] for name in RULE_WORD_LISTS] + [["copula", "为"], ["copula", "甲"]]
        >>> _rule_word_lists(rows)["copula"]
        ('甲', '为')
    """
    lists: dict[str, list[str]] = {}
    for row in rows:
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(f"data/{source}: expected 'list name<TAB>word', got {chr(9).join(row)!r}")
        lists.setdefault(row[0].strip(), []).append(row[1].strip())
    unknown = sorted(set(lists) - set(RULE_WORD_LISTS))
    if unknown:
        raise ValueError(f"data/{source}: unknown word lists {unknown}; the rules read {list(RULE_WORD_LISTS)}")
    missing = [name for name in RULE_WORD_LISTS if name not in lists]
    if missing:
        raise ValueError(f"data/{source}: no words for the lists {missing}; each needs at least one")
    return {name: tuple(dict.fromkeys(lists[name])) for name in RULE_WORD_LISTS}


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
    pre_lookup: dict[int, dict[str, str]] = {}
    for surface, normalised in pre:
        pre_lookup.setdefault(len(surface), {}).setdefault(surface, normalised)
    stop_all, stop_cn = [], []
    for name, scope, pattern in (r[:3] for r in read_data_table("indicator_stop_patterns.txt")):
        (stop_cn if scope == "chinese" else stop_all).append(_scan(name, re.compile(pattern, re.MULTILINE)))
    categories = tuple(tuple(r[:3]) for r in read_data_table("indicator_categories.tsv"))
    by_kind: dict = {}
    for kind in {k for k, _, _ in categories if k != "*"} | {None}:
        by_kind[kind] = tuple((w, c) for k, w, c in categories if k in ("*", kind))
    words: dict[str, str] = {}
    for word, kind in (r[:2] for r in read_data_table("indicator_subject_words.txt")):
        words.setdefault(word, kind)  # first listing wins (a boundary verb stays a boundary)
    boundary = frozenset(w for w, k in words.items() if k == "boundary")
    protected = [w for w, k in words.items() if k == "word"]
    edges = tuple(sorted((w for w, k in words.items() if k == "edge"), key=len, reverse=True))
    tails = tuple(sorted((w for w, k in words.items() if k == "tail"), key=len, reverse=True))
    owners = tuple(sorted((w for w, k in words.items() if k == "owner"), key=len, reverse=True))
    multipliers = {row[0].strip(): float(row[1]) for row in read_data_table("indicator_multipliers.txt")}
    if not multipliers:
        raise ValueError("data/indicator_multipliers.txt lists no multipliers; the number pattern needs 万, 亿 ...")
    lists = _rule_word_lists(read_data_table("indicator_rule_words.tsv"))
    scope_prefix = re.compile(
        rf"^(?:(?:{_alternation(lists['scope_determiner'])})(?:{_alternation(lists['admin_level'])})"
        rf"|{_alternation(lists['scope_word'])})"
    )
    # the shape of dates and spans (digits, 年/月/日) is notation and stays here; their words come from the file
    time_words = re.compile(
        rf"(?:[0-9]{{2,4}}\s*年(?:{_alternation(lists['year_suffix'])})?"
        rf"|[0-9]{{1,2}}\s*月(?:{_alternation(lists['month_suffix'])})?"
        rf"|[0-9]{{1,2}}\s*[日号]|(?:{_alternation(lists['relative_year'])})"
        rf"|(?:{_alternation(lists['span_opener'])})?[0-9一二两三四五六七八九十]+个?"
        rf"(?:{_alternation(lists['span_unit'])})(?:{_alternation(lists['span_suffix'])})?)"
    )

    arabic = r"[0-9０-９]+(?:,[0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?"
    mult = _alternation(multipliers)
    chinese = rf"(?<![{_CN_NUMERAL}])[{_CN_NUMERAL}]+(?:点[{_CN_DIGITS}]+[万亿]?)?"
    # 10余万元, 三千多万元: the hedge stands between the number and its multiplier
    number = (
        rf"(?:(?<![0-9０-９.．A-Za-z_/\\@#&=+\-－:：])(?P<ar>{arabic})(?:(?P<q0>[多余])?(?P<mult>{mult}))?"
        rf"|(?P<cn>{chinese})(?:(?P<q0c>[多余])(?P<multc>{mult}))?)"
    )
    second = rf"(?:(?P<ar2>{arabic})(?P<mult2>{mult})?|(?P<cn2>[{_CN_NUMERAL}]+))"
    unit_alt = _alternation(list(units) + list(people))
    post_alt = _alternation(post)
    candidate = _accelerated(re.compile(
        rf"(?:(?P<pct>百分之)(?P<pnum>{arabic}|[{_CN_NUMERAL}]+(?:点[{_CN_DIGITS}]+)?)"
        rf"|{number}(?:\s*(?P<sep>至|到|~|～|-|－|—|–)\s*{second})?"
        rf"(?P<q1>[多余])?(?P<unit>{unit_alt})(?:(?P<q2>[多余])(?P=unit))?)"
        rf"(?P<q3>{post_alt})?"
    ))
    subject_tokens = re.compile(_alternation([*boundary, *protected, *edges, *tails]) + "|、")
    years = _accelerated(re.compile(r"(?<![0-9])((?:1[89]|20)[0-9]{2})\s*年(?![代级龄])|([〇零一二三四五六七八九]{4})年"))
    return IndicatorRules(
        candidate=candidate,
        units=units,
        people_nouns=people,
        people_noun_re=re.compile(_alternation(people)),
        pre_qualifiers=tuple(pre),
        pre_lookup=tuple(sorted(pre_lookup.items(), reverse=True)),
        post_qualifiers=post,
        criterion_words=frozenset(criteria),
        criterion_re=re.compile(_alternation(criteria) or "(?!)"),
        stop_all=tuple(stop_all),
        stop_chinese=tuple(stop_cn),
        categories=categories,
        categories_by_kind=by_kind,
        subject_tokens=subject_tokens,
        boundary_words=boundary,
        edge_words=edges,
        tail_words=tails,
        edge_strip=_WordStrip.of(edges),
        tail_strip=_WordStrip.of(tails),
        owner_words=owners,
        years=years,
        sentence_ends=re.compile(r"[。！？!?\n]"),
        multipliers=multipliers,
        word_lists=lists,
        threshold_qualifiers=frozenset(lists["threshold_qualifier"]),
        level_words=lists["level_word"],
        condition_openers=lists["condition_opener"],
        copulas=lists["copula"],
        comparison_verbs=lists["comparison_verb"],
        scope_prefix=scope_prefix,
        time_words=time_words,
    )


# ---------------------------------------------------------------- scanning
# Two shortcuts make the stop patterns and the candidate pattern cheap on long texts without
# changing a single match; both are proved from the parsed pattern, and a pattern the proof
# cannot read is scanned the plain way. tests/test_indicators_properties.py checks them
# against a plain scan on random text.


class _Opaque(Exception):
    """A pattern construct the shortcut analysis does not read (then no shortcut is taken)."""


_CATEGORY_CLASS = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_WORD: r"\w"}
_CATEGORY_TEST = {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT)


def _first_chars(seq) -> tuple[list[str], bool]:
    """Character-class items a match of ``seq`` can start with, and whether it can be empty."""
    items: list[str] = []
    for op, av in seq:
        if op is _sre.LITERAL:
            return items + [re.escape(chr(av))], False
        if op is _sre.IN:
            for iop, iav in av:
                if iop is _sre.LITERAL:
                    items.append(re.escape(chr(iav)))
                elif iop is _sre.RANGE:
                    items.append(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iop is _sre.CATEGORY and iav in _CATEGORY_CLASS:
                    items.append(_CATEGORY_CLASS[iav])
                else:  # a negated class or an exotic category: no useful first set
                    raise _Opaque(iop)
            return items, False
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise _Opaque(op)
            found, empty = _first_chars(av[-1])
        elif op is _sre.BRANCH:
            found, empty = [], False
            for alternative in av[1]:
                more, may_be_empty = _first_chars(alternative)
                found, empty = found + more, empty or may_be_empty
        elif op in _REPEATS:
            found, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:
            raise _Opaque(op)
        items += found
        if not empty:
            return items, False
    return items, True


def _opens_with_assertion(seq) -> bool:
    """Whether a match may begin with a look-around or anchor (the engine then has no first character to seek)."""
    if not len(seq):
        return False
    op, av = seq[0]
    if op in _ZERO_WIDTH:
        return True
    if op is _sre.SUBPATTERN:
        return _opens_with_assertion(av[-1])
    if op is _sre.BRANCH:
        return any(_opens_with_assertion(alternative) for alternative in av[1])
    return False


def _accelerated(pattern: re.Pattern) -> re.Pattern:
    """The same pattern behind a look-ahead for the characters its matches start with.

    Python's engine seeks a pattern's first character in C when it knows it, but a
    pattern opening with a look-behind such as ``(?<![0-9])`` gives it none, so it
    tries a full match at every position; ``(?=[0-9])`` lets each try fail at once.
    Matches are unchanged: the look-ahead only states what every match starts with.

        >>> _accelerated(re.compile(r"(?<![0-9])[0-9]+年")).pattern
        '(?=[0-9])(?:(?<![0-9])[0-9]+年)'
    """
    if pattern.flags & re.IGNORECASE:
        return pattern
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        if not _opens_with_assertion(parsed):
            return pattern
        items, empty = _first_chars(parsed)
        if empty or not items:
            return pattern
        first = "".join(dict.fromkeys(items))
        return re.compile(f"(?=[{first}])(?:{pattern.pattern})", pattern.flags)
    except (_Opaque, re.error, TypeError, ValueError, IndexError):
        return pattern


def _class_may_hold(items, code: int) -> bool:
    negated, hit = False, False
    for op, av in items:
        if op is _sre.NEGATE:
            negated = True
        elif op is _sre.LITERAL:
            hit = hit or av == code
        elif op is _sre.RANGE:
            hit = hit or av[0] <= code <= av[1]
        elif op is _sre.CATEGORY and av in _CATEGORY_TEST:
            hit = hit or re.match(_CATEGORY_TEST[av], chr(code)) is not None
        else:
            return True
    return hit != negated


def _may_consume(seq, code: int, flags: int) -> bool:
    """Whether a match of ``seq`` may contain the character ``code`` (True when unsure)."""
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # look-arounds only read, and _lookahead_reach bounds how far
        if op is _sre.LITERAL:
            hit = av == code
        elif op is _sre.NOT_LITERAL:
            hit = av != code
        elif op is _sre.IN:
            hit = _class_may_hold(av, code)
        elif op is _sre.ANY:
            hit = code != 10 or bool(flags & re.DOTALL)
        elif op is _sre.SUBPATTERN:
            hit = bool(av[1] & re.IGNORECASE) or _may_consume(av[-1], code, flags | av[1])
        elif op is _sre.BRANCH:
            hit = any(_may_consume(alternative, code, flags) for alternative in av[1])
        elif op in _REPEATS:
            hit = _may_consume(av[2], code, flags)
        else:
            hit = True
        if hit:
            return True
    return False


def _lookahead_reach(seq, limit: int = 64) -> int:
    """How many characters past a position any look-ahead of ``seq`` reads (raises _Opaque past ``limit``)."""
    reach = 0
    for op, av in seq:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            direction, sub = av
            inner = _lookahead_reach(sub, limit)
            if direction == 1:
                width = sub.getwidth()[1] + inner
                if width > limit:
                    raise _Opaque(op)
                reach = max(reach, width)
            else:
                reach = max(reach, inner)
        elif op is _sre.SUBPATTERN:
            reach = max(reach, _lookahead_reach(av[-1], limit))
        elif op is _sre.BRANCH:
            reach = max([reach, *(_lookahead_reach(alternative, limit) for alternative in av[1])])
        elif op in _REPEATS:
            reach = max(reach, _lookahead_reach(av[2], limit))
    return reach


class _Scan(NamedTuple):
    """A stop pattern and how it may be scanned.

    ``reach`` is None when a match may contain 。: the whole text is scanned. Otherwise
    no match crosses a 。, so a match that overlaps a candidate lies in the candidate's
    stretch between two 。, and a scan started just after a 。 meets the same matches there
    as a scan of the whole text (no match can straddle the starting point; look-behinds see
    the text before it). The scan may stop ``reach`` characters past the stretch's end,
    the furthest any look-ahead of the pattern reads.
    """

    name: str
    pattern: re.Pattern
    reach: int | None


def _scan(name: str, pattern: re.Pattern) -> _Scan:
    """A stop pattern compiled for scanning (see :class:`_Scan`), with the look-ahead shortcut where it helps."""
    fast = _accelerated(pattern)
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        if pattern.flags & re.IGNORECASE or _may_consume(parsed, ord("。"), pattern.flags):
            return _Scan(name, fast, None)
        return _Scan(name, fast, _lookahead_reach(parsed) + 1)
    except (_Opaque, re.error, TypeError, ValueError, IndexError):
        return _Scan(name, fast, None)


def _stretches(text: str, spans) -> list[tuple[int, int]]:
    """The stretches of ``text`` between two 。 that hold the spans, merged when close, in order.

        >>> _stretches("甲。乙12个。丙。丁3人", [(3, 6)]), _stretches("甲。乙12个。丙。丁3人", [(10, 12)])
        ([(2, 6)], [(9, 12)])
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        lo = text.rfind("。", 0, start) + 1
        hi = text.find("。", end)
        hi = len(text) if hi < 0 else hi
        if out and lo <= out[-1][1] + SCAN_MERGE_GAP:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _stop_spans(text: str, scans, stretches) -> list[tuple[int, int]]:
    """Spans of stop-pattern matches: everywhere for whole-text scans, else within ``stretches``."""
    spans = []
    n = len(text)
    for scan in scans:
        if scan.reach is None:
            spans.extend(m.span() for m in scan.pattern.finditer(text))
            continue
        for lo, hi in stretches:
            for m in scan.pattern.finditer(text, lo, min(n, hi + scan.reach)):
                if m.start() >= hi:
                    break
                spans.append(m.span())
    return [(s, e) for s, e in spans if e > s]


class _WordStrip(NamedTuple):
    """Listed words dropped from the ends of a phrase, looked up by the phrase's ends instead of tried one by one."""

    words: tuple
    index: dict  # word -> position in ``words``
    longest: int

    @classmethod
    def of(cls, words) -> "_WordStrip":
        index: dict[str, int] = {}
        for i, w in enumerate(words):
            index.setdefault(w, i)
        return cls(tuple(words), index, max(map(len, words), default=0))

    def strip(self, s: str, prefixes: bool) -> tuple[str, bool]:
        """Same result as trying each word in order: drop it from the start (when ``prefixes``), then from the end.

        A word is dropped only when something is left. The next word that can apply is
        found among the phrase's own prefixes and suffixes, so a long word list costs
        no more than a short one.

            >>> _WordStrip.of(("目前", "共有")).strip("目前共有党员", True)
            ('党员', True)
        """
        changed, i = False, 0
        while True:
            nxt = None
            for k in range(1, min(self.longest, len(s) - 1) + 1):
                for piece in ((s[:k], s[-k:]) if prefixes else (s[-k:],)):
                    j = self.index.get(piece)
                    if j is not None and j >= i and (nxt is None or j < nxt):
                        nxt = j
            if nxt is None:
                return s, changed
            w = self.words[nxt]
            if prefixes and s.startswith(w) and len(s) > len(w):
                s, changed = s[len(w):], True
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)], True
            i = nxt + 1


# ---------------------------------------------------------------- numbers


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


def _mask(text: str, scans, spans) -> _Mask:
    """Stop-pattern matches that may overlap the candidate ``spans`` (see :class:`_Scan`)."""
    return _Mask(_stop_spans(text, scans, _stretches(text, spans)))


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
    return _QUOTES_SPACE_RE.sub("", s)


# a term in quotation marks: “互联网+社区党建”, 「两学一做」, "三会一课"
_QUOTED_TERM_RE = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’\n]{1,20})[”\"」』’]")


def _last_chars(s: str, quoted_terms: list[str]) -> str:
    """The end of ``s``, at most MAX_SUBJECT_CHARS long, without cutting a quoted term in two.

    A term the cut would split is kept whole when that stays within QUOTED_TERM_SLACK
    of the limit, else left out with what precedes it.

        >>> _last_chars("互联网+社区党建服务平台建设覆盖率", ["互联网+社区党建"])
        '互联网+社区党建服务平台建设覆盖率'
        >>> _last_chars("互联网+社区党建服务平台建设覆盖率", [])
        '联网+社区党建服务平台建设覆盖率'
    """
    if len(s) <= MAX_SUBJECT_CHARS:
        return s
    cut = len(s) - MAX_SUBJECT_CHARS
    for term in (_strip_quotes(t) for t in quoted_terms):
        at = s.rfind(term, 0, cut + len(term))
        if term and at != -1 and at < cut < at + len(term):
            return s[at:] if len(s) - at <= MAX_SUBJECT_CHARS + QUOTED_TERM_SLACK else s[at + len(term):]
    return s[cut:]


def _strip_edges(s: str, rules: IndicatorRules) -> str:
    changed = True
    while s and changed:
        changed = False
        m = rules.scope_prefix.match(s)
        if m and len(s) > m.end():
            s, changed = s[m.end():], True
        s, edged = rules.edge_strip.strip(s, prefixes=True)
        s, tailed = rules.tail_strip.strip(s, prefixes=False)
        changed = changed or edged or tailed
        if s.endswith("的") or s.startswith("的"):
            s, changed = s.strip("的"), True
    if s in rules.edge_words or s in rules.tail_words or s in rules.boundary_words:
        return ""
    whole_scope = rules.scope_prefix.match(s)
    if whole_scope and whole_scope.end() == len(s):
        return ""  # 我县, 该区, 各级: where something was counted, not what
    return s


def _boundaries(s: str, rules: IndicatorRules, quoted: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Spans of boundary words in ``s`` (protected words and edges are consumed, never split),
    none inside a ``quoted`` term: the 进 of “千名处长进千村”活动 is part of a name, not a verb."""
    spans = [m.span() for m in rules.subject_tokens.finditer(s) if m.group() in rules.boundary_words or m.group() == "、"]
    if not quoted or not spans:
        return spans
    inside = [(at.start(), at.end()) for term in quoted for at in re.finditer(re.escape(term), s)]
    return [(a, b) for a, b in spans if not any(lo < b and a < hi for lo, hi in inside)]


def _quoted_terms(s: str) -> tuple[str, ...]:
    """The terms ``s`` puts in quotation marks, without the marks (as they read once quotes are stripped)."""
    return tuple(term for term in map(_strip_quotes, _QUOTED_TERM_RE.findall(s)) if term)


def _is_noun_phrase(s: str) -> bool:
    """A usable subject: has a Chinese character, does not start or end in a number, holds no percentage."""
    return bool(s) and _CJK.search(s) is not None and not s[0].isdigit() and not s[-1].isdigit() and "%" not in s


def _cut_forward(s: str, rules: IndicatorRules, quoted: tuple[str, ...] = ()) -> str:
    """The noun phrase at the start of ``s``: up to the first boundary word, 的-head resolved."""
    spans = _boundaries(s, rules, quoted)
    return _strip_edges(_de_head(s[: spans[0][0]] if spans else s, rules)[:MAX_SUBJECT_CHARS], rules)


def _de_head(phrase: str, rules: IndicatorRules) -> str:
    """The head of a phrase with 的: what follows the last 的 (享受低保的群众 → 群众), or what precedes
    the first when that names an owner or nothing follows."""
    if "的" not in phrase:
        return phrase
    pre, head = phrase.split("的", 1)[0], phrase.rsplit("的", 1)[1]
    return pre if (pre.endswith(rules.owner_words) or not head) else head


def _forward_subject(after: str, rules: IndicatorRules) -> str:
    s = _strip_quotes(after)
    if not s:
        return ""
    subject = _forward_phrase(s, rules, _quoted_terms(after))
    return subject if _is_noun_phrase(subject) else ""


def _qualified_people(after: str, rules: IndicatorRules) -> str:
    """The people an age qualifies (60周岁以上生活困难党员生活补贴制度 → 生活困难党员, 35岁以下村民代表
    → 村民代表): the phrase after the age to the end of its first run of nouns for people, 的 resolved,
    or "" when no such noun follows within a subject's length."""
    s = _strip_quotes(after)[:MAX_SUBJECT_CHARS]
    m = rules.people_noun_re.search(s)
    if m is None:
        return ""
    end = m.end()
    while (more := rules.people_noun_re.match(s, end)) is not None:
        end = more.end()
    subject = _strip_edges(_de_head(s[:end], rules), rules)
    return subject if _is_noun_phrase(subject) else ""


def _forward_phrase(s: str, rules: IndicatorRules, quoted: tuple[str, ...] = ()) -> str:
    if s[0] == "的":
        return _cut_forward(s[1:], rules, quoted)
    for copula in rules.copulas:
        if s.startswith(copula):
            return _cut_forward(s[len(copula):], rules, quoted)
    spans = _boundaries(s, rules, quoted)
    if spans and spans[0][0] == 0:
        # a verb first: a relative clause whose head follows 的 (10件加强基层、惠及群众的实事好事)
        i = s.find("的")
        return _cut_forward(s[i + 1:], rules, quoted) if 0 < i < 20 else ""
    return _cut_forward(s, rules, quoted)


def _backward_subject(before: str, rules: IndicatorRules, kind: str) -> str:
    s = rules.time_words.sub("", _strip_quotes(before))
    quoted = _quoted_terms(before)
    if kind == "duration":  # 过去(的)五年, 最近三个月: the opener belongs to the span, it names nothing
        s = s.removesuffix("的")
        for opener in rules.word_lists["span_opener"]:
            if s.endswith(opener):
                s = s[: -len(opener)]
                break
    if kind == "ratio":  # 报酬达到收入的2倍: the subject stands before the comparison
        for verb in rules.comparison_verbs:
            i = s.find(verb)
            if i > 0:
                s = s[:i]
                break
    # drop trailing link words (达到, 全部, 为 ...) repeatedly
    while True:
        s = _strip_edges(s, rules)
        spans = _boundaries(s, rules, quoted)
        if spans and spans[-1][1] == len(s) and spans[-1][0] > 0:
            s = s[: spans[-1][0]]
            continue
        break
    spans = _boundaries(s, rules, quoted)
    if spans:
        s = s[spans[-1][1]:]
    if "的" in s:
        s = s.rsplit("的", 1)[1] or s
    s = _strip_edges(_after_last_quantity(s, rules), rules)
    s = _last_chars(s, quoted)
    if kind == "duration" and len(s) < 2:
        return ""  # the last character of a time phrase (最 of 最近三个月, its 近 read as a qualifier), not a subject
    return s if _is_noun_phrase(s) else ""


def _after_last_quantity(s: str, rules: IndicatorRules) -> str:
    """What follows the last quantity written in digits inside a subject: a criterion before the noun
    (招聘35岁以下大学生村官 → 大学生村官) qualifies it and is an indicator of its own, not part of its name."""
    if not any(char.isdigit() for char in s):
        return s
    ends = [m.end() for m in rules.candidate.finditer(s)]
    return s[ends[-1]:] if ends and ends[-1] < len(s) else s


def _after_verb(after: str, rules: IndicatorRules) -> str:
    """For money and measures whose purpose follows (安排6500万元，发展壮大村级集体经济)."""
    s, quoted = _strip_quotes(after), _quoted_terms(after)
    for _ in range(3):
        spans = _boundaries(s, rules, quoted)
        if spans and spans[0][0] == 0:
            s = s[spans[0][1]:]
        else:
            break
    return _cut_forward(s, rules, quoted) if s else ""


def _clause(text: str, pos: int, step: int) -> str:
    """Text from ``pos`` to the nearest hard punctuation in direction ``step`` (at most WINDOW chars)."""
    if step > 0:
        chunk = text[pos: pos + WINDOW]
        m = _HARD_PUNCT_RE.search(chunk)
        return chunk[: m.start()] if m else chunk
    chunk = text[max(0, pos - WINDOW): pos]
    m = _CLAUSE_PUNCT_RE.search(chunk[::-1])
    return chunk[len(chunk) - m.start():] if m else chunk


def _subject(text: str, start: int, end: int, kind: str, role: str, rules: IndicatorRules) -> str:
    after = _clause(text, end, +1)
    before = _clause(text, start, -1)
    forward = _forward_subject(after, rules)
    if role == "threshold" and kind == "age":
        qualified = _qualified_people(after, rules)
        if qualified:
            return qualified
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
    listed = rules.categories_by_kind.get(kind)
    for keyword, category in rules.categories_by_kind[None] if listed is None else listed:
        if keyword == "*" or keyword in subject:
            return category
    return "其他"


# ---------------------------------------------------------------- roles


def _role(text: str, start: int, end: int, kind: str, qualifier: str, rules: IndicatorRules) -> str:
    if kind == "duration":
        return "duration"
    if qualifier in rules.threshold_qualifiers:
        nxt = text[end: end + 2]
        if nxt.startswith("的"):
            return "threshold"
        if nxt and _CJK.match(nxt) and not text.startswith(rules.level_words, end):
            return "threshold"  # 60周岁以上生活困难党员: the quantity qualifies a noun
        clause = text[max(0, start - WINDOW): start]
        cut = max(clause.rfind(c) for c in _HARD_PUNCT)
        if clause[cut + 1:].lstrip().startswith(rules.condition_openers):
            return "threshold"
    return "measure"


def _pre_qualifier(text: str, start: int, rules: IndicatorRules) -> tuple[str, int]:
    for length, surfaces in rules.pre_lookup:  # longest first, as the surfaces were tried
        if start >= length:
            normalised = surfaces.get(text[start - length: start])
            if normalised is not None:
                return normalised, start - length
    return "", start


def _states_rule(text: str, start: int, rules: IndicatorRules) -> bool:
    """Whether a rule word stands just before ``start``, at most one verb away (每季度至少开展1次)."""
    window = text[max(0, start - 6): start]
    m = _CLAUSE_PUNCT_RE.search(window[::-1])
    if m:
        window = window[len(window) - m.start():]
    return rules.criterion_re.search(window) is not None


# ---------------------------------------------------------------- extraction


def _candidates(text: str, rules: IndicatorRules):
    """Yield raw quantities (start, number start, end, value, unit, kind, qualifier, is_chinese), unmasked."""
    for m in rules.candidate.finditer(text):
        g = m.groupdict()
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
                if value is not None and g["multc"]:
                    value *= rules.multipliers[g["multc"]]
            else:
                value = arabic_value(g["ar"], g["mult"], rules)
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


def _extract_rows(text: str, rules: IndicatorRules, ends: list[int] | None = None) -> list[tuple]:
    """Rows (mention, start, end, value, unit, qualifier, role, subject, sentence, category) of one text.

    ``ends`` are the positions of the sentence ends in ``text`` when the caller has them.
    """
    if not isinstance(text, str) or not text:
        return []
    candidates = list(_candidates(text, rules))
    if not candidates:
        return []  # a text with no quantity costs one scan
    rows: list[tuple] = []
    if ends is None:
        ends = _sentence_ends(text, rules)
    mask_all = _mask(text, rules.stop_all, [(c[1], c[2]) for c in candidates])
    mask_cn = None
    for start, num_start, end, value, unit, kind, qualifier, is_cn in candidates:
        if mask_all.overlaps(num_start, end):
            continue
        if is_cn:
            if mask_cn is None:
                mask_cn = _mask(text, rules.stop_chinese, [(c[1], c[2]) for c in candidates if c[7]])
            if mask_cn.overlaps(num_start, end):
                continue
        if num_start > 0 and text[num_start - 1] == "每":
            continue  # 每万人: a denominator
        if kind == "duration" and unit == "年" and not is_cn and (text[num_start] in "0０" or value >= 1000):
            continue  # 09年 is an abbreviated year, 12019年 a year glued to a stray digit
        role = _role(text, start, end, kind, qualifier, rules)
        if role == "measure" and _states_rule(text, num_start, rules):
            role = "threshold"
        if value == 1 and kind in ("people", "count") and role == "measure" and not qualifier:
            continue  # a count of one, in digits as in words (配备1名指导员, 一面党旗): nothing to chart
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


def _sentence_ends(text: str, rules: IndicatorRules) -> list[int]:
    return [m.start() for m in rules.sentence_ends.finditer(text)]


def _year_rows(text: str, rows: list[tuple], rules: IndicatorRules, ends: list[int] | None = None) -> list:
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
    if ends is None:
        ends = _sentence_ends(text, rules)
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
    text = text if isinstance(text, str) else ""
    ends = _sentence_ends(text, rules)
    rows = _extract_rows(text, rules, ends)
    years = _year_rows(text, rows, rules, ends)
    return [(doc_id, title, date, year, *row) for year, row in zip(years, rows)]


# Documents per task: enough to amortise sending a task, few enough to keep both cores busy to the end.
CHUNK_DOCS = 32


def _chunks(items: list[tuple], n_workers: int) -> list[list[tuple]]:
    """Consecutive runs of at most CHUNK_DOCS documents, at least four per worker so none idles at the end."""
    size = max(1, min(CHUNK_DOCS, -(-len(items) // (4 * n_workers))))
    return [items[start:start + size] for start in range(0, len(items), size)]


def _chunk_table(items: list[tuple]) -> "pd.DataFrame":
    """Worker: the indicator rows of a chunk of documents, as a typed frame."""
    return _rows_table([row for item in items for row in _document_rows(item)])


# Columns that are not strings; built typed, column by column, since inferring types row by row then casting cost 3x.
# Every other column is a string column (a date given as a Timestamp becomes its ISO text), empty tables included.
_TYPED_COLUMNS = {"start": "int64", "end": "int64", "value": "float64", "year": "Int64"}


def _rows_table(rows: list[tuple]) -> "pd.DataFrame":
    import pandas as pd

    columns = dict(zip(TABLE_COLUMNS, map(list, zip(*rows)))) if rows else {name: [] for name in TABLE_COLUMNS}
    return pd.DataFrame({name: pd.array(columns[name], dtype=_TYPED_COLUMNS.get(name, "str")) for name in TABLE_COLUMNS})


def _warm() -> None:
    """Load the rules and cn2an once per process (forked workers inherit them from the parent)."""
    load_rules()
    chinese_value("二十")


def _document_items(docs: "pd.DataFrame") -> list[tuple]:
    def column(name: str) -> list:
        return docs[name].tolist() if name in docs.columns else [""] * len(docs)

    return list(zip(column("doc_id"), column("title"), column("date"), column("text")))


def indicator_cache_key(docs: "pd.DataFrame") -> str:
    """Hash of what an indicator table depends on: each document's doc_id, title, date and text,
    the rules' data files, this module's source and the cn2an version.

    A changed text, a changed rule file or a new version of this code gives a new key,
    so :func:`indicator_table` never answers from a stale cache.
    """
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    for name in DATA_FILES:
        digest.update(name.encode() + b"\0" + data_path(name).read_bytes())
    try:
        digest.update(version("cn2an").encode())
    except PackageNotFoundError:
        pass
    # the columns as stored: hashed from their Arrow buffers, without making Python strings
    columns = [docs[name] if name in docs.columns else [""] * len(docs) for name in ("doc_id", "title", "date", "text")]
    digest.update(columns_digest(*columns).encode())
    return digest.hexdigest()


_CACHE_FILE = "indicators.parquet"
_CACHE_KEY = b"helpers.quantities.extract.key"


def _read_cached_table(path: Path, key: str) -> "pd.DataFrame | None":
    import pyarrow.parquet as pq

    try:
        if (pq.read_schema(path).metadata or {}).get(_CACHE_KEY) != key.encode():
            return None
        return pq.read_table(path).to_pandas()
    except (OSError, ValueError):  # missing, truncated or not Parquet: rebuild
        return None


def _write_cached_table(table: "pd.DataFrame", path: Path, key: str) -> None:
    """Write beside the target and rename, so a half-written file is never read as current."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), _CACHE_KEY: key.encode()})
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    pq.write_table(arrow, partial, compression=PARQUET_COMPRESSION)
    os.replace(partial, path)


def indicator_table(
    docs: "pd.DataFrame", workers: int | None = None, cache_dir: Path | str | None = None
) -> "pd.DataFrame":
    """Indicators of every document in ``docs`` (columns doc_id, text; title and date if present).

    Adds ``doc_id``, ``title``, ``date`` and ``year``: the nearest year the sentence
    states (截至2016年, 2014年起), else the one stated just before it in the
    paragraph, as a nullable integer. Sorted by doc_id and position.
    ``workers``: processes to spread documents over (None or 0: every core, or the
    ``HELPERS_WORKERS`` setting; 1: this process). With ``cache_dir`` (a corpus's
    processed folder) the table is kept there as ``indicators.parquet`` and read back
    while :func:`indicator_cache_key` is unchanged.

        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "title": ["示例"], "date": [""],
        ...                      "text": ["截至2016年，全县共有党员2.3万名。"]})
        >>> indicator_table(docs)[["doc_id", "year", "value", "unit"]].values.tolist()
        [['a', 2016, 23000.0, '名']]
    """
    import pandas as pd

    from helpers.parallel import MIN_ITEMS_FOR_WORKERS, map_documents, resolve_workers

    path = key = None
    if cache_dir is not None:
        path, key = Path(cache_dir) / _CACHE_FILE, indicator_cache_key(docs)
        cached = _read_cached_table(path, key)
        if cached is not None:
            return cached
    items = _document_items(docs)
    if len(items) < MIN_ITEMS_FOR_WORKERS:
        workers = 1  # starting workers would cost more than they save
    chunks = _chunks(items, resolve_workers(workers))
    # each worker builds its chunk's frame, so the parent only concatenates (and loads no rules itself)
    parts = map_documents(_chunk_table, chunks, workers=workers, desc="指标抽取", initializer=_warm,
                          min_items=2, progress_unit=max(1, len(items) // max(1, len(chunks))), chunksize=1)
    table = pd.concat(parts, ignore_index=True) if parts else _rows_table([])
    table = table.sort_values(["doc_id", "start", "end"], kind="mergesort").reset_index(drop=True)
    if path is not None:
        _write_cached_table(table, path, key)
    return table


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
    """A compact label for charts: the doc_id without its file-name hash (see ``helpers.corpus.read.short_doc_id``).

        >>> short_doc_label("004_7c2344e521650bcf-07"), short_doc_label("002_b6195d73b198a5dc"), short_doc_label("报告")
        ('004-07', '002', '报告')
    """
    from helpers.corpus import short_doc_id

    return short_doc_id(doc_id)


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

    ``output_dir`` None means ``processed``.
    """
    from pathlib import Path

    from helpers.config import PROCESSED_DIR

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
