"""Issue 16: status (achieved / target), change, ranges, shares, frequencies and Chinese-numeral quantities.

Every sentence here is composed for the test in the style of the genre (a provincial
government work report, a county Party-building summary); none is copied from a document.
"""

from __future__ import annotations

import math

import pytest

from helpers.quantities.extract import extract_indicators
from helpers.quantities.numbers import chinese_range

# A work report: last year's results and this year's targets in the same words.
WORK_REPORT = (
    "一、2025年工作回顾\n"
    "过去一年，全市地区生产总值增长5.2%，规上工业增加值增长6.8%，一般公共预算收入下降1.5%。\n"
    "城镇新增就业4.6万人。\n"
    "二、2026年工作安排\n"
    "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业4万人以上，"
    "单位地区生产总值能耗降低2.5%左右。\n"
    "新建保障性住房3000套。\n"
)


def row(df, mention: str) -> dict:
    hit = df[df["mention"] == mention]
    assert len(hit) == 1, df[["mention", "value", "role", "status"]].to_string()
    return hit.iloc[0].to_dict()


@pytest.fixture(scope="module")
def report():
    return extract_indicators(WORK_REPORT)


@pytest.mark.parametrize(
    ("mention", "status", "change", "subject"),
    [
        ("5.2%", "achieved", "increase", "地区生产总值"),  # a growth figure in the review of past work
        ("6.8%", "achieved", "increase", "规上工业增加值"),  # the subject is what grows, 增加值 unsplit
        ("1.5%", "achieved", "decrease", "一般公共预算收入"),
        ("4.6万人", "achieved", "", None),  # the section says it, no cue in the sentence
        ("5%左右", "target", "increase", "地区生产总值"),  # the same words under 主要预期目标
        ("4万人以上", "target", "", None),
        ("2.5%左右", "target", "decrease", None),
        ("3000套", "target", "", None),  # the section of this year's work
    ],
)
def test_a_work_report_separates_results_from_targets(report, mention, status, change, subject):
    r = row(report, mention)
    assert (r["status"], r["change"]) == (status, change)
    if subject:
        assert r["subject"] == subject


@pytest.mark.parametrize(
    ("text", "mention", "status"),
    [
        ("全年完成固定资产投资1200亿元。", "1200亿元", "achieved"),
        ("力争实现外贸进出口增长3%。", "3%", "target"),  # a target word beats an achieved word
        ("到2030年，建成示范社区50个。", "50个", "target"),
        ("粮食产量比上年增长2.1%。", "2.1%", "achieved"),
        ("全县共有党员8600名。", "8600名", "achieved"),
        ("党员中女性占28%。", "28%", "unknown"),  # nothing says whether it is a result or a goal
        ("今年以来，累计发放贷款15亿元。", "15亿元", "achieved"),  # 今年以来 reviews, 今年 alone plans
    ],
)
def test_status_from_the_clause(text, mention, status):
    assert row(extract_indicators(text), mention)["status"] == status


@pytest.mark.parametrize(
    ("text", "mention", "value", "high", "unit"),
    [
        ("干部挂职期限为1到2年。", "1到2年", 1.0, 2.0, "年"),
        ("每个村配备一至两名专职网格员。", "一至两名", 1.0, 2.0, "名"),
        ("他在村里工作了十五六年。", "十五六年", 15.0, 16.0, "年"),
        ("居民收入增长4.5%—5%。", "4.5%—5%", 4.5, 5.0, "%"),
        ("新增贷款占比5%-6%。", "5%-6%", 5.0, 6.0, "%"),
        ("每个乡镇打造3～5个示范点。", "3～5个", 3.0, 5.0, "个"),
        ("安排奖补资金3至5万元。", "3至5万元", 30000.0, 50000.0, "元"),  # the multiplier applies to both ends
    ],
)
def test_ranges_keep_both_ends(text, mention, value, high, unit):
    r = row(extract_indicators(text), mention)
    assert (r["value"], r["value_high"], r["unit"]) == (value, high, unit)


def test_a_plain_quantity_has_no_upper_end():
    assert math.isnan(row(extract_indicators("建成党群服务中心126个。"), "126个")["value_high"])


@pytest.mark.parametrize(
    ("text", "mention", "value", "unit", "role", "qualifier"),
    [
        ("村党组织每三年换届一次。", "每三年", 3.0, "年", "frequency", "none"),
        ("每月举办1次主题党日活动。", "1次", 1.0, "次", "frequency", "none"),
        ("支部书记一年两次向党员大会报告工作。", "两次", 2.0, "次", "frequency", "none"),
        ("党委会议至少召开1次。", "1次", 1.0, "次", "threshold", "none"),  # a requirement, not a count of one
        ("驻村工作一年半多。", "一年半多", 1.5, "年", "duration", "多"),
        ("流动党员外出半年以上的，应当转移组织关系。", "半年以上", 0.5, "年", "duration", "以上"),
        ("集中学习三个半小时。", "三个半小时", 3.5, "小时", "duration", "none"),
        ("女性党员接近四分之一。", "接近四分之一", 25.0, "%", "measure", "近"),
        ("超过一半的村实现集体经济增收。", "超过一半", 50.0, "%", "measure", "超过"),
        ("党员中大学生占三成以上。", "三成以上", 30.0, "%", "measure", "以上"),
        ("志愿服务惠及上百万人。", "上百万人", 1_000_000.0, "人", "measure", "约"),
        ("选派两名干部驻村。", "两名", 2.0, "名", "minor", "none"),  # found, but small talk: not charted
        ("出台十条措施。", "十条", 10.0, "条", "minor", "none"),
        ("考察期一般为一年以上。", "一年以上", 1.0, "年", "duration", "以上"),  # 一般 is no numeral
        ("新增二十个党群服务站。", "二十个", 20.0, "个", "measure", "none"),  # from 20 a figure to chart
    ],
)
def test_quantities_that_are_not_plain_digits(text, mention, value, unit, role, qualifier):
    r = row(extract_indicators(text), mention)
    assert (r["value"], r["unit"], r["role"], r["qualifier"]) == (value, unit, role, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "建立一个长效机制，开展一次集中整治，推出一批典型。",  # the indefinite 一
        "落实三会一课制度，推进两学一做常态化。",  # set phrases
        "几十个村、数百名党员参与，成百上千的群众受益。",  # vague amounts
        "增强四个意识，做到两个维护。",  # numbered formulations
        "上半年，党建工作从五个方面推进。",  # a period of the year, a text's own parts
        "过去一年，各项工作稳步推进；一年来，干部作风明显转变。",  # a time reference, not a span
    ],
)
def test_still_not_quantities(text):
    assert extract_indicators(text).empty, extract_indicators(text)[["mention", "role"]]


def test_chinese_range_reads_neighbouring_digits_only():
    assert chinese_range("两三") == (2.0, 3.0)
    assert chinese_range("三五") == (3.0, 5.0)
    assert chinese_range("三七") is None and chinese_range("二十") is None


def test_achieved_and_target_figures_of_one_paragraph_each_get_their_own_status():
    df = extract_indicators("过去一年，全县粮食产量增长3.1%；今年力争粮食产量增长2%以上，新建高标准农田5万亩。")
    assert row(df, "3.1%")["status"] == "achieved"
    assert row(df, "2%以上")["status"] == "target"
    assert row(df, "5万亩")["status"] == "target"
    assert row(df, "3.1%")["subject"] == row(df, "2%以上")["subject"] == "粮食产量"


def test_a_percentage_in_words_after_shang_does_not_raise():
    # 上 before a number is read as 上百万人's approximation; 百分之 has no numeral group of its own
    assert extract_indicators("政务服务事项实现网上百分之百可办。")["value"].tolist() == [100.0]
    assert extract_indicators("线上百分之八十的业务已开通。")["value"].tolist() == [80.0]


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("一、2024年工作回顾\n全省地区生产总值预计增长5.4%，一般公共预算收入增长3.2%。", ["achieved", "achieved"]),
        ("今年上半年，地区生产总值同比增长5.3%。", ["achieved"]),
        ("三、2025年重点工作\n规上工业增加值增长6%。", ["target"]),
    ],
)
def test_a_reviews_preliminary_figures_and_this_years_results_are_achieved(text, statuses):
    assert extract_indicators(text)["status"].tolist() == statuses


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("规上工业增加值比上年增长6%。", "规上工业增加值"),
        ("社会消费品零售总额同比增长7.2%。", "社会消费品零售总额"),
        ("城镇调查失业率控制在5.5%左右。", "城镇调查失业率"),
        ("选派第一书记二十名到村任职。", "第一书记"),
    ],
)
def test_the_subject_leaves_out_comparisons_and_verbs(text, subject):
    assert extract_indicators(text)["subject"].tolist() == [subject]
