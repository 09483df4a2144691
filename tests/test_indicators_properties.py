"""Property tests of helpers.quantities: any string is safe input, and every row is consistent."""

from __future__ import annotations

import math
import re

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers.quantities.extract import COLUMNS, ROLES, extract_indicators
from helpers.quantities.table import indicator_table

# Pieces the extractor reacts to: digits of both widths, Chinese numerals, units, qualifiers,
# multipliers, separators, quotes, brackets and the punctuation of Chinese prose.
PIECES = [
    *"0123456789０１２３４５６７８９",
    *"零〇一二两三四五六七八九十百千万亿点",
    "个",
    "名",
    "人",
    "人次",
    "户",
    "家",
    "元",
    "万元",
    "%",
    "％",
    "‰",
    "倍",
    "平方米",
    "年",
    "个月",
    "周岁",
    "以上",
    "以下",
    "不足",
    "近",
    "约",
    "超过",
    "余",
    "多",
    "左右",
    "百分之",
    "连续",
    "每",
    "第",
    "满",
    "至",
    "-",
    "~",
    "—",
    ".",
    "．",
    ",",
    "，",
    "、",
    "。",
    "；",
    ":",
    "：",
    "“",
    "”",
    '"',
    "《",
    "》",
    "(",
    ")",
    "（",
    "）",
    "[",
    "]",
    "\n",
    " ",
    "党员",
    "党组织",
    "基层",
    "的",
    "达到",
    "为",
    "共有",
    "三会一课",
    "千名处长进千村",
    "1+n",
    "ICP",
    "电话",
    "年以来",
    "月",
    "日",
    # shares, halves, ranges, frequencies, status and change (issue 16)
    "分之",
    "成",
    "半",
    "一半",
    "过半",
    "每月",
    "次",
    "到",
    "～",
    "上",
    "增长",
    "下降",
    "目标",
    "力争",
    "完成",
    "过去一年",
    "今年",
    "一、",
]

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join),
)


def check_rows(text: str, df: pd.DataFrame) -> None:
    assert list(df.columns) == COLUMNS
    for row in df.itertuples(index=False):
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start : row.end] == row.mention
        assert math.isfinite(row.value) and row.value >= 0
        assert row.role in set(ROLES)
        assert row.status in {"achieved", "target", "unknown"}
        assert row.change in {"increase", "decrease", ""}
        assert math.isnan(row.value_high) or (math.isfinite(row.value_high) and row.value <= row.value_high)
        assert isinstance(row.subject, str) and isinstance(row.sentence, str)
        assert row.category


@settings(max_examples=200, deadline=None)
@given(texts)
def test_never_raises_and_rows_are_consistent(text):
    check_rows(text, extract_indicators(text))


@settings(max_examples=40, deadline=None)
@given(st.lists(texts, min_size=1, max_size=4))
def test_table_rows_point_into_their_documents(parts):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(parts))], "text": parts})
    table = indicator_table(docs)
    assert table["doc_id"].tolist() == sorted(table["doc_id"].tolist())
    for row in table.itertuples(index=False):
        text = parts[int(row.doc_id[1:])]
        assert text[row.start : row.end] == row.mention
        assert pd.isna(row.stated_year) or 1800 <= int(row.stated_year) <= 2099


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=10**9), st.sampled_from(["个", "名", "人", "户", "元", "人次"]))
def test_arabic_counts_are_read_exactly(n, unit):
    text = f"全县共有{n}{unit}。"
    df = extract_indicators(text)
    assert df["value"].tolist() == [float(n)]
    assert df["unit"].tolist() == [unit]


# ---------------------------------------------------------------- scanning shortcuts
# helpers.quantities.scan scans stop patterns only near candidates and puts a first-character
# look-ahead in front of patterns that open with a look-behind; both must find exactly what a
# plain scan of the whole text finds.

from helpers.config import read_data_table  # noqa: E402
from helpers.quantities import extract, scan, status  # noqa: E402
from helpers.quantities.rules import WordStrip, load_rules  # noqa: E402

PLAIN = {row[0]: re.compile(row[2], re.MULTILINE) for row in read_data_table("indicator_stop_patterns.txt")}
PLAIN_STOPS = list(PLAIN.values())
RULES = load_rules()
SCANS = RULES.stop_all + RULES.stop_chinese
assert sorted(stop.name for stop in SCANS) == sorted(PLAIN)


@settings(max_examples=150, deadline=None)
@given(texts, st.lists(st.tuples(st.integers(0, 220), st.integers(1, 12)), max_size=6))
def test_windowed_stop_scan_finds_what_a_whole_scan_finds(text, picks):
    spans = [(a, min(a + n, len(text))) for a, n in picks if a < len(text)]
    candidates = [(c[1], c[2]) for c in extract._candidates(text, RULES)]
    for stop in SCANS:
        plain = PLAIN[stop.name]
        for wanted in (spans, candidates):
            found = set(scan.stop_spans(text, [stop], scan.stretches(text, wanted)))
            whole = {m.span() for m in plain.finditer(text) if m.end() > m.start()}
            assert found <= whole, stop.name
            near = {(s, e) for s, e in whole if any(s < b and e > a for a, b in wanted)}
            assert near <= found, stop.name


def _far_apart(*pieces: str) -> tuple[str, list[tuple[int, int]]]:
    """The pieces joined by filler too long for their stretches to merge, and a pick at each piece's first
    number: a stop match that starts just after a clause mark or needs a sieved character is then tested."""
    text = "党员".join(piece + "党员" * 50 for piece in pieces)
    starts = [m.start() for m in re.finditer("(?<=[，；])", text)]
    return text, [(start + 2, 1) for start in starts] + [(start, 1) for start in starts]


@settings(max_examples=100, deadline=None)
@given(texts, st.lists(st.tuples(st.integers(0, 220), st.integers(1, 12)), max_size=6))
@example(*_far_apart("截至，2020年", "，3月5日", "；第3个", "，12:30召开", "，成百上千名", "，P12页", "，三会一课"))
def test_stop_mask_over_clauses_finds_what_a_whole_scan_finds(text, picks):
    # stop_mask scans most patterns clause by clause (between ，；！？。) and skips stretches without
    # a pattern's required characters: each candidate must still overlap exactly the plain matches
    spans = [(a, min(a + n, len(text))) for a, n in picks if a < len(text)]
    spans += [(c[1], c[2]) for c in extract._candidates(text, RULES)]
    for stop in SCANS:
        mask = scan.stop_mask(text, [stop], spans)
        whole = [m.span() for m in PLAIN[stop.name].finditer(text) if m.end() > m.start()]
        for a, b in spans:
            assert mask.overlaps(a, b) == any(s < b and e > a for s, e in whole), stop.name


@settings(max_examples=150, deadline=None)
@given(texts)
def test_accelerated_patterns_match_as_the_plain_ones(text):
    for plain in [
        *PLAIN_STOPS,
        re.compile(r"(?<![0-9])((?:1[89]|20)[0-9]{2})\s*年(?![代级龄])|([〇零一二三四五六七八九]{4})年"),
    ]:
        fast = scan.accelerated(plain)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _strip_one_by_one(s: str, words, prefixes: bool) -> str:
    for w in words:
        if prefixes and s.startswith(w) and len(s) > len(w):
            s = s[len(w) :]
        if s.endswith(w) and len(s) > len(w):
            s = s[: -len(w)]
    return s


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([*RULES.edge_words, *RULES.tail_words, "党员", "的", "村", "年"]), max_size=8).map(
        "".join
    ),
    st.booleans(),
)
def test_word_strip_drops_what_trying_each_word_drops(s, prefixes):
    for words in (RULES.edge_words, RULES.tail_words):
        got, _ = WordStrip.of(words).strip(s, prefixes)
        assert got == _strip_one_by_one(s, words, prefixes)


hanzi_phrases = st.text(alphabet=st.sampled_from("基层党组织建设服务平台覆盖率互联网+社区"), min_size=0, max_size=30)


@given(hanzi_phrases, st.text(alphabet=st.sampled_from("党建互联网+社区"), min_size=1, max_size=8))
def test_a_long_subject_is_shortened_from_the_front_and_never_splits_a_quoted_term(phrase, term):
    from helpers.quantities.subjects import MAX_SUBJECT_CHARS, QUOTED_TERM_SLACK, _last_chars

    assert _last_chars(phrase, []) == phrase[-MAX_SUBJECT_CHARS:]
    short = _last_chars(phrase, [term])
    assert phrase.endswith(short) and len(short) <= MAX_SUBJECT_CHARS + QUOTED_TERM_SLACK
    plain_cut, cut = max(0, len(phrase) - MAX_SUBJECT_CHARS), len(phrase) - len(short)
    at = phrase.rfind(term, 0, plain_cut + len(term))
    if at != -1 and at < plain_cut < at + len(term):  # the plain cut would split the term: it is kept or dropped whole
        assert cut in (at, at + len(term))
    else:
        assert cut == plain_cut


def _sections_line_by_line(text: str) -> dict[int, str]:
    """What section_statuses reads, by the plain rule: each line's first clause searched for a heading word."""
    found, pos = {}, 0
    while pos < len(text):
        head_end = min(len(text), pos + status.HEADING_CHARS)
        stop = status._HEAD_END_RE.search(text, pos, head_end)
        m = RULES.section_cue_re.search(text, pos, stop.start() if stop else head_end)
        if m is not None:
            found[pos] = RULES.section_cues[m.group()]
        pos = text.find("\n", pos) + 1 or len(text)
    return found


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from([*PIECES, "回顾", "工作任务", "\n", "\n一、"]), st.text(max_size=3)), max_size=50
    )
)
def test_section_headings_found_by_one_scan_are_those_of_a_line_by_line_search(pieces):
    text = "".join(pieces)
    lines = set(status._lines_with_cue_near_start(text, RULES))
    assert set(_sections_line_by_line(text)) <= lines
    starts, statuses = status.section_statuses(text, RULES)
    for start, kind in _sections_line_by_line(text).items():
        assert status.section_status(start, (starts, statuses)) == kind
