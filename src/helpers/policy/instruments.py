"""Each clause coded with the policy instruments whose cue words it contains, and how sure the code is.

A clause gets one row per tool of the codebook whose cues it matches; a clause matching none keeps one
row of type ``uncoded``, so the share of clauses coded (coverage) is visible. The codes are deterministic:
the same clauses and codebook give the same rows.

How ``confidence`` is computed (0.5 to 1.0), from what a human coder looks at:

* 0.5 for a tool whose cue is only mentioned (``资金管理办法另行制定`` mentions funds);
* +0.3 when a cue is the clause's predicate: it follows a directive verb or modal of
  ``data/policy_predicates.txt`` (要, 应当, 加大, 给予, 鼓励 …) in the same comma-bounded phrase, or begins
  with one (``加大投入``), so the clause orders or offers that measure; a heading (``一、资金保障``)
  names a section's topic and never counts as a predicate;
* cited titles (《…》), parentheticals (responsible units, document numbers), the legal basis of a clause
  (根据…规定，) and organ names (财政厅, 知识产权局) are never cues (``data/policy_masks.tsv``);
* +0.1 for each further distinct cue of the same tool, at most +0.2 (``设立专项资金，给予补贴``).

    >>> from helpers.policy.codebook import load_codebook
    >>> [(c["tool"], c["cue"], c["confidence"]) for c in code_clause("加大财政资金投入，给予补贴。", load_codebook())]
    [('资金投入', '加大财政资金投入、补贴', 0.9)]
"""

from __future__ import annotations

import re
from functools import lru_cache

from helpers.config import read_data_lines, read_data_table
from helpers.policy.codebook import UNCODED, Codebook, Tool

PREDICATES_FILE = "policy_predicates.txt"
MENTION, PREDICATE_BONUS, EXTRA_CUE_BONUS, MAX_EXTRA_CUES = 0.5, 0.3, 0.1, 2
# What bounds the phrase a directive verb governs.
PHRASE_END = re.compile(r"[，,、：:。！？；!?;（）()]")
CODE_COLUMNS = ["type", "tool", "cue", "confidence"]
MASKS_FILE = "policy_masks.tsv"


@lru_cache(maxsize=1)
def masks() -> tuple[re.Pattern, re.Pattern]:
    """``(spans to blank, organ-name endings)`` from ``data/policy_masks.tsv``."""
    rows = read_data_table(MASKS_FILE)
    blank = "|".join(f"(?:{row[1]})" for row in rows if row[0] == "mask")
    organ = "|".join(f"(?:{row[1]})" for row in rows if row[0] == "organ")
    return re.compile(blank), re.compile(organ)


def masked(text: str) -> str:
    """``text`` with every span that holds no cue blanked (same length, so positions hold): cited titles in
    《…》, parentheticals, the legal basis of a clause.

    >>> masked("根据《预算法》规定，安排资金（市财政局负责）").replace("\u3000", "·")
    '·········，安排资金········'
    """
    blank, _ = masks()
    return blank.sub(lambda m: "\u3000" * len(m.group(0)), text)


def names_an_organ(text: str, end: int) -> bool:
    """Whether the cue ending at ``end`` is part of an organ's name (财政厅, 技术推广中心).

    >>> names_an_organ("省知识产权局、省商务厅", 5), names_an_organ("保护知识产权，", 6)
    (True, False)
    """
    return masks()[1].match(text, end) is not None


@lru_cache(maxsize=1)
def predicate_words() -> re.Pattern:
    """The directive verbs and modals of ``data/policy_predicates.txt`` as one pattern, longest first."""
    words = sorted({w.strip() for w in read_data_lines(PREDICATES_FILE) if w.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def _phrase_start(text: str, pos: int) -> int:
    ends = [m.end() for m in PHRASE_END.finditer(text, 0, pos)]
    return ends[-1] if ends else 0


def in_predicate(text: str, start: int, end: int) -> bool:
    """Whether the cue at ``text[start:end]`` follows (or opens with) a directive verb in its phrase.

    >>> in_predicate("要加大资金投入", 4, 6), in_predicate("资金使用情况，报财政局", 0, 2)
    (True, False)
    """
    predicates = predicate_words()
    return bool(predicates.search(text, _phrase_start(text, start), start) or predicates.match(text, start, end))


def tool_matches(tool: Tool, text: str) -> list[re.Match]:
    """Matches of a tool's cues in a text, the first of each distinct matched string, in order."""
    seen: dict[str, re.Match] = {}
    for match in tool.cues.finditer(text):
        if match.group(0) and not names_an_organ(text, match.end()):
            seen.setdefault(match.group(0), match)
    return list(seen.values())


def confidence(matches: list[re.Match], text: str, heading: bool = False) -> float:
    """The confidence of a code from its cue matches (see the module's docstring).

    >>> text = "鼓励金融机构提供贷款"
    >>> confidence(list(re.finditer("金融|贷款", text)), text)
    0.9
    """
    predicate = not heading and any(in_predicate(text, m.start(), m.end()) for m in matches)
    extra = min(MAX_EXTRA_CUES, len(matches) - 1)
    return round(min(1.0, MENTION + PREDICATE_BONUS * predicate + EXTRA_CUE_BONUS * extra), 2)


def code_clause(text: str, book: Codebook, heading: bool = False) -> list[dict]:
    """``type``, ``tool``, ``cue`` (the matched strings, joined by 、) and ``confidence`` of each tool a clause
    matches, in the codebook's order; one ``uncoded`` code when none does.

    >>> from helpers.policy.codebook import load_codebook
    >>> [c["tool"] for c in code_clause("对首台套产品实行政府采购，并开展示范应用。", load_codebook())]
    ['政府采购', '示范试点']
    """
    codes = []
    text = masked(text)
    for tool in book.tools:
        matches = tool_matches(tool, text)
        if matches:
            cue = "、".join(m.group(0) for m in matches)
            codes.append({"type": tool.type, "tool": tool.name, "cue": cue,
                          "confidence": confidence(matches, text, heading)})  # fmt: skip
    return codes or [{"type": UNCODED, "tool": UNCODED, "cue": "", "confidence": 0.0}]
