"""What a quantity does in its sentence: a ``measure`` reported, a ``threshold`` a rule sets, a ``duration``;
and the qualifier written before it (近, 超过, 不少于).

    >>> from helpers.quantities.rules import load_rules
    >>> text = "党员人数在50人以上的党支部，应当设立支部委员会。"
    >>> quantity_role(text, 5, 10, "people", "以上", load_rules())
    'threshold'
"""

from __future__ import annotations

from helpers.quantities.rules import IndicatorRules
from helpers.quantities.sentences import CJK, HARD_PUNCT_RE, clause

# How far back a rule word (至少, 不少于) still makes a quantity a criterion: one verb's length.
RULE_WORD_REACH = 6


def quantity_role(text: str, start: int, end: int, kind: str, qualifier: str, rules: IndicatorRules) -> str:
    """``duration`` for spans of time; ``threshold`` when a qualifier such as 以上 makes the quantity
    qualify a noun (50人以上的党支部) or a condition opens its clause; else ``measure``."""
    if kind == "duration":
        return "duration"
    if qualifier in rules.threshold_qualifiers:
        nxt = text[end : end + 2]
        if nxt.startswith("的"):
            return "threshold"
        # a share followed by a verb reports it (三成以上来自农村); only a count or age qualifies a noun so
        if kind != "rate" and nxt and CJK.match(nxt) and not text.startswith(rules.level_words, end):
            return "threshold"  # 60周岁以上生活困难党员: the quantity qualifies a noun
        if clause(text, start, -1, stops=HARD_PUNCT_RE).lstrip().startswith(rules.condition_openers):
            return "threshold"
    return "measure"


def pre_qualifier(text: str, start: int, rules: IndicatorRules) -> tuple[str, int]:
    """The normalised qualifier written just before ``start`` (近, 超过 ...) and where it starts; ``("", start)`` when none.

    >>> from helpers.quantities.rules import load_rules
    >>> pre_qualifier("全市共有流动党员近6000名", 9, load_rules())
    ('近', 8)
    """
    for length, surfaces in rules.pre_lookup:  # longest first, as the surfaces were tried
        if start >= length:
            normalised = surfaces.get(text[start - length : start])
            if normalised is not None:
                return normalised, start - length
    return "", start


def states_rule(text: str, start: int, rules: IndicatorRules) -> bool:
    """Whether a rule word stands just before ``start``, at most one verb away (每季度至少开展1次).

    >>> from helpers.quantities.rules import load_rules
    >>> states_rule("每季度至少开展1次", 7, load_rules()), states_rule("每季度开展1次", 5, load_rules())
    (True, False)
    """
    return rules.criterion_re.search(clause(text, start, -1, width=RULE_WORD_REACH)) is not None
