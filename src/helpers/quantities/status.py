"""Whether a quantity is a result (``achieved``) or a goal (``target``), and its direction of change.

A work report states last year's results and this year's targets in the same words
(地区生产总值增长5.5% / 预期目标是地区生产总值增长5%左右). The status is read from the
cue words of ``data/indicator_status_words.tsv``: a marker of completed or past time in
the clause before the quantity (已, 比上年, 以来) makes it achieved; else a target word
in its sentence before it makes it a target (力争实现增长5%, 到2030年，建成…), an achieved
word an achieved figure (完成, 实现, 建成); and last from the section the paragraph stands in (a
heading or paragraph that opens a review of past work, 过去一年 / 工作回顾, or this
year's requirements and tasks, 总体要求 / 主要预期目标 / 工作任务).

    >>> from helpers.quantities.rules import load_rules
    >>> rules = load_rules()
    >>> text = "过去一年，地区生产总值增长5.5%。今年主要预期目标是：地区生产总值增长5%左右。"
    >>> status_of(text, 13, 0, rules), status_of(text, 36, 18, rules)
    ('achieved', 'target')
    >>> change_of(text, 13, rules)
    'increase'
"""

from __future__ import annotations

import bisect
import re

from helpers.quantities.rules import IndicatorRules
from helpers.quantities.sentences import HARD_PUNCT_RE

STATUSES = ("achieved", "target", "unknown")
CHANGES = ("increase", "decrease", "")
# How far back (characters) a sentence's cue words are read: about two clauses; a run-on sentence
# (确保…, …, 我们这个拥有…党员) does not carry its first clause's target to the end.
STATUS_REACH = 60
# How far back (characters) a verb of change still governs a quantity: 增长 + a short subject.
CHANGE_REACH = 8
# A paragraph is read as a heading (or a paragraph opener) over this many characters.
HEADING_CHARS = 24
# A top-level heading (一、 二、) without a cue ends the section it follows.
_TOP_HEADING_RE = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]+、", re.MULTILINE)
# A paragraph's opening words end at its first clause end (过去一年，… / 主要预期目标是：…).
_HEAD_END_RE = re.compile("[\n，,。；;：:！？]")


def section_statuses(text: str, rules: IndicatorRules) -> tuple[list[int], list[str]]:
    """Where each section of ``text`` starts and the status its heading or opening words give ("" for none).

    A paragraph opens a section when its first clause (at most HEADING_CHARS characters) holds a
    review or target heading word (the first one decides); a top-level heading without one
    closes the section.

        >>> from helpers.quantities.rules import load_rules
        >>> section_statuses("一、2024年工作回顾\\n全年增长5%。\\n二、2025年工作任务\\n增长5%左右。", load_rules())
        ([0, 20], ['achieved', 'target'])
    """
    found: dict[int, set[str]] = {}
    n = len(text)
    for pos in _lines_with_cue_near_start(text, rules):  # one bounded search there: in the line's first clause
        head_end = min(n, pos + HEADING_CHARS)
        stop = _HEAD_END_RE.search(text, pos, head_end)
        m = rules.section_cue_re.search(text, pos, stop.start() if stop else head_end)
        if m is not None:
            found[pos] = {rules.section_cues[m.group()]}
    for m in _TOP_HEADING_RE.finditer(text):
        found.setdefault(m.start(), set())
    starts: list[int] = []
    statuses: list[str] = []
    for line_start in sorted(found):
        kinds = found[line_start]
        status = ("target" if "target" in kinds else "achieved") if kinds else ""
        if not statuses or statuses[-1] != status:
            starts.append(line_start)
            statuses.append(status)
    return starts, statuses


def _lines_with_cue_near_start(text: str, rules: IndicatorRules) -> list[int]:
    """Starts of the lines where a scan of the whole text meets a heading word within HEADING_CHARS of the start.

    Only these lines can hold one in their first clause: no heading word holds a line break, so the
    scan starts afresh at each line, and a word found by the bounded search of a line is met by the
    scan there or after an earlier word at or after the line's start. One scan in C replaces a search
    in each of a long text's many lines (a work report has hundreds, few with a heading word).
    """
    starts: list[int] = []
    for m in rules.section_cue_re.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start < HEADING_CHARS and (not starts or starts[-1] != line_start):
            starts.append(line_start)
    return starts


class TextCues:
    """The status and change of the quantities of one text; the sections are read once, when first needed.

    >>> from helpers.quantities.rules import load_rules
    >>> cues = TextCues("到2030年，建成示范社区50个。党员占28%。", load_rules())
    >>> cues.status(14, 0), cues.status(20, 17), cues.change(14)
    ('target', 'unknown', '')
    """

    def __init__(self, text: str, rules: IndicatorRules) -> None:
        self.text = text
        self.rules = rules
        self._sections: tuple[list[int], list[str]] | None = None

    def _in_clause(self, pos: int, start: int) -> bool:
        """Whether no hard punctuation stands between ``pos`` and ``start``."""
        return HARD_PUNCT_RE.search(self.text, pos, start) is None

    def cue_status(self, start: int, sentence_start: int) -> str:
        """The status the cue words before ``start`` in its sentence give, or "" when they give none: a marker
        of past time in the clause (已, 以来) wins, then a target word, then an achieved word, then a
        comparison with last year (``comparison``, decided by the section)."""
        kinds: set[str] = set()
        cues = self.rules.status_cues
        for m in self.rules.status_cue_re.finditer(self.text, max(sentence_start, start - STATUS_REACH), start):
            kind = cues[m.group()]
            if kind == "marker" and self._in_clause(m.end(), start):
                return "achieved"
            kinds.add(kind)
        if "target" in kinds:
            return "target"
        if "achieved" in kinds:
            return "achieved"
        return "comparison" if "comparison" in kinds else ""

    def status(self, start: int, sentence_start: int) -> str:
        """``achieved``, ``target`` or ``unknown`` for the quantity at ``start`` of the sentence at ``sentence_start``."""
        status = self.cue_status(start, sentence_start)
        if status and status != "comparison":
            return status
        if self._sections is None:
            self._sections = section_statuses(self.text, self.rules)
        section = section_status(start, self._sections)
        if status == "comparison":  # 比上年增加: a result, unless this year's targets are being set
            return "target" if section == "target" else "achieved"
        return section

    def change(self, start: int) -> str:
        """``increase``, ``decrease`` or "" from the nearest verb of change just before ``start`` in its clause."""
        last = None
        for m in self.rules.change_re.finditer(self.text, max(0, start - CHANGE_REACH), start):
            last = m
        if last is None or not self._in_clause(last.end(), start):
            return ""
        return self.rules.change_words[last.group()]


def section_status(start: int, sections: tuple[list[int], list[str]]) -> str:
    """The status of the section holding ``start`` (see :func:`section_statuses`), or ``unknown``."""
    starts, statuses = sections
    k = bisect.bisect_right(starts, start) - 1
    return (statuses[k] if k >= 0 else "") or "unknown"


def status_of(text: str, start: int, sentence_start: int, rules: IndicatorRules) -> str:
    """``achieved``, ``target`` or ``unknown`` for the quantity at ``start`` of the sentence at ``sentence_start``."""
    return TextCues(text, rules).status(start, sentence_start)


def change_of(text: str, start: int, rules: IndicatorRules) -> str:
    """``increase``, ``decrease`` or "" from the nearest verb of change just before ``start`` in its clause.

    >>> from helpers.quantities.rules import load_rules
    >>> change_of("能耗下降3%", 4, load_rules()), change_of("全省党员2万名", 4, load_rules())
    ('decrease', '')
    """
    return TextCues(text, rules).change(start)
