"""corpus_tfidf gives exactly what scikit-learn's vectorisers give on pre-tokenised input, is cached while
current, and its cache key covers everything the stage reads.

It counts through integer codes instead of scikit-learn's per-token Python loop
(many times faster on a large corpus); this pins that nothing else changes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import (
    CountVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)

import helpers.cache as cache_layer
import helpers.config as config
import helpers.features as features_package
import helpers.tokens as tokens_package
from helpers.cache import Cache
from helpers.config import DATA_DIR
from helpers.features import CorpusTfidf, TfidfSettings, corpus_tfidf
from helpers.tokens import TokenSettings, dictionary, reload_word_lists, tokenize_corpus
from helpers.tokens import corpus as token_corpus
from stage_inputs import another_version_of, classify, files_opened, modified_data_dir

WORDS = ["基层党组织", "建设", "三会一课", "党员", "两新组织", "嘎查村", "a", "B", "b", "10", "党建", "第一书记"]
corpora = st.lists(st.lists(st.sampled_from(WORDS), max_size=15), min_size=1, max_size=8)
bounds = st.sampled_from([(1, 1.0), (2, 1.0), (1, 0.5), (0.3, 0.9), (1, 2), (2, 3)])

DOCS = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c"],
        "text": [
            "各级党组织认真落实三会一课制度，加强党员教育。",
            "推动两新组织党建工作，加强党员教育管理。",
            "嘎查村党组织带头致富，培养致富能手。",
        ],
    }
)


def identity(tokens):
    return tokens


def reference(docs, min_df, max_df, sublinear_tf):
    vec = TfidfVectorizer(
        analyzer=identity,
        lowercase=False,
        min_df=min_df,
        max_df=max_df,
        sublinear_tf=sublinear_tf,
        norm="l2",
        smooth_idf=True,
    )
    return vec.fit_transform(docs), vec.get_feature_names_out()


def of_lists(docs) -> pd.Series:
    return pd.Series(docs, index=[f"d{i}" for i in range(len(docs))], dtype=object)


@settings(max_examples=300, deadline=None)
@given(corpora, bounds, st.booleans())
def test_corpus_tfidf_equals_scikit_learns(docs, bound, sublinear_tf):
    min_df, max_df = bound
    tfidf_settings = TfidfSettings(min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf)
    result = corpus_tfidf(of_lists(docs), tfidf_settings)
    assert result.matrix.shape == (len(docs), len(result.terms)) and result.settings == tfidf_settings
    try:
        expected, expected_terms = reference(docs, min_df, max_df, sublinear_tf)
    except ValueError:  # scikit-learn refuses a result without terms; here it is documents × 0
        assert result.terms.tolist() == [] and result.matrix.nnz == 0
        return
    assert result.terms.tolist() == expected_terms.tolist()
    assert np.allclose(result.matrix.toarray(), expected.toarray(), rtol=0, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(corpora)
def test_counted_terms_equal_count_vectorizers(docs):
    try:
        vec = CountVectorizer(analyzer=identity, lowercase=False)
        expected = vec.fit_transform(docs)
    except ValueError:  # no term at all
        assert corpus_tfidf(of_lists(docs)).terms.size == 0
        return
    result = corpus_tfidf(of_lists(docs), TfidfSettings(sublinear_tf=False))
    assert result.terms.tolist() == vec.get_feature_names_out().tolist()
    assert ((result.matrix != 0) != (expected != 0)).nnz == 0  # the same (document, term) pairs


def test_tfidf_settings_are_frozen_values_checked_like_scikit_learns():
    assert str(TfidfSettings()) == "min_df=1|max_df=1.0|sublinear_tf=True"
    assert str(TfidfSettings(min_df=np.int64(2))) == str(TfidfSettings(min_df=2))
    assert str(TfidfSettings(min_df=1)) != str(TfidfSettings(min_df=1.0))  # a count is no share
    assert TfidfSettings(min_df=2) == TfidfSettings(min_df=2) and hash(TfidfSettings()) == hash(TfidfSettings())
    with pytest.raises(AttributeError):
        TfidfSettings().min_df = 2  # type: ignore[misc]
    for bad in ({"min_df": -1}, {"max_df": 1.5}, {"min_df": 2, "max_df": 1}, {"min_df": 0.6, "max_df": 0.5}):
        with pytest.raises(ValueError):
            TfidfSettings(**bad)
    with pytest.raises(TypeError):
        TfidfSettings(min_df="2")  # type: ignore[arg-type]


def test_no_term_left_is_a_documents_by_zero_result():
    for tokens, tfidf_settings in (
        (pd.Series([[], []], index=["a", "b"]), TfidfSettings()),
        (pd.Series([["党建"], ["基层"]], index=["a", "b"]), TfidfSettings(min_df=2)),
        (pd.Series([["党建"]], index=["a"]), TfidfSettings(min_df=2)),  # fewer documents
        (pd.Series([], dtype=object), TfidfSettings()),
    ):
        result = corpus_tfidf(tokens, tfidf_settings)
        assert result.matrix.shape == (len(tokens), 0) and result.terms.size == 0
        assert result.doc_ids == list(tokens.index)
    empty = corpus_tfidf(DOCS.assign(text=["，。", "2016", "ABC"]))
    assert empty.matrix.shape == (3, 0) and empty.doc_ids == ["a", "b", "c"]


def test_a_token_series_carries_its_settings_and_is_never_cached(tmp_path):
    tokens = tokenize_corpus(DOCS, TokenSettings(keep_single_chars=True))
    result = corpus_tfidf(tokens, TfidfSettings(min_df=2), tokens=TokenSettings(keep_single_chars=True))
    assert isinstance(result, CorpusTfidf) and result.doc_ids == ["a", "b", "c"]
    assert result.settings == TfidfSettings(min_df=2) and result.tokens == TokenSettings(keep_single_chars=True)
    with pytest.raises(ValueError, match="not cached"):
        corpus_tfidf(tokens, cache=Cache(tmp_path))
    with pytest.raises(TypeError):
        corpus_tfidf(tokens.tolist())  # type: ignore[arg-type]


def test_corpus_tfidf_equals_tfidf_of_the_tokens_and_is_read_back_while_current(tmp_path, monkeypatch):
    cache = Cache(tmp_path, keep=100)
    variants = [
        (TfidfSettings(), TokenSettings()),
        (TfidfSettings(min_df=2), TokenSettings()),
        (TfidfSettings(sublinear_tf=False), TokenSettings()),
        (TfidfSettings(), TokenSettings(keep_single_chars=True)),
    ]
    for tfidf_settings, token_settings in variants:
        listed = tokenize_corpus(DOCS, token_settings)
        expected = corpus_tfidf(listed, tfidf_settings)
        first = corpus_tfidf(DOCS, tfidf_settings, tokens=token_settings, cache=cache)
        again = corpus_tfidf(DOCS, tfidf_settings, tokens=token_settings, cache=cache)
        for result in (first, again):
            assert result.doc_ids == ["a", "b", "c"]
            assert result.settings == tfidf_settings and result.tokens == token_settings
            assert result.terms.tolist() == expected.terms.tolist()
            assert np.allclose(result.matrix.toarray(), expected.matrix.toarray(), rtol=0, atol=1e-12)
    assert len(list((tmp_path / "tfidf").iterdir())) == 4  # one per setting, none overwritten

    # a current matrix is read back: the token codes are not even looked at
    def no_tokens(*args, **kwargs):
        raise AssertionError("the TF-IDF cache was not used")

    with monkeypatch.context() as patched:
        patched.setattr(token_corpus, "read_encoded", no_tokens)
        patched.setattr(token_corpus, "segment_corpus", no_tokens)
        assert corpus_tfidf(DOCS, TfidfSettings(min_df=2), cache=cache).matrix.shape[0] == 3
    # a changed text is a new key: the old matrix is never returned
    changed = DOCS.assign(text=DOCS["text"].str.replace("三会一课", "主题党日", regex=False))
    assert "主题党日" in corpus_tfidf(changed, cache=cache).terms.tolist()
    assert len(list((tmp_path / "tfidf").iterdir())) == 5
    # a result without terms is cached too
    nothing = corpus_tfidf(DOCS.iloc[:1], TfidfSettings(min_df=2), cache=cache)
    assert (
        nothing.matrix.shape == (1, 0)
        and corpus_tfidf(DOCS.iloc[:1], TfidfSettings(min_df=2), cache=cache).terms.size == 0
    )


def test_every_setting_is_in_the_key(tmp_path):
    cache = Cache(tmp_path, keep=100)
    variants = [
        (TfidfSettings(), TokenSettings()),
        (TfidfSettings(min_df=2), TokenSettings()),
        (TfidfSettings(max_df=0.9), TokenSettings()),
        (TfidfSettings(sublinear_tf=False), TokenSettings()),
        (TfidfSettings(), TokenSettings(keep_single_chars=True)),
        (TfidfSettings(), TokenSettings(keep_stopwords=True)),
        (TfidfSettings(), TokenSettings(pos=("n",))),
        (TfidfSettings(), TokenSettings(engine="jieba")),
    ]
    for tfidf_settings, token_settings in variants:
        corpus_tfidf(DOCS, tfidf_settings, tokens=token_settings, cache=cache, workers=1)
    assert len(list((tmp_path / "tfidf").iterdir())) == len(variants)
    corpus_tfidf(DOCS, TfidfSettings(), tokens=TokenSettings(engine="rjieba"), cache=cache)  # the default engine, named
    assert len(list((tmp_path / "tfidf").iterdir())) == len(variants)


# ------------------------------------------------------------ the key covers what the stage reads
def count_weightings(monkeypatch) -> list[int]:
    """Every TF-IDF weighting from now on (the matrix was computed: the cache missed)."""
    calls: list[int] = []
    real = TfidfTransformer.fit

    def counted(self, X, y=None):
        calls.append(X.shape[0])
        return real(self, X, y)

    monkeypatch.setattr(TfidfTransformer, "fit", counted)
    return calls


def test_the_tfidf_key_covers_everything_the_stage_reads(tmp_path, monkeypatch):
    """Derived from what the stage opens: every data file, library and module of the tokens and features
    packages must give a new cache entry and a new weighting when it changes."""

    def entries() -> set[str]:
        folder = cache.folder / "tfidf"
        return {p.name for p in folder.iterdir()} if folder.is_dir() else set()

    monkeypatch.setattr(dictionary, "CACHE_DIR", tmp_path / "shared")
    corpus_tfidf(DOCS, cache=Cache(tmp_path / "warm"), workers=1)  # imports done
    reload_word_lists()
    cache = Cache(tmp_path / "cache", keep=100)
    with files_opened() as opened:
        corpus_tfidf(DOCS, cache=cache, workers=1)
    reads = classify(opened, [cache.folder, tmp_path / "shared"])
    key_modules = {
        m.resolve()
        for m in [
            *cache_layer.package_sources(tokens_package.__file__),
            *cache_layer.package_sources(features_package.__file__),
            *cache_layer.SHARED_KEY_SOURCES,
        ]
    }
    assert reads.other == set(), reads.other
    assert reads.modules <= key_modules
    assert {p.name for p in reads.data} >= {"userdict.txt", "stopwords.txt"}
    assert reads.libraries >= {"scikit-learn", "jieba"}
    base = entries()
    assert len(base) == 1
    weightings = count_weightings(monkeypatch)

    def changed(label: str) -> None:
        weightings.clear()
        before = entries()
        corpus_tfidf(DOCS, cache=cache, workers=1)
        assert len(entries() - before) == 1 and weightings, label

    for path in sorted(reads.data):
        monkeypatch.setattr(config, "DATA_DIR", modified_data_dir(tmp_path, path.name))
        reload_word_lists()
        changed(path.name)
        monkeypatch.setattr(config, "DATA_DIR", DATA_DIR)
        reload_word_lists()
    real_versions, real_digest = cache_layer.library_versions, cache_layer.source_digest
    for library in sorted(reads.libraries):
        monkeypatch.setattr(cache_layer, "library_versions", another_version_of(library, real_versions))
        changed(library)
    monkeypatch.setattr(cache_layer, "library_versions", real_versions)
    assert {m.parent.name for m in key_modules} == {"tokens", "features", "helpers"}
    for module in sorted(key_modules):
        monkeypatch.setattr(
            cache_layer,
            "source_digest",
            lambda path, _m=module: real_digest(path) + ("x" if Path(path).resolve() == _m else ""),
        )
        changed(module.name)
    monkeypatch.setattr(cache_layer, "source_digest", real_digest)
    weightings.clear()
    corpus_tfidf(DOCS, cache=cache, workers=1)
    assert not weightings  # and nothing else moved the key


def test_no_module_of_the_package_is_long():
    for path in cache_layer.package_sources(features_package.__file__):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name


@pytest.mark.parametrize("block_tokens", [1, 7, 10_000])
def test_counting_by_blocks_of_documents_gives_the_same_matrix(monkeypatch, block_tokens):

    from helpers.features import tfidf
    from helpers.tokens.encoded import encode_tokens

    rng = np.random.default_rng(0)
    words = [f"词{i}" for i in range(200)]
    content = encode_tokens([[words[j] for j in rng.integers(0, 200, rng.integers(0, 40))] for _ in range(300)])
    whole, terms = tfidf._counts(content, tfidf.TfidfSettings(min_df=2))
    monkeypatch.setattr(tfidf, "COUNT_BLOCK_TOKENS", block_tokens)
    blocked, blocked_terms = tfidf._counts(content, tfidf.TfidfSettings(min_df=2))
    assert (whole != blocked).nnz == 0 and list(terms) == list(blocked_terms) and blocked.has_sorted_indices
    assert whole.sum() == sum(1 for doc in content.decode() for word in doc if word in set(terms))
