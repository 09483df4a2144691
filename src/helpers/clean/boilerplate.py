"""Boilerplate: page furniture recognised by the patterns of ``data/boilerplate_patterns.tsv``.

One line drop whose audit name is ``boilerplate:<pattern name>``, the name of the first pattern
the line matches. A pattern of scope ``short`` only meets furniture-sized lines (``is_furniture_sized``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from helpers.clean.shapes import CLAUSE_PUNCTUATION, SHORT_LINE
from helpers.config import read_data_table

BOILERPLATE = "boilerplate"  # the rule family; each pattern's name is a rule of it


@dataclass(frozen=True)
class BoilerplateRule:
    name: str
    short_only: bool
    pattern: re.Pattern


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The patterns of ``data/boilerplate_patterns.tsv`` in file order, compiled once."""
    return tuple(
        BoilerplateRule(name, scope == "short", re.compile(pattern))
        for name, scope, pattern in read_data_table("boilerplate_patterns.tsv")
    )


def boilerplate_names() -> list[str]:
    """The distinct pattern names in file order (several patterns may share a name).

    >>> boilerplate_names()[:3]
    ['nav_bar', 'breadcrumb', 'page_widget']
    """
    return list(dict.fromkeys(rule.name for rule in boilerplate_rules()))


@cache
def boilerplate_patterns(*names: str) -> tuple[re.Pattern, ...]:
    """The compiled patterns of the named rules, in file order (metadata reading looks for some of them)."""
    return tuple(rule.pattern for rule in boilerplate_rules() if rule.name in names)


@lru_cache(maxsize=1)
def _rules_by_length() -> tuple[tuple[tuple[str, re.Pattern], ...], tuple[tuple[str, re.Pattern], ...]]:
    """(rules for short lines, rules for long lines): long lines only meet the "any"-scope rules."""
    rules = boilerplate_rules()
    return (
        tuple((rule.name, rule.pattern) for rule in rules),
        tuple((rule.name, rule.pattern) for rule in rules if not rule.short_only),
    )


def is_furniture_sized(line: str) -> bool:
    """Short and without clauses (commas, or a full stop before its end): what page furniture looks like.

    >>> is_furniture_sized("打印本页 关闭窗口"), is_furniture_sized("各村要加强项目管理，专款专用。")
    (True, False)
    """
    return len(line) <= SHORT_LINE and not CLAUSE_PUNCTUATION.search(line.rstrip("。. "))


def boilerplate_rule(line: str) -> str | None:
    """Name of the first boilerplate pattern ``line`` matches, else None.

    >>> boilerplate_rule("蒙ICP证:05000481 号")
    'licence'
    """
    short_rules, long_rules = _rules_by_length()
    # "short" rules are for page furniture: a line with clauses is body text
    for name, pattern in short_rules if is_furniture_sized(line) else long_rules:
        if pattern.search(line):
            return name
    return None
