"""term_counts and tfidf_matrix give exactly what scikit-learn's vectorisers give on pre-tokenised input.

They count through integer codes instead of scikit-learn's per-token Python loop
(many times faster on a large corpus); this pins that nothing else changes.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from helpers.features.themes import term_counts, tfidf_matrix

WORDS = ["基层党组织", "建设", "三会一课", "党员", "两新组织", "嘎查村", "a", "B", "b", "10", "党建", "第一书记"]
corpora = st.lists(st.lists(st.sampled_from(WORDS), max_size=15), min_size=1, max_size=8)
bounds = st.sampled_from([(1, 1.0), (2, 1.0), (1, 0.5), (0.3, 0.9), (1, 2), (2, 3)])


def identity(tokens):
    return tokens


def reference(docs, min_df, max_df, sublinear_tf):
    vec = TfidfVectorizer(analyzer=identity, lowercase=False, min_df=min_df, max_df=max_df,
                          sublinear_tf=sublinear_tf, norm="l2", smooth_idf=True)
    return vec.fit_transform(docs), vec.get_feature_names_out()


@settings(max_examples=300, deadline=None)
@given(corpora, bounds, st.booleans())
def test_tfidf_matrix_equals_scikit_learns(docs, bound, sublinear_tf):
    min_df, max_df = bound
    try:
        expected, expected_terms = reference(docs, min_df, max_df, sublinear_tf)
    except ValueError:
        with pytest.raises(ValueError):
            tfidf_matrix(docs, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf)
        return
    X, terms = tfidf_matrix(docs, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf)
    assert terms.tolist() == expected_terms.tolist()
    assert X.shape == expected.shape
    assert np.allclose(X.toarray(), expected.toarray(), rtol=0, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(corpora)
def test_term_counts_equal_count_vectorizers(docs):
    try:
        vec = CountVectorizer(analyzer=identity, lowercase=False)
        expected = vec.fit_transform(docs)
    except ValueError:
        with pytest.raises(ValueError):
            term_counts(docs)
        return
    counts, terms = term_counts(docs)
    assert terms.tolist() == vec.get_feature_names_out().tolist()
    assert (counts != expected).nnz == 0


def test_corpus_tfidf_equals_tfidf_of_the_tokens_and_is_read_back_while_current(tmp_path):
    import pandas as pd

    from helpers.tokens.segment import tokenize_corpus
    from helpers.features.themes import corpus_tfidf

    docs = pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "text": ["各级党组织认真落实三会一课制度，加强党员教育。", "推动两新组织党建工作，加强党员教育管理。", "嘎查村党组织带头致富，培养致富能手。"],
    })
    for settings in ({}, {"min_df": 2}, {"sublinear_tf": False}, {"keep_single_chars": True}):
        tfidf_settings = {k: v for k, v in settings.items() if k != "keep_single_chars"}
        listed = tokenize_corpus(docs, use_cache=False, **{k: v for k, v in settings.items() if k == "keep_single_chars"})
        expected, expected_terms = tfidf_matrix(listed.tolist(), **tfidf_settings)
        first = corpus_tfidf(docs, cache_dir=tmp_path, **settings)
        again = corpus_tfidf(docs, cache_dir=tmp_path, **settings)
        for result in (first, again):
            assert result.doc_ids == ["a", "b", "c"]
            assert result.terms.tolist() == expected_terms.tolist()
            assert np.allclose(result.matrix.toarray(), expected.toarray(), rtol=0, atol=1e-12)
    files = sorted(path.name for path in (tmp_path / "segment").glob("tfidf-*.npz"))
    assert len(files) == 4  # one per setting, none overwritten
    # a current matrix is read back: the token codes are not even looked at
    from helpers.tokens import segment

    def no_tokens(*args, **kwargs):
        raise AssertionError("the TF-IDF cache was not used")

    real = segment.read_encoded, segment.segment_corpus
    segment.read_encoded = segment.segment_corpus = no_tokens
    try:
        assert corpus_tfidf(docs, cache_dir=tmp_path, min_df=2).matrix.shape[0] == 3
    finally:
        segment.read_encoded, segment.segment_corpus = real
    # a changed text is a new key: the old matrix is never returned
    changed = docs.assign(text=docs["text"].str.replace("三会一课", "主题党日", regex=False))
    assert "主题党日" in corpus_tfidf(changed, cache_dir=tmp_path).terms.tolist()
    assert len(list((tmp_path / "segment").glob("tfidf-*.npz"))) == 5


def test_a_new_scikit_learn_version_computes_the_tfidf_afresh(tmp_path, monkeypatch):
    import pandas as pd

    from helpers.features import themes

    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["各级党组织认真落实三会一课制度。", "推动两新组织党建工作。"]})
    themes.corpus_tfidf(docs, cache_dir=tmp_path)
    monkeypatch.setattr(themes, "_sklearn_version", lambda: "0.0-another")
    themes.corpus_tfidf(docs, cache_dir=tmp_path)
    assert len(list((tmp_path / "segment").glob("tfidf-*.npz"))) == 2  # the weighting library is in the key
