"""Topics of a corpus: non-negative matrix factorisation of its TF-IDF, how many topics, and what a
corpus too small for topics cannot show.

    >>> import pandas as pd
    >>> from helpers.features.tfidf import corpus_tfidf
    >>> nmf_topics(corpus_tfidf(pd.Series([["党建", "基层"]], index=["a"])), 2)[1].shape
    (1, 0)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from helpers.features.tfidf import CorpusTfidf
from helpers.notices import (
    NO_CONTENT_WORDS_NOTE,
    NO_TOPIC_COUNT_NOTE,
    ONE_DOCUMENT_THEMES_NOTE,
    Notice,
    single_document_topics_note,
)

# Fewest documents a topic model can describe: with one document a "topic" is that document.
MIN_TOPIC_DOCS = 2
# From this many documents on, topics are learnt in mini-batches (MiniBatchNMF): full NMF updates every
# document's weights at each of up to 1,000 passes (362 s for k = 2..7 at 10,811 documents), mini-batches
# pass over the corpus a few times. Below it the results are exactly those of the full NMF.
MINIBATCH_NMF_MIN_DOCS = 5000
# Documents per mini-batch (scikit-learn's default): large enough for a stable update of the topics' terms.
NMF_BATCH_DOCS = 1024


def _nmf(n_topics: int, random_state: int, n_docs: int = 0):
    """The NMF of this module for ``n_docs`` documents: deterministic given ``random_state``; the full NMF run
    to convergence below :data:`MINIBATCH_NMF_MIN_DOCS`, MiniBatchNMF from there on."""
    from sklearn.decomposition import NMF, MiniBatchNMF

    if n_docs >= MINIBATCH_NMF_MIN_DOCS:
        return MiniBatchNMF(n_components=n_topics, init="nndsvda", batch_size=NMF_BATCH_DOCS, random_state=random_state)
    return NMF(n_components=n_topics, init="nndsvda", random_state=random_state, max_iter=1000)


def nmf_topics(
    tfidf: CorpusTfidf, n_topics: int, *, n_terms: int = 10, random_state: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics by non-negative matrix factorisation of the TF-IDF matrix.

    Returns ``(topic_terms, doc_topics)``: ``topic_terms`` is tidy
    (``topic, term, weight, rank``; each topic's top ``n_terms``), and
    ``doc_topics`` has one row per document (index doc_id) and one column per
    topic (``T1`` ...), each row normalised to sum to 1 (0 for an empty
    document). ``random_state`` is fixed, so the result is reproducible.
    Topics are labelled by their share of the corpus, largest first. From
    :data:`MINIBATCH_NMF_MIN_DOCS` documents on they are learnt in mini-batches. Topics
    are fitted on terms of several documents: pass a TF-IDF computed with
    ``TfidfSettings(min_df=2)``.

    Fewer than ``MIN_TOPIC_DOCS`` documents, or no term, give no topics: an
    empty ``topic_terms`` and a ``doc_topics`` without columns (a topic of a
    single document would only be that document).

        >>> from helpers.features.tfidf import corpus_tfidf
        >>> tokens = pd.Series([["党建", "党员", "基层"], ["高校", "学生", "党员"]], index=["a", "b"])
        >>> terms, weights = nmf_topics(corpus_tfidf(tokens), 2)
        >>> terms.columns.tolist(), weights.columns.tolist()
        (['topic', 'term', 'weight', 'rank'], ['T1', 'T2'])
    """
    X, terms = tfidf.matrix, tfidf.terms
    index = pd.Index(tfidf.doc_ids, name="doc_id")
    columns = ["topic", "term", "weight", "rank"]
    if X.shape[0] < MIN_TOPIC_DOCS or X.shape[1] == 0:
        return pd.DataFrame(columns=columns), pd.DataFrame(index=index)
    n_topics = max(1, min(n_topics, X.shape[0], X.shape[1]))
    model = _nmf(n_topics, random_state, X.shape[0])
    W = model.fit_transform(X)
    H = model.components_
    order = np.argsort(-W.sum(axis=0), kind="stable")
    W, H = W[:, order], H[order]
    labels = [f"T{i + 1}" for i in range(n_topics)]
    rows = []
    for label, comp in zip(labels, H):
        top = sorted(range(len(terms)), key=lambda j: (-comp[j], terms[j]))[:n_terms]
        rows += [
            {"topic": label, "term": terms[j], "weight": float(comp[j]), "rank": r + 1}
            for r, j in enumerate(top)
            if comp[j] > 0
        ]
    sums = W.sum(axis=1, keepdims=True)
    shares = np.divide(W, sums, out=np.zeros_like(W), where=sums > 0)
    doc_topics = pd.DataFrame(shares, index=index, columns=labels)
    return pd.DataFrame(rows, columns=columns), doc_topics


def topic_labels(topic_terms: pd.DataFrame, n: int = 3) -> dict[str, str]:
    """A short label per topic from its top terms, e.g. ``{'T1': 'T1 社区党建·党员·群众'}``.

    >>> topic_labels(pd.DataFrame({"topic": ["T1", "T1"], "term": ["党员", "党建"], "rank": [2, 1]}))
    {'T1': 'T1 党建·党员'}
    """
    out = {}
    for topic, part in topic_terms.groupby("topic", sort=True):
        out[topic] = f"{topic} " + "·".join(part.sort_values("rank")["term"].head(n))
    return out


def nmf_model_selection(tfidf: CorpusTfidf, ks: Iterable[int] = range(2, 8), *, random_state: int = 0) -> pd.DataFrame:
    """How NMF fits for each number of topics.

    Columns ``k, reconstruction_error, max_topic_similarity, min_docs_per_topic``.
    The error always falls as k grows; the similarity (largest cosine between
    two topics' term vectors) says when new topics start repeating old ones;
    ``min_docs_per_topic`` counts the documents of the smallest topic (each
    document assigned to its heaviest topic): 1 or 0 means some topic only
    describes a single document. See :func:`choose_n_topics`.

    A k larger than the number of documents or terms cannot be fitted and is
    left out, so a corpus of one document gives an empty table (with its columns).

        >>> from helpers.features.tfidf import corpus_tfidf
        >>> nmf_model_selection(corpus_tfidf(pd.Series([["党建", "基层"]]))).columns.tolist()
        ['k', 'reconstruction_error', 'max_topic_similarity', 'min_docs_per_topic']
    """
    from sklearn.metrics.pairwise import cosine_similarity

    X = tfidf.matrix
    columns = ["k", "reconstruction_error", "max_topic_similarity", "min_docs_per_topic"]
    rows = []
    for k in ks:
        if k < 1 or k > min(X.shape) or X.shape[0] < MIN_TOPIC_DOCS:
            continue
        model = _nmf(k, random_state, X.shape[0])
        W = model.fit_transform(X)
        sim = cosine_similarity(model.components_)
        np.fill_diagonal(sim, 0.0)
        sizes = np.bincount(W.argmax(axis=1), minlength=k)
        rows.append(
            {
                "k": k,
                "reconstruction_error": float(model.reconstruction_err_),
                "max_topic_similarity": float(sim.max()) if k > 1 else 0.0,
                "min_docs_per_topic": int(sizes.min()),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def choose_n_topics(selection: pd.DataFrame, *, min_docs: int = 2, default: int = 2) -> int:
    """The largest k whose every topic is the main topic of at least ``min_docs`` documents.

    A topic that describes one document is that document, not a theme of the
    corpus. Falls back to ``default`` (or the smallest k tried) if no k qualifies.

        >>> choose_n_topics(pd.DataFrame({"k": [2, 3, 4], "min_docs_per_topic": [5, 2, 1]}))
        3
    """
    ok = selection.loc[selection["min_docs_per_topic"] >= min_docs, "k"]
    if len(ok):
        return int(ok.max())
    return int(min(default, selection["k"].min())) if len(selection) else default


def topic_notice(selection: pd.DataFrame, n_topics: int, *, min_docs: int = 2) -> Notice | None:
    """Why the topics shown say little, or None when some k gives every topic ``min_docs`` documents.

    ``selection`` is :func:`nmf_model_selection`'s table and ``n_topics`` the
    number chosen from it (:func:`choose_n_topics` falls back to a default when
    no k qualifies, and the reader must be told).

        >>> topic_notice(pd.DataFrame({"k": [2], "min_docs_per_topic": [1]}), 2)
        没有哪个主题数 k 能让每个主题都是至少 2 篇文档的主要主题：下面的 2 个主题中有的只描述一篇文档，不是语料的共同主题 · no number of topics gives every topic at least 2 documents: some of the 2 topics below describe a single document, not a theme of the corpus
    """
    if selection.empty:
        return Notice(NO_TOPIC_COUNT_NOTE)
    if (selection["min_docs_per_topic"] >= min_docs).any():
        return None
    return Notice(single_document_topics_note(min_docs, n_topics))


def corpus_notice(tokens: pd.Series) -> Notice | None:
    """What a corpus this small cannot show (term rankings, topics), or None when it is large enough.

    ``tokens`` are the documents' token lists (:func:`helpers.tokens.tokenize_corpus`).

        >>> corpus_notice(pd.Series([["党建", "基层"]]))  # doctest: +ELLIPSIS
        本语料只有 1 篇文档：...
        >>> corpus_notice(pd.Series([["党建"], ["基层"]])) is None
        True
    """
    if not any(len(t) for t in tokens):
        return Notice(NO_CONTENT_WORDS_NOTE)
    if len(tokens) < MIN_TOPIC_DOCS:
        return Notice(ONE_DOCUMENT_THEMES_NOTE)
    return None
