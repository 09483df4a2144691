"""What each document and the corpus are about: TF-IDF terms, NMF topics, keyword in context.

Everything starts from token lists (see :mod:`helpers.segment`), so the
field's terms stay whole and stopwords are already gone. Outputs are tidy
frames, sorted deterministically (score descending, then term), so notebook
outputs are stable.

    >>> import helpers
    >>> docs = helpers.load_clean_corpus()
    >>> helpers.top_terms(docs, k=3).columns.tolist()
    ['doc_id', 'term', 'score', 'rank']
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Collection, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import scipy.sparse


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def tfidf_matrix(
    token_lists: Sequence[list[str]],
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = True,
) -> tuple["scipy.sparse.csr_matrix", np.ndarray]:
    """TF-IDF of pre-tokenised documents (scikit-learn, smoothed IDF, L2-normalised rows).

    Returns the documents × terms matrix and the term array (sorted, as
    scikit-learn's vocabulary is). ``sublinear_tf`` replaces tf by 1 + log(tf),
    so a term repeated forty times does not drown everything else.

        >>> X, terms = tfidf_matrix([["基层党组织", "建设"], ["三会一课", "建设"]])
        >>> terms.tolist()
        ['三会一课', '基层党组织', '建设']
        >>> X.shape
        (2, 3)
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        analyzer=_identity,  # tokens are already segmented and filtered
        lowercase=False,
        min_df=min_df,
        max_df=max_df,
        sublinear_tf=sublinear_tf,
        norm="l2",
        smooth_idf=True,
    )
    X = vec.fit_transform([list(t) for t in token_lists])
    return X.tocsr(), vec.get_feature_names_out()


def _tokens_of(docs: pd.DataFrame | pd.Series, **tokenize_kw) -> pd.Series:
    """Token lists indexed by doc_id: pass a docs frame (segmented, cached) or a Series of token lists."""
    if isinstance(docs, pd.Series):
        return docs
    from .segment import tokenize_corpus

    return tokenize_corpus(docs, **tokenize_kw)


def _rank_rows(frame: pd.DataFrame, by: str, k: int | None) -> pd.DataFrame:
    frame = frame.sort_values([by, "score", "term"], ascending=[True, False, True], kind="stable")
    frame["rank"] = frame.groupby(by, sort=False).cumcount() + 1
    if k is not None:
        frame = frame[frame["rank"] <= k]
    return frame.reset_index(drop=True)


def top_terms(
    docs: pd.DataFrame | pd.Series,
    k: int = 20,
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    engine: str | None = None,
    pos: Collection[str] | None = None,
) -> pd.DataFrame:
    """The ``k`` highest TF-IDF terms of every document, a tidy table ``doc_id, term, score, rank``.

    ``docs`` is the cleaned corpus (one row per article, columns doc_id and
    text) or a Series of token lists indexed by doc_id. IDF is fitted to this
    corpus, so a term every document uses scores low. Ties break by term.

        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["落实三会一课制度", "建强基层党组织"]})
        >>> top_terms(docs, k=1)[["doc_id", "term", "rank"]].values.tolist()
        [['a', '三会一课', 1], ['b', '基层党组织', 1]]
    """
    tokens = _tokens_of(docs, engine=engine, pos=pos)
    X, terms = tfidf_matrix(tokens.tolist(), min_df=min_df, max_df=max_df)
    coo = X.tocoo()
    frame = pd.DataFrame(
        {
            "doc_id": tokens.index.to_numpy()[coo.row],
            "term": terms[coo.col],
            "score": coo.data.astype(float),
        }
    )
    # keep the corpus's document order, not alphabetical doc_id order
    order = {d: i for i, d in enumerate(tokens.index)}
    frame["_doc"] = frame["doc_id"].map(order)
    out = _rank_rows(frame, "_doc", k).drop(columns="_doc")
    return out[["doc_id", "term", "score", "rank"]]


def term_frequencies(docs: pd.DataFrame | pd.Series, *, engine: str | None = None) -> pd.DataFrame:
    """Corpus term counts: ``term, count, doc_count, share`` (share of all tokens), most frequent first.

        >>> import pandas as pd
        >>> term_frequencies(pd.Series([["党建", "基层"], ["党建"]])).round(3).to_dict("records")[0]
        {'term': '党建', 'count': 2, 'doc_count': 2, 'share': 0.667}
    """
    tokens = _tokens_of(docs, engine=engine)
    count = Counter(t for toks in tokens for t in toks)
    doc_count = Counter(t for toks in tokens for t in set(toks))
    total = sum(count.values()) or 1
    frame = pd.DataFrame(
        {"term": list(count), "count": list(count.values()), "doc_count": [doc_count[t] for t in count]}
    )
    frame["share"] = frame["count"] / total
    return frame.sort_values(["count", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def distinctive_terms(
    docs: pd.DataFrame | pd.Series,
    k: int = 30,
    *,
    min_df: int = 2,
    engine: str | None = None,
) -> pd.DataFrame:
    """Terms that characterise the corpus as a whole: ``term, score, doc_count, count, rank``.

    The score is a term's TF-IDF weight summed over documents (each document
    L2-normalised, so long documents do not dominate). ``min_df`` keeps terms
    found in at least that many documents: a corpus theme, not one article's
    topic.
    """
    tokens = _tokens_of(docs, engine=engine)
    n_docs = len(tokens)
    X, terms = tfidf_matrix(tokens.tolist(), min_df=min(min_df, max(n_docs, 1)))
    freq = term_frequencies(tokens).set_index("term")
    frame = pd.DataFrame({"term": terms, "score": np.asarray(X.sum(axis=0)).ravel()})
    frame["doc_count"] = freq.loc[frame["term"], "doc_count"].to_numpy()
    frame["count"] = freq.loc[frame["term"], "count"].to_numpy()
    frame = frame.sort_values(["score", "term"], ascending=[False, True], kind="stable").head(k)
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame.reset_index(drop=True)


@lru_cache(maxsize=1)
def _jieba_extractor():
    """jieba's TF-IDF keyword extractor over the project's jieba Segmenter, built once (reads jieba's IDF table)."""
    from jieba.analyse.tfidf import TFIDF

    from .segment import default_segmenter

    seg = default_segmenter("jieba")
    extractor = TFIDF()
    extractor.tokenizer = seg._tok
    extractor.postokenizer = seg._pos_tokenizer
    extractor.stop_words = set(extractor.stop_words) | set(seg.stopwords)
    return extractor


def jieba_keywords(text: str, k: int = 20, *, allow_pos: Collection[str] = ()) -> list[tuple[str, float]]:
    """``jieba.analyse.extract_tags`` on one text: TF-IDF with jieba's general-language IDF table.

    Uses the project's jieba Segmenter (domain dictionary loaded, so the
    field's terms are candidates) and adds the project's stopwords to jieba's
    small list, so both rankings drop the same function words and differ only
    in their IDF: jieba's table from general Chinese versus one fitted to the corpus.

        >>> [w for w, _ in jieba_keywords("加强“两新”组织党建，两新组织覆盖面扩大", k=1)]
        ['两新组织']
    """
    from .segment import default_segmenter, unquote

    seg = default_segmenter("jieba")
    extractor = _jieba_extractor()
    if seg.join_quoted:
        text = unquote(text)
    tags = extractor.extract_tags(text, topK=k, withWeight=True, allowPOS=tuple(allow_pos))
    return [(w, float(s)) for w, s in tags]


def compare_with_jieba(
    docs: pd.DataFrame, k: int = 10, *, tokens: pd.Series | None = None, engine: str | None = None
) -> pd.DataFrame:
    """Top terms per document by corpus-fitted TF-IDF next to jieba's general IDF.

    Columns ``doc_id, rank, corpus_tfidf, jieba_idf, in_both``: one row per
    rank, so a reader sees which terms fitting IDF to the corpus promotes
    (local specifics) and which jieba's general table promotes (words common
    in this genre but rare in general Chinese, such as 党组织).

    ``tokens`` (token lists indexed by doc_id, e.g. from ``tokenize_corpus``) is
    the corpus IDF is fitted to; ``docs`` may then be a sample of it, since
    jieba's extractor is pure Python and slow on a large corpus. Without
    ``tokens``, ``docs`` is segmented and is the whole corpus.
    """
    from .segment import default_segmenter

    seg = default_segmenter(engine)
    ours = top_terms(tokens if tokens is not None else docs, k=k, engine=engine)
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        mine = ours.loc[ours["doc_id"] == doc_id, "term"].tolist()
        theirs = [w for w, _ in jieba_keywords(str(text), k=k * 3) if seg.keep(w)][:k]
        for i in range(k):
            a = mine[i] if i < len(mine) else ""
            b = theirs[i] if i < len(theirs) else ""
            rows.append({"doc_id": doc_id, "rank": i + 1, "corpus_tfidf": a, "jieba_idf": b,
                         "in_both": bool(a) and a in theirs})
    return pd.DataFrame(rows)


def keyword_overlap(comparison: pd.DataFrame) -> pd.DataFrame:
    """Share of each document's corpus-TF-IDF top terms that jieba's IDF also ranks in its top k."""
    out = comparison.groupby("doc_id", sort=False)["in_both"].mean().rename("overlap").reset_index()
    return out


def nmf_topics(
    docs: pd.DataFrame | pd.Series,
    n_topics: int = 4,
    *,
    n_terms: int = 10,
    min_df: int = 2,
    random_state: int = 0,
    engine: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics by non-negative matrix factorisation of the TF-IDF matrix.

    Returns ``(topic_terms, doc_topics)``: ``topic_terms`` is tidy
    (``topic, term, weight, rank``; each topic's top ``n_terms``), and
    ``doc_topics`` has one row per document (index doc_id) and one column per
    topic (``T1`` ...), each row normalised to sum to 1 (0 for an empty
    document). ``random_state`` is fixed, so the result is reproducible.
    Topics are labelled by their share of the corpus, largest first.
    """
    from sklearn.decomposition import NMF

    tokens = _tokens_of(docs, engine=engine)
    X, terms = tfidf_matrix(tokens.tolist(), min_df=min(min_df, max(len(tokens), 1)))
    n_topics = max(1, min(n_topics, X.shape[0], X.shape[1]))
    model = NMF(n_components=n_topics, init="nndsvda", random_state=random_state, max_iter=1000)
    W = model.fit_transform(X)
    H = model.components_
    order = np.argsort(-W.sum(axis=0), kind="stable")
    W, H = W[:, order], H[order]
    labels = [f"T{i + 1}" for i in range(n_topics)]
    rows = []
    for label, comp in zip(labels, H):
        top = sorted(range(len(terms)), key=lambda j: (-comp[j], terms[j]))[:n_terms]
        rows += [{"topic": label, "term": terms[j], "weight": float(comp[j]), "rank": r + 1}
                 for r, j in enumerate(top) if comp[j] > 0]
    sums = W.sum(axis=1, keepdims=True)
    shares = np.divide(W, sums, out=np.zeros_like(W), where=sums > 0)
    doc_topics = pd.DataFrame(shares, index=pd.Index(tokens.index, name="doc_id"), columns=labels)
    return pd.DataFrame(rows), doc_topics


def topic_labels(topic_terms: pd.DataFrame, n: int = 3) -> dict[str, str]:
    """A short label per topic from its top terms, e.g. ``{'T1': 'T1 社区党建·党员·群众'}``."""
    out = {}
    for topic, part in topic_terms.groupby("topic", sort=True):
        out[topic] = f"{topic} " + "·".join(part.sort_values("rank")["term"].head(n))
    return out


def kwic(
    docs: pd.DataFrame,
    term: str,
    window: int = 15,
    *,
    text_column: str = "text",
    max_hits: int | None = None,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``window`` characters either side.

    Columns ``doc_id, left, term, right``, in document order then position;
    line breaks in the context are shown as spaces.

        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["各地认真落实三会一课制度，规范组织生活"]})
        >>> kwic(docs, "三会一课", window=4).values.tolist()
        [['a', '认真落实', '三会一课', '制度，规']]
    """
    if not term:
        raise ValueError("empty term")
    pattern = re.compile(re.escape(term))
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs[text_column].fillna("")):
        text = str(text)
        for m in pattern.finditer(text):
            left = text[max(0, m.start() - window): m.start()]
            right = text[m.end(): m.end() + window]
            rows.append({"doc_id": doc_id, "left": _flat(left), "term": term, "right": _flat(right)})
            if max_hits is not None and len(rows) >= max_hits:
                return pd.DataFrame(rows, columns=["doc_id", "left", "term", "right"])
    return pd.DataFrame(rows, columns=["doc_id", "left", "term", "right"])


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def weights_by_doc(table: pd.DataFrame, *, group: str = "doc_id", value: str = "score") -> dict[str, dict[str, float]]:
    """``{doc_id: {term: weight}}`` from a tidy table (e.g. top_terms), for word clouds."""
    out: dict[str, dict[str, float]] = {}
    for name, part in table.groupby(group, sort=False):
        out[str(name)] = dict(zip(part["term"], part[value].astype(float)))
    return out


def frequencies(tokens: Iterable[str]) -> dict[str, int]:
    """Token counts, most frequent first (ties by term), for a word cloud.

        >>> frequencies(["党建", "基层", "党建"])
        {'党建': 2, '基层': 1}
    """
    count = Counter(tokens)
    return dict(sorted(count.items(), key=lambda kv: (-kv[1], kv[0])))


def sample_documents(doc_ids: Sequence[str], n: int, *, random_state: int = 0) -> list[str]:
    """At most ``n`` doc_ids, a seeded sample in corpus order (all of them when there are few)."""
    ids = list(doc_ids)
    if len(ids) <= n:
        return ids
    rng = np.random.default_rng(random_state)
    keep = set(rng.choice(len(ids), size=n, replace=False).tolist())
    return [d for i, d in enumerate(ids) if i in keep]


def nmf_model_selection(
    docs: pd.DataFrame | pd.Series,
    ks: Iterable[int] = range(2, 8),
    *,
    min_df: int = 2,
    random_state: int = 0,
    engine: str | None = None,
) -> pd.DataFrame:
    """How NMF fits for each number of topics.

    Columns ``k, reconstruction_error, max_topic_similarity, min_docs_per_topic``.
    The error always falls as k grows; the similarity (largest cosine between
    two topics' term vectors) says when new topics start repeating old ones;
    ``min_docs_per_topic`` counts the documents of the smallest topic (each
    document assigned to its heaviest topic): 1 or 0 means some topic only
    describes a single document. See :func:`choose_n_topics`.
    """
    from sklearn.decomposition import NMF
    from sklearn.metrics.pairwise import cosine_similarity

    tokens = _tokens_of(docs, engine=engine)
    X, _ = tfidf_matrix(tokens.tolist(), min_df=min(min_df, max(len(tokens), 1)))
    rows = []
    for k in ks:
        if k < 1 or k > min(X.shape):
            continue
        model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=1000)
        W = model.fit_transform(X)
        sim = cosine_similarity(model.components_)
        np.fill_diagonal(sim, 0.0)
        sizes = np.bincount(W.argmax(axis=1), minlength=k)
        rows.append({"k": k, "reconstruction_error": float(model.reconstruction_err_),
                     "max_topic_similarity": float(sim.max()) if k > 1 else 0.0,
                     "min_docs_per_topic": int(sizes.min())})
    return pd.DataFrame(rows)


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


def field_terms(table: pd.DataFrame, n: int = 3, *, column: str = "term") -> list[str]:
    """The first ``n`` distinct terms of a ranked table that are entries of the domain dictionary.

    Picks theme words worth reading in context (:func:`kwic`): the field's own
    terms, not generic words.

        >>> field_terms(pd.DataFrame({"term": ["发展", "两新组织", "党员", "致富能手"]}), 2)
        ['两新组织', '致富能手']
    """
    from .segment import read_userdict

    vocabulary = {e.word for e in read_userdict()}
    return [t for t in dict.fromkeys(table[column]) if t in vocabulary][:n]


def kwic_many(
    docs: pd.DataFrame, terms: Iterable[str], window: int = 15, *, max_hits: int | None = 5
) -> pd.DataFrame:
    """:func:`kwic` for several terms, at most ``max_hits`` lines each, stacked in the order given."""
    parts = [kwic(docs, t, window, max_hits=max_hits) for t in dict.fromkeys(terms)]
    if not parts:
        return pd.DataFrame(columns=["doc_id", "left", "term", "right"])
    return pd.concat(parts, ignore_index=True)


def short_labels(docs: pd.DataFrame, width: int = 12) -> dict[str, str]:
    """A short label per document for chart titles: the file number, part number and title start.

        >>> import pandas as pd
        >>> short_labels(pd.DataFrame({"doc_id": ["004_7c2344e521650bcf-02"], "title": ["新形势下基层党建工作创新研究"]}))
        {'004_7c2344e521650bcf-02': '004-02 新形势下基层党建工作创新'}
    """
    from .corpus import short_doc_id

    out = {}
    for doc_id, title in zip(docs["doc_id"], docs.get("title", pd.Series([""] * len(docs)))):
        doc_id = str(doc_id)
        name = short_doc_id(doc_id)
        title = str(title or "").strip()
        out[doc_id] = f"{name} {title[:width]}".strip()
    return out
