"""Indicators of the cleaned seeds against the hand annotations (data/gold/seed_indicators.tsv).

Scored per file exactly as data/gold/README.md says; the targets are those of issue 6:
measure recall >= 95%, precision >= 95%, subject agreement >= 80% of matched measure rows,
and every gold threshold row that is found labelled threshold.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.clean.store import load_clean_corpus
from helpers.quantities.gold import load_gold_indicators, score_file, score_indicators, subjects_agree
from helpers.quantities.table import indicator_table


@pytest.fixture(scope="module")
def predicted() -> pd.DataFrame:
    table = indicator_table(load_clean_corpus())
    table["file"] = table["doc_id"].str[:3]
    return table


@pytest.fixture(scope="module")
def scores(predicted) -> pd.DataFrame:
    return score_indicators(predicted, load_gold_indicators()).set_index("file")


def test_every_seed_file_is_scored(scores):
    assert set(scores.index) >= {"000", "001", "002", "003", "004", "合计"}


def test_measure_recall(scores):
    assert scores.loc["合计", "recall"] >= 0.95, scores[["gold_measure", "matched_measure", "recall"]]


def test_precision(scores):
    assert scores.loc["合计", "precision"] >= 0.95, scores[["predicted", "precise", "precision"]]


def test_subject_agreement(scores):
    assert scores.loc["合计", "subject_agreement"] >= 0.80, scores[["matched_measure", "subject_agree"]]


def test_found_thresholds_are_labelled_threshold(scores):
    total = scores.loc["合计"]
    assert total["threshold_found"] > 0
    assert total["threshold_labelled"] == total["threshold_found"]


def test_no_indicator_in_the_compilation_of_essays(predicted):
    # seed 004 (nine journal essays) states no figure: issue numbers, list numbers,
    # reference marks, postal codes and slogans must all stay out
    gold = load_gold_indicators()
    counts = score_file(predicted[predicted["file"] == "004"], gold[gold["file"] == "004"])
    assert counts["predicted"] == counts["precise"], counts["extras"]


def test_scoring_counts_multisets_and_roles():
    gold = pd.DataFrame(
        {
            "file": ["x"] * 3,
            "mention": ["4个", "3人以上", "五年"],
            "count": [2, 1, 1],
            "value": [4.0, 3.0, 5.0],
            "unit": ["个", "人", "年"],
            "qualifier": ["none", "以上", "none"],
            "subject": ["教育培训基地", "党员", "工作"],
            "role": ["measure", "threshold", "duration"],
        }
    )
    pred = pd.DataFrame(
        {
            "file": ["x"] * 4,
            "mention": ["4个", "3人以上", "7个", "五年"],
            "value": [4.0, 3.0, 7.0, 5.0],
            "unit": ["个", "人", "个", "年"],
            "role": ["measure", "measure", "measure", "duration"],
            "subject": ["培训基地", "党员", "村", "来"],
        }
    )
    row = score_indicators(pred, gold).set_index("file").loc["x"]
    assert (row["gold_measure"], row["matched_measure"], row["recall"]) == (2, 1, 0.5)
    assert (row["predicted"], row["precise"], row["precision"]) == (4, 3, 0.75)
    assert (row["subject_agree"], row["threshold_found"], row["threshold_labelled"]) == (1, 1, 0)
    assert subjects_agree("培训基地", "教育培训基地") and not subjects_agree("村", "党员")
