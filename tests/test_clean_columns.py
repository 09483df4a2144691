"""Reading only some columns of the cleaned articles, and TF-IDF found by the stored texts' digest.

A notebook that shows metadata and cached results loads its docs without the text column; the TF-IDF
cached for those texts must still be found, must not be found once a text changes, and a stage that
needs the texts reads them back from the stored table for the frame's own rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.clean.store import CORPUS_DIGEST, corpus_cache, load_clean_corpus
from helpers.features.tfidf import corpus_tfidf
from helpers.stored import read_column

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


def test_a_subset_of_the_light_frame_reads_its_own_texts_back(tmp_path):
    corpus, processed = _corpus(tmp_path / "corpus"), tmp_path / "processed"
    docs = load_clean_corpus(corpus, processed, workers=1)
    light = load_clean_corpus(corpus, processed, columns=["title"])
    assert _same(corpus_tfidf(light.iloc[[2, 0]]), corpus_tfidf(docs.iloc[[2, 0]]))
    assert read_column(light.iloc[1:], "text").tolist() == docs["text"].iloc[1:].tolist()
    with pytest.raises(ValueError, match="reset_index"):  # rows that no longer sit at their stored row numbers
        corpus_tfidf(light.iloc[1:].reset_index(drop=True))
    with pytest.raises(KeyError, match="no column"):
        read_column(light, "正文")


def test_the_store_and_the_stages_take_the_digest_alike():
    import pandas as pd

    from helpers import stored
    from helpers.clean import store

    docs = pd.DataFrame({"doc_id": ["a", 2], "text": ["党建", "基层"]})
    assert store.CORPUS_DIGEST == stored.CORPUS_DIGEST
    assert store.corpus_digest(docs)["texts"] == stored.texts_digest(docs)


def test_the_cleaning_summaries_of_the_tables_without_texts_are_those_of_the_whole_tables(tmp_path):

    from helpers.clean import audit_summary, first_raw_and_clean, impurity_table, load_cleaned, rule_examples

    texts = {**TEXTS, "d.html": "<html><body><p>首页 > 通知公告</p><p>关于开展主题党日活动的通知</p>"
             "<p>各支部要按月开展主题党日活动。</p><p>版权所有：某某县委组织部</p></body></html>"}  # fmt: skip
    corpus, processed = _corpus(tmp_path / "corpus", texts), tmp_path / "processed"
    whole = load_cleaned(corpus, processed, workers=1)
    light = load_cleaned(corpus, processed, texts=False)
    assert light.from_cache and not {"text", "text_raw"} & set(light.docs.columns)
    assert not {"before", "after"} & set(light.audit.columns) and "text_raw" not in light.raw.columns
    pd.testing.assert_frame_equal(audit_summary(light.audit), audit_summary(whole.audit))
    pd.testing.assert_frame_equal(rule_examples(light.audit), rule_examples(whole.audit))
    pd.testing.assert_frame_equal(impurity_table(light.raw, light.docs), impurity_table(whole.raw, whole.docs))
    assert len(impurity_table(light.raw, light.docs, n=2)) == 2
    assert first_raw_and_clean(light.raw, light.docs) == first_raw_and_clean(whole.raw, whole.docs)
    assert len(whole.audit) > 0


def test_the_cleaned_docs_carry_the_stored_digest_whichever_loader_read_them(tmp_path):
    from helpers import stored
    from helpers.clean import load_clean_corpus, load_cleaned

    corpus, processed = _corpus(tmp_path / "corpus", TEXTS), tmp_path / "processed"
    light = load_cleaned(corpus, processed, workers=1, texts=False).docs
    whole = load_clean_corpus(corpus, processed)
    assert light.attrs[stored.CORPUS_DIGEST] == whole.attrs[stored.CORPUS_DIGEST]
    assert stored.texts_digest(light) == stored.texts_digest(whole[["doc_id", "text"]])  # recorded, and right
