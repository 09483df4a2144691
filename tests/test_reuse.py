"""Text reuse (helpers.policy): planted passages found with exact spans, verbatim and with characters changed;
direction by date; nothing between unrelated documents; template passages flagged; spans always valid."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.policy import ReuseSettings, find_reuse, longest_passages, reuse_matrix, reuse_notice
from helpers.policy import reuse as reuse_module
from helpers.policy.alignment import align_passages, char_codes, shingle_hashes
from helpers.policy.candidates import band_keys, lsh_parameters, minhash_values, window_signatures

# characters of policy prose, so random documents look like the genre but share no passage by chance
ALPHABET = list(
    "党政府国家社会经济发展建设改革创新加强推进落实完善制度机制体系工作组织管理服务基层干部群众人民教育科技"
    "文化卫生健康安全环境生态农村城市产业企业市场金融财政税收投资项目资金保障监督检查考核责任领导部门单位"
    "地区省市县乡镇村街道社区公共设施交通能源水利土地资源规划标准质量效率能力水平方面重点任务目标要求措施"
)


def random_text(rng: random.Random, n: int) -> str:
    parts, length = [], 0
    while length < n:
        clause = "".join(rng.choices(ALPHABET, k=rng.randint(5, 18))) + rng.choice("，，。；")
        parts.append(clause)
        length += len(clause)
    return "".join(parts)[:n]


def changed(passage: str, positions: list[int]) -> str:
    chars = list(passage)
    for position in positions:
        chars[position] = "甲" if chars[position] != "甲" else "乙"
    return "".join(chars)


@pytest.fixture(scope="module")
def planted():
    """Six documents: b copies a verbatim passage of a, d a near copy of c's passage, e and f unrelated."""
    rng = random.Random(7)
    texts = {name: random_text(rng, 600) for name in "abcdef"}
    verbatim = texts["a"][100:180]
    near = texts["c"][300:360]
    texts["b"] = texts["b"][:250] + verbatim + texts["b"][250:]
    texts["d"] = texts["d"][:40] + changed(near, [10, 25, 47]) + texts["d"][40:]
    docs = pd.DataFrame(
        {
            "doc_id": list("abcdef"),
            "date": ["2018-03-01", "2019-07-15", "2021-01-01", "2020-05-05", None, None],
            "year": [2018, 2019, 2021, 2020, 2015, 2016],
            "text": [texts[name] for name in "abcdef"],
        }
    )
    return docs, verbatim, near


def test_a_verbatim_copy_is_found_with_its_exact_spans(planted):
    docs, verbatim, _ = planted
    found = find_reuse(docs)
    row = found[(found["doc_a"] == "a") & (found["doc_b"] == "b")]
    assert row[["start_a", "end_a", "start_b", "end_b"]].values.tolist() == [[100, 180, 250, 330]]
    assert row["passage"].iloc[0] == verbatim == docs["text"][0][100:180] == docs["text"][1][250:330]
    assert row["similarity"].iloc[0] == 1.0


def test_a_near_copy_with_a_few_characters_changed_is_found_whole(planted):
    docs, _, near = planted
    found = find_reuse(docs)
    row = found[(found["doc_a"] == "c") & (found["doc_b"] == "d")]
    assert row[["start_a", "end_a", "start_b", "end_b"]].values.tolist() == [[300, 360, 40, 100]]
    assert row["passage"].iloc[0] == near
    assert 0.9 < row["similarity"].iloc[0] < 1.0


def test_direction_follows_the_dates_and_unrelated_documents_share_nothing(planted):
    docs, _, _ = planted
    found = find_reuse(docs)
    assert sorted(zip(found["doc_a"], found["doc_b"], found["direction"])) == [("a", "b", "a→b"), ("c", "d", "b→a")]
    assert not found["doc_a"].isin(["e", "f"]).any() and not found["doc_b"].isin(["e", "f"]).any()


def test_direction_falls_back_to_the_year_and_is_empty_when_undated(planted):
    docs, _, _ = planted
    by_year = find_reuse(docs.drop(columns="date"))
    assert dict(zip(by_year["doc_a"], by_year["direction"])) == {"a": "a→b", "c": "b→a"}
    undated = find_reuse(docs.drop(columns=["date", "year"]))
    assert set(undated["direction"]) == {""}


def test_the_search_is_deterministic_and_independent_of_workers(planted, monkeypatch):
    docs, _, _ = planted
    first = find_reuse(docs)
    assert first.equals(find_reuse(docs))
    monkeypatch.setattr(reuse_module, "PAIRS_PER_TASK", 1)
    assert first.equals(find_reuse(docs, workers=2))


def test_min_chars_decides_what_is_long_enough(planted):
    docs, _, _ = planted
    assert find_reuse(docs, min_chars=100).empty
    assert len(find_reuse(docs, min_chars=70)) == 1  # the 80-character copy, not the 60-character one


def test_a_passage_in_most_documents_is_template_and_left_out_of_the_matrix():
    rng = random.Random(3)
    salutation = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：现将有关事项通知如下，请认真贯彻执行。"
    texts = [salutation + random_text(rng, 400) for _ in range(8)]
    shared = texts[0][200:300]
    texts[1] = texts[1] + shared  # a and b also share a real passage
    docs = pd.DataFrame({"doc_id": [f"文件{i}" for i in range(8)], "text": texts})
    found = find_reuse(docs)
    assert found["template"].any() and not found["template"].all()
    assert set(found.loc[~found["template"], "passage"]) == {shared}
    assert set(found.loc[found["template"], "passage"]) == {salutation}
    matrix = reuse_matrix(docs, found)
    assert matrix.index.tolist() == ["文件0", "文件1"]
    assert matrix.loc["文件1", "文件0"] == pytest.approx(100 / len(texts[1]))
    assert longest_passages(found)["passage"].tolist() == [shared]
    assert len(longest_passages(found, include_template=True)) == len(found)


def test_template_alone_does_not_pair_documents():
    rng = random.Random(5)
    footer = "本通知自印发之日起施行，此前有关规定与本通知不一致的，以本通知为准。"
    docs = pd.DataFrame({"doc_id": list("甲乙丙丁戊"), "text": [random_text(rng, 300) + footer for _ in range(5)]})
    assert find_reuse(docs).empty
    assert str(reuse_notice(docs, find_reuse(docs))).startswith("5 篇文档之间没有共有的 30 字以上段落")


def test_empty_and_single_document_corpora():
    empty = find_reuse(pd.DataFrame({"doc_id": [], "text": []}))
    assert list(empty.columns) == reuse_module.REUSE_COLUMNS and empty.empty
    one = pd.DataFrame({"doc_id": ["甲"], "text": ["基层党组织建设" * 10]})
    assert find_reuse(one).empty
    assert reuse_matrix(one, find_reuse(one)).empty
    assert str(reuse_notice(one, find_reuse(one))).startswith("文本复用至少需要 2 篇文档")


def test_the_matrix_holds_shares_of_each_documents_characters(planted):
    docs, _, _ = planted
    matrix = reuse_matrix(docs, find_reuse(docs))
    assert matrix.index.tolist() == ["a", "b", "c", "d"] == matrix.columns.tolist()
    assert matrix.loc["b", "a"] == pytest.approx(80 / len(docs["text"][1]))
    assert matrix.loc["a", "b"] == pytest.approx(80 / len(docs["text"][0]))
    assert matrix.loc["a", "c"] == 0.0 and ((matrix >= 0) & (matrix <= 1)).all().all()


def test_lsh_buckets_are_datasketchs(planted):
    """The numpy banding pairs exactly the windows datasketch's MinHashLSH pairs, for the same signatures."""
    from datasketch import LeanMinHash, MinHashLSH

    docs, _, _ = planted
    s = ReuseSettings()
    a, b, bands, rows = lsh_parameters(s.threshold, s.num_perm, s.seed)
    signatures = [
        window_signatures(minhash_values(shingle_hashes(char_codes(text), s.shingle), a, b), 13)
        for text in docs["text"]
    ]
    lsh = MinHashLSH(threshold=s.threshold, num_perm=s.num_perm)
    windows = [(d, w) for d, sig in enumerate(signatures) for w in range(len(sig))]
    for d, w in windows:
        lsh.insert((d, w), LeanMinHash(seed=s.seed, hashvalues=signatures[d][w], scheme="affine32"))
    keys = {(d, w): band_keys(signatures[d][w : w + 1], bands, rows)[0] for d, w in windows}
    for d, w in windows:
        ours = {other for other in windows if (keys[other] == keys[(d, w)]).any()}
        theirs = set(lsh.query(LeanMinHash(seed=s.seed, hashvalues=signatures[d][w], scheme="affine32")))
        assert ours == theirs


TEXTS = st.text(alphabet="党政国家社会建设改革，。", min_size=0, max_size=120)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(TEXTS, min_size=0, max_size=4), copy=st.tuples(st.integers(0, 120), st.integers(0, 80)))
def test_spans_are_always_valid(texts, copy):
    if len(texts) >= 2:  # plant a copy, so that some examples have reuse to report
        start, length = copy
        texts[1] += texts[0][start : start + length]
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts}, dtype=object)
    found = find_reuse(docs, min_chars=12)
    lengths = dict(zip(docs["doc_id"], docs["text"].str.len()))
    text_of = dict(zip(docs["doc_id"], docs["text"]))
    for row in found.itertuples():
        assert 0 <= row.start_a < row.end_a <= lengths[row.doc_a]
        assert 0 <= row.start_b < row.end_b <= lengths[row.doc_b]
        assert min(row.end_a - row.start_a, row.end_b - row.start_b) >= 12
        assert row.passage == text_of[row.doc_a][row.start_a : row.end_a]
        assert 0 < row.similarity <= 1
        assert list(docs["doc_id"]).index(row.doc_a) < list(docs["doc_id"]).index(row.doc_b)
        if row.similarity == 1:
            assert row.passage == text_of[row.doc_b][row.start_b : row.end_b]


@settings(max_examples=60, deadline=None)
@given(a=TEXTS, b=TEXTS)
def test_alignment_spans_are_valid_and_a_verbatim_copy_is_exact(a, b):
    for s, e, t, u, similarity in align_passages(a, b, min_chars=8):
        assert 0 <= s < e <= len(a) and 0 <= t < u <= len(b) and 0 < similarity <= 1
    copied = a + "建设党政国家社会改革" * 2 + b
    spans = align_passages("国" + "建设党政国家社会改革" * 2 + "，", copied, min_chars=20)
    assert any(copied[t:u].find("建设党政国家社会改革" * 2) >= 0 for _, _, t, u, _ in spans)


def test_signatures_of_equal_windows_agree():
    a, b, _, _ = lsh_parameters(0.4, 64, 1)
    text = "坚持以人民为中心的发展思想" * 3
    sig = window_signatures(minhash_values(shingle_hashes(char_codes(text), 5), a, b), 13)
    assert np.array_equal(sig[0], window_signatures(minhash_values(shingle_hashes(char_codes(text), 5), a, b), 13)[0])


def test_a_passage_quoted_by_more_than_max_shared_docs_pairs_none_and_is_counted():
    """Widely quoted wording makes no pairs (they would grow with the square of its documents); a pair sharing
    a passage of its own is still found, and the notice counts what was not paired."""
    rng = random.Random(11)
    quoted = random_text(rng, 80)
    texts = [random_text(rng, 300) + quoted + random_text(rng, 300) for _ in range(8)]
    own = random_text(rng, 90)
    texts[2], texts[5] = texts[2] + own, texts[5] + own
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(8)], "text": texts})
    few = ReuseSettings(max_shared_docs=4, template_share=1.0)
    pairs = find_reuse(docs, settings=few)[["doc_a", "doc_b"]].drop_duplicates().values.tolist()
    everyone = find_reuse(docs, settings=ReuseSettings(template_share=1.0))  # the default cap pairs all eight
    assert len(everyone[["doc_a", "doc_b"]].drop_duplicates()) == 28 and everyone.attrs["notice"] is None
    # only windows the quote shares by chance with a few documents' edges still pair (LSH buckets, not passages)
    assert ["d2", "d5"] in pairs and len(pairs) <= 10
    found = find_reuse(docs, settings=few)
    assert "以上文档共有" in str(found.attrs["notice"]) and "widely quoted" in str(reuse_notice(docs, found))


def test_past_max_docs_a_seeded_sample_is_searched_and_said(planted):
    docs, _, _ = planted
    small = ReuseSettings(max_docs=4)
    first, again = find_reuse(docs, settings=small), find_reuse(docs, settings=small)
    assert first.equals(again) and "随机抽取的 4 篇" in str(first.attrs["notice"])
    assert set(first["doc_a"]) | set(first["doc_b"]) <= set(docs["doc_id"])


def test_past_max_pairs_the_pairs_colliding_in_most_bands_are_aligned_and_said(planted):
    docs, _, _ = planted
    every = find_reuse(docs)
    one = find_reuse(docs, settings=ReuseSettings(max_pairs=1))
    assert set(map(tuple, one[["doc_a", "doc_b"]].values)) <= set(map(tuple, every[["doc_a", "doc_b"]].values))
    assert "最相似的 1 对" in str(one.attrs["notice"]) and every.attrs["notice"] is None
