"""The shortcuts that make cleaning fast must never change what it does.

Cleaning skips a rule for a whole document when no line holds what the rule needs
(markup needs ``<`` or ``&``, mojibake a suspect character), and classifies characters
by table lookup instead of one Python test per character. Each shortcut is pinned
here against the plain definition on generated text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.clean import mojibake, pipeline
from helpers.hanzi import common_hanzi, common_share, count_hanzi, is_hanzi, is_suspect, rare_share

# characters the rules care about, mixed with ordinary text: hanzi common and rare, traditional forms,
# pinyin with tone marks, full-width forms, markup, replacement and private-use characters, digits, dates
PIECES = [
    "基层党组织",
    "鍩哄眰",
    "黨組織",
    "锟斤拷",
    "\ufffd",
    "\ue5e5",
    "ㄅ",
    "?",
    "□",
    "<p>",
    "</b>",
    "&nbsp;",
    "&",
    "(chuàng)",
    "（xiāng）",
    "ü",
    "７６％",
    "ＡＢ",
    "２０１９年３月５日",
    "2019-03-05",
    "09-11-05 17:10",
    "年",
    "月",
    "日",
    "，",
    "。",
    " ",
    "\u3000",
    "abc",
    "123",
    "：",
    "来源：",
    "发布时间：",
    "𠀀",
    "丨",
    "乂",
]
lines = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(lines)
def test_an_edit_never_changes_a_line_without_what_it_needs(line):
    for rule, func in pipeline.LINE_EDITS:
        needs = pipeline.EDIT_NEEDS.get(rule)
        if needs is not None and not needs.search(line):
            check_rare = False  # the mojibake shortcut is only taken when lines skip the rare-character test
            result = func(line, check_rare=check_rare) if rule == "repair_mojibake" else func(line)
            assert result == line, rule


@settings(max_examples=400, deadline=None)
@given(lines)
def test_a_line_dropped_as_mojibake_holds_what_the_shortcut_looks_for(line):
    if mojibake.drop_mojibake(line, check_rare=False):
        assert mojibake.MOJIBAKE_OR_BOX.search(line)


@settings(max_examples=400, deadline=None)
@given(st.one_of(lines, st.lists(st.sampled_from(PIECES), min_size=80, max_size=200).map("".join)))
def test_character_tables_agree_with_the_plain_definitions(text):  # lines and documents take different paths
    common = common_hanzi()
    assert count_hanzi(text) == sum(map(is_hanzi, text))
    distinct = {char for char in text if is_hanzi(char)}
    assert rare_share(text) == (len(distinct - common) / len(distinct) if distinct else 0.0)
    relevant = [char for char in text if is_hanzi(char) or is_suspect(char)]
    expected = sum(char in common for char in relevant) / len(relevant) if relevant else 1.0
    assert abs(common_share(text) - expected) < 1e-12


def test_common_hanzi_file_is_what_its_sources_give():  # a new OpenCC or a hand edit must regenerate it
    from helpers.hanzi import COMMON_HANZI_FILE, common_hanzi_file_text, derive_common_hanzi

    assert COMMON_HANZI_FILE.read_text(encoding="utf-8") == common_hanzi_file_text()
    assert common_hanzi() == derive_common_hanzi()
    assert len(common_hanzi()) > 3755 and {"党", "黨", "组", "組"} <= common_hanzi()


def test_a_damaged_common_hanzi_file_is_named(tmp_path, monkeypatch):
    import helpers.config as paths
    import helpers.hanzi as hanzi

    damaged = tmp_path / "common_hanzi.txt"
    damaged.write_text("# header\n党\n基层\n", encoding="utf-8")
    monkeypatch.setattr(paths, "data_path", lambda name: damaged)
    hanzi.common_hanzi.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"common_hanzi\.txt.*基层"):
            hanzi.common_hanzi()
    finally:
        monkeypatch.undo()
        hanzi.common_hanzi.cache_clear()
