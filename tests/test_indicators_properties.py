"""Property tests of helpers.indicators: any string is safe input, and every row is consistent."""
from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.indicators import COLUMNS, extract_indicators, indicator_table

# Pieces the extractor reacts to: digits of both widths, Chinese numerals, units, qualifiers,
# multipliers, separators, quotes, brackets and the punctuation of Chinese prose.
PIECES = [
    *"0123456789０１２３４５６７８９", *"零〇一二两三四五六七八九十百千万亿点",
    "个", "名", "人", "人次", "户", "家", "元", "万元", "%", "％", "‰", "倍", "平方米", "年", "个月", "周岁",
    "以上", "以下", "不足", "近", "约", "超过", "余", "多", "左右", "百分之", "连续", "每", "第", "满",
    "至", "-", "~", "—", ".", "．", ",", "，", "、", "。", "；", ":", "：", "“", "”", "\"", "《", "》",
    "(", ")", "（", "）", "[", "]", "\n", " ", "党员", "党组织", "基层", "的", "达到", "为", "共有",
    "三会一课", "千名处长进千村", "1+n", "ICP", "电话", "年以来", "月", "日",
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
        assert text[row.start: row.end] == row.mention
        assert math.isfinite(row.value) and row.value >= 0
        assert row.role in {"measure", "threshold", "duration"}
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
        assert text[row.start: row.end] == row.mention
        assert pd.isna(row.year) or 1800 <= int(row.year) <= 2099


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=10**9), st.sampled_from(["个", "名", "人", "户", "元", "人次"]))
def test_arabic_counts_are_read_exactly(n, unit):
    text = f"全县共有{n}{unit}。"
    df = extract_indicators(text)
    assert df["value"].tolist() == [float(n)]
    assert df["unit"].tolist() == [unit]
