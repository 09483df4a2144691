"""What each document and the corpus are about: TF-IDF terms, NMF topics, keyword in context.

Everything starts from token lists (see :mod:`helpers.tokens.segment`), so the
field's terms stay whole and stopwords are already gone. Outputs are tidy
frames, sorted deterministically (score descending, then term), so notebook
outputs are stable.

    >>> import helpers
    >>> docs = helpers.load_clean_corpus()
    >>> helpers.top_terms(docs, k=3).columns.tolist()
    ['doc_id', 'term', 'score', 'rank']
"""
from __future__ import annotations

import hashlib
import numbers
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Collection, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers import cache as cache_layer
from helpers.cache import Cache, make_key, pack_strings, unpack_strings

if TYPE_CHECKING:
    import scipy.sparse


class NoTermsError(ValueError):
    """No term is left to count: no tokens at all, or ``min_df``/``max_df`` pruned every term."""


def term_counts(
    token_lists: Iterable[Sequence[str]],
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
) -> tuple["scipy.sparse.csr_matrix", np.ndarray]:
    """Documents × terms counts, terms sorted, kept when their document frequency is within ``[min_df, max_df]``.

    The same matrix as scikit-learn's ``CountVectorizer`` on pre-tokenised input
    (integer bounds count documents, float bounds are shares of them), built from
    integer codes in C instead of a Python loop over every token.

        >>> counts, terms = term_counts([["建设", "党建", "建设"], ["党建"]])
        >>> terms.tolist(), counts.toarray().tolist()
        (['党建', '建设'], [[1, 2], [1, 0]])
    """
    from helpers.tokens import encode_tokens

    enc = encode_tokens(list(tokens) for tokens in token_lists)
    return _counts_from_codes(enc.vocab, enc.codes, enc.offsets, min_df=min_df, max_df=max_df)


def _counts_from_codes(
    vocab: Sequence[str], codes: np.ndarray, offsets: np.ndarray, *, min_df: int | float, max_df: int | float
) -> tuple["scipy.sparse.csr_matrix", np.ndarray]:
    """:func:`term_counts` of documents given as codes into ``vocab`` (entries that never occur are left out)."""
    from scipy import sparse

    n_docs = len(offsets) - 1
    used = np.zeros(len(vocab), dtype=bool)
    used[codes] = True
    used_ids = np.flatnonzero(used)
    n_terms = len(used_ids)
    if n_terms == 0:
        raise NoTermsError("empty vocabulary: every document is empty")
    order = sorted(range(n_terms), key=lambda i: vocab[used_ids[i]])
    column = np.empty(len(vocab), dtype=np.int64)
    column[used_ids[order]] = np.arange(n_terms)
    counts = sparse.csr_matrix((np.ones(len(codes), dtype=np.int64), column[codes], offsets), shape=(n_docs, n_terms))
    counts.sum_duplicates()  # one entry per (document, term), indices sorted
    terms = np.array([vocab[used_ids[i]] for i in order], dtype=object)
    min_count = min_df if isinstance(min_df, numbers.Integral) else min_df * n_docs
    max_count = max_df if isinstance(max_df, numbers.Integral) else max_df * n_docs
    if max_count < min_count:
        raise ValueError("max_df corresponds to < documents than min_df")
    doc_freq = np.bincount(counts.indices, minlength=n_terms)
    keep = np.flatnonzero((doc_freq >= min_count) & (doc_freq <= max_count))
    if len(keep) == 0:
        raise NoTermsError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    if len(keep) < n_terms:
        counts, terms = counts[:, keep], terms[keep]
    return counts, terms


def _weighted(counts: "scipy.sparse.csr_matrix", sublinear_tf: bool) -> "scipy.sparse.csr_matrix":
    from sklearn.feature_extraction.text import TfidfTransformer

    weighting = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=sublinear_tf)
    return weighting.fit_transform(counts.astype(np.float64)).tocsr()


def tfidf_matrix(
    token_lists: Sequence[list[str]],
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = True,
) -> tuple["scipy.sparse.csr_matrix", np.ndarray]:
    """TF-IDF of pre-tokenised documents (smoothed IDF, L2-normalised rows, as scikit-learn's TfidfVectorizer).

    Returns the documents × terms matrix and the term array (sorted, as
    scikit-learn's vocabulary is). ``sublinear_tf`` replaces tf by 1 + log(tf),
    so a term repeated forty times does not drown everything else. Counting goes
    through :func:`term_counts`, weighting through scikit-learn's TfidfTransformer.

        >>> X, terms = tfidf_matrix([["基层党组织", "建设"], ["三会一课", "建设"]])
        >>> terms.tolist()
        ['三会一课', '基层党组织', '建设']
        >>> X.shape
        (2, 3)
    """
    counts, terms = term_counts(token_lists, min_df=min_df, max_df=max_df)
    return _weighted(counts, sublinear_tf), terms


@dataclass(frozen=True, eq=False)
class CorpusTfidf:
    """TF-IDF of a corpus: documents × terms matrix (rows in ``doc_ids`` order) and the sorted terms."""

    matrix: "scipy.sparse.csr_matrix"
    terms: np.ndarray
    doc_ids: list[str]


def corpus_tfidf(
    docs: pd.DataFrame,
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = True,
    cache: Cache | None = None,
    workers: int | None = None,
    **tokenize_kw,
) -> CorpusTfidf:
    """:func:`tfidf_matrix` of a docs frame's content tokens, kept beside the token cache and read back while current.

    The file is named by the token cache's key (texts, dictionaries, engine,
    filter options), the TF-IDF settings, this module's source and scikit-learn's
    version, so a changed text, dictionary, setting or library computes afresh. Counting starts from the cached
    token codes, never from strings. Like :func:`tfidf_matrix` it raises
    :class:`NoTermsError` when no term is left; :func:`document_tfidf` returns an empty matrix instead.

        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["落实三会一课制度", "加强基层党组织建设"]})
        >>> result = corpus_tfidf(docs)
        >>> result.matrix.shape, result.doc_ids
        ((2, 6), ['a', 'b'])
    """
    from helpers.tokens import encoded_corpus

    corpus = encoded_corpus(docs, cache=cache, workers=workers, **tokenize_kw)
    key = make_key(corpus.key, f"min_df={min_df!r}", f"max_df={max_df!r}", f"sublinear={sublinear_tf}",
                   cache_layer.files_digest(cache_layer.package_sources(__file__)),
                   cache_layer.library_versions(["scikit-learn"]),  # its TfidfTransformer does the weighting
                   cache_layer.source_digest(cache_layer.__file__))
    cached = _read_tfidf(cache, key, len(corpus.doc_ids)) if cache is not None else None
    if cached is not None:
        return CorpusTfidf(*cached, corpus.doc_ids)  # the segmentation is never read
    content = corpus.tokens.kept(corpus.keep)
    counts, terms = _counts_from_codes(content.vocab, content.codes, content.offsets, min_df=min_df, max_df=max_df)
    matrix = _weighted(counts, sublinear_tf)
    if cache is not None:
        _write_tfidf(cache, key, matrix, terms)
    return CorpusTfidf(matrix, terms, corpus.doc_ids)


def _write_tfidf(cache: Cache, key: str, matrix: "scipy.sparse.csr_matrix", terms: np.ndarray) -> None:
    """Keep a TF-IDF matrix and its terms in the cache as plain arrays (kind ``tfidf``)."""
    terms_utf8, terms_len = pack_strings(terms.tolist())
    cache.write_arrays("tfidf", key, {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr,
                        "shape": np.array(matrix.shape), "terms_utf8": terms_utf8, "terms_len": terms_len})


def _read_tfidf(cache: Cache, key: str, n_docs: int) -> "tuple[scipy.sparse.csr_matrix, np.ndarray] | None":
    """The cached matrix and terms when the entry is whole and has ``n_docs`` rows, else None."""
    from scipy import sparse

    z = cache.read_arrays("tfidf", key)
    if z is None:
        return None
    try:
        shape = tuple(int(n) for n in z["shape"])
        matrix = sparse.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
        terms = np.array(unpack_strings(z["terms_utf8"], z["terms_len"]), dtype=object)
    except (KeyError, ValueError, UnicodeDecodeError):
        return None
    if shape != (n_docs, len(terms)):
        return None
    return matrix, terms


def _tokens_of(docs: pd.DataFrame | pd.Series, **tokenize_kw) -> pd.Series:
    """Token lists indexed by doc_id: pass a docs frame (segmented, cached) or a Series of token lists."""
    if isinstance(docs, pd.Series):
        return docs
    from helpers.tokens import tokenize_corpus

    return tokenize_corpus(docs, **tokenize_kw)


# Fewest documents a topic model can describe: with one document a "topic" is that document.
MIN_TOPIC_DOCS = 2


def tfidf_or_empty(
    token_lists: Sequence[list[str]], **tfidf_kw
) -> tuple["scipy.sparse.csr_matrix", np.ndarray]:
    """:func:`tfidf_matrix`, or a documents × 0 matrix and no terms when no term is left.

    A corpus without documents, documents without content tokens, or a
    ``min_df`` that no term reaches leave no vocabulary: that is a result (there
    is nothing to rank), not an error, so every table built on it comes back
    empty with its columns.

        >>> X, terms = tfidf_or_empty([[], []])
        >>> X.shape, terms.tolist()
        ((2, 0), [])
        >>> tfidf_or_empty([["党建"], ["基层"]], min_df=2)[0].shape
        (2, 0)
    """
    if any(len(tokens) for tokens in token_lists):
        try:
            return tfidf_matrix(token_lists, **tfidf_kw)
        except NoTermsError:
            pass  # nothing to rank is a result: every table built on it comes back empty
    return _no_terms(len(token_lists))


def _no_terms(n_docs: int) -> tuple["scipy.sparse.csr_matrix", np.ndarray]:
    """A documents × 0 matrix and no terms."""
    from scipy import sparse

    return sparse.csr_matrix((n_docs, 0)), np.array([], dtype=object)


def document_tfidf(
    docs: pd.DataFrame | pd.Series,
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    engine: str | None = None,
    pos: Collection[str] | None = None,
) -> CorpusTfidf:
    """The TF-IDF behind this module's tables: read from the cache (:func:`corpus_tfidf`) for a docs frame,
    computed for a Series of token lists; documents × 0 terms when no term is left (see :func:`tfidf_or_empty`).

        >>> document_tfidf(pd.Series([["党建", "基层"], ["党建"]], index=["a", "b"])).terms.tolist()
        ['党建', '基层']
    """
    if isinstance(docs, pd.Series):
        X, terms = tfidf_or_empty(docs.tolist(), min_df=min_df, max_df=max_df)
        return CorpusTfidf(X, terms, list(docs.index))
    if len(docs):
        try:
            return corpus_tfidf(docs, min_df=min_df, max_df=max_df, engine=engine, pos=pos)
        except NoTermsError:
            pass  # nothing to rank is a result: every table built on it comes back empty
    return CorpusTfidf(*_no_terms(len(docs)), [str(d) for d in docs["doc_id"]])


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
    tfidf = document_tfidf(docs, min_df=min_df, max_df=max_df, engine=engine, pos=pos)
    coo = tfidf.matrix.tocoo()
    doc_ids = np.array(tfidf.doc_ids, dtype=object)
    frame = pd.DataFrame(
        {
            "doc_id": doc_ids[coo.row],
            "term": tfidf.terms[coo.col],
            "score": coo.data.astype(float),
        }
    )
    # keep the corpus's document order, not alphabetical doc_id order
    order = {d: i for i, d in enumerate(tfidf.doc_ids)}
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
    tfidf = document_tfidf(docs, min_df=min(min_df, max(len(tokens), 1)), engine=engine)
    X, terms = tfidf.matrix, tfidf.terms
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

    from helpers.tokens import default_segmenter

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
    from helpers.tokens import default_segmenter, unquote

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
    from helpers.tokens import default_segmenter

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
    return pd.DataFrame(rows, columns=["doc_id", "rank", "corpus_tfidf", "jieba_idf", "in_both"])


def first_document(table: pd.DataFrame, *, column: str = "doc_id") -> pd.DataFrame:
    """The rows of the table's first document, without the ``doc_id`` column.

    An empty table gives an empty table with the other columns.

        >>> t = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["党建", "基层", "高校"]})
        >>> first_document(t)["term"].tolist()
        ['党建', '基层']
    """
    if table.empty:
        return table.drop(columns=column)
    return table[table[column] == table[column].iloc[0]].drop(columns=column)


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

    Fewer than ``MIN_TOPIC_DOCS`` documents, or no term left after ``min_df``,
    give no topics: an empty ``topic_terms`` and a ``doc_topics`` without
    columns (a topic of a single document would only be that document).

        >>> terms, weights = nmf_topics(pd.Series([["党建", "基层"]], index=["a"]))
        >>> terms.columns.tolist(), weights.shape
        (['topic', 'term', 'weight', 'rank'], (1, 0))
    """
    from sklearn.decomposition import NMF

    tfidf = document_tfidf(docs, min_df=min(min_df, max(len(docs), 1)), engine=engine)
    X, terms = tfidf.matrix, tfidf.terms
    index = pd.Index(tfidf.doc_ids, name="doc_id")
    columns = ["topic", "term", "weight", "rank"]
    if X.shape[0] < MIN_TOPIC_DOCS or X.shape[1] == 0:
        return pd.DataFrame(columns=columns), pd.DataFrame(index=index)
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
    doc_topics = pd.DataFrame(shares, index=index, columns=labels)
    return pd.DataFrame(rows, columns=columns), doc_topics


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

    A k larger than the number of documents or terms cannot be fitted and is
    left out, so a corpus of one document gives an empty table (with its columns).

        >>> nmf_model_selection(pd.Series([["党建", "基层"]])).columns.tolist()
        ['k', 'reconstruction_error', 'max_topic_similarity', 'min_docs_per_topic']
    """
    from sklearn.decomposition import NMF
    from sklearn.metrics.pairwise import cosine_similarity

    X = document_tfidf(docs, min_df=min(min_df, max(len(docs), 1)), engine=engine).matrix
    columns = ["k", "reconstruction_error", "max_topic_similarity", "min_docs_per_topic"]
    rows = []
    for k in ks:
        if k < 1 or k > min(X.shape) or X.shape[0] < MIN_TOPIC_DOCS:
            continue
        model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=1000)
        W = model.fit_transform(X)
        sim = cosine_similarity(model.components_)
        np.fill_diagonal(sim, 0.0)
        sizes = np.bincount(W.argmax(axis=1), minlength=k)
        rows.append({"k": k, "reconstruction_error": float(model.reconstruction_err_),
                     "max_topic_similarity": float(sim.max()) if k > 1 else 0.0,
                     "min_docs_per_topic": int(sizes.min())})
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


def topic_notice(selection: pd.DataFrame, n_topics: int, *, min_docs: int = 2) -> "Notice | None":
    """Why the topics shown say little, or None when some k gives every topic ``min_docs`` documents.

    ``selection`` is :func:`nmf_model_selection`'s table and ``n_topics`` the
    number chosen from it (:func:`choose_n_topics` falls back to a default when
    no k qualifies, and the reader must be told).

        >>> topic_notice(pd.DataFrame({"k": [2], "min_docs_per_topic": [1]}), 2)
        没有哪个主题数 k 能让每个主题都是至少 2 篇文档的主要主题：下面的 2 个主题中有的只描述一篇文档，不是语料的共同主题 · no number of topics gives every topic at least 2 documents: some of the 2 topics below describe a single document, not a theme of the corpus
    """
    from helpers.notices import TOO_FEW_FOR_TOPICS_NOTE, Notice

    if selection.empty:
        return Notice("没有可拟合的主题数，下面没有主题：" + TOO_FEW_FOR_TOPICS_NOTE)
    if (selection["min_docs_per_topic"] >= min_docs).any():
        return None
    return Notice(f"没有哪个主题数 k 能让每个主题都是至少 {min_docs} 篇文档的主要主题："
                  f"下面的 {n_topics} 个主题中有的只描述一篇文档，不是语料的共同主题 · "
                  f"no number of topics gives every topic at least {min_docs} documents: "
                  f"some of the {n_topics} topics below describe a single document, not a theme of the corpus")


def corpus_notice(tokens: pd.Series) -> "Notice | None":
    """What a corpus this small cannot show (term rankings, topics), or None when it is large enough.

    ``tokens`` are the documents' token lists (:func:`helpers.tokens.segment.tokenize_corpus`).

        >>> corpus_notice(pd.Series([["党建", "基层"]]))  # doctest: +ELLIPSIS
        本语料只有 1 篇文档：...
        >>> corpus_notice(pd.Series([["党建"], ["基层"]])) is None
        True
    """
    from helpers.notices import Notice

    if not any(len(t) for t in tokens):
        return Notice("本语料没有含实词的文档：词频、TF-IDF、主题和词云都无从计算，下面的表为空，图只写明原因 · "
                      "no document with content words: there are no terms, TF-IDF rankings, topics or word clouds")
    if len(tokens) < MIN_TOPIC_DOCS:
        return Notice("本语料只有 1 篇文档：每个词的 IDF 都相同，TF-IDF 排名就是词频排名；"
                      "语料的特征词不再要求出现在 2 篇文档中；主题至少需要 2 篇文档，所以没有主题 · "
                      "only 1 document: IDF is the same for every term, so TF-IDF ranks terms by frequency; "
                      "topics need at least 2 documents, so there are none")
    return None


def field_terms(table: pd.DataFrame, n: int = 3, *, column: str = "term") -> list[str]:
    """The first ``n`` distinct terms of a ranked table that are entries of the domain dictionary.

    Picks theme words worth reading in context (:func:`kwic`): the field's own
    terms, not generic words.

        >>> field_terms(pd.DataFrame({"term": ["发展", "两新组织", "党员", "致富能手"]}), 2)
        ['两新组织', '致富能手']
    """
    from helpers.tokens import read_userdict

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
    from helpers.corpus import short_doc_id

    out = {}
    for doc_id, title in zip(docs["doc_id"], docs.get("title", pd.Series([""] * len(docs)))):
        doc_id = str(doc_id)
        name = short_doc_id(doc_id)
        title = str(title or "").strip()
        out[doc_id] = f"{name} {title[:width]}".strip()
    return out
