"""What indicators (notebook 04) cannot show, in the notebooks' language (Chinese, then English)."""

from __future__ import annotations

from helpers.notices.base import Notice

# What notebook 04 says under its summary table when there is nothing to chart (helpers.quantities).


def indicator_notice(n_docs: int, n_indicators: int) -> Notice | None:
    """Why notebook 04's tables are empty and its charts only say so; None when there are indicators.

    >>> indicator_notice(0, 0)  # doctest: +ELLIPSIS
    本语料没有可读的文档...
    >>> indicator_notice(3, 0)  # doctest: +ELLIPSIS
    本语料的 3 篇文档中没有找到数量指标...
    >>> indicator_notice(3, 12) is None
    True
    """
    if n_docs == 0:
        return Notice(
            "本语料没有可读的文档：没有可抽取的数量指标，下面的表为空，图只写明原因 · "
            "no readable documents: there are no quantities to extract"
        )
    if n_indicators == 0:
        return Notice(
            f"本语料的 {n_docs} 篇文档中没有找到数量指标（计数、金额、比率、人数）：下面的表为空，图只写明原因 · "
            f"no quantities found in the {n_docs} documents"
        )
    return None


# What an empty chart says in place of its bars (helpers.plots.quantities).
NO_SUCH_INDICATORS_NOTE = "本语料中没有此类指标"


# What notebook 04 says in place of, or under, one indicator's achieved-and-target chart (helpers.quantities.find).
NO_STATUS_NOTE = "指标表没有 status 或 value_high 列：无法区分完成值与目标值 · no status or value_high column"


def no_indicator_range_notice(subject: str, by: str, n_achieved: int, n_target: int, n_groups: int) -> Notice | None:
    """What the dot-and-range chart of ``subject`` by ``by`` cannot show; None when it compares both kinds across groups.

    >>> no_indicator_range_notice("地区生产总值", "province", 3, 0, 3)  # doctest: +ELLIPSIS
    “地区生产总值”只有完成值、没有目标值...
    """
    if n_achieved + n_target == 0:
        return Notice(
            f"没有主语含“{subject}”、标为完成或目标的度量：本语料不报告这一指标（如基层党建文章，不是政府工作报告），"
            f"图上只写明原因 · no achieved or target figure about {subject} in this corpus"
        )
    if n_groups < 2:
        return Notice(f"“{subject}”的数值只来自 {n_groups} 个 {by} 分组：无从比较各组 · one {by} group only")
    if n_target == 0 or n_achieved == 0:
        has, lacks, gloss = ("完成值", "目标值", "achieved") if n_target == 0 else ("目标值", "完成值", "target")
        return Notice(f"“{subject}”只有{has}、没有{lacks}：图上无从比较两者 · only {gloss} values of {subject}")
    return None
