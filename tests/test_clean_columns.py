"""Reading only some columns of the cleaned articles, and TF-IDF found by the stored texts' digest.

A notebook that shows metadata and cached results loads its docs without the text column; the TF-IDF
cached for those texts must still be found, and must not be found once a text changes.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers.cache import Cache
from helpers.clean.store import CORPUS_DIGEST, corpus_cache, load_clean_corpus
from helpers.features.tfidf import corpus_tfidf

TEXTS = {
    "a.txt": "关于加强基层党组织建设的通知\n各级党组织要认真落实三会一课制度，加强党员教育管理。",
    "b.txt": "关于做好发展党员工作的意见\n严格发展党员程序，做好入党积极分子的培养教育工作。",
    "c.txt": "关于推进非公企业党建工作的通知\n扩大非公企业党的组织覆盖，加强党建指导员队伍建设。",
}


def _corpus(folder, texts=TEXTS):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _same(one, other) -> bool:
    return (
        one.doc_ids == other.doc_ids
        and list(one.terms) == list(other.terms)
        and np.array_equal(one.matrix.toarray(), other.matrix.toarray())
    )


def test_columns_read_only_those_and_carry_the_texts_digest(tmp_path):
    corpus, processed = _corpus(tmp_path / "corpus"), tmp_path / "processed"
    docs = load_clean_corpus(corpus, processed, workers=1)
    light = load_clean_corpus(corpus, processed, columns=["title"])
    assert light.columns.tolist() == ["doc_id", "title"] and light["doc_id"].tolist() == docs["doc_id"].tolist()
    assert light.attrs[CORPUS_DIGEST] == docs.attrs[CORPUS_DIGEST]
    with pytest.raises(KeyError):
        load_clean_corpus(corpus, processed, columns=["没有这一列"])


def test_tfidf_without_texts_is_the_one_of_the_texts_and_changes_with_them(tmp_path):
    corpus, processed = _corpus(tmp_path / "corpus"), tmp_path / "processed"
    cache = corpus_cache(corpus, processed)
    light = load_clean_corpus(corpus, processed, columns=["title"], workers=1)
    first = corpus_tfidf(light, cache=cache)  # nothing cached yet: the texts are read back from the cleaned table
    full = corpus_tfidf(load_clean_corpus(corpus, processed), cache=cache)
    assert _same(first, full) and _same(corpus_tfidf(light, cache=cache), full)
    # a changed text: a new digest, so the old TF-IDF is not returned for the new texts
    _corpus(corpus, {**TEXTS, "c.txt": TEXTS["c.txt"].replace("非公企业", "社会组织")})
    changed = load_clean_corpus(corpus, processed, columns=["title"])
    assert changed.attrs[CORPUS_DIGEST]["texts"] != light.attrs[CORPUS_DIGEST]["texts"]
    after = corpus_tfidf(changed, cache=cache)
    assert not _same(after, full) and "社会组织" in set(after.terms)
    assert _same(after, corpus_tfidf(load_clean_corpus(corpus, processed), cache=cache))


def test_tfidf_without_texts_refuses_rows_the_digest_was_not_taken_of(tmp_path):
    corpus, processed = _corpus(tmp_path / "corpus"), tmp_path / "processed"
    light = load_clean_corpus(corpus, processed, columns=["title"], workers=1)
    with pytest.raises(ValueError):
        corpus_tfidf(light.iloc[:2], cache=Cache(processed))
    with pytest.raises(ValueError):
        corpus_tfidf(light)  # no cache to find the result in


def test_the_stage_and_the_store_take_the_digest_alike():
    import pandas as pd

    from helpers.clean import store
    from helpers.features import tfidf

    docs = pd.DataFrame({"doc_id": ["a", 2], "text": ["党建", "基层"]})
    assert tfidf.CORPUS_DIGEST == store.CORPUS_DIGEST and tfidf.texts_digest(docs) == store.text_digest(docs)
