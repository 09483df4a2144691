"""Clusters against hand labels: the seed articles' annotations (``data/gold/seed_articles.tsv``) and the ARI.

The gold file annotates the nine articles of seed 004, a compilation; every
other seed document is a news or web article. The adjusted Rand index (ARI)
says how far a clustering matches such a labelling: 1 the same partition,
about 0 what chance gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from helpers.config import DATA_DIR

GOLD_ARTICLES = DATA_DIR / "gold" / "seed_articles.tsv"
# the seed file whose articles the gold rows describe, in order (data/gold/README.md)
SEED_COMPILATION_ID = "004_7c2344e521650bcf"


def load_gold_articles(path: Path | str | None = None) -> pd.DataFrame:
    """The gold rows of the compilation's articles, in order: ``order, title, body_starts_with, …, sector``.

    >>> load_gold_articles()["sector"].tolist()[:4]
    ['general', 'general', 'general', 'university']
    """
    gold = pd.read_csv(path or GOLD_ARTICLES, sep="\t", keep_default_na=False)
    return gold.sort_values("order", kind="stable").reset_index(drop=True)


def reference_labels(docs: pd.DataFrame, compilation_id: str, sectors: Sequence[str]) -> pd.DataFrame:
    """Hand labels to compare clusters with: ``doc_id, genre, sector``.

    ``sectors`` are given in order for the articles split from the compilation
    file ``compilation_id`` (the rows of ``data/gold/seed_articles.tsv``);
    ``genre`` marks those articles 期刊论文 (journal article) and every other
    document 新闻网页 (news or web article). The frame is empty when the
    compilation is absent or holds a different number of articles (another
    corpus), so that no agreement is reported rather than a wrong one.

    >>> docs = pd.DataFrame({"doc_id": ["甲", "乙-01", "乙-02"], "parent_id": ["甲", "乙", "乙"]})
    >>> reference_labels(docs, "乙", ["高校", "企业"]).values.tolist()
    [['甲', '新闻网页', nan], ['乙-01', '期刊论文', '高校'], ['乙-02', '期刊论文', '企业']]
    """
    columns = ["doc_id", "genre", "sector"]
    in_compilation = (docs["parent_id"] == compilation_id).to_numpy()
    sectors = list(sectors)
    if in_compilation.sum() != len(sectors) or not sectors:
        return pd.DataFrame(columns=columns)
    sector = np.full(len(docs), None, dtype=object)
    sector[in_compilation] = sectors
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"].astype(str).to_numpy(),
            "genre": np.where(in_compilation, "期刊论文", "新闻网页"),
            "sector": sector,
        },
        columns=columns,
    )


def seed_reference_labels(docs: pd.DataFrame, path: Path | str | None = None) -> pd.DataFrame:
    """:func:`reference_labels` of the seed corpus, from the gold file: what notebook 03 compares clusters with.

    Empty (with its columns) for a corpus without the seed compilation.

    >>> seed_reference_labels(pd.DataFrame({"doc_id": ["甲"], "parent_id": ["甲"]})).columns.tolist()
    ['doc_id', 'genre', 'sector']
    """
    return reference_labels(docs, SEED_COMPILATION_ID, load_gold_articles(path)["sector"])


def label_agreement(assignments: pd.DataFrame, reference: pd.Series) -> tuple[float, int]:
    """Adjusted Rand index between clusters and a reference labelling, and how many documents it covers.

    ``reference`` is indexed by doc_id; documents without a reference label
    are left out. 1 means the same partition, about 0 what chance gives.

    >>> a = pd.DataFrame({"doc_id": ["甲", "乙", "丙"], "cluster": [0, 0, 1]})
    >>> label_agreement(a, pd.Series({"甲": "高校", "乙": "高校", "丙": "企业"}))
    (1.0, 3)
    """
    ref = reference.dropna()
    merged = assignments.set_index("doc_id").join(ref.rename("reference"), how="inner")
    if merged.empty:
        return float("nan"), 0
    return float(adjusted_rand_score(merged["reference"], merged["cluster"])), len(merged)


def agreement_table(assignments: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Adjusted Rand index of the clusters against each reference column: ``reference, ari, n_docs``.

    >>> a = pd.DataFrame({"doc_id": ["甲", "乙"], "cluster": [0, 1]})
    >>> agreement_table(a, pd.DataFrame({"doc_id": ["甲", "乙"], "genre": ["x", "y"]})).values.tolist()
    [['genre', 1.0, 2]]
    """
    rows = []
    indexed = reference.set_index("doc_id")
    for column in indexed.columns:
        ari, n = label_agreement(assignments, indexed[column])
        rows.append({"reference": column, "ari": round(ari, 3), "n_docs": n})
    return pd.DataFrame(rows, columns=["reference", "ari", "n_docs"])
