"""A sentence a notebook shows when a corpus is too small for a method: what cannot be said, and why.

Helpers return a :class:`Notice` (or None when nothing is missing), so a
notebook cell stays a single call: Jupyter shows the sentence as Markdown in
the rendered report and as plain text elsewhere, and a None shows nothing.

    >>> Notice("聚类至少需要 2 篇文档 · clustering needs at least 2 documents")
    聚类至少需要 2 篇文档 · clustering needs at least 2 documents
"""

from __future__ import annotations


class Notice:
    """A short explanation of an empty or limited result, displayed as is."""

    def __init__(self, message: str) -> None:
        self.message = str(message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:  # plain text in a notebook: the sentence, not a constructor call
        return self.message

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Notice) and other.message == self.message

    def __hash__(self) -> int:
        return hash(self.message)

    def _repr_markdown_(self) -> str:
        return f"**注意 · Note**：{self.message}"


def notice_of(table) -> Notice | None:
    """The notice a helper attached to the table it returned (``attrs["notice"]``: groups left out, a sample
    taken …), or None when it had nothing to say.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"term": []})
    >>> table.attrs["notice"] = Notice("示例 · example")
    >>> notice_of(table), notice_of(pd.DataFrame())
    (示例 · example, None)
    """
    return getattr(table, "attrs", {}).get("notice")


def discovery_sample_notice(n_docs: int, n_sampled: int, n_chars: int, n_sampled_chars: int) -> Notice:
    """What term discovery read of a large corpus: a seeded sample of its documents.

    >>> discovery_sample_notice(1000, 120, 30_000_000, 3_000_000)  # doctest: +ELLIPSIS
    术语发现只读了随机抽取的 120 篇文档...
    """
    return Notice(
        f"术语发现只读了随机抽取的 {n_sampled} 篇文档（共 {n_docs} 篇；约 {n_sampled_chars / 1e4:,.0f} 万字，"
        f"全部语料约 {n_chars / 1e4:,.0f} 万字），以控制内存；常见的术语在样本中同样常见 · "
        f"term discovery read a seeded sample of {n_sampled} of {n_docs} documents "
        f"({n_sampled_chars:,} of {n_chars:,} characters) to bound its memory"
    )


# What a corpus too small for a method cannot show, in the notebooks' language (Chinese, then English
# for readers of the code). Charts write these in place of an empty plot; notices quote them.
TOO_FEW_TO_CLUSTER_NOTE = "聚类至少需要 2 篇文档 · clustering needs at least 2 documents"
TOO_FEW_FOR_SIMILARITY_NOTE = "相似度至少需要 2 篇文档 · similarity needs at least 2 documents"
TOO_FEW_FOR_LSA_NOTE = "LSA 至少需要 2 篇文档和 2 个词 · LSA needs at least 2 documents and 2 terms"
NO_K_NOTE = "选择聚类数 k 至少需要 3 篇有实词的文档 · choosing k needs at least 3 documents with content words"
TOO_FEW_FOR_MAP_NOTE = "文档地图至少需要 3 篇文档 · a document map needs at least 3 documents"
SINGLE_CLUSTER_NOTE = "只有一个聚类，没有可对比的其余文档 · a single cluster has nothing to be contrasted with"
NO_STABILITY_NOTE = (
    "稳定性检验至少需要 2 个聚类（至少 3 篇文档）· a stability check needs at least 2 clusters (at least 3 documents)"
)
NO_TERMS_NOTE = "本语料没有可统计的词 · no terms to count in this corpus"
TOO_FEW_FOR_TOPICS_NOTE = "主题至少需要 2 篇有共同词的文档 · topics need at least 2 documents that share terms"
NO_CHARACTERISTIC_TERMS_NOTE = "没有哪个词在组内的权重高于组外 · no term weighs more inside a cluster than outside"


# What notebook 03 says under its first table when the corpus is too small for some views
# (helpers.cluster.ClusterAnalysis.notice picks the one that applies).


def no_documents_to_cluster_notice() -> Notice:
    """No readable document: nothing to compare or cluster.

    >>> no_documents_to_cluster_notice()  # doctest: +ELLIPSIS
    本语料没有可读的文档...
    """
    return Notice(
        "本语料没有可读的文档：相似度、聚类、稳定性和近似重复都无从计算，下面的表为空，图只写明原因 · "
        "no readable documents: there is nothing to compare or cluster"
    )


def one_document_to_cluster_notice() -> Notice:
    """A single document: no other one to compare it with.

    >>> TOO_FEW_TO_CLUSTER_NOTE in str(one_document_to_cluster_notice())
    True
    """
    return Notice("本语料只有 1 篇文档，没有可比较的另一篇，图只写明原因：" + TOO_FEW_TO_CLUSTER_NOTE)


def too_few_to_choose_k_notice(n_docs: int, min_docs: int) -> Notice:
    """``n_docs`` documents can be compared, but choosing k needs ``min_docs``: all form one cluster.

    >>> too_few_to_choose_k_notice(2, 3)  # doctest: +ELLIPSIS
    本语料只有 2 篇文档：可以看它们的相似度，但选择聚类数 k 至少需要 3 篇文档...
    """
    return Notice(
        f"本语料只有 {n_docs} 篇文档：可以看它们的相似度，但选择聚类数 k 至少需要 {min_docs} 篇文档，"
        "所以全部归为一组（k = 1），没有特征词、稳定性检验和文档地图 · "
        f"only {n_docs} documents: their similarity can be read, but choosing k needs at least "
        f"{min_docs} documents, so all form one cluster (k = 1)"
    )


def one_cluster_notice() -> Notice:
    """Every document in one cluster (no k scored a silhouette): no terms to contrast, no stability to test.

    >>> NO_K_NOTE in str(one_cluster_notice())
    True
    """
    return Notice("所有文档归为一组（k = 1），所以没有特征词和稳定性检验：" + NO_K_NOTE)


# What a corpus too small for term rankings and topics cannot show (helpers.features).
NO_CONTENT_WORDS_NOTE = (
    "本语料没有含实词的文档：词频、TF-IDF、主题和词云都无从计算，下面的表为空，图只写明原因 · "
    "no document with content words: there are no terms, TF-IDF rankings, topics or word clouds"
)
ONE_DOCUMENT_THEMES_NOTE = (
    "本语料只有 1 篇文档：每个词的 IDF 都相同，TF-IDF 排名就是词频排名；"
    "语料的特征词不再要求出现在 2 篇文档中；主题至少需要 2 篇文档，所以没有主题 · "
    "only 1 document: IDF is the same for every term, so TF-IDF ranks terms by frequency; "
    "topics need at least 2 documents, so there are none"
)
NO_TOPIC_COUNT_NOTE = "没有可拟合的主题数，下面没有主题：" + TOO_FEW_FOR_TOPICS_NOTE


def single_document_topics_note(min_docs: int, n_topics: int) -> str:
    """Why topics shown may each describe one document: no number of topics gave every topic ``min_docs``.

    >>> single_document_topics_note(2, 3).split("：")[1].split("，")[0]
    '下面的 3 个主题中有的只描述一篇文档'
    """
    return (
        f"没有哪个主题数 k 能让每个主题都是至少 {min_docs} 篇文档的主要主题："
        f"下面的 {n_topics} 个主题中有的只描述一篇文档，不是语料的共同主题 · "
        f"no number of topics gives every topic at least {min_docs} documents: "
        f"some of the {n_topics} topics below describe a single document, not a theme of the corpus"
    )


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


# What an empty chart says in place of its bars (helpers.plots).
NO_SUCH_INDICATORS_NOTE = "本语料中没有此类指标"
NO_EDITS_BESIDES_LAYOUT_NOTE = "除空行与空白外，没有行被删除或修改"
NO_VALUES_NOTE = "没有文档带有此项元数据 · no document carries this field"


def other_corpus_note(corpus_label: str, dropped: int) -> str:
    """The note under each title of a report on another corpus: the seeds' commentary was left out.

    >>> other_corpus_note("我的语料", 3).splitlines()[0]
    '> 本报告的语料：`我的语料`。笔记本里解读种子语料结果的 3 段文字已略去，下面的表和图都是这份语料自己的结果。'
    """
    return (
        f"> 本报告的语料：`{corpus_label}`。笔记本里解读种子语料结果的 {dropped} 段文字已略去，"
        f"下面的表和图都是这份语料自己的结果。\n>\n"
        f"> Corpus: `{corpus_label}`. The {dropped} passages that interpret the bundled seeds' results are "
        "left out; every table and chart below is this corpus's own."
    )


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


# What notebook 06 says about policy-instrument coding (helpers.policy) and its charts (helpers.plots.policy).
NO_INSTRUMENTS_NOTE = "没有编码到任何政策工具的条款 · no clause was coded with a policy instrument"
NO_INSTRUMENT_GROUPS_NOTE = "没有带分组值且编码到政策工具的条款 · no coded clause has a value to group by"
# Below this share of clauses coded, shares describe a small part of the texts.
LOW_COVERAGE = 0.3
# Fewer human-coded rows than this give a kappa whose confidence interval spans most of its range.
MIN_CODED_FOR_KAPPA = 30


def instrument_coverage_notice(n_clauses: int, n_coded: int) -> Notice | None:
    """What the instrument shares rest on: no clauses at all, or few of them coded; None when coverage is fair.

    >>> instrument_coverage_notice(0, 0)  # doctest: +ELLIPSIS
    没有可编码的条款...
    >>> instrument_coverage_notice(200, 40)  # doctest: +ELLIPSIS
    200 个条款中只有 40 个（20%）编码到政策工具...
    >>> instrument_coverage_notice(200, 120) is None
    True
    """
    if n_clauses == 0:
        return Notice("没有可编码的条款（文本为空），下面的表为空 · no clauses to code: the texts are empty")
    if n_coded / n_clauses >= LOW_COVERAGE:
        return None
    share = f"{n_coded / n_clauses:.0%}"
    return Notice(
        f"{n_clauses} 个条款中只有 {n_coded} 个（{share}）编码到政策工具：份额只描述这一小部分文本；"
        "其余条款可能是背景、署名或本编码表未收的工具，值得在编码表中抽查 · "
        f"only {n_coded} of {n_clauses} clauses ({share}) were coded: the shares describe that part of the texts"
    )


def coding_agreement_notice(n_coded: int, n_labels: int) -> Notice | None:
    """Why a kappa says little: no row coded by a human, a single code used, or too few rows; None otherwise.

    >>> coding_agreement_notice(0, 0)  # doctest: +ELLIPSIS
    编码表中还没有人工编码...
    >>> coding_agreement_notice(12, 3)  # doctest: +ELLIPSIS
    只有 12 行有人工编码...
    >>> coding_agreement_notice(80, 6) is None
    True
    """
    if n_coded == 0:
        return Notice(
            "编码表中还没有人工编码（human_code 列为空），无从计算一致性 · "
            "no row of the sheet has a human code yet: no agreement to compute"
        )
    if n_labels < 2:
        return Notice(
            "人工编码与自动编码只用了一个类别，Cohen's kappa 无定义 · "
            "both coders used a single code: Cohen's kappa is undefined"
        )
    if n_coded < MIN_CODED_FOR_KAPPA:
        return Notice(
            f"只有 {n_coded} 行有人工编码：kappa 的置信区间很宽，至少编码 {MIN_CODED_FOR_KAPPA} 行再下结论 · "
            f"only {n_coded} rows were coded by a human: kappa is unstable below {MIN_CODED_FOR_KAPPA}"
        )
    return None


# What notebook 06 says in place of text reuse (helpers.policy.reuse).
NO_REUSE_NOTE = "没有两篇文档共有足够长的段落 · no two documents share a passage long enough to count"


def no_reuse_notice(n_docs: int, n_passages: int, n_template: int, min_chars: int) -> Notice | None:
    """Why the reuse table or matrix is empty: fewer than 2 documents, or no passage of ``min_chars`` shared
    beyond template text; None when some passage is shared.

    >>> no_reuse_notice(1, 0, 0, 30)  # doctest: +ELLIPSIS
    文本复用至少需要 2 篇文档...
    >>> no_reuse_notice(5, 0, 2, 30)  # doctest: +ELLIPSIS
    5 篇文档之间没有共有的 30 字以上段落（另有 2 段套话...
    >>> no_reuse_notice(5, 3, 0, 30) is None
    True
    """
    if n_docs < 2:
        return Notice(f"文本复用至少需要 2 篇文档，本语料只有 {n_docs} 篇 · text reuse needs at least 2 documents")
    if n_passages > 0:
        return None
    template = f"（另有 {n_template} 段套话，如称谓、施行日期，不计入）" if n_template else ""
    return Notice(
        f"{n_docs} 篇文档之间没有共有的 {min_chars} 字以上段落{template}；可降低 min_chars · "
        f"no two of the {n_docs} documents share a passage of {min_chars} characters or more"
        + (f" beyond {n_template} template passage(s)" if n_template else "")
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
