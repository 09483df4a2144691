"""Themes: TF-IDF, top terms, topics, KWIC; top terms of the cleaned seeds carry no noise."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.cache import Cache
from helpers.corpus import document_labels
from helpers.features import (
    TfidfSettings,
    compare_with_jieba,
    corpus_tfidf,
    distinctive_terms,
    frequencies,
    kwic,
    nmf_topics,
    sample_documents,
    term_frequencies,
    top_terms,
    weights_by_doc,
)
from helpers.features.terms import _encoded_counts
from helpers.tokens import encode_tokens, encoded_corpus, read_stopwords, tokenize_corpus

TOKENS = pd.Series(
    [
        ["基层党组织", "建设", "三会一课", "三会一课", "三会一课", "党员"],
        ["两新组织", "党建", "建设", "党员", "非公企业"],
        ["嘎查村", "党员", "致富能手", "建设", "致富能手"],
    ],
    index=pd.Index(["c", "a", "b"], name="doc_id"),
)

DOCS = pd.DataFrame(
    {
        "doc_id": ["x1", "x2", "x3"],
        "text": [
            "各级党组织认真落实三会一课制度，三会一课是党的组织生活的基本制度。",
            "推动两新组织党的组织覆盖，非公企业党建取得新进展。",
            "嘎查村党组织书记带头致富，培养致富能手。",
        ],
    }
)

BOILERPLATE = ("网", "版权", "转载", "下载", "文档", "编辑", "房天下")


def test_tfidf_shape_terms_and_norm():
    tfidf = corpus_tfidf(TOKENS)
    X, terms = tfidf.matrix, tfidf.terms
    assert X.shape == (3, len(terms)) and tfidf.doc_ids == ["c", "a", "b"]
    assert list(terms) == sorted(terms)
    assert np.allclose(np.sqrt(X.multiply(X).sum(axis=1)).A1, 1.0)
    # a term in every document scores below a term in one
    row = X[1].toarray().ravel()
    assert row[list(terms).index("建设")] < row[list(terms).index("两新组织")]


def test_tfidf_sublinear_tf_dampens_repetition():
    lin = corpus_tfidf(TOKENS, TfidfSettings(sublinear_tf=False))
    sub = corpus_tfidf(TOKENS, TfidfSettings(sublinear_tf=True))
    j = list(lin.terms).index("三会一课")
    assert sub.matrix[0, j] < lin.matrix[0, j]


def test_tfidf_min_df_prunes_rare_terms():
    assert set(corpus_tfidf(TOKENS, TfidfSettings(min_df=2)).terms) == {"建设", "党员"}


def test_top_terms_is_tidy_ranked_and_in_corpus_order():
    table = top_terms(corpus_tfidf(TOKENS), k=2)
    assert table.columns.tolist() == ["doc_id", "term", "score", "rank"]
    assert table["doc_id"].drop_duplicates().tolist() == ["c", "a", "b"]
    for _, part in table.groupby("doc_id"):
        assert part["rank"].tolist() == [1, 2]
        assert part["score"].is_monotonic_decreasing
    assert table.loc[table["doc_id"] == "c", "term"].iloc[0] == "三会一课"
    assert top_terms(corpus_tfidf(TOKENS), k=2).equals(table)
    assert len(top_terms(corpus_tfidf(TOKENS), k=None)) == corpus_tfidf(TOKENS).matrix.nnz


def test_top_terms_from_docs_frame_segments_with_the_domain_dictionary():
    table = top_terms(corpus_tfidf(DOCS), k=3)
    assert table.loc[table["doc_id"] == "x1", "term"].iloc[0] == "三会一课"
    assert "两新组织" in table.loc[table["doc_id"] == "x2", "term"].tolist()
    assert table.equals(top_terms(corpus_tfidf(tokenize_corpus(DOCS)), k=3))  # the same from its tokens


def test_top_terms_of_some_documents_are_those_rows_of_the_whole_table():
    tfidf = corpus_tfidf(TOKENS)
    whole = top_terms(tfidf, k=2)
    some = ["c", "a"]
    expected = whole[whole["doc_id"].isin(some)].reset_index(drop=True)
    pd.testing.assert_frame_equal(top_terms(tfidf, k=2, doc_ids=some), expected)


def test_term_frequencies_and_frequencies():
    freq = term_frequencies(TOKENS)
    assert freq.iloc[0]["term"] == "三会一课" or freq.iloc[0]["count"] >= 3
    assert freq.set_index("term").loc["党员", "doc_count"] == 3
    assert np.isclose(freq["share"].sum(), 1.0)
    assert list(frequencies(["党建", "基层", "党建"]).items()) == [("党建", 2), ("基层", 1)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["党建", "基层", "党员", "两新组织", "𠀀"]), max_size=6), max_size=6))
def test_term_frequencies_from_codes_equal_those_from_token_lists(lists):
    from_lists = term_frequencies(pd.Series(lists, dtype=object))
    pd.testing.assert_frame_equal(term_frequencies(encode_tokens(lists)), from_lists, check_dtype=False)
    terms, counts, doc_counts = _encoded_counts(encode_tokens(lists), block_tokens=2)  # documents in many blocks
    assert dict(zip(terms, doc_counts.tolist())) == from_lists.set_index("term")["doc_count"].to_dict()
    assert dict(zip(terms, counts.tolist())) == from_lists.set_index("term")["count"].to_dict()


def test_distinctive_terms_of_a_docs_frame_equal_those_of_its_tokens(tmp_path):
    docs = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "text": ["落实三会一课制度，加强基层党建", "基层党建与两新组织", "高校党建"]}
    )
    cache = Cache(tmp_path)
    expected = distinctive_terms(tokenize_corpus(docs), k=5, min_df=2)
    pd.testing.assert_frame_equal(distinctive_terms(docs, k=5, min_df=2, cache=cache), expected)
    assert term_frequencies(encoded_corpus(docs, cache=cache).content).equals(term_frequencies(tokenize_corpus(docs)))


def test_distinctive_terms_need_several_documents():
    table = distinctive_terms(TOKENS, k=5, min_df=2)
    assert set(table["term"]) == {"建设", "党员"}
    assert table["rank"].tolist() == list(range(1, len(table) + 1))


def test_nmf_topics_are_reproducible_and_weights_normalised():
    terms1, docs1 = nmf_topics(corpus_tfidf(TOKENS), n_topics=2, random_state=0)
    terms2, docs2 = nmf_topics(corpus_tfidf(TOKENS), n_topics=2, random_state=0)
    assert terms1.equals(terms2) and docs1.equals(docs2)
    assert docs1.index.tolist() == ["c", "a", "b"]
    assert np.allclose(docs1.sum(axis=1), 1.0)
    assert set(terms1["topic"]) == {"T1", "T2"}
    assert terms1.columns.tolist() == ["topic", "term", "weight", "rank"]


def test_kwic_windows_and_counts():
    table = kwic(DOCS, "三会一课", window=5)
    assert table.columns.tolist() == ["doc_id", "left", "term", "right"]
    assert len(table) == DOCS["text"].str.count("三会一课").sum() == 2
    assert all(len(s) <= 5 for s in table["left"]) and all(len(s) <= 5 for s in table["right"])
    assert table.iloc[0]["left"] == "织认真落实" and table.iloc[0]["right"] == "制度，三会"
    assert kwic(DOCS, "不存在的词").empty
    assert len(kwic(DOCS, "党", window=2, max_hits=1)) == 1


def test_compare_with_jieba_lines_up_two_rankings():
    tfidf = corpus_tfidf(DOCS)
    table = compare_with_jieba(DOCS, tfidf, k=3)
    assert table.columns.tolist() == ["doc_id", "rank", "corpus_tfidf", "jieba_idf", "in_both"]
    assert len(table) == 3 * len(DOCS)
    stop = read_stopwords()
    assert not set(table["jieba_idf"]) & stop
    # a sample of the documents, IDF still fitted to the whole corpus (here from its tokens)
    sample = compare_with_jieba(DOCS.iloc[[1]], corpus_tfidf(tokenize_corpus(DOCS)), k=3)
    assert sample.equals(table[table["doc_id"] == "x2"].reset_index(drop=True))


def test_weights_by_doc_and_sampling():
    table = top_terms(corpus_tfidf(TOKENS), k=2)
    weights = weights_by_doc(table)
    assert list(weights) == ["c", "a", "b"] and len(weights["c"]) == 2
    assert sample_documents(list("abc"), 5) == ["a", "b", "c"]
    picked = sample_documents([str(i) for i in range(100)], 10, random_state=1)
    assert len(picked) == 10 and picked == sorted(picked, key=int)
    assert picked == sample_documents([str(i) for i in range(100)], 10, random_state=1)


# ----------------------------------------------------------------- on the seeds
@pytest.fixture(scope="module")
def clean_docs() -> pd.DataFrame:
    pipeline = pytest.importorskip("helpers.clean.store", reason="helpers.load_clean_corpus not written yet")
    return pipeline.load_clean_corpus()


def test_top20_of_every_seed_article_is_clean(clean_docs):
    assert len(clean_docs) == 13
    table = top_terms(corpus_tfidf(clean_docs), k=20)
    assert table.groupby("doc_id").size().eq(20).all()
    stop = read_stopwords()
    bad = [
        (row.doc_id, row.term)
        for row in table.itertuples()
        if row.term == "网"
        or any(b in row.term for b in BOILERPLATE if len(b) > 1)
        or re.search(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]", row.term)  # Latin, pinyin or digits
        or row.term in stop
        or len(row.term) < 2
    ]
    assert not bad, bad


def test_field_terms_surface_in_seed_themes(clean_docs):
    terms = set(top_terms(corpus_tfidf(clean_docs), k=20)["term"])
    assert {"基层党组织", "创先争优", "红色堡垒"} & terms


def test_theme_functions_take_what_they_need_and_labels_come_from_the_corpus():
    import inspect

    import helpers.features as features

    # no theme function takes a docs frame or a token Series to turn into TF-IDF behind the caller's back
    for name in ("top_terms", "nmf_topics", "nmf_model_selection"):
        assert next(iter(inspect.signature(getattr(features, name)).parameters)) == "tfidf", name
    assert not hasattr(features, "short_labels")
    labels = document_labels(pd.DataFrame({"doc_id": ["004_7c2344e521650bcf-02"], "title": ["新形势下基层党建"]}))
    assert labels.to_dict() == {"004_7c2344e521650bcf-02": "004-02 新形势下基层党建"}


def test_the_topic_model_sees_the_settings_it_is_given():
    few = corpus_tfidf(TOKENS, TfidfSettings(min_df=2))
    terms, _ = nmf_topics(few, 1)
    assert set(terms["term"]) <= {"建设", "党员"}


def test_topics_are_learnt_in_mini_batches_only_from_the_stated_size(monkeypatch):
    """Below MINIBATCH_NMF_MIN_DOCS the full NMF (today's results); from it on MiniBatchNMF, same tables."""
    from sklearn.decomposition import NMF, MiniBatchNMF

    from helpers.features import topics

    below = topics._nmf(2, 0, topics.MINIBATCH_NMF_MIN_DOCS - 1)
    assert type(below) is NMF and below.max_iter == 1000
    assert type(topics._nmf(2, 0, topics.MINIBATCH_NMF_MIN_DOCS)) is MiniBatchNMF
    tfidf = corpus_tfidf(TOKENS)
    full = topics.nmf_model_selection(tfidf, range(2, 3))
    monkeypatch.setattr(topics, "MINIBATCH_NMF_MIN_DOCS", len(TOKENS))
    terms, weights = nmf_topics(tfidf, 2)
    assert weights.columns.tolist() == ["T1", "T2"] and np.allclose(weights.sum(axis=1), 1.0)
    assert set(terms["term"]) <= set(tfidf.terms) and (terms["weight"] > 0).all()
    batched = topics.nmf_model_selection(tfidf, range(2, 3))
    assert batched.columns.tolist() == full.columns.tolist() and batched["k"].tolist() == [2]
    assert batched["reconstruction_error"].iloc[0] >= full["reconstruction_error"].iloc[0] - 1e-9
