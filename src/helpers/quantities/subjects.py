"""What a quantity counts: the noun phrase before or after it (its subject), and the category that names.

The subject is read from the clause after the quantity (建成党群服务中心126个 counts
centres, 选派236名第一书记 secretaries) or the one before it, cut at the boundary words
of ``data/indicator_subject_words.txt``, 的-phrases resolved to their head, scope
words (全省, 我县) and time words dropped, quoted terms never split.

    >>> from helpers.quantities.rules import load_rules
    >>> text = "全县下设党支部118个。"
    >>> subject = subject_of(text, 7, 11, "count", "measure", load_rules())
    >>> subject, category_of("count", subject, load_rules())
    ('党支部', '组织')
"""

from __future__ import annotations

import re

from helpers.quantities.rules import IndicatorRules
from helpers.quantities.sentences import CJK, clause

# A subject longer than this is a clause, not a noun phrase.
MAX_SUBJECT_CHARS = 16
# ... except that a quoted term is never cut in two: it may run this much past the limit, or is left out.
QUOTED_TERM_SLACK = 6
_QUOTES = "“”‘’\"'「」『』《》〈〉"
# \s is str.isspace() for str patterns
_QUOTES_SPACE_RE = re.compile(r"[\s" + re.escape(_QUOTES) + "]")
# a term in quotation marks: “互联网+社区党建”, 「两学一做」, "三会一课"
_QUOTED_TERM_RE = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’\n]{1,20})[”\"」』’]")


def _strip_quotes(s: str) -> str:
    return _QUOTES_SPACE_RE.sub("", s)


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
            return s[at:] if len(s) - at <= MAX_SUBJECT_CHARS + QUOTED_TERM_SLACK else s[at + len(term) :]
    return s[cut:]


def _strip_edges(s: str, rules: IndicatorRules) -> str:
    changed = True
    while s and changed:
        changed = False
        m = rules.scope_prefix.match(s)
        if m and len(s) > m.end():
            s, changed = s[m.end() :], True
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
    spans = [
        m.span() for m in rules.subject_tokens.finditer(s) if m.group() in rules.boundary_words or m.group() == "、"
    ]
    if not quoted or not spans:
        return spans
    inside = [(at.start(), at.end()) for term in quoted for at in re.finditer(re.escape(term), s)]
    return [(a, b) for a, b in spans if not any(lo < b and a < hi for lo, hi in inside)]


def _quoted_terms(s: str) -> tuple[str, ...]:
    """The terms ``s`` puts in quotation marks, without the marks (as they read once quotes are stripped)."""
    return tuple(term for term in map(_strip_quotes, _QUOTED_TERM_RE.findall(s)) if term)


def _is_noun_phrase(s: str) -> bool:
    """A usable subject: has a Chinese character, does not start or end in a number, holds no percentage."""
    return bool(s) and CJK.search(s) is not None and not s[0].isdigit() and not s[-1].isdigit() and "%" not in s


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
            return _cut_forward(s[len(copula) :], rules, quoted)
    spans = _boundaries(s, rules, quoted)
    if spans and spans[0][0] == 0:
        # a verb first: a relative clause whose head follows 的 (10件加强基层、惠及群众的实事好事)
        i = s.find("的")
        return _cut_forward(s[i + 1 :], rules, quoted) if 0 < i < 20 else ""
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
        s = s[spans[-1][1] :]
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
    return s[ends[-1] :] if ends and ends[-1] < len(s) else s


def _after_verb(after: str, rules: IndicatorRules) -> str:
    """For money and measures whose purpose follows (安排6500万元，发展壮大村级集体经济)."""
    s, quoted = _strip_quotes(after), _quoted_terms(after)
    for _ in range(3):
        spans = _boundaries(s, rules, quoted)
        if spans and spans[0][0] == 0:
            s = s[spans[0][1] :]
        else:
            break
    return _cut_forward(s, rules, quoted) if s else ""


def subject_of(text: str, start: int, end: int, kind: str, role: str, rules: IndicatorRules) -> str:
    """The noun phrase the quantity at ``text[start:end]`` counts or measures, or "" when none reads as one.

    ``kind`` is its unit's kind (people, count, money ...), ``role`` its role (a
    criterion measures the noun before it, an age the people after it).
    """
    after = clause(text, end, +1)
    before = clause(text, start, -1)
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
    nxt = text[end + len(after) : end + len(after) + 1]
    if kind == "money" and nxt and nxt in "，,":
        fallback = _after_verb(clause(text, end + len(after) + 1, +1), rules)
        return fallback if _is_noun_phrase(fallback) else ""
    return ""


def category_of(kind: str, subject: str, rules: IndicatorRules) -> str:
    """The category (党员干部, 组织, 资金 ...) of ``data/indicator_categories.tsv`` for a unit kind and subject.

    >>> from helpers.quantities.rules import load_rules
    >>> category_of("money", "党建经费", load_rules()), category_of("count", "党支部", load_rules())
    ('资金', '组织')
    """
    listed = rules.categories_by_kind.get(kind)
    for keyword, category in rules.categories_by_kind[None] if listed is None else listed:
        if keyword == "*" or keyword in subject:
            return category
    return "其他"
