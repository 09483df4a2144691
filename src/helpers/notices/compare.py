"""What comparisons across years, places and issuers (notebook 05) cannot show, in the notebooks' language (Chinese, then English)."""

from __future__ import annotations

from helpers.notices.base import Notice

# What a comparison across groups (years, provinces, issuers) cannot show (helpers.compare).


def no_group_values_notice(by: str) -> Notice:
    """No document has a value for ``by`` (a corpus without dates compared by year): nothing to compare.

    >>> no_group_values_notice("year")  # doctest: +ELLIPSIS
    没有一篇文档带有“year”的值...
    """
    dated = by in ("year", "decade")
    return Notice(
        f"没有一篇文档带有“{by}”的值{'（没有日期）' if dated else ''}，无从分组比较，下面的表为空 · "
        f"no document has a value for {by!r}{' (no dates)' if dated else ''}, so there are no groups to compare"
    )


def documents_without_group_notice(by: str, n_missing: int, n_docs: int) -> Notice:
    """Some documents have no value for ``by`` and are left out of the comparison.

    >>> documents_without_group_notice("province", 3, 10)  # doctest: +ELLIPSIS
    10 篇文档中有 3 篇没有“province”的值，未计入比较...
    """
    return Notice(
        f"{n_docs} 篇文档中有 {n_missing} 篇没有“{by}”的值，未计入比较 · "
        f"{n_missing} of {n_docs} documents have no value for {by!r} and are left out"
    )


def too_few_groups_notice(by: str, groups: list) -> Notice:
    """Fewer than two groups: a comparison needs a second one.

    >>> too_few_groups_notice("year", [2017])  # doctest: +ELLIPSIS
    按“year”只有 1 组（2017），至少需要 2 组才能比较...
    """
    shown = "、".join(str(g) for g in groups) or "无"
    return Notice(
        f"按“{by}”只有 {len(groups)} 组（{shown}），至少需要 2 组才能比较 · "
        f"only {len(groups)} group(s) by {by!r}: a comparison needs at least 2"
    )


def unknown_group_notice(by: str, role: str, values: list, known: list) -> Notice:
    """A target or reference group names no document's value of ``by`` (misspelt, or empty after filtering).

    >>> unknown_group_notice("province", "目标组", ["西藏"], ["浙江省", "河南省"])  # doctest: +ELLIPSIS
    “province”中没有目标组“西藏”的文档（已有：浙江省、河南省），下面的表为空...
    """
    wanted = "、".join(str(v) for v in values) or "无"
    shown = "、".join(str(k) for k in known[:12]) + ("……" if len(known) > 12 else "")
    return Notice(
        f"“{by}”中没有{role}“{wanted}”的文档（已有：{shown or '无'}），下面的表为空 · "
        f"no document has {by!r} = {wanted}: the {'target' if role == '目标组' else 'reference'} group is empty"
    )


def single_document_groups_notice(by: str, groups: list) -> Notice:
    """Groups of a single document: their figures describe that document, not a period or a place.

    >>> single_document_groups_notice("year", [1921, 1945])  # doctest: +ELLIPSIS
    按“year”有 2 组只有 1 篇文档（1921、1945）：这些组的结果只代表那一篇文档...
    """
    shown = "、".join(str(g) for g in groups[:12]) + ("……" if len(groups) > 12 else "")
    return Notice(
        f"按“{by}”有 {len(groups)} 组只有 1 篇文档（{shown}）：这些组的结果只代表那一篇文档，不代表一个时期或地区 · "
        f"{len(groups)} group(s) by {by!r} hold a single document: their figures describe that one document"
    )


# What an empty comparison chart says in place of its lines and bars (helpers.plots.compare).
NO_GROUPS_NOTE = "没有带分组值的文档，无从比较 · no document has a value to group by"
NO_KEY_TERMS_NOTE = (
    "目标组或参照组为空，没有可比较的词 · the target or the reference group is empty: no terms to compare"
)
NO_TOPIC_GROUPS_NOTE = "没有主题或没有带分组值的文档 · no topics, or no document has a value to group by"


def group_without_words_notice(role: str, groups: list) -> Notice:
    """The target or reference group has documents but no content words (empty or unreadable texts).

    >>> group_without_words_notice("目标组", [2017])  # doctest: +ELLIPSIS
    目标组（2017）的文档中没有实词...
    """
    shown = "、".join(str(g) for g in groups)
    return Notice(
        f"{role}（{shown}）的文档中没有实词，无从计算关键词，下面的表为空 · "
        f"the {'target' if role == '目标组' else 'reference'} group ({shown}) has no content words: no keyness"
    )


# What notebook 05 says in place of a co-word network (helpers.compare.network).
TOO_SMALL_FOR_NETWORK_NOTE = (
    "词共现网络至少需要 2 个词和一对共同出现的词 · a co-word network needs at least 2 terms and one pair that co-occurs"
)


def too_small_for_network_notice(n_terms: int, n_edges: int, window: str, min_cooccurrence: int) -> Notice | None:
    """Why a co-word network is empty: too few terms, or no pair shares ``min_cooccurrence`` units; None when it has edges.

    >>> too_small_for_network_notice(1, 0, "sentence", 2)  # doctest: +ELLIPSIS
    本语料太小，只有 1 个实词...
    >>> too_small_for_network_notice(30, 0, "sentence", 2)  # doctest: +ELLIPSIS
    本语料太小：30 个高频词中没有哪两个在至少 2 个单位（句子）里共同出现...
    >>> too_small_for_network_notice(30, 12, "sentence", 2) is None
    True
    """
    if n_terms >= 2 and n_edges > 0:
        return None
    if n_terms < 2:
        return Notice(
            f"本语料太小，只有 {n_terms} 个实词，画不出词共现网络 · "
            f"the corpus is too small: {n_terms} content term(s) make no co-word network"
        )
    unit = {"sentence": "句子", "document": "文档"}.get(window, f"{window} 词窗口")
    return Notice(
        f"本语料太小：{n_terms} 个高频词中没有哪两个在至少 {min_cooccurrence} 个单位（{unit}）里共同出现，"
        "画不出词共现网络；可降低 min_cooccurrence 或改用更大的 window · "
        f"the corpus is too small: no two of its {n_terms} top terms share {min_cooccurrence} units ({window})"
    )


def unordered_groups_notice(by: str, n_groups: int | None = None, min_groups: int = 3) -> Notice:
    """Why no term can be said to rise or fall by ``by``: its groups have no order (names, not years), or
    there are fewer than ``min_groups`` of them.

    >>> unordered_groups_notice("province")  # doctest: +ELLIPSIS
    “province”的各组没有先后顺序...
    >>> unordered_groups_notice("year", n_groups=2)  # doctest: +ELLIPSIS
    按“year”只有 2 组...
    """
    if n_groups is None:
        return Notice(
            f"“{by}”的各组没有先后顺序，谈不上上升或下降；请按 year 或 decade 分组 · "
            f"the groups by '{by}' have no order, so no term rises or falls: group by year or decade"
        )
    return Notice(
        f"按“{by}”只有 {n_groups} 组，至少需要 {min_groups} 组才能看出上升或下降 · "
        f"only {n_groups} group(s) by '{by}': at least {min_groups} are needed to tell a rise from a fall"
    )
