"""What term counts, TF-IDF rankings, topics and term discovery (notebook 02) cannot show, in the notebooks' language (Chinese, then English)."""

from __future__ import annotations

from helpers.notices.base import Notice


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


# What a corpus too small for term counts and topics cannot show (helpers.features, helpers.plots.themes).
NO_TERMS_NOTE = "本语料没有可统计的词 · no terms to count in this corpus"
TOO_FEW_FOR_TOPICS_NOTE = "主题至少需要 2 篇有共同词的文档 · topics need at least 2 documents that share terms"


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
