"""Stored tables: written in parts and joined, read back a row group at a time for the rows a frame holds."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import stored
from helpers.cache import Cache, columns_digest


def _stored(tmp_path, frame: pd.DataFrame, rows_per_group: int, monkeypatch) -> str:
    monkeypatch.setattr(stored, "ROW_GROUP_ROWS", rows_per_group)
    path = tmp_path / "docs.parquet"
    stored.write_table(frame, path)
    return str(path)


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="基层党建三会一课。\n a", max_size=12), min_size=1, max_size=30),
    picks=st.lists(st.integers(min_value=0, max_value=29), max_size=40),
    rows_per_group=st.integers(min_value=1, max_value=7),
)
def test_a_column_read_back_is_the_column_for_any_rows_in_any_order(tmp_path_factory, texts, picks, rows_per_group):
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    with pytest.MonkeyPatch.context() as monkeypatch:
        path = _stored(tmp_path_factory.mktemp("t"), frame, rows_per_group, monkeypatch)
    light = stored.read_table(path, columns=["doc_id"])
    rows = [pick % len(texts) for pick in picks]
    subset = light.iloc[rows]
    assert stored.read_column(subset, "text").tolist() == frame["text"].iloc[rows].tolist()
    batches = list(stored.column_batches(light, "text", batch=3))
    assert [text for batch in batches for text in batch] == texts and all(len(batch) <= 3 for batch in batches)
    assert stored.texts_digest(light) == stored.texts_digest(frame)
    assert stored.stored_columns_digest(path, ["doc_id", "text"]) == columns_digest(frame["doc_id"], frame["text"])


def test_rows_that_are_not_the_stored_rows_are_refused(tmp_path, monkeypatch):
    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["一", "二", "三"]})
    light = stored.read_table(_stored(tmp_path, frame, 2, monkeypatch), columns=["doc_id"])
    with pytest.raises(ValueError, match="reset_index"):
        stored.read_column(light.iloc[[2, 0]].reset_index(drop=True), "text")
    with pytest.raises(KeyError, match="no column"):
        stored.read_column(light, "标题")
    with pytest.raises(KeyError, match="not read from a stored table"):
        stored.read_column(pd.DataFrame({"doc_id": ["a"]}), "text")


def test_parts_with_different_columns_join_into_one_table(tmp_path):
    chunks = [
        {"docs": pd.DataFrame({"doc_id": ["a"], "text": ["一"], "n": [1]})},
        {"docs": pd.DataFrame({"doc_id": ["b"], "text": ["二"], "n": [2], "来源": ["人民网"]})},
        {"docs": pd.DataFrame({"doc_id": ["c"], "text": ["三"], "n": ["三"]})},  # a column whose type differs
    ]
    entry = Cache(tmp_path).write_table_chunks("cleaned", lambda: "key", iter(chunks))
    table = pd.read_parquet(entry / "docs.parquet")
    assert table.columns.tolist() == ["doc_id", "text", "n", "来源"]
    assert table["来源"].tolist() == ["", "人民网", ""] and table["n"].astype(str).tolist() == ["1", "2", "三"]
    assert sorted(path.name for path in entry.iterdir()) == ["docs.parquet"]  # the parts are gone


def test_chunks_that_agree_go_into_one_file_and_a_later_one_that_differs_is_joined(tmp_path):
    import pyarrow.parquet as pq

    same = [pd.DataFrame({"doc_id": [f"d{i}", f"e{i}"], "text": ["基层", "党建"], "n": [i, i]}) for i in range(3)]
    entry = Cache(tmp_path / "a").write_table_chunks("cleaned", "same", ({"docs": frame} for frame in same))
    whole = pd.concat(same, ignore_index=True)
    pd.testing.assert_frame_equal(pd.read_parquet(entry / "docs.parquet"), whole)
    assert pq.ParquetFile(entry / "docs.parquet").num_row_groups == 3  # a row group per chunk, as parts gave

    later = [*same, pd.DataFrame({"doc_id": ["f"], "text": ["三会一课"], "n": ["三"], "来源": ["人民网"]})]
    entry = Cache(tmp_path / "b").write_table_chunks("cleaned", "later", ({"docs": frame} for frame in later))
    table = pd.read_parquet(entry / "docs.parquet")
    assert table.columns.tolist() == ["doc_id", "text", "n", "来源"]
    assert table["doc_id"].tolist() == [*whole["doc_id"], "f"] and table["来源"].tolist() == [""] * 6 + ["人民网"]
    assert sorted(path.name for path in entry.iterdir()) == ["docs.parquet"]


def test_an_empty_chunk_of_untyped_columns_does_not_split_the_table(tmp_path, monkeypatch):
    """A chunk whose files were all unreadable has no articles: its empty frame's columns have no type."""
    joined = []
    monkeypatch.setattr(stored, "merge_parts", lambda parts, path: joined.append(parts))
    frames = [
        pd.DataFrame({"doc_id": ["a"], "text": ["基层"]}),
        pd.DataFrame({"doc_id": pd.Series([], dtype=object), "text": pd.Series([], dtype=object)}),
        pd.DataFrame({"doc_id": ["b"], "text": ["党建"]}),
    ]
    entry = Cache(tmp_path).write_table_chunks("cleaned", "key", ({"docs": frame} for frame in frames))
    assert joined == []  # one writer throughout
    assert pd.read_parquet(entry / "docs.parquet")["doc_id"].tolist() == ["a", "b"]


def test_a_part_without_row_keys_is_refused_and_the_whole_table_is_not(tmp_path, monkeypatch):
    frame = pd.DataFrame({"rule": ["a", "b", "c"], "before": ["一", "二", "三"]})
    light = stored.read_table(_stored(tmp_path, frame, 2, monkeypatch), columns=["rule"])
    assert stored.read_column(light, "before").tolist() == ["一", "二", "三"]
    with pytest.raises(ValueError, match="cannot be matched"):
        stored.read_column(light.iloc[[0, 2]], "before")


def test_the_digest_of_a_stored_column_reads_it_a_row_group_at_a_time(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(25)], "text": ["基层党建" * (i + 1) for i in range(25)]})
    path = _stored(tmp_path, frame, 4, monkeypatch)
    sizes: list[int] = []
    real = pq.ParquetFile.iter_batches

    def recorded(self, batch_size=65536, *args, **kwargs):
        sizes.append(batch_size)
        return real(self, batch_size, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", recorded)
    assert stored.stored_columns_digest(path, ["doc_id", "text"]) == columns_digest(frame["doc_id"], frame["text"])
    assert sizes and max(sizes) <= stored.ROW_GROUP_ROWS  # never the whole column at once
