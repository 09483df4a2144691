"""Loading: every encoding a Chinese document arrives in, and every kind of bad file."""

from __future__ import annotations

import codecs
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import load_corpus
from helpers.corpus.decode import decode_bytes, looks_binary
from helpers.corpus.extracted import UnreadableFile

# after seed 000's title and seed 002's figures (全省163万党员、9.4万个基层党组织)
SIMPLIFIED = "加强基层党组织建设，全省163万党员、9.4万个基层党组织。\n第二段：两学一做学习教育。"
TRADITIONAL = "加強基層黨組織建設，全省163萬黨員、9.4萬個基層黨組織。\n第二段：兩學一做學習教育。"


@pytest.mark.parametrize(
    "encoding, payload, expected_codec",
    [
        ("utf-8", SIMPLIFIED.encode("utf-8"), "utf-8"),
        ("utf-8 with BOM", codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        ("utf-16 LE with BOM", SIMPLIFIED.encode("utf-16"), "utf-16"),
        ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
        ("gbk", SIMPLIFIED.encode("gbk"), "gb18030"),
        ("gb18030", (SIMPLIFIED + "𠀀").encode("gb18030"), "gb18030"),
    ],
)
def test_decodes_simplified_encodings(tmp_path, encoding, payload, expected_codec):
    (tmp_path / "doc.txt").write_bytes(payload)
    raw = load_corpus(tmp_path, workers=1)
    row = raw.iloc[0]
    assert row["problem"] == ""
    assert row["encoding"] == expected_codec
    assert row["text_raw"].startswith(SIMPLIFIED)


def test_decodes_big5(tmp_path):
    (tmp_path / "trad.txt").write_bytes(TRADITIONAL.encode("big5"))
    row = load_corpus(tmp_path, workers=1).iloc[0]
    assert (row["encoding"], row["text_raw"]) == ("big5", TRADITIONAL)


@pytest.mark.parametrize("text", ["党建", "基层党组织", "两新组织党建工作"])
def test_short_gbk_is_not_mistaken_for_big5(text):
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


def test_line_endings_are_normalised(tmp_path):
    (tmp_path / "crlf.txt").write_bytes("第一行\r\n第二行\r第三行".encode())
    assert load_corpus(tmp_path, workers=1).iloc[0]["text_raw"] == "第一行\n第二行\n第三行"


def test_html_main_text_is_extracted(tmp_path):
    # title, paragraphs and licence number are seed 000's (title and first paragraph shortened, quotes dropped)
    page = (
        "<html><head><title>加强基层党组织建设</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> | <a href='/news'>新闻</a></div>"
        "<article><h1>加强基层党组织建设</h1>"
        "<p>加强党的建设、推动科学发展，重心在基层，基础在基层，活力在基层。党的基层组织建设必须以新理念为指引。</p>"
        "<p>全市已经成立30个功能型社区党组织，其中有2家为新经济组织，推动社区党建由组织覆盖向提升功能发展。</p>"
        "</article><footer>版权所有 ICP备05000481号</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    row = load_corpus(tmp_path, workers=1).iloc[0]
    assert row["problem"] == ""
    assert "全市已经成立30个功能型社区党组织" in row["text_raw"]
    assert "<p>" not in row["text_raw"]


def test_bad_files_get_a_row_a_reason_and_a_warning(tmp_path):
    (tmp_path / "good.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b"  \n\n ")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "garbage.txt").write_bytes(bytes([0x81, 0x30, 0xFF, 0xFE, 0x80, 0xFF]) * 50)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")  # not a document: a row that says so
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw = load_corpus(tmp_path, workers=1).set_index("doc_id")
    assert sorted(raw.index) == ["binary", "blank", "empty", "garbage", "good", "image"]
    assert raw.loc["good", "problem"] == ""
    assert "empty" in raw.loc["empty", "problem"]
    assert "empty" in raw.loc["blank", "problem"]
    assert "binary" in raw.loc["binary", "problem"]
    assert "undecodable" in raw.loc["garbage", "problem"]
    assert (raw.drop(index="good")["text_raw"] == "").all()
    messages = " ".join(str(warning.message) for warning in caught)
    assert raw.loc["image", "problem"] != ""
    for name in ("empty.txt", "blank.md", "binary.txt", "garbage.txt", "image.png"):
        assert name in messages


def test_bad_files_do_not_stop_cleaning(tmp_path):
    from helpers import clean_corpus

    (tmp_path / "good.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs, _ = clean_corpus(load_corpus(tmp_path, workers=1), workers=1)
    assert list(docs["doc_id"]) == ["good"]


def test_folder_without_documents_gives_an_empty_table_and_a_warning(tmp_path):
    (tmp_path / ".notes.txt").write_text("隐藏文件不算文档", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref", encoding="utf-8")
    with pytest.warns(UserWarning, match="no files"):
        raw = load_corpus(tmp_path)
    assert raw.empty and "problem" in raw.columns


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder or file not found"):
        load_corpus(tmp_path / "nowhere")


def test_files_are_found_recursively_and_never_modified(tmp_path):
    nested = tmp_path / "2016" / "吉林"
    nested.mkdir(parents=True)
    payload = TRADITIONAL.encode("big5")
    (nested / "doc.txt").write_bytes(payload)
    (tmp_path / "top.txt").write_bytes(SIMPLIFIED.encode("gbk"))
    raw = load_corpus(tmp_path, workers=1)
    assert sorted(raw["doc_id"]) == ["doc", "top"]
    assert (nested / "doc.txt").read_bytes() == payload


def test_undecodable_bytes_raise_the_loader_error():
    with pytest.raises(UnreadableFile):
        decode_bytes(b"\x00\xff\x00\xfe" * 40)


def _control_share_reference(data: bytes) -> bool:
    """looks_binary as first written, byte by byte: the definition the fast version must keep."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


@given(
    st.binary(max_size=300) | st.lists(st.sampled_from([1, 7, 9, 10, 13, 27, 31, 32, 65, 200]), max_size=300).map(bytes)
)
def test_looks_binary_counts_control_bytes_like_the_reference(data):
    assert looks_binary(data) == _control_share_reference(data)


def test_looks_binary_on_text_and_on_control_bytes():
    assert not looks_binary("基层党组织\r\n\t".encode("gbk") * 100)
    assert looks_binary(b"abc\x01\x02\x03" * 100)


_CELLS = st.one_of(st.none(), st.integers(-5, 10**6), st.text("党建基层 \n0a", max_size=6))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({}, optional={"a": _CELLS, "b": st.text("党建", max_size=3), "c": st.integers(0, 9)}),
        max_size=6,
    )
)
def test_records_frame_is_pandas_row_by_row(rows):  # the column-by-column shortcut must change nothing
    from helpers.corpus.read import records_frame

    columns = ["a", "b", "c"]
    expected = pd.DataFrame(rows, columns=columns)
    pd.testing.assert_frame_equal(records_frame(rows, columns), expected)
    tuples = [tuple(row.get(column) for column in columns) for row in rows]
    pd.testing.assert_frame_equal(records_frame(tuples, columns), pd.DataFrame(tuples, columns=columns))
