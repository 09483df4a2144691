"""The year a quantity is dated by: the nearest year its sentence states, else one stated just before it.

>>> from helpers.quantities.extract import extract_rows
>>> from helpers.quantities.rules import load_rules
>>> text = "2017年，全市工作取得新进展。新建村级活动场所320个。截至2016年，全县共有党员2.3万名。"
>>> row_years(text, extract_rows(text, load_rules()), load_rules())
[2017, 2016]
"""

from __future__ import annotations

import bisect

from helpers.quantities.numbers import chinese_value_digits
from helpers.quantities.rules import IndicatorRules
from helpers.quantities.sentences import sentence_ends, sentence_span

# How far before a sentence a stated year still dates it (the text just before, same paragraph).
YEAR_LOOKBACK = 80


def row_years(text: str, rows: list[tuple], rules: IndicatorRules, ends: list[int] | None = None) -> list[int | None]:
    """The year each row's sentence (or the text just before it) states, nearest first, else None.

    ``rows`` are those of :func:`helpers.quantities.extract.extract_rows` (start and end
    at positions 1 and 2); ``ends`` the :func:`.sentences.sentence_ends` of ``text`` when known.
    """
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
        ends = sentence_ends(text, rules)
    years = []
    for row in rows:
        start = row[1]
        s0, s1 = sentence_span(ends, text, start)
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
            p0 = sentence_span(ends, text, s0 - 1)[0] if s0 > 0 else 0
            if prev and prev[0] >= p0 and s0 - prev[0] <= YEAR_LOOKBACK and "\n" not in text[prev[0] : s0]:
                years.append(prev[1])
            else:
                years.append(None)
    return years
