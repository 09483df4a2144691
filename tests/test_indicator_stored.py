"""Notebook 04 on a large corpus: the indicator table stays in its cache file (``indicator_table(lazy=True)``)
and every query reads it a batch of rows at a time. Each query must give exactly what it gives on the same
rows held whole, with batches that cut through documents; and the table must never be read whole."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

import helpers
from helpers import stored, stored_table
from helpers.cache import Cache
from helpers.quantities.table import indicator_table
from helpers.stored_table import StoredTable

REPORTS = {
    "浙江省": "全省地区生产总值增长5.5%，城镇新增就业112万人。今年主要预期目标：地区生产总值增长5%左右。",
    "河南省": "全省地区生产总值增长4.1%，粮食产量1324.9亿斤。今年主要预期目标：地区生产总值增长4.5%—5%。",
    "江苏省": "全省地区生产总值增长5.8%，新增党员2.3万名。今年主要预期目标：地区生产总值增长5%以上。",
}


@pytest.fixture(scope="module")
def docs(seed_docs) -> pd.DataFrame:
    """The seeds and three provinces' work reports: figures of every role, status and kind."""
    reports = pd.DataFrame(
        {
            "doc_id": [f"report-{n}" for n in range(len(REPORTS))],
            "title": [f"{province}政府工作报告" for province in REPORTS],
            "date": ["2024-01-20"] * len(REPORTS),
            "province": list(REPORTS),
            "text": list(REPORTS.values()),
        }
    )
    return pd.concat([seed_docs, reports], ignore_index=True).fillna({"province": ""})


@pytest.fixture(scope="module")
def tables(docs, tmp_path_factory) -> tuple[pd.DataFrame, StoredTable]:
    """The table held whole, and the same rows left in a file of five-row groups read twelve rows a batch."""
    whole = indicator_table(docs, workers=1)
    path = tmp_path_factory.mktemp("stored") / "indicators.parquet"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stored, "ROW_GROUP_ROWS", 5)
        stored.write_table(whole, path)
    return whole, StoredTable(path)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(stored_table, "BATCH_ROWS", 12)


def test_the_stored_table_is_read_in_batches_that_cut_through_documents(tables):
    whole, lazy = tables
    parts = list(lazy.batches())
    assert len(parts) > 5 and all(len(part) <= 15 for part in parts)
    assert any(part["doc_id"].iloc[-1] == later["doc_id"].iloc[0] for part, later in itertools.pairwise(parts))
    pd.testing.assert_frame_equal(pd.concat(parts), whole)
    assert len(lazy) == len(whole) and lazy.columns == whole.columns.tolist() and not lazy.empty
    pd.testing.assert_frame_equal(lazy.head(17), whole.head(17))
    assert "StoredTable(" in repr(lazy)


QUERIES = {
    "counts_by_document": lambda t, docs: helpers.counts_by_document(t, docs, top_n=4),
    "counts_by_document without docs": lambda t, docs: helpers.counts_by_document(t),
    "top people": lambda t, docs: helpers.top_quantities(t, kinds=("people",), top_n=5),
    "top rates": lambda t, docs: helpers.top_quantities(t, kinds=("rate",), top_n=3),
    "top organisations": lambda t, docs: helpers.top_quantities(t, kinds=("count",), categories=("组织",)),
    "indicators_by_year": lambda t, docs: helpers.indicators_by_year(t),
    "status_role_shares": lambda t, docs: helpers.status_role_shares(t),
    "find_indicators": lambda t, docs: helpers.find_indicators(t, subject="生产总值", role="measure"),
    "find by unit": lambda t, docs: helpers.find_indicators(t, unit=["%", "名"], status="achieved"),
    "indicator_ranges": lambda t, docs: helpers.indicator_ranges(t, "生产总值"),
    "indicator_ranges by year": lambda t, docs: helpers.indicator_ranges(t, "生产总值", by="year"),
    "crosstab": lambda t, docs: helpers.crosstab(t, "category", "role"),
    "value_counts": lambda t, docs: helpers.value_counts(t, "role").to_frame(),
}


@pytest.mark.parametrize("query", QUERIES)
def test_every_query_gives_on_the_stored_table_what_it_gives_on_the_whole_one(tables, docs, query):
    whole, lazy = tables
    expected = QUERIES[query](whole, docs)
    assert len(expected) > 0, "a query that finds nothing would prove nothing"
    pd.testing.assert_frame_equal(QUERIES[query](lazy, docs), expected, check_exact=True)


def test_the_range_notice_and_chart_read_the_stored_table(tables):
    whole, lazy = tables
    assert str(helpers.indicator_range_notice(lazy, "生产总值")) == str(
        helpers.indicator_range_notice(whole, "生产总值")
    )
    for table in (whole, lazy):  # targets without achieved values once failed to draw (an empty string column)
        assert len(helpers.plot_indicator_range(table, "生产总值").collections) > 0


def test_the_export_of_the_stored_table_is_the_file_of_the_whole_one(tables, tmp_path):
    whole, lazy = tables
    a = helpers.export_indicators(whole, tmp_path / "whole")
    b = helpers.export_indicators(lazy, tmp_path / "lazy")
    assert a.read_bytes() == b.read_bytes()


def test_scores_against_gold_read_the_stored_seed_table(seed_docs, tmp_path):
    whole = indicator_table(seed_docs, workers=1, cache=Cache(tmp_path))
    lazy = indicator_table(seed_docs, workers=1, cache=Cache(tmp_path), lazy=True)
    assert isinstance(lazy, StoredTable) and len(helpers.score_against_gold(whole)) > 0
    pd.testing.assert_frame_equal(helpers.score_against_gold(lazy), helpers.score_against_gold(whole))


def test_no_query_reads_the_whole_table(tables, docs, batch_reads_only, tmp_path):
    """Read whole, a large corpus's table would be back in the kernel: every read is a few row groups."""
    _, lazy = tables
    batch_reads_only(12 + 5)  # BATCH_ROWS, and the rest of a five-row group
    for query in QUERIES.values():
        query(lazy, docs)
    helpers.indicator_range_notice(lazy, "生产总值"), helpers.plot_indicator_range(lazy, "生产总值")
    helpers.export_indicators(lazy, tmp_path), lazy.head(15), len(lazy)


def test_a_lazy_table_needs_a_cache_and_an_empty_one_still_answers(tmp_path):
    empty_docs = pd.DataFrame({"doc_id": [], "title": [], "date": [], "text": []})
    with pytest.raises(ValueError, match="cache"):
        indicator_table(empty_docs, workers=1, lazy=True)
    lazy = indicator_table(empty_docs, workers=1, cache=Cache(tmp_path), lazy=True)
    whole = indicator_table(empty_docs, workers=1)
    assert lazy.empty and helpers.counts_by_document(lazy).empty and helpers.indicators_by_year(lazy).empty
    assert helpers.top_quantities(lazy).empty and helpers.status_role_shares(lazy).empty
    pd.testing.assert_frame_equal(
        helpers.find_indicators(lazy, subject="党员"), helpers.find_indicators(whole, subject="党员")
    )
    a, b = helpers.export_indicators(whole, tmp_path / "a"), helpers.export_indicators(lazy, tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
