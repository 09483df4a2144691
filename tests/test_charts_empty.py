"""Charts of the notebooks draw a labelled empty panel, not an error, when a corpus has nothing to show."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from helpers import clean_corpus
from helpers.clean.audit import audit_summary
from helpers.plots.cleaning import plot_audit
from helpers.plots.quantities import plot_counts, plot_quantities
from helpers.quantities import summaries, table


def test_cleaning_chart_of_an_already_clean_corpus():
    raw = pd.DataFrame(
        {"doc_id": ["a"], "text_raw": ["各级党组织认真落实三会一课制度。\n\n切实加强党员教育管理。"], "problem": [""]}
    )
    _, audit = clean_corpus(raw, workers=1)
    ax = plot_audit(audit_summary(audit))
    assert "没有行被删除" in ax.texts[0].get_text()
    plt.close("all")


def test_indicator_charts_without_money_or_rates():
    docs = pd.DataFrame(
        {"doc_id": ["a"], "title": [""], "date": [""], "text": ["全县新建党群服务中心126个，选派第一书记863名。"]}
    )
    indicators = table.indicator_table(docs, workers=1)
    money = summaries.top_quantities(indicators, kinds=("money",), top_n=20, scale=1e4)
    assert money.empty
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an empty frame must not reach pandas plotting
        ax = plot_quantities(money, title="资金指标（万元）", xlabel="金额（万元）", color="#c08000")
    assert ax.texts and ax.get_title() == "资金指标（万元）"
    people = summaries.top_quantities(indicators, kinds=("people",), top_n=20)
    assert len(plot_quantities(people, title="人数", xlabel="人数", color="#b22222").patches) == len(people) > 0
    assert plot_counts(pd.DataFrame(), title="按年份", xlabel="年份", ylabel="指标数").texts
    plt.close("all")
