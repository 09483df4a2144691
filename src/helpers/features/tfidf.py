"""TF-IDF of a corpus: one entry point, one settings object, one cache entry per corpus and settings.

:func:`corpus_tfidf` counts the content tokens (the same counts as
scikit-learn's ``CountVectorizer`` on pre-tokenised input, built from integer
codes in C instead of a Python loop over every token) and weights them with
scikit-learn's ``TfidfTransformer`` (smoothed IDF, L2-normalised rows, as its
``TfidfVectorizer``). The result, a :class:`CorpusTfidf`, carries the settings
it was made with, as a quanteda ``dfm`` does, and is what the term, topic and
cluster tables take.

    >>> import pandas as pd
    >>> tfidf = corpus_tfidf(pd.Series([["基层党组织", "建设"], ["三会一课", "建设"]], index=["a", "b"]))
    >>> tfidf.terms.tolist(), tfidf.matrix.shape
    (['三会一课', '基层党组织', '建设'], (2, 3))
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers import cache as cache_layer
from helpers.cache import Cache
from helpers.tokens import EncodedTokens, TokenSettings, encode_tokens, encoded_corpus
from helpers.tokens.encoded import document_blocks, joined

if TYPE_CHECKING:
    import scipy.sparse


# Tokens counted at a time: a token costs 16 bytes while it is counted, a stored count 12.
COUNT_BLOCK_TOKENS = 2_000_000


@dataclass(frozen=True)
class TfidfSettings:
    """How token counts become TF-IDF weights (scikit-learn's meaning of each).

    A term is kept when its document frequency lies within ``[min_df, max_df]``:
    an integer counts documents, a float is a share of them. ``sublinear_tf``
    replaces tf by 1 + log(tf), so a term repeated forty times does not drown
    everything else. The text form is part of the cache key.

        >>> str(TfidfSettings(min_df=2))
        'min_df=2|max_df=1.0|sublinear_tf=True'
    """

    min_df: int | float = 1
    max_df: int | float = 1.0
    sublinear_tf: bool = True

    def __post_init__(self) -> None:
        for name in ("min_df", "max_df"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"{name} must be an int (documents) or a float (a share of them), not {value!r}")
            if isinstance(value, numbers.Integral):
                value = int(value)  # numpy integers too, so that equal settings have one text form
                if value < 0:
                    raise ValueError(f"{name} must be at least 0, not {value}")
            else:
                value = float(value)
                if not 0.0 <= value <= 1.0:
                    raise ValueError(f"{name} as a share of documents must lie in [0, 1], not {value}")
            object.__setattr__(self, name, value)
        object.__setattr__(self, "sublinear_tf", bool(self.sublinear_tf))
        # Two counts or two shares contradict each other in every corpus; a count and a share only
        # in a corpus too small for them, where no term is left (a result, see corpus_tfidf).
        if type(self.min_df) is type(self.max_df) and self.max_df < self.min_df:
            raise ValueError("max_df corresponds to < documents than min_df")

    def __str__(self) -> str:
        return f"min_df={self.min_df!r}|max_df={self.max_df!r}|sublinear_tf={self.sublinear_tf}"


@dataclass(frozen=True, eq=False)  # a sparse matrix has no plain equality
class CorpusTfidf:
    """TF-IDF of a corpus: documents × terms matrix (rows in ``doc_ids`` order), the sorted terms, and the
    settings of the weighting and of the tokens it was computed from.

        >>> CorpusTfidf(np.zeros((1, 0)), np.array([], dtype=object), ["a"]).settings
        TfidfSettings(min_df=1, max_df=1.0, sublinear_tf=True)
    """

    matrix: scipy.sparse.csr_matrix
    terms: np.ndarray
    doc_ids: list
    settings: TfidfSettings = field(default_factory=TfidfSettings)
    tokens: TokenSettings = field(default_factory=TokenSettings)


def corpus_tfidf(
    source: pd.DataFrame | pd.Series,
    settings: TfidfSettings = TfidfSettings(),
    *,
    tokens: TokenSettings = TokenSettings(),
    cache: Cache | None = None,
    workers: int | None = None,
) -> CorpusTfidf:
    """TF-IDF of a corpus's content tokens, IDF fitted to this corpus.

    ``source`` is the cleaned docs frame (columns ``doc_id``, ``text``; or the frame ``load_clean_corpus(columns=…)``
    read without its texts, which are then read back from the stored table only if not cached), segmented
    with ``tokens`` settings in ``workers`` processes, or a Series of token lists
    indexed by doc_id (``tokens`` then only records how they were made). With a
    :class:`~helpers.cache.Cache` (for a docs frame only) the tokens and the matrix
    are kept there, the matrix (kind ``tfidf``) under a key of the tokens' key, the
    filter's files and settings, ``settings``, every module of this package and
    scikit-learn's version; counting starts from the cached token codes, never from
    strings, and a current matrix is read back without touching the tokens. None
    keeps nothing.

    When no term is left (no documents, no content tokens, ``min_df`` pruned them
    all, or the corpus has fewer documents than ``min_df`` counts) the result is a
    documents × 0 matrix with no terms: there is nothing to rank, and every table
    built on it comes back empty with its columns.

        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["落实三会一课制度", "加强基层党组织建设"]})
        >>> result = corpus_tfidf(docs)
        >>> result.matrix.shape, result.doc_ids
        ((2, 6), ['a', 'b'])
        >>> corpus_tfidf(docs, TfidfSettings(min_df=2)).matrix.shape
        (2, 0)
    """
    if isinstance(source, pd.Series):
        if cache is not None:
            raise ValueError("token lists are not cached: pass the docs frame to keep its TF-IDF in a cache")
        content = encode_tokens(list(token_list) for token_list in source)
        return _tfidf(content, list(source.index), settings, tokens)
    if not isinstance(source, pd.DataFrame):
        raise TypeError(f"source must be a docs DataFrame or a Series of token lists, not {type(source).__name__}")
    corpus = encoded_corpus(source, tokens, cache=cache, workers=workers)
    key = cache_layer.stage_key(
        "tfidf",
        cache_layer.package_sources(__file__),
        corpus.key,
        str(settings),
        libraries=["scikit-learn"],  # its TfidfTransformer does the weighting
    )
    cached = _read_tfidf(cache, key, len(corpus.doc_ids)) if cache is not None else None
    if cached is not None:
        result = CorpusTfidf(*cached, corpus.doc_ids, settings, tokens)  # the segmentation is never read
    else:
        result = _tfidf(corpus.content, corpus.doc_ids, settings, tokens)
        if cache is not None:
            _write_tfidf(cache, key, result.matrix, result.terms)
    return result


def _tfidf(content: EncodedTokens, doc_ids: list, settings: TfidfSettings, tokens: TokenSettings) -> CorpusTfidf:
    counts, terms = _counts(content, settings)
    return CorpusTfidf(_weighted(counts, settings.sublinear_tf), terms, doc_ids, settings, tokens)


def _counts(content: EncodedTokens, settings: TfidfSettings) -> tuple[scipy.sparse.csr_matrix, np.ndarray]:
    """Documents × terms counts, terms sorted, kept when their document frequency is within ``[min_df, max_df]``
    (vocabulary entries that never occur are left out); documents × 0 when no term is left."""
    from scipy import sparse

    vocab, codes, offsets = content.vocab, content.codes, content.offsets
    n_docs = len(offsets) - 1
    used = np.zeros(len(vocab), dtype=bool)
    used[codes] = True
    used_ids = np.flatnonzero(used)
    n_terms = len(used_ids)
    if n_terms == 0:
        return sparse.csr_matrix((n_docs, 0), dtype=np.int64), np.array([], dtype=object)
    order = sorted(range(n_terms), key=lambda i: vocab[used_ids[i]])
    column = np.empty(len(vocab), dtype=np.int64)
    column[used_ids[order]] = np.arange(n_terms)
    counts = _block_counts(column, codes, offsets, n_terms)
    terms = np.array([vocab[used_ids[i]] for i in order], dtype=object)
    min_count = settings.min_df if isinstance(settings.min_df, int) else settings.min_df * n_docs
    max_count = settings.max_df if isinstance(settings.max_df, int) else settings.max_df * n_docs
    doc_freq = np.bincount(counts.indices, minlength=n_terms)
    keep = np.flatnonzero((doc_freq >= min_count) & (doc_freq <= max_count))
    if len(keep) < n_terms:
        counts, terms = counts[:, keep], terms[keep]
    return counts, terms


def _block_counts(column: np.ndarray, codes: np.ndarray, offsets: np.ndarray, n_terms: int) -> scipy.sparse.csr_matrix:
    """Documents × terms counts (one entry per document and term, indices sorted; float64, as the weighting
    takes them), built by blocks of documents of about :data:`COUNT_BLOCK_TOKENS` tokens and joined without a
    second copy of the matrix, so counting never holds 16 bytes for every token of the corpus."""
    from scipy import sparse

    data, indices, row_lengths = [], [], []
    for first, last in document_blocks(offsets, COUNT_BLOCK_TOKENS):
        low, high = offsets[first], offsets[last]
        block = sparse.csr_matrix(
            (np.ones(high - low), column[codes[low:high]], offsets[first : last + 1] - low),
            shape=(last - first, n_terms),
        )
        block.sum_duplicates()
        data.append(block.data)
        indices.append(block.indices)
        row_lengths.append(np.diff(block.indptr))
    lengths = np.concatenate(row_lengths) if row_lengths else np.zeros(0, dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return sparse.csr_matrix(
        (joined(data, np.float64), joined(indices, np.int32), indptr), shape=(len(offsets) - 1, n_terms)
    )


def _weighted(counts: scipy.sparse.csr_matrix, sublinear_tf: bool) -> scipy.sparse.csr_matrix:
    """The counts weighted in place (they are not kept): smoothed IDF, then L2-normalised rows."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    if counts.shape[1] == 0:  # nothing to weight (scikit-learn refuses an empty vocabulary)
        return sparse.csr_matrix(counts.shape, dtype=np.float64)
    weighting = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=sublinear_tf)
    return weighting.fit(counts).transform(counts, copy=False).tocsr()


def _write_tfidf(cache: Cache, key: str, matrix: scipy.sparse.csr_matrix, terms: np.ndarray) -> None:
    """Keep a TF-IDF matrix and its terms in the cache as plain arrays (kind ``tfidf``)."""
    cache.write_arrays(
        "tfidf",
        key,
        {
            "data": matrix.data,
            "indices": matrix.indices,
            "indptr": matrix.indptr,
            "shape": np.array(matrix.shape),
            "terms": tuple(terms.tolist()),
        },
    )


def _read_tfidf(cache: Cache, key: str, n_docs: int) -> tuple[scipy.sparse.csr_matrix, np.ndarray] | None:
    """The cached matrix and terms when the entry is whole and has ``n_docs`` rows, else None."""
    from scipy import sparse

    z = cache.read_arrays("tfidf", key)
    if z is None:
        return None
    try:
        shape = tuple(int(n) for n in z["shape"])
        matrix = sparse.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
        terms = np.array(z["terms"], dtype=object)
    except (KeyError, ValueError):
        return None
    if shape != (n_docs, len(terms)):
        return None
    return matrix, terms
