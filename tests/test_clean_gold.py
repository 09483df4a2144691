"""Cleaning of the seeds against the hand annotations in data/gold/ (see its README)."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import read_gold

CLEANING = read_gold("seed_cleaning.tsv")
ARTICLES = read_gold("seed_articles.tsv")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def docs_of_file(docs, file_no: str):
    return docs.loc[docs["parent_id"].str.startswith(file_no)]


@pytest.mark.parametrize(
    "row",
    [r for r in CLEANING if r["kind"] in ("absent", "present")],
    ids=lambda r: f"{r['file']}-{r['kind']}-{r['text'][:8]}",
)
def test_cleaning_expectation(seed_docs, row):
    texts = docs_of_file(seed_docs, row["file"])
    assert len(texts), f"no cleaned article from seed {row['file']}"
    cleaned = nfkc("\n".join(texts["text"]))
    wanted = nfkc(row["text"])
    if row["kind"] == "absent":
        assert wanted not in cleaned
    else:
        assert wanted in cleaned


@pytest.mark.parametrize(
    "row", [r for r in CLEANING if r["kind"] in ("title", "date", "source")], ids=lambda r: f"{r['file']}-{r['kind']}"
)
def test_metadata(seed_docs, row):
    doc = docs_of_file(seed_docs, row["file"])
    assert len(doc) == 1
    assert nfkc(doc.iloc[0][row["kind"]]) == nfkc(row["text"])


def test_five_seeds_give_thirteen_articles(seed_docs):
    assert len(seed_docs) == 13
    assert [len(docs_of_file(seed_docs, f"00{i}")) for i in range(5)] == [1, 1, 1, 1, 9]


@pytest.mark.parametrize("row", ARTICLES, ids=lambda r: f"article-{r['order']}")
def test_compilation_articles(seed_docs, row):
    articles = docs_of_file(seed_docs, "004").reset_index(drop=True)
    article = articles.iloc[int(row["order"]) - 1]
    assert article["parent_id"] == "004_7c2344e521650bcf"
    assert nfkc(article["title"]) == nfkc(row["title"])
    assert nfkc(article["text"]).startswith(nfkc(row["body_starts_with"]))
    assert nfkc(article["author"]) == nfkc(row["author"])
    assert nfkc(article["published"]) == nfkc(row["published"])


def test_articles_do_not_overlap(seed_docs):
    """Each article's body holds its own opening and not the next article's."""
    articles = docs_of_file(seed_docs, "004").reset_index(drop=True)
    for index, row in enumerate(ARTICLES[1:], start=0):
        assert nfkc(row["body_starts_with"]) not in nfkc(articles.iloc[index]["text"])
