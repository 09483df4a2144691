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
    >>> sections = section_statuses(text, rules)
    >>> status_of(text, 13, 0, sections, rules), status_of(text, 36, 18, sections, rules)
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
# How far back (characters) a sentence's cue words are read: run-on text has no sentence ends.
STATUS_REACH = 120
# How far back (characters) a verb of change still governs a quantity: 增长 + a short subject.
CHANGE_REACH = 8
# A paragraph is read as a heading (or a paragraph opener) over this many characters.
HEADING_CHARS = 24
# A top-level heading (一、 二、) without a cue ends the section it follows.
_TOP_HEADING_RE = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]+、", re.MULTILINE)
# A paragraph's opening words end at its first clause end (过去一年，… / 主要预期目标是：…).
_HEAD_END_RE = re.compile(r"[，,。；;：:！？]")


def section_statuses(text: str, rules: IndicatorRules) -> tuple[list[int], list[str]]:
    """Where each section of ``text`` starts and the status its heading or opening words give ("" for none).

    A paragraph opens a section when its first clause (at most HEADING_CHARS characters) holds a
    review or target heading word; a top-level heading without one closes the section. The
    heading words are found in one scan of the text, then kept when they open their paragraph.

        >>> from helpers.quantities.rules import load_rules
        >>> section_statuses("一、2024年工作回顾\\n全年增长5%。\\n二、2025年工作任务\\n增长5%左右。", load_rules())
        ([0, 20], ['achieved', 'target'])
    """
    found: dict[int, set[str]] = {}
    for m in rules.section_cue_re.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        head = text[line_start : m.start()].lstrip()
        if len(head) + len(m.group()) <= HEADING_CHARS and _HEAD_END_RE.search(head) is None:
            found.setdefault(line_start, set()).add(rules.section_cues[m.group()])
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


def cue_status(text: str, start: int, sentence_start: int, rules: IndicatorRules) -> str:
    """The status the cue words before ``start`` in its sentence give, or "" when they give none.

        >>> from helpers.quantities.rules import load_rules
        >>> cue_status("到2030年，建成示范社区50个", 14, 0, load_rules()), cue_status("党员占28%", 3, 0, load_rules())
        ('target', '')
    """
    lo = max(sentence_start, start - STATUS_REACH)
    before = text[lo:start]
    cut = HARD_PUNCT_RE.search(before[::-1])
    clause_start = len(before) - cut.start() if cut else 0
    kinds: set[str] = set()
    for m in rules.status_cue_re.finditer(before):
        kind = rules.status_cues[m.group()]
        if kind == "marker" and m.start() >= clause_start:
            return "achieved"  # 已, 比上年, 以来: completed or past, whatever the sentence plans
        kinds.add(kind)
    if "target" in kinds:
        return "target"
    return "achieved" if kinds else ""


def section_status(start: int, sections: tuple[list[int], list[str]]) -> str:
    """The status of the section holding ``start`` (see :func:`section_statuses`), or ``unknown``."""
    starts, statuses = sections
    k = bisect.bisect_right(starts, start) - 1
    return (statuses[k] if k >= 0 else "") or "unknown"


def status_of(
    text: str, start: int, sentence_start: int, sections: tuple[list[int], list[str]], rules: IndicatorRules
) -> str:
    """``achieved``, ``target`` or ``unknown`` for the quantity at ``start`` of the sentence at ``sentence_start``."""
    return cue_status(text, start, sentence_start, rules) or section_status(start, sections)


def change_of(text: str, start: int, rules: IndicatorRules) -> str:
    """``increase``, ``decrease`` or "" from the nearest verb of change just before ``start`` in its clause.

    >>> from helpers.quantities.rules import load_rules
    >>> change_of("能耗下降3%", 4, load_rules()), change_of("全省党员2万名", 4, load_rules())
    ('decrease', '')
    """
    window = text[max(0, start - CHANGE_REACH) : start]
    cut = HARD_PUNCT_RE.search(window[::-1])
    if cut:
        window = window[len(window) - cut.start() :]
    last = None
    for m in rules.change_re.finditer(window):
        last = m
    return rules.change_words[last.group()] if last else ""
