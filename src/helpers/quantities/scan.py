"""Scanning shortcuts for the indicator patterns, proved safe from the parsed pattern.

Two shortcuts make the stop patterns and the candidate pattern cheap on long texts
without changing a single match:

- :func:`accelerated` puts a look-ahead for a pattern's possible first characters in
  front of a pattern that opens with a look-behind, so the engine can skip in C to
  where a match may start;
- :func:`compile_scan` proves that no match of a stop pattern crosses a clause end
  (。，；！？) or at least a 。, so :func:`stop_spans` scans only the stretches between
  two such marks that hold a candidate (a clause is about half as long as a sentence).

Both proofs read the pattern's parse tree from CPython's regular-expression parser,
``re._parser`` (``sre_parse`` before Python 3.11). It is a private module, but the
only one that says what a compiled pattern can start with or consume; the public
``re`` API gives no parse tree. Its node kinds change rarely and the code reads only
the common ones: any construct it does not know (a negated first class, an exotic
category, case folding, a look-ahead reaching too far), a parse error or a change
in the parser's shapes makes the proof give up, and the pattern is then scanned the
plain way (unchanged, over the whole text). tests/test_indicators_properties.py
checks both shortcuts against a plain scan on random text.

    >>> accelerated(re.compile(r"(?<![0-9])[0-9]{4}年")).pattern
    '(?=[0-9])(?:(?<![0-9])[0-9]{4}年)'
    >>> compile_scan("期号", re.compile(r"第[0-9]+期")).reach, compile_scan("书名", re.compile(r"《[^》]+》")).reach
    (1, None)
    >>> compile_scan("电话", re.compile(r"[0-9]{7,8}(?:[,，][0-9]{7,8})*")).ends
    '。'
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

try:  # the regular-expression parser: see the module docstring for why a private module
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# Stop patterns are scanned only in the stretches between two 。 (or two clause ends) that hold
# a candidate; stretches closer than this are scanned in one go.
SCAN_MERGE_GAP = 64
# The marks that end a stretch: a pattern that consumes none of CLAUSE_ENDS is scanned clause by
# clause, one that consumes no SENTENCE_END sentence by sentence. Each holds the 。, so a scan may
# always fall back to the sentence's start or end.
SENTENCE_END = "。"
CLAUSE_ENDS = "。，,；;！？!?"
# A stretch that holds none of a pattern's required characters (年, 第, 月日号 ...) is not scanned for it
# (one character-class search); a larger set rarely sieves anything out.
MAX_SIEVE_CHARS = 16
_NUMERAL_CHARS = frozenset("0123456789０１２３４５６７８９〇零一二两三四五六七八九十百千万亿")
# How far (characters) a stretch's end mark is sought next to a candidate before falling back to the
# sentence's 。 (one bounded search in C instead of an unbounded one per mark).
END_MARK_WINDOW = 48
# What a proof raises on a parse tree it cannot read: all mean "scan the plain way".
_UNREADABLE = (re.error, TypeError, ValueError, IndexError)


class _Opaque(Exception):
    """A pattern construct the shortcut analysis does not read (then no shortcut is taken)."""


_CATEGORY_CLASS = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_WORD: r"\w"}
_CATEGORY_TEST = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
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


def accelerated(pattern: re.Pattern) -> re.Pattern:
    """The same pattern behind a look-ahead for the characters its matches start with.

    Python's engine seeks a pattern's first character in C when it knows it, but a
    pattern opening with a look-behind such as ``(?<![0-9])`` gives it none, so it
    tries a full match at every position; ``(?=[0-9])`` lets each try fail at once.
    Matches are unchanged: the look-ahead only states what every match starts with.
    A pattern that needs no look-ahead, or that the proof cannot read, is returned as it is.

        >>> accelerated(re.compile(r"(?<![0-9])[0-9]+年")).pattern
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
    except (_Opaque, *_UNREADABLE):
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


def _required_chars(seq) -> frozenset[str] | None:
    """Characters of which every match of ``seq`` consumes at least one, or None when no small set is sure.

    Of the sets a sequence offers, one without the characters numbers are written with is chosen
    (every candidate holds those, so they sieve nothing), then the smallest.
    """
    offers = []
    for op, av in seq:
        if op is _sre.LITERAL:
            offers.append(frozenset(chr(av)))
        elif op is _sre.IN and all(iop is _sre.LITERAL for iop, _ in av):
            offers.append(frozenset(chr(iav) for _, iav in av))
        elif op is _sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            offers.append(_required_chars(av[-1]))
        elif op is _sre.BRANCH:
            found = [_required_chars(alternative) for alternative in av[1]]
            offers.append(None if None in found else frozenset().union(*found))
        elif op in _REPEATS and av[0] >= 1:
            offers.append(_required_chars(av[2]))
    sure = [chars for chars in offers if chars]
    return min(sure, key=lambda chars: (bool(chars & _NUMERAL_CHARS), len(chars)), default=None)


class Scan(NamedTuple):
    """A stop pattern and how it may be scanned.

    ``reach`` is None when a match may contain 。: the whole text is scanned. Otherwise
    no match contains any of the marks ``ends`` (the 。 at least), so a match that overlaps a
    candidate lies in the candidate's stretch between two such marks, and a scan started just
    after a mark meets the same matches there as a scan of the whole text (no match can
    straddle the starting point; look-behinds see the text before it). The scan may stop
    ``reach`` characters past the stretch's end, the furthest any look-ahead of the pattern reads.
    Every match consumes one of the characters ``sieve`` (when not empty), so a stretch that holds
    none of them has no match.
    """

    name: str
    pattern: re.Pattern
    reach: int | None
    ends: str = SENTENCE_END
    sieve: str = ""


def compile_scan(name: str, pattern: re.Pattern) -> Scan:
    """A stop pattern compiled for scanning (see :class:`Scan`), with the look-ahead shortcut where it helps.

    >>> compile_scan("年份", re.compile(r"(?<![0-9])[0-9]{4}年(?![代级])")).reach
    2
    """
    fast = accelerated(pattern)
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        if pattern.flags & re.IGNORECASE:
            return Scan(name, fast, None)
        for ends in (CLAUSE_ENDS, SENTENCE_END):
            if not any(_may_consume(parsed, ord(mark), pattern.flags) for mark in ends):
                sieve = _required_chars(parsed) or _NUMERAL_CHARS  # numerals alone sieve nothing
                sieve = "".join(sorted(sieve)) if len(sieve) <= MAX_SIEVE_CHARS and sieve - _NUMERAL_CHARS else ""
                return Scan(name, fast, _lookahead_reach(parsed) + 1, ends, sieve)
        return Scan(name, fast, None)
    except (_Opaque, *_UNREADABLE):
        return Scan(name, fast, None)


@functools.lru_cache(maxsize=8)
def _end_mark_patterns(ends: str) -> tuple[re.Pattern, re.Pattern]:
    """(the last mark of ``ends`` in a window: match end just past it, the first mark: search) for one set of marks."""
    marks = "[" + re.escape(ends) + "]"
    return re.compile(f"(?s:.*){marks}"), re.compile(marks)


def _stretch(text: str, start: int, end: int, marks: tuple[re.Pattern, re.Pattern]) -> tuple[int, int]:
    """From just after the last mark before ``start`` to the first at or after ``end`` (``marks``: see
    :func:`_end_mark_patterns`).

    The marks are sought within END_MARK_WINDOW characters (a greedy match backtracks to the last
    one, all in C); past that the sentence's 。 bounds the stretch, which is as valid if longer.
    """
    last_mark, first_mark = marks
    before = last_mark.match(text, max(0, start - END_MARK_WINDOW), start)
    lo = before.end() if before is not None else text.rfind(SENTENCE_END, 0, start) + 1
    after = first_mark.search(text, end, end + END_MARK_WINDOW)
    hi = after.start() if after is not None else text.find(SENTENCE_END, end)
    return lo, len(text) if hi < 0 else hi


def stretches(text: str, spans: Iterable[tuple[int, int]], ends: str = SENTENCE_END) -> list[tuple[int, int]]:
    """The stretches of ``text`` between two marks of ``ends`` that hold the spans, merged when close, in order.

    >>> stretches("甲。乙12个。丙。丁3人", [(3, 6)]), stretches("甲。乙12个。丙。丁3人", [(10, 12)])
    ([(2, 6)], [(9, 12)])
    >>> stretches("甲，乙12个，丙。", [(3, 6)], CLAUSE_ENDS)
    [(2, 6)]
    """
    out: list[tuple[int, int]] = []
    marks = _end_mark_patterns(ends)
    for start, end in sorted(spans):
        lo, hi = _stretch(text, start, end, marks)
        if out and lo <= out[-1][1] + SCAN_MERGE_GAP:
            out[-1] = (min(out[-1][0], lo), max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


@functools.lru_cache(maxsize=64)
def _sieve_pattern(sieve: str) -> re.Pattern:
    """The class of a pattern's required characters: one search in C tells whether a stretch holds any."""
    return re.compile("[" + re.escape(sieve) + "]")


def stop_spans(text: str, scans: Iterable[Scan], within: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of stop-pattern matches: everywhere for whole-text scans, else within the stretches ``within``."""
    spans = []
    n = len(text)
    for scan in scans:
        if scan.reach is None:
            spans.extend(m.span() for m in scan.pattern.finditer(text))
            continue
        # this loop runs for every pattern and stretch: locals, and the sieve tested in one C call
        finditer, reach = scan.pattern.finditer, scan.reach
        holds = _sieve_pattern(scan.sieve).search if scan.sieve else None
        for lo, hi in within:
            if holds is not None and holds(text, lo, hi) is None:
                continue
            for m in finditer(text, lo, min(n, hi + reach)):
                if m.start() >= hi:
                    break
                spans.append(m.span())
    return [(s, e) for s, e in spans if e > s]


class StopMask:
    """Union of matched stop-pattern spans, queried for overlap in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.reach, top = [], -1
        for _, e in spans:
            top = max(top, e)
            self.reach.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span overlaps ``[start, end)``."""
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.reach[k - 1] > start


def stop_mask(text: str, scans: Iterable[Scan], spans: Iterable[tuple[int, int]]) -> StopMask:
    """Stop-pattern matches that may overlap the candidate ``spans`` (see :class:`Scan`).

    >>> scans = [compile_scan("口号", re.compile("三会一课"))]
    >>> stop_mask("落实三会一课制度。", scans, [(2, 3)]).overlaps(2, 3)
    True
    """
    spans = list(spans)
    found: list[tuple[int, int]] = []
    for ends in dict.fromkeys(scan.ends for scan in scans):  # one set of stretches for each kind of end mark
        tier = [scan for scan in scans if scan.ends == ends]
        found += stop_spans(text, tier, stretches(text, spans, ends))
    return StopMask(found)
