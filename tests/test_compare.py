"""Comparisons across groups (helpers.compare): planted trends and distinctive terms are found, G² is the hand-computed
value of a 2×2 table, results are deterministic, and a corpus without dates, an unknown or single-document group and a
lone group give notices, not errors."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from compare_corpora import DISTINCTIVE, FILLER, SPLIT_TERM, planted_keyness_corpus, planted_trend_corpus
from helpers.cache import Cache
from helpers.compare import (
    comparison_notice,
    group_sizes,
    group_values,
    keyness,
    log_ratio,
    periods,
    prevalence_matrix,
    signed_g2,
    term_trends,
    topic_prevalence,
)
from helpers.plots.compare import plot_keyness, plot_prevalence, plot_trends
from helpers.tokens import corpus as token_corpus
from helpers.tokens import tokenize, tokenize_corpus


def test_the_builders_words_are_single_tokens_and_the_split_term_is_split():
    assert [tokenize(w) for w in FILLER] == [[w] for w in FILLER]
    assert [tokenize(w) for w in DISTINCTIVE.values()] == [[w] for w in DISTINCTIVE.values()]
    assert tokenize(SPLIT_TERM) == ["新质", "生产力"]


# --- groups ---------------------------------------------------------------------------------------------------


def test_year_comes_from_the_year_column_where_filled_else_from_the_date():
    docs = pd.DataFrame({"year": [1921, None, "", 3], "date": ["1999-01-01", "2022年10月16日", "2017", "2012-01-01"]})
    assert group_values(docs, "year").tolist() == [1921, 2022, 2017, 2012]  # 3 is no year: the date's
    assert group_values(docs, "decade").tolist() == [1920, 2020, 2010, 2010]
    assert periods([1949, 1978, 1979], width=5, start=1949).tolist() == [1949, 1974, 1979]


def test_group_sizes_leave_out_documents_without_a_value():
    docs = pd.DataFrame({"issuer": ["国务院", "", None, "国务院", "财政部"]})
    assert group_sizes(docs, "issuer").to_dict("records") == [
        {"issuer": "国务院", "documents": 2},
        {"issuer": "财政部", "documents": 1},
    ]


# --- trends ---------------------------------------------------------------------------------------------------


def test_a_term_planted_from_a_year_on_has_zero_rate_before_and_counts_as_a_phrase_after():
    docs = planted_trend_corpus(range(2010, 2020), 3, from_year=2015, per_doc=2)
    trends = term_trends(docs, [SPLIT_TERM, "监督"])
    planted = trends[trends["term"] == SPLIT_TERM].set_index("year")
    assert planted.index.tolist() == list(range(2010, 2020))  # every year a row, in order
    assert (planted.loc[:2014, ["count", "rate", "n_docs"]] == 0).all().all()  # explicit zeros
    assert planted.loc[2015:, "count"].tolist() == [6] * 5  # 3 documents × 2, though segmented as 新质 / 生产力
    assert planted.loc[2015:, "n_docs"].tolist() == [3] * 5
    tokens = tokenize_corpus(docs)
    lengths = tokens.str.len().groupby(docs["date"].str[:4].astype(int).to_numpy()).sum()
    assert planted["n_tokens"].tolist() == lengths.tolist()
    assert np.allclose(planted["rate"], planted["count"] * 10_000 / planted["n_tokens"])
    assert list(trends.columns) == ["year", "term", "count", "n_tokens", "rate", "n_docs"]
    assert trends.attrs["notice"] is None


def test_trends_by_decade_and_by_a_column_and_overlapping_phrases():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": ["1987-10-25", "1992-10-12", "1997-09-12"],
            "province": ["北京市", "北京市", "上海市"],
            "text": ["改革开放改革开放", "坚持改革开放", "改革开放放"],
        }
    )
    by_decade = term_trends(docs, "改革开放", by="decade")
    assert by_decade[["decade", "count", "n_docs"]].to_dict("records") == [
        {"decade": 1980, "count": 2, "n_docs": 1},
        {"decade": 1990, "count": 2, "n_docs": 2},
    ]
    assert term_trends(docs, ["改革开放"], by="province")["province"].tolist() == ["上海市", "北京市"]


def test_trends_read_the_cached_tokens_and_never_segment_again(tmp_path, monkeypatch):
    docs = planted_trend_corpus(range(2018, 2020), 2)
    cache = Cache(tmp_path)
    first = term_trends(docs, SPLIT_TERM, cache=cache)

    def no_segmenting(*args, **kwargs):
        raise AssertionError("segmented again instead of reading the cache")

    monkeypatch.setattr(token_corpus, "segment_corpus", no_segmenting)
    pd.testing.assert_frame_equal(term_trends(docs, SPLIT_TERM, cache=cache), first)
    assert len(keyness(docs, "year", 2019, cache=cache)) > 0


# --- keyness --------------------------------------------------------------------------------------------------


def test_g2_of_a_2x2_table_is_the_hand_computed_value():
    # target: 10 of 1,000 tokens; reference: 20 of 4,000. N = 5,000; expected cells 6, 24, 994, 3,976 (none below
    # 5, so no Yates shift). G² = 2 Σ o ln(o / E):
    hand = 2 * (
        10 * math.log(10 / 6) + 20 * math.log(20 / 24) + 990 * math.log(990 / 994) + 3980 * math.log(3980 / 3976)
    )
    assert round(hand, 6) == 2.943791
    g2, p = signed_g2(np.array([10]), np.array([20]), 1000, 4000)
    assert g2[0] == pytest.approx(hand, abs=2e-5)
    # exactly quanteda's value, which adds 1e-9 inside each logarithm (2 × 1e-9 × N = 1e-5 more here)
    cells = [(10, 6), (20, 24), (990, 994), (3980, 3976)]
    assert g2[0] == pytest.approx(2 * sum(o * math.log(o / e + 1e-9) for o, e in cells), rel=1e-12)
    assert p[0] == pytest.approx(math.erfc(math.sqrt(g2[0] / 2)), rel=1e-9)  # χ² with 1 df: P(X > x) = erfc(√(x/2))


def test_g2_applies_quantedas_yates_shift_and_signs_by_the_reference():
    # 3 of 100 against 1 of 1,000: expected a = 4 × 100 / 1,100 = 0.36 < 5 and |ad − bc| = 2,900 ≥ N/2 = 550, so
    # every cell moves 0.5 towards independence: 2.5, 1.5, 97.5, 998.5 (margins unchanged).
    cells = [(2.5, 4 * 100 / 1100), (1.5, 4 * 1000 / 1100), (97.5, 1096 * 100 / 1100), (998.5, 1096 * 1000 / 1100)]
    hand = 2 * sum(o * math.log(o / e) for o, e in cells)
    assert round(hand, 4) == 7.0336
    g2, _ = signed_g2(np.array([3]), np.array([1]), 100, 1000)
    assert g2[0] == pytest.approx(hand, rel=1e-6)  # quanteda adds 1e-9 inside the logarithm
    # relatively more frequent in the reference (0 of 1,000 against 50 of 4,000): negative, no shift
    unshifted = 2 * (50 * math.log(50 / 40) + 1000 * math.log(1000 / 990) + 3950 * math.log(3950 / 3960))
    assert signed_g2(np.array([0]), np.array([50]), 1000, 4000)[0][0] == pytest.approx(-unshifted, rel=1e-6)


def test_log_ratio_is_hardies_with_a_zero_count_taken_as_half():
    assert log_ratio(np.array([10]), np.array([20]), 1000, 4000).tolist() == [1.0]
    assert log_ratio(np.array([0]), np.array([10]), 1000, 4000)[0] == pytest.approx(math.log2(0.5 / 1000 / (10 / 4000)))


def test_the_planted_distinctive_term_of_every_group_ranks_first():
    docs = planted_keyness_corpus()
    for province, word in DISTINCTIVE.items():
        table = keyness(docs, "province", province, k=5)
        assert table.iloc[0]["term"] == word
        assert (table.iloc[0]["target_count"], table.iloc[0]["reference_count"]) == (12, 0)
        others = set(DISTINCTIVE.values()) - {word}
        assert set(table["term"].tail(len(others))) == others  # the reference's words: most negative, last
        assert table.attrs["target"] == [province] and len(table.attrs["reference"]) == 2
    assert list(table.columns) == ["term", "target_count", "reference_count", "g2", "log_ratio", "p"]
    assert table["g2"].is_monotonic_decreasing


def test_keyness_against_a_chosen_reference_counts_only_that_group():
    docs = planted_keyness_corpus()
    table = keyness(docs, "province", "浙江省", reference="河南省", k=None)
    assert "乡村振兴" not in set(table["term"])  # only in 四川省, which is in neither group
    row = table.set_index("term").loc["粮食安全"]
    assert (row["target_count"], row["reference_count"]) == (0, 12) and row["g2"] < 0


def test_keyness_returns_k_each_side_and_is_deterministic():
    docs = planted_keyness_corpus()
    first = keyness(docs, "province", "河南省", k=3)
    assert (first["g2"] > 0).sum() <= 3 and (first["g2"] < 0).sum() <= 3
    pd.testing.assert_frame_equal(first, keyness(docs.sample(frac=1, random_state=1), "province", "河南省", k=3))


def test_an_end_to_end_g2_equals_the_statistic_of_its_counts():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "year": [2012, 2017],
            "text": ["粮食安全，" * 3 + "党员，" * 97, "粮食安全，" + "党员，" * 999],
        }
    )
    row = keyness(docs, "year", 2012, k=None).set_index("term").loc["粮食安全"]
    assert (row["target_count"], row["reference_count"]) == (3, 1)
    assert row["g2"] == pytest.approx(signed_g2(np.array([3]), np.array([1]), 100, 1000)[0][0])


# --- what a comparison cannot show -----------------------------------------------------------------------------


def test_a_corpus_without_dates_gives_empty_tables_with_a_notice():
    docs = planted_keyness_corpus()  # no dates
    trends, table = term_trends(docs, "党员"), keyness(docs, "year", 2017)
    expected = (
        "没有一篇文档带有“year”的值（没有日期），无从分组比较，下面的表为空 · "
        "no document has a value for 'year' (no dates), so there are no groups to compare"
    )
    assert trends.empty and table.empty and str(trends.attrs["notice"]) == expected
    assert expected in str(table.attrs["notice"])
    assert list(trends.columns) == ["year", "term", "count", "n_tokens", "rate", "n_docs"]
    assert plot_trends(trends).axes[0].texts[0].get_text().startswith("没有带分组值的文档")
    plt.close("all")


def test_an_unknown_target_gives_an_empty_table_and_names_the_groups_there_are():
    table = keyness(planted_keyness_corpus(), "province", "西藏自治区")
    assert table.empty
    assert str(table.attrs["notice"]).startswith(
        "“province”中没有目标组“西藏自治区”的文档（已有：四川省、河南省、浙江省），下面的表为空"
    )
    assert plot_keyness(table, "西藏自治区").texts[0].get_text().startswith("目标组或参照组为空")
    plt.close("all")


def test_a_group_whose_documents_have_no_words_gives_an_empty_table_and_says_why():
    docs = planted_keyness_corpus({"浙江省": 2, "河南省": 2})
    docs.loc[docs["province"] == "浙江省", "text"] = "。"
    table = keyness(docs, "province", "浙江省")
    assert table.empty
    assert str(table.attrs["notice"]).startswith("目标组（浙江省）的文档中没有实词，无从计算关键词，下面的表为空")


def test_a_group_of_one_document_is_compared_but_flagged():
    docs = planted_keyness_corpus({"浙江省": 1, "河南省": 3})
    table = keyness(docs, "province", "浙江省")
    assert table.iloc[0]["term"] == "共同富裕"
    assert "有 1 组只有 1 篇文档（浙江省）" in str(table.attrs["notice"])


def test_a_single_group_and_documents_without_a_value_are_explained():
    docs = planted_trend_corpus(range(2019, 2020), 2)
    docs.loc[0, "date"] = ""
    notice = str(comparison_notice(docs, "year"))
    assert "2 篇文档中有 1 篇没有“year”的值，未计入比较" in notice
    assert "按“year”只有 1 组（2019），至少需要 2 组才能比较" in notice
    assert keyness(docs, "year", 2019).empty  # nothing to compare with
    assert term_trends(docs, SPLIT_TERM)["year"].tolist() == [2019]


# --- topic prevalence -----------------------------------------------------------------------------------------


def test_prevalence_is_the_mean_topic_weight_of_each_groups_documents():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "year": [2012, 2012, 2017, None]})
    doc_topics = pd.DataFrame(
        {"T1": [1.0, 0.5, 0.2, 0.9], "T2": [0.0, 0.5, 0.8, 0.1]}, index=pd.Index(list("abcd"), name="doc_id")
    )
    table = topic_prevalence(docs, "year", doc_topics=doc_topics)
    assert table.to_dict("records") == [
        {"year": 2012, "topic": "T1", "weight": 0.75, "n_docs": 2},
        {"year": 2012, "topic": "T2", "weight": 0.25, "n_docs": 2},
        {"year": 2017, "topic": "T1", "weight": 0.2, "n_docs": 1},
        {"year": 2017, "topic": "T2", "weight": 0.8, "n_docs": 1},
    ]
    assert prevalence_matrix(table, {"T1": "T1 党建"}).columns.tolist() == ["T1 党建", "T2"]


def test_fitted_topics_follow_the_planted_groups():
    docs = planted_keyness_corpus(per_doc=12)
    matrix = prevalence_matrix(topic_prevalence(docs, "province", n_topics=3))
    assert matrix.shape == (3, 3)
    assert sorted(matrix.to_numpy().argmax(axis=1).tolist()) == [0, 1, 2]  # each group its own topic
    assert (matrix.max(axis=1) > 0.6).all()
    empty = topic_prevalence(docs, "year", doc_topics=pd.DataFrame(index=docs["doc_id"]))
    assert empty.empty and plot_prevalence(empty).texts[0].get_text().startswith("没有主题")
    plt.close("all")
