"""Clustering on synthetic corpora whose groups are known by construction.

Each corpus mixes a shared vocabulary of Party-building prose with one group's
own vocabulary (rural Party branches, university Party building, state-owned
enterprises), drawn with a seeded generator, so the right answer is known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.cluster.hierarchy import fcluster
from sklearn.metrics import adjusted_rand_score

from helpers import cluster as cl
from helpers.corpus import document_labels
from helpers.features import CorpusTfidf

COMMON = [
    "加强",
    "基层党组织",
    "党建工作",
    "推进",
    "落实",
    "建设",
    "创新",
    "制度",
    "党员",
    "组织",
    "发展",
    "领导",
    "责任",
    "服务",
]
VOCABULARIES = {
    "rural": [
        "村党支部",
        "嘎查村",
        "农村党员",
        "村民",
        "驻村",
        "乡村振兴",
        "合作社",
        "农牧民",
        "村级组织",
        "脱贫攻坚",
        "种植",
        "养殖",
        "集体经济",
        "乡镇党委",
        "土地流转",
        "农业",
    ],
    "university": [
        "高校",
        "学生党员",
        "辅导员",
        "思想政治教育",
        "课堂",
        "教师",
        "校园文化",
        "大学生",
        "院系",
        "教学科研",
        "毕业生",
        "团委",
        "学科建设",
        "课程思政",
        "学院",
        "师生",
    ],
    "enterprise": [
        "国有企业",
        "生产经营",
        "职工",
        "董事会",
        "安全生产",
        "市场竞争",
        "经济效益",
        "车间",
        "技术创新",
        "员工",
        "企业文化",
        "混合所有制",
        "公司治理",
        "产品质量",
        "营业收入",
        "改革",
    ],
}


def synthetic_corpus(groups: list[str], per_group: int = 6, words: int = 60, seed: int = 7) -> pd.DataFrame:
    """Documents of ``per_group`` each per vocabulary, interleaved, with a ``group`` column."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(per_group):
        for group in groups:
            # each document draws on half of its group's words, so that two documents
            # of one group are alike without being near-duplicates of each other
            own_words = rng.choice(VOCABULARIES[group], size=len(VOCABULARIES[group]) // 2, replace=False)
            own = rng.choice(own_words, size=int(words * 0.6))
            shared = rng.choice(COMMON, size=words - len(own))
            tokens = rng.permutation(np.concatenate([own, shared]))
            sentences = ["，".join(tokens[j : j + 6]) for j in range(0, len(tokens), 6)]
            rows.append(
                {
                    "doc_id": f"{group}_{i:02d}",
                    "title": f"{group}第{i}篇",
                    "text": "。".join(sentences) + "。",
                    "group": group,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def two() -> pd.DataFrame:
    return synthetic_corpus(["rural", "university"])


@pytest.fixture(scope="module")
def three() -> pd.DataFrame:
    return synthetic_corpus(["rural", "university", "enterprise"])


def tfidf_of(docs: pd.DataFrame) -> CorpusTfidf:
    """The corpus's TF-IDF as the features stage makes it: the one place these tests build it."""
    from helpers.features import corpus_tfidf

    return corpus_tfidf(docs)


def analyse(docs: pd.DataFrame, **settings) -> cl.ClusterAnalysis:
    return cl.analyse_clusters(tfidf_of(docs), docs, cl.ClusterSettings(**settings))


@pytest.fixture(scope="module")
def two_vectors(two):
    tfidf = tfidf_of(two)
    return cl.document_vectors(tfidf.matrix), tfidf.terms


# ------------------------------------------------------------ analyse_clusters


def test_recovers_two_vocabularies(two):
    result = analyse(two, k=2, stability_runs=0).assignments
    assert list(result.columns) == ["doc_id", "cluster"]
    assert result.doc_id.tolist() == two.doc_id.tolist()
    assert adjusted_rand_score(two.group, result.cluster) == 1.0


def test_k_none_chooses_two(two):
    result = analyse(two, stability_runs=0).assignments
    assert result.cluster.nunique() == 2
    assert adjusted_rand_score(two.group, result.cluster) == 1.0


def test_k_none_chooses_three(three):
    analysis = analyse(three, stability_runs=0)
    assert analysis.k == 3
    assert analysis.silhouettes.k.tolist() == list(cl.default_k_range(len(three)))
    assert adjusted_rand_score(three.group, analysis.cluster) == 1.0


def test_identical_across_runs_and_numbered_by_first_member(three):
    first = analyse(three, stability_runs=0).assignments
    second = analyse(three, stability_runs=0).assignments
    pd.testing.assert_frame_equal(first, second)
    # clusters numbered by first appearance: interleaved groups give 0, 1, 2, 0, 1, 2 ...
    assert first.cluster.tolist()[:3] == [0, 1, 2]


def test_works_without_title(two):
    docs = two[["doc_id", "text"]]
    analysis = analyse(docs, k=2, stability_runs=0)
    assert adjusted_rand_score(two.group, analysis.cluster) == 1.0
    assert analysis.labels == docs.doc_id.tolist() and analysis.titles == docs.doc_id.tolist()
    # without a docs frame the labels are the ids too
    assert (
        cl.analyse_clusters(tfidf_of(docs), settings=cl.ClusterSettings(k=2, stability_runs=0)).labels
        == analysis.labels
    )


def test_docs_must_follow_the_tfidf_rows(two):
    with pytest.raises(ValueError, match="doc_ids"):
        cl.analyse_clusters(tfidf_of(two), two.iloc[::-1])


def test_tiny_corpora_form_one_cluster():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["村党支部建设", "高校党建工作"]})
    assert analyse(docs).cluster.tolist() == [0, 0]


def test_empty_corpus_gives_an_empty_frame():
    empty = analyse(pd.DataFrame({"doc_id": [], "text": []})).assignments
    assert list(empty.columns) == ["doc_id", "cluster"] and empty.empty


def test_minibatch_path_recovers_the_groups(two_vectors, two):
    X, _ = two_vectors
    labels = cl.flat_clusters(X, 2, minibatch=True)
    assert adjusted_rand_score(two.group, labels) == 1.0


def test_lsa_reduction_recovers_the_groups_and_reports_variance(two_vectors, two):
    X, _ = two_vectors
    Z, ratio = cl.lsa_vectors(X, 5)
    assert Z.shape == (len(two), 5)
    assert np.all(ratio >= 0) and 0 < ratio.sum() <= 1
    assert cl.lsa_vectors(X, 8)[1].sum() > ratio.sum()
    assert adjusted_rand_score(two.group, cl.flat_clusters(Z, 2)) == 1.0
    forced = analyse(two, k=2, n_components=5, stability_runs=0)
    assert forced.vectors.shape == (len(two), 5)
    assert adjusted_rand_score(two.group, forced.cluster) == 1.0


def test_settings_are_checked_when_made():
    assert cl.ClusterSettings() == cl.ClusterSettings(random_state=0, k=None, stability_runs=50)
    for wrong in ({"k": 0}, {"max_k": 1}, {"stability_runs": -1}, {"max_drawn": 0}, {"n_components": "all"}):
        with pytest.raises(ValueError):
            cl.ClusterSettings(**wrong)


# ------------------------------------------------------------ matrix-level pieces


def test_canonical_labels_and_choose_k():
    assert cl.canonical_labels([5, 5, 3, 9, 3]).tolist() == [0, 0, 1, 2, 1]
    table = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.3, 0.5, 0.5]})
    assert cl.choose_k(table) == 3
    assert cl.choose_k(pd.DataFrame({"k": [2], "silhouette": [np.nan]})) == 1
    assert list(cl.default_k_range(2)) == []
    assert list(cl.default_k_range(100)) == list(range(2, cl.MAX_K + 1))


def test_characteristic_terms_come_from_each_vocabulary(two_vectors, two):
    X, terms = two_vectors
    labels = cl.canonical_labels(two.group)
    table = cl.characteristic_terms(X, terms, labels, n=5)
    assert table.groupby("cluster").size().tolist() == [5, 5]
    own = {0: set(VOCABULARIES["rural"]), 1: set(VOCABULARIES["university"])}
    for cluster, term in zip(table.cluster, table.term):
        # the tokenizer may cut a long term; what it keeps must still be the cluster's own
        assert any(term in word for word in own[cluster]), (cluster, term)
    assert (table.score > 0).all()


def test_similarity_linkage_and_map(two_vectors, two):
    X, _ = two_vectors
    sim = cl.cosine_similarity_matrix(X)
    assert np.allclose(sim, sim.T) and np.allclose(np.diag(sim), 1.0)
    same = two.group.to_numpy()[:, None] == two.group.to_numpy()[None, :]
    assert sim[same].min() > sim[~same].max()
    for method in ("average", "ward"):
        cut = fcluster(cl.linkage_matrix(X, method), 2, criterion="maxclust")
        assert adjusted_rand_score(two.group, cut) == 1.0
    for method in ("pca", "mds"):
        coords = cl.map_coordinates(X, method)
        assert coords.shape == (len(two), 2)
        np.testing.assert_array_equal(coords, cl.map_coordinates(X, method))


def test_co_assignment_is_solid_for_separated_groups(two_vectors, two):
    X, _ = two_vectors
    same = two.group.to_numpy()[:, None] == two.group.to_numpy()[None, :]
    for mode in ("restarts", "bootstrap"):
        co = cl.co_assignment(X, 2, n_runs=20, mode=mode)
        # a single k-means start can still land in a poor local optimum now and then
        assert co[same].mean() >= 0.85 and co[~same].mean() <= 0.15, mode
        np.testing.assert_array_equal(co >= 0.5, same)
        np.testing.assert_array_equal(co, cl.co_assignment(X, 2, n_runs=20, mode=mode))
    sub = cl.co_assignment(X, 2, n_runs=3, rows=[0, 1, 2])
    assert sub.shape == (3, 3)


def test_co_assignment_shows_a_coin_toss():
    # one blob cut in three: pairs are split differently from run to run
    rng = np.random.default_rng(0)
    X = np.abs(rng.normal(size=(30, 8)))
    co = cl.co_assignment(X, 3, n_runs=20, mode="bootstrap")
    off_diagonal = co[~np.eye(30, dtype=bool)]
    assert ((off_diagonal > 0) & (off_diagonal < 1)).mean() > 0.3


def test_near_duplicates_find_an_inserted_copy(two):
    copy = two.iloc[[3]].assign(doc_id="copy_of_3", title="转载")
    copy["text"] = copy["text"] + "加强基层党组织建设。"
    docs = pd.concat([two, copy], ignore_index=True)
    X = cl.document_vectors(tfidf_of(docs).matrix)
    pairs = cl.near_duplicates(X, docs.doc_id, threshold=0.9)
    assert pairs[["doc_a", "doc_b"]].values.tolist() == [[two.doc_id[3], "copy_of_3"]]
    assert 0.9 <= pairs.similarity[0] <= 1.0
    chunked = cl.near_duplicates(X, docs.doc_id, threshold=0.9, chunk_size=4)
    pd.testing.assert_frame_equal(pairs, chunked)
    assert cl.near_duplicates(X[:5], docs.doc_id[:5], threshold=0.99).empty


def test_display_sample_is_stratified_and_deterministic():
    labels = np.array([0] * 500 + [1] * 30 + [2] * 2)
    sample = cl.display_sample(labels, max_docs=40, random_state=1)
    assert len(sample) == 40 and np.all(np.diff(sample) > 0)
    assert set(labels[sample]) == {0, 1, 2}
    np.testing.assert_array_equal(sample, cl.display_sample(labels, max_docs=40, random_state=1))


def test_analysis_views_cover_drawn_documents(three):
    analysis = analyse(three, stability_runs=5, max_drawn=9)
    assert analysis.sampled and len(analysis.drawn) == 9
    assert analysis.similarity().shape == (9, 9)
    assert analysis.restarts.shape == (9, 9)
    assert analysis.coordinates().shape == (9, 2)
    summary = analysis.summary()
    assert summary["size"].tolist() == [6, 6, 6]
    assert (summary.within > summary.between).all()
    stability = analysis.stability()
    assert (stability[["restarts", "bootstrap"]] >= 0.8).all().all()


def test_chart_labels_are_unique_for_repeated_titles():
    docs = pd.DataFrame(
        {
            "doc_id": ["004_7c2344e521650bcf-01", "004_7c2344e521650bcf-02"],
            "title": ["新形势下基层党建工作创新研究"] * 2,
            "text": ["加强村党支部建设", "高校党建工作"],
        }
    )
    labels = analyse(docs).labels
    assert labels == document_labels(docs).tolist()
    assert labels == ["004-01 新形势下基层党建工作…", "004-02 新形势下基层党建工作…"]


def test_agreement_by_k_reads_the_clusterings_behind_the_silhouettes(three):
    analysis = analyse(three, stability_runs=0)
    reference = pd.DataFrame({"doc_id": three.doc_id, "group": three.group})
    table = analysis.agreement_by_k(reference)
    assert table.k.tolist() == analysis.silhouettes.k.tolist()
    for k, ari in zip(table.k, table.ari_group):
        labels = cl.flat_clusters(analysis.vectors, int(k), analysis.random_state)
        assert ari == round(adjusted_rand_score(three.group, labels), 3)
    assert table.loc[table.k == 3, "ari_group"].item() == 1.0


def test_seed_reference_labels_read_the_gold_file():
    parent = cl.SEED_COMPILATION_ID
    docs = pd.DataFrame(
        {"doc_id": ["000_a", *(f"{parent}-{i:02d}" for i in range(1, 10))], "parent_id": ["000_a", *[parent] * 9]}
    )
    reference = cl.seed_reference_labels(docs)
    assert reference.genre.tolist() == ["新闻网页"] + ["期刊论文"] * 9
    assert reference.sector.tolist()[1:] == cl.load_gold_articles()["sector"].tolist()
    assert cl.seed_reference_labels(docs.iloc[:5]).empty  # not the seed corpus: no reference


def test_label_agreement_drops_documents_without_reference():
    assignments = pd.DataFrame({"doc_id": list("abcd"), "cluster": [0, 0, 1, 1]})
    ari, n = cl.label_agreement(assignments, pd.Series({"a": "x", "b": "x", "c": "y", "d": None}))
    assert (ari, n) == (1.0, 3)
    ari, n = cl.label_agreement(assignments, pd.Series({"a": "x", "b": "y", "c": "x", "d": "y"}))
    assert ari < 0 and n == 4


def test_near_duplicates_top_is_the_head_of_the_whole_table():
    # ties on the rounded similarity (repeated rows, rows of one term) are where a running top-k goes wrong
    rng = np.random.default_rng(3)
    X = np.abs(rng.normal(size=(40, 6))) * (rng.random((40, 6)) < 0.5)
    X[10:14] = X[2]
    X[20:25] = np.eye(6)[1]
    ids = [f"d{i:02d}" for i in range(40)][::-1]  # ids not in row order
    whole = cl.near_duplicates(X, ids, threshold=0.0)
    assert len(whole) == 40 * 39 // 2
    for top, chunk in [(1, None), (7, 3), (30, 1), (2000, 5)]:
        got = cl.near_duplicates(X, ids, threshold=0.0, top=top, chunk_size=chunk)
        pd.testing.assert_frame_equal(got, whole.head(top).reset_index(drop=True))
    pd.testing.assert_frame_equal(
        cl.near_duplicates(X, ids, threshold=0.5, chunk_size=4), whole[whole.similarity >= 0.5]
    )
    assert cl.near_duplicates(X, ids, threshold=0.0, top=0).empty
