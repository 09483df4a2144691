"""What policy instruments and text reuse (notebook 06) cannot show, in the notebooks' language (Chinese, then English)."""

from __future__ import annotations

from helpers.notices.base import Notice

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


def reuse_search_notice(
    n_docs: int, n_searched: int, n_widely_shared: int, max_shared: int, n_candidates: int = 0, n_aligned: int = 0
) -> Notice | None:
    """What a large or repetitive corpus's reuse search left out: the documents outside its sample, passages
    shared by so many documents that pairing them all would cost more than it shows, and candidate pairs past
    the ones aligned; None when none of these.

    >>> reuse_search_notice(40000, 5000, 12, 50)  # doctest: +ELLIPSIS
    文本复用只在 40000 篇中随机抽取的 5000 篇之间查找；另有 12 处段落为 50 篇以上文档共有...
    >>> reuse_search_notice(10, 10, 0, 50) is None
    True
    """
    parts_zh, parts_en = [], []
    if n_searched < n_docs:
        parts_zh.append(f"文本复用只在 {n_docs} 篇中随机抽取的 {n_searched} 篇之间查找")
        parts_en.append(f"reuse was searched among a seeded sample of {n_searched} of the {n_docs} documents")
    if n_widely_shared:
        parts_zh.append(f"另有 {n_widely_shared} 处段落为 {max_shared} 篇以上文档共有（广泛引用的文字），未逐对列出")
        parts_en.append(
            f"{n_widely_shared} window(s) of text shared by more than {max_shared} documents each (widely quoted "
            "wording) were not paired"
        )
    if n_aligned < n_candidates:
        parts_zh.append(f"候选文档对共 {n_candidates} 对，只比对了最相似的 {n_aligned} 对")
        parts_en.append(f"only the {n_aligned} most alike of {n_candidates} candidate pairs were aligned")
    if not parts_zh:
        return None
    return Notice("；".join(parts_zh) + " · " + "; ".join(parts_en))


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
