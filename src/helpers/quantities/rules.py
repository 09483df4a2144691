"""The extraction rules: the ``data/indicator_*`` files read and compiled into one immutable object.

All knowledge lives in data files: units and the words they must not start, number
multipliers, qualifiers, stop patterns, people nouns, subject boundary words, the
category map and the small word lists the rules test context against (criteria,
comparisons, scopes, time words). :func:`load_rules` reads and compiles them once per
process; the :class:`IndicatorRules` it returns is immutable and can be passed
explicitly to every function that extracts.

    >>> rules = load_rules()
    >>> rules.units["人次"].kind, rules.multipliers["万"]
    ('attendance', 10000.0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from helpers.config import read_data_lines, read_data_table
from helpers.quantities.scan import Scan, accelerated, compile_scan

# Every data file the rules are read from: part of the cache key of indicator tables
# (tests/test_indicators.py records the files load_rules opens and checks them against it).
DATA_FILES = (
    "indicator_units.txt",
    "indicator_people_nouns.txt",
    "indicator_qualifiers.txt",
    "indicator_stop_patterns.txt",
    "indicator_categories.tsv",
    "indicator_subject_words.txt",
    "indicator_multipliers.txt",
    "indicator_rule_words.tsv",
    "indicator_status_words.tsv",
)
# The lists of indicator_status_words.tsv; each must be there with at least one word.
STATUS_WORD_LISTS = (
    "achieved",
    "marker",
    "comparison",
    "not_cue",
    "target",
    "review_heading",
    "target_heading",
    "increase",
    "decrease",
    "neutral",
)
# The lists of indicator_rule_words.tsv; each must be there with at least one word.
RULE_WORD_LISTS = (
    "threshold_qualifier",
    "level_word",
    "condition_opener",
    "copula",
    "comparison_verb",
    "scope_determiner",
    "admin_level",
    "scope_word",
    "year_suffix",
    "month_suffix",
    "relative_year",
    "span_opener",
    "span_unit",
    "span_suffix",
    "frequency_period",
    "frequency_unit",
    "share_not_following",
)
# The notation of numbers the candidate pattern reads (the words around them come from the files).
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


class Unit(NamedTuple):
    """A unit or measure word: its kind (people, count, money ...), words it must not start, its reported form."""

    kind: str
    not_starting: tuple[str, ...]
    reported: str


class WordStrip(NamedTuple):
    """Listed words dropped from the ends of a phrase, looked up by the phrase's ends instead of tried one by one."""

    words: tuple
    index: dict  # word -> position in ``words``
    longest: int
    firsts: frozenset  # the first characters of the words: a phrase starting otherwise has no listed prefix
    lasts: frozenset  # the last characters: a phrase ending otherwise has no listed suffix

    @classmethod
    def of(cls, words: Iterable[str]) -> WordStrip:
        words = tuple(words)
        index: dict[str, int] = {}
        for i, w in enumerate(words):
            index.setdefault(w, i)
        firsts = frozenset(w[0] for w in words if w)
        lasts = frozenset(w[-1] for w in words if w)
        return cls(words, index, max(map(len, words), default=0), firsts, lasts)

    def strip(self, s: str, prefixes: bool) -> tuple[str, bool]:
        """Same result as trying each word in order: drop it from the start (when ``prefixes``), then from the end.

        A word is dropped only when something is left. The next word that can apply is
        found among the phrase's own prefixes and suffixes, so a long word list costs
        no more than a short one.

            >>> WordStrip.of(("目前", "共有")).strip("目前共有党员", True)
            ('党员', True)
        """
        changed, i = False, 0
        while True:
            # most phrases neither start nor end like a listed word: two set lookups instead of the slices below
            if len(s) < 2 or (s[-1] not in self.lasts and not (prefixes and s[0] in self.firsts)):
                return s, changed
            nxt = None
            for k in range(1, min(self.longest, len(s) - 1) + 1):
                for piece in (s[:k], s[-k:]) if prefixes else (s[-k:],):
                    j = self.index.get(piece)
                    if j is not None and j >= i and (nxt is None or j < nxt):
                        nxt = j
            if nxt is None:
                return s, changed
            w = self.words[nxt]
            if prefixes and s.startswith(w) and len(s) > len(w):
                s, changed = s[len(w) :], True
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)], True
            i = nxt + 1


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
    stop_all: tuple[Scan, ...]
    stop_chinese: tuple[Scan, ...]
    categories: tuple  # (kind, keyword, category)
    categories_by_kind: dict  # kind -> ((keyword, category), ...) in file order; None: kinds not listed
    subject_tokens: re.Pattern
    boundary_words: frozenset
    edge_words: tuple  # longest first
    tail_words: tuple  # longest first; dropped from the end only
    edge_strip: WordStrip
    tail_strip: WordStrip
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
    shares: re.Pattern  # fractions, shares and halves (四分之一, 三成, 一半, 半年): see helpers.quantities.shares
    range_tail: re.Pattern  # the second end of a range whose unit is written twice (4.5%—5%)
    status_cues: dict  # cue word -> marker / target / achieved
    status_cue_re: re.Pattern
    section_cues: dict  # heading word -> achieved / target
    section_cue_re: re.Pattern
    change_words: dict  # verb of change -> increase / decrease
    change_re: re.Pattern
    frequency_period_re: re.Pattern
    frequency_units: frozenset


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first, so the engine tries 万元 before 万.

    >>> _alternation(["万", "万元", "亿"])
    '万元|万|亿'
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _rule_word_lists(
    rows: list[list[str]], source: str = "indicator_rule_words.tsv", names: tuple[str, ...] = RULE_WORD_LISTS
) -> dict[str, tuple[str, ...]]:
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
    unknown = sorted(set(lists) - set(names))
    if unknown:
        raise ValueError(f"data/{source}: unknown word lists {unknown}; the rules read {list(names)}")
    missing = [name for name in names if name not in lists]
    if missing:
        raise ValueError(f"data/{source}: no words for the lists {missing}; each needs at least one")
    return {name: tuple(dict.fromkeys(lists[name])) for name in names}


def _word_map(lists: dict[str, tuple[str, ...]], names: tuple[str, ...]) -> dict[str, str]:
    """Each word of the named lists mapped to its list's name; a word in two lists keeps the first.

    >>> _word_map({"target": ("目标",), "achieved": ("完成", "目标")}, ("target", "achieved"))
    {'目标': 'target', '完成': 'achieved'}
    """
    words: dict[str, str] = {}
    for name in names:
        for word in lists[name]:
            words.setdefault(word, name)
    return words


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
        (stop_cn if scope == "chinese" else stop_all).append(compile_scan(name, re.compile(pattern, re.MULTILINE)))
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
    chinese = rf"(?<![{_CN_NUMERAL}])[{_CN_NUMERAL}]+(?:点[{_CN_DIGITS}]+(?:万亿|[万亿])?)?"
    # 10余万元, 三千多万元: the hedge stands between the number and its multiplier
    number = (
        rf"(?:(?<![0-9０-９.．A-Za-z_/\\@#&=+\-－:：])(?P<ar>{arabic})(?:(?P<q0>[多余])?(?P<mult>{mult}))?"
        rf"|(?P<cn>{chinese})(?:(?P<q0c>[多余])(?P<multc>{mult}))?)"
    )
    second = rf"(?:(?P<ar2>{arabic})(?P<mult2>{mult})?|(?P<cn2>[{_CN_NUMERAL}]+))"
    unit_alt = _alternation(list(units) + list(people))
    post_alt = _alternation(post)
    candidate = accelerated(
        re.compile(
            rf"(?:(?P<pct>百分之)(?P<pnum>{arabic}|[{_CN_NUMERAL}]+(?:点[{_CN_DIGITS}]+)?)"
            rf"|{number}(?:\s*(?P<sep>至|到|~|～|-|－|—|–)\s*{second})?"
            rf"(?P<q1>[多余])?(?P<unit>{unit_alt})(?:(?P<q2>[多余])(?P=unit))?)"
            rf"(?P<q3>{post_alt})?"
        )
    )
    subject_tokens = re.compile(_alternation([*boundary, *protected, *edges, *tails]) + "|、")
    years = accelerated(
        re.compile(r"(?<![0-9])((?:1[89]|20)[0-9]{2})\s*年(?![代级龄])|([〇零一二三四五六七八九]{4})年")
    )
    cues = _rule_word_lists(
        read_data_table("indicator_status_words.tsv"), "indicator_status_words.tsv", STATUS_WORD_LISTS
    )
    status_cues = {
        w: k.replace("not_cue", "")
        for w, k in _word_map(cues, ("not_cue", "marker", "target", "achieved", "comparison")).items()
    }
    section_cues = {
        w: k.removesuffix("_heading").replace("review", "achieved")
        for k in ("target_heading", "review_heading")
        for w in cues[k]
    }
    change_words = {
        w: k.replace("neutral", "") for w, k in _word_map(cues, ("neutral", "increase", "decrease")).items()
    }
    shares = re.compile(
        rf"(?P<fden>[0-9]+|[{_CN_NUMERAL}]+)分之(?P<fnum>{arabic}|[{_CN_NUMERAL}]+(?:点[{_CN_DIGITS}]+)?)"
        rf"|(?<![{_CN_NUMERAL}0-9])(?P<cheng>[一二两三四五六七八九十]|[0-9](?:[.．][0-9])?)成"
        rf"(?!{_alternation(lists['share_not_following'])})"
        r"|(?P<half>一半|半数|过半数|过半)"
        r"|(?<![上下前后多大每])半(?P<hunit>个小时|个月|小时|年|天|学期)"
    )
    range_tail = re.compile(rf"\s*[-－—–~～至到]\s*(?P<ar>{arabic})\s*[%％]")
    return IndicatorRules(
        shares=shares,
        range_tail=range_tail,
        status_cues=status_cues,
        status_cue_re=re.compile(_alternation(status_cues)),
        section_cues=section_cues,
        section_cue_re=re.compile(_alternation(section_cues)),
        change_words=change_words,
        change_re=re.compile(_alternation(change_words)),
        frequency_period_re=re.compile(_alternation(lists["frequency_period"])),
        frequency_units=frozenset(lists["frequency_unit"]),
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
        edge_strip=WordStrip.of(edges),
        tail_strip=WordStrip.of(tails),
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
