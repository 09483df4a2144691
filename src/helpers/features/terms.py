"""Which terms characterise each document and the corpus: frequencies, top TF-IDF terms, corpus themes,
and the same ranking next to jieba's general-language IDF.

Outputs are tidy frames, sorted deterministically (score descending, then
term), so notebook outputs are stable.

    >>> import pandas as pd
    >>> tokens = pd.Series([["党建", "基层"], ["党建", "高校"]], index=["a", "b"])
    >>> top_terms(corpus_tfidf(tokens), k=1)[["doc_id", "term"]].values.tolist()
    [['a', '基层'], ['b', '高校']]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import stored
from helpers.cache import Cache
from helpers.features.tfidf import CorpusTfidf, TfidfSettings, corpus_tfidf
from helpers.tokens import EncodedTokens, default_filter, default_segmenter, encoded_corpus
from helpers.tokens.encoded import document_blocks


def top_terms(tfidf: CorpusTfidf, k: int | None = 20, *, doc_ids: Collection[str] | None = None) -> pd.DataFrame:
    """The ``k`` highest TF-IDF terms of every document (None: all), a tidy table ``doc_id, term, score, rank``.

    IDF is fitted to the corpus ``tfidf`` was computed on (:func:`corpus_tfidf`),
    so a term every document uses scores low. Documents keep the corpus's order;
    ties break by term. ``doc_ids`` keeps only those documents' rows (a per-document
    view of a sample), before the table is made.

        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["落实三会一课制度", "建强基层党组织"]})
        >>> top_terms(corpus_tfidf(docs), k=1)[["doc_id", "term", "rank"]].values.tolist()
        [['a', '三会一课', 1], ['b', '基层党组织', 1]]
        >>> top_terms(corpus_tfidf(docs), k=1, doc_ids=["b"])["term"].tolist()
        ['基层党组织']
    """
    all_ids = np.array(tfidf.doc_ids, dtype=object)
    rows = np.arange(len(all_ids)) if doc_ids is None else np.flatnonzero(pd.Index(all_ids).isin(list(doc_ids)))
    coo = tfidf.matrix[rows].tocoo()
    scores = coo.data.astype(float)
    # ranked in numpy, and only the kept entries become strings: a large corpus has tens of millions of entries
    term_rank = np.argsort(np.argsort(np.asarray(tfidf.terms, dtype=object), kind="stable"), kind="stable")
    order = np.lexsort((term_rank[coo.col], -scores, coo.row))  # documents in corpus order, best score first
    row, col, scores = coo.row[order], coo.col[order], scores[order]
    starts = np.searchsorted(row, row, side="left")
    rank = np.arange(len(row)) - starts + 1
    kept = slice(None) if k is None else rank <= k
    return pd.DataFrame(
        {
            "doc_id": all_ids[rows][row[kept]],
            "term": np.asarray(tfidf.terms, dtype=object)[col[kept]],
            "score": scores[kept],
            "rank": rank[kept].astype(np.int64),
        }
    )


def term_frequencies(tokens: pd.Series | EncodedTokens) -> pd.DataFrame:
    """Corpus term counts: ``term, count, doc_count, share`` (share of all tokens), most frequent first.

    ``tokens`` are the documents' token lists (:func:`helpers.tokens.tokenize_corpus`), or the same as
    codes (``helpers.encoded_corpus(docs).content``), counted without making a list per document.

        >>> term_frequencies(pd.Series([["党建", "基层"], ["党建"]])).round(3).to_dict("records")[0]
        {'term': '党建', 'count': 2, 'doc_count': 2, 'share': 0.667}
    """
    if isinstance(tokens, EncodedTokens):
        terms, counts, doc_counts = _encoded_counts(tokens)
    else:
        count = Counter(t for toks in tokens for t in toks)
        doc_count = Counter(t for toks in tokens for t in set(toks))
        terms, counts, doc_counts = list(count), list(count.values()), [doc_count[t] for t in count]
    frame = pd.DataFrame({"term": terms, "count": counts, "doc_count": doc_counts})
    frame["share"] = frame["count"] / (frame["count"].sum() or 1)
    return frame.sort_values(["count", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


# Tokens whose (document, term) pairs are counted at a time: the pairs' arrays stay a few MB whatever the corpus.
COUNT_BLOCK_TOKENS = 1_000_000


def _encoded_counts(
    tokens: EncodedTokens, block_tokens: int = COUNT_BLOCK_TOKENS
) -> tuple[list, np.ndarray, np.ndarray]:
    """Every used vocabulary entry with its occurrences and the documents it occurs in, from the codes.

    >>> from helpers.tokens import encode_tokens
    >>> _encoded_counts(encode_tokens([["党建", "党建"], ["基层"]]))
    (['党建', '基层'], array([2, 1]), array([1, 1]))
    """
    from scipy import sparse

    n_entries, offsets = len(tokens.vocab), tokens.offsets
    counts = np.bincount(tokens.codes, minlength=n_entries)
    doc_counts = np.zeros(n_entries, dtype=np.int64)
    # documents in blocks of about block_tokens tokens; in each, a documents × entries matrix whose summed
    # duplicates leave one stored entry per (document, entry) used (short sorts row by row)
    for first, last in document_blocks(offsets, max(block_tokens, 1)):
        begin, end = int(offsets[first]), int(offsets[last])
        block = sparse.csr_matrix(
            (np.ones(end - begin, dtype=np.int32), tokens.codes[begin:end], offsets[first : last + 1] - begin),
            shape=(last - first, n_entries),
        )
        block.sum_duplicates()
        doc_counts += np.bincount(block.indices, minlength=n_entries)
    used = np.flatnonzero(counts)
    keys = tokens.keys()
    return [keys[i] for i in used.tolist()], counts[used], doc_counts[used]


def frequencies(tokens: Iterable[str]) -> dict[str, int]:
    """Token counts, most frequent first (ties by term), for a word cloud.

    >>> frequencies(["党建", "基层", "党建"])
    {'党建': 2, '基层': 1}
    """
    count = Counter(tokens)
    return dict(sorted(count.items(), key=lambda kv: (-kv[1], kv[0])))


def distinctive_terms(
    tokens: pd.Series | pd.DataFrame, k: int = 30, *, min_df: int = 2, cache: Cache | None = None
) -> pd.DataFrame:
    """Terms that characterise the corpus as a whole: ``term, score, doc_count, count, rank``.

    The score is a term's TF-IDF weight summed over documents (each document
    L2-normalised, so long documents do not dominate). ``min_df`` keeps terms
    found in at least that many documents (a corpus theme, not one article's
    topic; a corpus of one document asks for one): the TF-IDF is computed here,
    from ``tokens``, because no other table uses that setting.

    ``tokens`` are the documents' token lists, or the docs frame itself: then the segmentation and the
    matrix come from ``cache`` (the matrix is ``corpus_tfidf(docs, TfidfSettings(min_df=2))``'s, which
    the topics use too) and no document's token list is made.

        >>> distinctive_terms(pd.Series([["党建", "基层"], ["党建", "高校"]]))["term"].tolist()
        ['党建']
        >>> distinctive_terms(pd.DataFrame({"doc_id": ["a", "b"], "text": ["党建基层", "党建高校"]}))["term"].tolist()
        ['党建']
    """
    settings = TfidfSettings(min_df=min(min_df, max(len(tokens), 1)))
    if isinstance(tokens, pd.DataFrame):
        tfidf = corpus_tfidf(tokens, settings, cache=cache)
        freq = term_frequencies(encoded_corpus(tokens, cache=cache).content).set_index("term")
    else:
        tfidf = corpus_tfidf(tokens, settings)
        freq = term_frequencies(tokens).set_index("term")
    frame = pd.DataFrame({"term": tfidf.terms, "score": np.asarray(tfidf.matrix.sum(axis=0)).ravel()})
    frame["doc_count"] = freq.loc[frame["term"], "doc_count"].to_numpy()
    frame["count"] = freq.loc[frame["term"], "count"].to_numpy()
    frame = frame.sort_values(["score", "term"], ascending=[False, True], kind="stable").head(k)
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame.reset_index(drop=True)


# ------------------------------------------------------------ next to jieba's general IDF
@lru_cache(maxsize=1)
def _jieba_extractor():
    """jieba's TF-IDF keyword extractor over the project's jieba Segmenter, built once (reads jieba's IDF table)."""
    from jieba.analyse.tfidf import TFIDF

    seg = default_segmenter("jieba")
    extractor = TFIDF()
    extractor.tokenizer = seg.tokenizer
    extractor.postokenizer = seg.pos_tokenizer
    extractor.stop_words = set(extractor.stop_words) | set(default_filter().stopwords)
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
    text = default_segmenter("jieba").prepare(text)
    tags = _jieba_extractor().extract_tags(text, topK=k, withWeight=True, allowPOS=tuple(allow_pos))
    return [(w, float(s)) for w, s in tags]


def compare_with_jieba(docs: pd.DataFrame, tfidf: CorpusTfidf, k: int = 10) -> pd.DataFrame:
    """Top terms per document by corpus-fitted TF-IDF next to jieba's general IDF.

    Columns ``doc_id, rank, corpus_tfidf, jieba_idf, in_both``: one row per
    rank, so a reader sees which terms fitting IDF to the corpus promotes
    (local specifics) and which jieba's general table promotes (words common
    in this genre but rare in general Chinese, such as 党组织).

    ``tfidf`` is the corpus's TF-IDF (:func:`corpus_tfidf`); ``docs`` (columns
    ``doc_id``, ``text``) may be a sample of its documents, since jieba's
    extractor is pure Python and slow on a large corpus. jieba's terms pass the
    same token filter as the corpus's (``tfidf.tokens``, a part-of-speech filter aside).

        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["落实三会一课制度", "建强基层党组织"]})
        >>> compare_with_jieba(docs, corpus_tfidf(docs), k=1)["corpus_tfidf"].tolist()
        ['三会一课', '基层党组织']
    """
    token_filter = default_filter()
    ours = top_terms(tfidf, k=k)
    rows = []
    for doc_id, text in zip(docs["doc_id"], stored.read_column(docs, "text")):
        mine = ours.loc[ours["doc_id"] == doc_id, "term"].tolist()
        theirs = [w for w, _ in jieba_keywords(str(text), k=k * 3) if token_filter.keep(w, tfidf.tokens)][:k]
        for i in range(k):
            a = mine[i] if i < len(mine) else ""
            b = theirs[i] if i < len(theirs) else ""
            rows.append(
                {"doc_id": doc_id, "rank": i + 1, "corpus_tfidf": a, "jieba_idf": b, "in_both": bool(a) and a in theirs}
            )
    return pd.DataFrame(rows, columns=["doc_id", "rank", "corpus_tfidf", "jieba_idf", "in_both"])


def keyword_overlap(comparison: pd.DataFrame) -> pd.DataFrame:
    """Share of each document's corpus-TF-IDF top terms that jieba's IDF also ranks in its top k.

    >>> keyword_overlap(pd.DataFrame({"doc_id": ["a", "a"], "in_both": [True, False]})).values.tolist()
    [['a', 0.5]]
    """
    return comparison.groupby("doc_id", sort=False)["in_both"].mean().rename("overlap").reset_index()
