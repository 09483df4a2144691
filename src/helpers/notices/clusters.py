"""What clustering, document maps and similarity (notebook 03) cannot show, in the notebooks' language (Chinese, then English)."""

from __future__ import annotations

from helpers.notices.base import Notice

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
