"""Term discovery (helpers.features.discover): a planted term is found, function-word strings and fragments are
not, any input is survived, and the table does not depend on the order of the documents."""

from __future__ import annotations

import random

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.features.discover import DiscoverySettings, discover_terms

# ordinary words of the genre, each a dictionary word, to surround what is planted
FILLERS = ["加强", "推进", "落实", "完善", "群众", "干部", "制度"]
FILLERS += ["工作", "乡村", "服务", "要求", "全面", "组织", "建设"]
SMALL = DiscoverySettings(min_count=5, min_cohesion=2.0, min_entropy=1.0)


def _corpus(planted: str, n_docs: int = 12, seed: int = 0) -> list[str]:
    """Documents of random filler words, ``planted`` once in each sentence between two random fillers."""
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        sentences = [
            "".join(rng.sample(FILLERS, 3)) + planted + "".join(rng.sample(FILLERS, 3)) + rng.choice("，。；")
            for _ in range(3)
        ]
        docs.append("".join(sentences))
    return docs


def test_a_planted_term_is_found_with_its_counts():
    found = discover_terms(_corpus("赋码管理"), k=20, settings=SMALL)
    row = found[found["term"] == "赋码管理"]
    assert row[["count", "n_docs"]].values.tolist() == [[36, 12]]
    assert row["left_entropy"].iloc[0] > 2 and row["right_entropy"].iloc[0] > 2


def test_fragments_of_a_planted_term_are_not_proposed():
    """赋码管 is always followed by 理: its right entropy is 0, so it is a substring artefact of 赋码管理."""
    terms = set(discover_terms(_corpus("赋码管理"), k=None, settings=SMALL)["term"])
    assert {"赋码管", "码管理", "码管"}.isdisjoint(terms)


def test_a_function_word_string_is_not_proposed():
    """了在 holds together and is free on both sides, but it is led by a stopword."""
    terms = set(discover_terms(_corpus("了在"), k=None, settings=SMALL)["term"])
    assert "了在" not in terms


def test_a_dictionary_word_is_not_proposed():
    terms = set(discover_terms(_corpus("三会一课"), k=None, settings=SMALL)["term"])
    assert "三会一课" not in terms


def test_the_table_does_not_depend_on_document_order():
    docs = _corpus("赋码管理", seed=1) + _corpus("网格联户", seed=2)
    forward = discover_terms(docs, k=None, settings=SMALL)
    backward = discover_terms(pd.DataFrame({"text": docs[::-1]}), k=None, settings=SMALL)
    assert {"赋码管理", "网格联户"} <= set(forward["term"])
    pd.testing.assert_frame_equal(forward, backward)


def test_ties_are_broken_by_term():
    found = discover_terms(_corpus("赋码管理", seed=3) + _corpus("网格联户", seed=3), k=None, settings=SMALL)
    keys = list(zip(-found["score"], found["term"]))
    assert keys == sorted(keys)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="赋码管理网格的了在，。 a1\x00", max_size=60), max_size=8))
def test_never_raises_and_every_term_occurs_in_the_text(texts):
    found = discover_terms(texts, k=None, settings=DiscoverySettings(min_count=2, min_cohesion=0, min_entropy=0))
    assert list(found.columns) == ["term", "count", "n_docs", "cohesion", "left_entropy", "right_entropy", "score"]
    for term, n_docs in zip(found["term"], found["n_docs"]):
        assert 2 <= len(term) <= 6
        assert sum(term in text for text in texts) == n_docs


def test_a_corpus_past_max_chars_is_read_as_a_seeded_sample_and_says_so():
    docs = _corpus("赋码管理", n_docs=40)
    limit = sum(map(len, docs)) // 2
    sampled = discover_terms(docs, k=20, settings=DiscoverySettings(min_count=5, min_cohesion=2.0, max_chars=limit))
    assert "赋码管理" in sampled["term"].tolist()
    row = sampled[sampled["term"] == "赋码管理"].iloc[0]
    assert 18 <= row["n_docs"] <= 22  # about half of the 40 documents were read
    assert "seeded sample of" in str(sampled.attrs["notice"])
    assert discover_terms(docs, k=20, settings=SMALL).attrs["notice"] is None


def test_a_docs_frame_read_without_its_texts_reads_back_the_same_sample(tmp_path):

    from helpers import stored

    texts = [f"第{i}条，推行网格赋码管理，落实网格赋码制度。" * (1 + i % 3) for i in range(40)]
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)], "text": texts, "n_chars": [len(t) for t in texts]})
    stored.write_table(docs, tmp_path / "docs.parquet")
    light = stored.read_table(tmp_path / "docs.parquet", columns=["doc_id", "n_chars"])
    settings = DiscoverySettings(min_count=3, min_cohesion=1, max_chars=600)  # a sample of the 40 documents
    whole, sampled = discover_terms(docs, settings=settings), discover_terms(light, settings=settings)
    assert whole.equals(sampled) and "网格赋码" in set(whole["term"])
    assert str(whole.attrs["notice"]) == str(sampled.attrs["notice"]) and "sample" in str(sampled.attrs["notice"])
