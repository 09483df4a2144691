"""Terms that rose and fell over ordered groups (helpers.compare.change): the trend measure, the choice of terms,
and what the table says when groups have no order."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau

from helpers.compare.change import changing_terms, kendall_tau_b, trend_candidates


def _docs(texts_by_year: dict[int, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"d{year}" for year in texts_by_year],
            "year": list(texts_by_year),
            "text": list(texts_by_year.values()),
        }
    )


# Written for these tests: a term that spreads (创新), one that fades (计划经济), one used alike throughout (党建, 改革).
DOCS = _docs(
    {
        2001: "计划经济 计划经济 计划经济 党建 党建 改革 改革",
        2004: "计划经济 计划经济 党建 党建 创新 改革 改革",
        2007: "计划经济 党建 党建 创新 创新 改革 改革",
        2010: "党建 党建 创新 创新 创新 改革 改革",
    }
)


@pytest.mark.parametrize("seed", range(5))
def test_tau_b_agrees_with_scipy_on_rates_with_ties(seed):
    rng = np.random.default_rng(seed)
    rates = rng.integers(0, 4, size=(20, 7)).astype(float)  # small integers: many ties
    ours = kendall_tau_b(rates)
    for row, tau in zip(rates, ours):
        expected = kendalltau(np.arange(len(row)), row).statistic
        assert np.isnan(tau) == np.isnan(expected)
        if not np.isnan(tau):
            assert tau == pytest.approx(expected)


def test_a_spreading_term_rises_and_a_fading_one_falls():
    table = changing_terms(DOCS, k=5, min_count=3)
    directions = dict(zip(table["term"], table["direction"]))
    assert directions["创新"] == "rising"
    assert directions["计划经济"] == "falling"
    assert table.set_index("term").loc["计划经济", "tau"] == pytest.approx(-1.0)
    assert table.set_index("term").loc["计划经济", "peak"] == 2001
    assert "改革" not in directions  # the same rate in every group has no trend


def test_rising_terms_come_first_strongest_first_and_k_bounds_each_direction():
    table = changing_terms(DOCS, k=1, min_count=3)
    assert table["direction"].tolist() == ["rising", "falling"]
    assert table["term"].tolist() == ["创新", "计划经济"]


def test_a_term_below_min_count_is_not_scored():
    assert "创新" not in changing_terms(DOCS, k=5, min_count=7)["term"].tolist()


def test_groups_without_an_order_give_an_empty_table_that_says_why():
    docs = DOCS.assign(province=["浙江省", "河南省", "浙江省", "广东省"])
    table = changing_terms(docs, "province", k=5, min_count=1)
    assert table.empty
    assert "没有先后顺序" in str(table.attrs["notice"])


def test_two_groups_are_too_few_to_tell_a_trend():
    table = changing_terms(DOCS.head(2), k=5, min_count=1)
    assert table.empty
    assert "至少需要 3 组" in str(table.attrs["notice"])


def test_candidates_alternate_directions_and_fall_back_to_frequent_terms():
    changing = changing_terms(DOCS, k=2, min_count=3)
    candidates = trend_candidates(DOCS, changing)
    assert candidates[:2] == ["创新", "计划经济"]
    unordered = changing_terms(DOCS.assign(province="浙江省"), "province")
    assert trend_candidates(DOCS, unordered, k=2) == ["党建", "改革"]
