"""Text reuse between documents (政策文本复用): the passages two documents share, who copied from whom, and how
much of each document is found in another.

:func:`find_reuse` finds candidate pairs by MinHash LSH over windows of character shingles
(:mod:`helpers.policy.candidates`), then aligns each pair to exact spans (:mod:`helpers.policy.alignment`).
Offsets index the cleaned ``text`` column. A passage whose characters occur in more than ``template_share`` of
the documents (and in at least ``template_min_docs``) is boilerplate (a salutation to 各省、自治区、直辖市人民政府,
本通知自印发之日起施行): real reuse, but it says nothing about who copied whom, so it is flagged ``template``
and left out of :func:`reuse_matrix` and :func:`longest_passages`; on its own it does not make two documents a
candidate pair, so it is reported only beside another passage the two documents share.

    >>> import pandas as pd
    >>> shared = "各地区各部门要把思想和行动统一到党中央决策部署上来，结合实际抓好贯彻落实"
    >>> docs = pd.DataFrame({"doc_id": ["中央", "地方"], "date": ["2020-01-05", "2020-03-01"],
    ...                      "text": ["一、总体要求。" + shared + "。", "根据上级通知精神，" + shared + "，确保取得实效。"]})
    >>> found = find_reuse(docs)
    >>> found[["doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b", "direction"]].values.tolist()
    [['中央', '地方', 7, 43, 9, 45, 'a→b']]
    >>> found["passage"][0] == shared
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import stored
from helpers.features.sampling import seeded_rows
from helpers.notices import Notice, no_reuse_notice, reuse_search_notice
from helpers.parallel import chunks, map_stream
from helpers.policy.alignment import align_passages
from helpers.policy.candidates import candidate_pairs, is_template_span

REUSE_COLUMNS = [
    "doc_a",
    "doc_b",
    "start_a",
    "end_a",
    "start_b",
    "end_b",
    "passage",
    "similarity",
    "direction",
    "template",
]
_DATE = re.compile(r"(\d{4})(?:\D{1,2}(\d{1,2}))?(?:\D{1,2}(\d{1,2}))?")
# pairs aligned per task sent to a worker
PAIRS_PER_TASK = 256


@dataclass(frozen=True)
class ReuseSettings:
    """How reuse is searched for; the defaults suit Chinese policy text.

    - ``shingle`` 5 characters: about two words, rare enough that a shared shingle means shared wording
      (single characters and two-character words are shared by any two documents of the genre), short
      enough that one changed character spoils only five of a window's shingles.
    - ``threshold`` 0.4: the Jaccard similarity of two windows' shingles at which LSH pairs them half the
      time (datasketch picks 16 bands of 4 rows for 64 permutations). A 30-character passage seen by
      windows half a window out of step gives windows of similarity 0.5-0.7, found with probability 0.6-0.98,
      and a longer passage has several such windows.
    - ``seed_chars`` 6 and ``max_gap`` 8: exact matches of 6 characters seed the alignment (common
      4-character phrases 基层党建 are not evidence), and runs up to 8 characters apart join into one
      passage, so a changed place name (北京市 → 上海市) or a few edited characters do not split it.
    - ``min_similarity`` 0.7: at least 70% of a passage's characters are in exact runs.
    - ``template_share`` 0.2 and ``template_min_docs`` 3: a passage most of whose shingles occur in more than
      a fifth of the documents (and in three or more) is template; two documents sharing a passage never are.
    - ``max_shared_docs`` 50: a window of text that more documents share (a widely quoted sentence) pairs
      none of them: its pairs would grow with the square of its documents (3,000 documents quoting one
      sentence make 4.5 million pairs) and say less than the notice that counts such windows.
    - ``max_docs`` 2,000: past this many documents a seeded sample of them is searched (in corpus order),
      so the search's memory (about 16 band keys a window) is bounded whatever the corpus's size.
    - ``max_pairs`` 20,000: past this many candidate pairs, those that collide in the most LSH bands (the
      most alike windows) are aligned. A sample of 5,000 of the benchmark's 32,538 generated documents (made
      of the same few hundred sentences) gave 4.3 million candidate pairs; their 100,000 best took 6.5
      minutes and 3.2 GB.
    """

    shingle: int = 5
    threshold: float = 0.4
    num_perm: int = 64
    seed: int = 1
    seed_chars: int = 6
    max_gap: int = 8
    min_similarity: float = 0.7
    template_share: float = 0.2
    template_min_docs: int = 3
    max_shared_docs: int = 50
    max_docs: int = 2_000
    max_pairs: int = 20_000

    def template_cap(self, n_docs: int) -> float:
        """Documents a passage may occur in before it counts as template.

        >>> ReuseSettings().template_cap(10), ReuseSettings().template_cap(1000)
        (3, 200.0)
        """
        return max(self.template_min_docs, self.template_share * n_docs)


def _date_key(date: object, year: object) -> tuple[int, ...]:
    """``(year, month, day)`` as far as the date gives them, else ``(year,)``, else ``()``.

    >>> _date_key("2019-05-01", 2019), _date_key("2014-03", None), _date_key(None, 2012), _date_key(None, None)
    ((2019, 5, 1), (2014, 3), (2012,), ())
    """
    match = _DATE.search(str(date)) if isinstance(date, str) else None
    if match:
        return tuple(int(part) for part in match.groups() if part)
    if year is not None and not pd.isna(year):
        return (int(year),)
    return ()


def direction(key_a: tuple[int, ...], key_b: tuple[int, ...]) -> str:
    """Which way a passage went: "a→b" when a is dated earlier than b at the precision both have, "b→a" when later, else "".

    >>> direction((2019, 5, 1), (2020,)), direction((2019, 5), (2019, 3, 2)), direction((2019,), (2019, 5, 1))
    ('a→b', 'b→a', '')
    """
    n = min(len(key_a), len(key_b))
    if n == 0 or key_a[:n] == key_b[:n]:
        return ""
    return "a→b" if key_a[:n] < key_b[:n] else "b→a"


def _align_task(task: tuple[list[tuple[int, int, str, str]], dict]) -> list[tuple]:
    pairs, options = task
    return [(i, j, *span) for i, j, a, b in pairs for span in align_passages(a, b, **options)]


def empty_reuse() -> pd.DataFrame:
    """The reuse table with no rows, its columns typed."""
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in REUSE_COLUMNS})
    ints = {c: "int64" for c in ("start_a", "end_a", "start_b", "end_b")}
    return frame.astype({**ints, "similarity": "float64", "template": "bool"})


def find_reuse(
    docs: pd.DataFrame,
    min_chars: int = 30,
    *,
    settings: ReuseSettings | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """Passages of at least ``min_chars`` characters two documents share, exactly or nearly: one row per
    passage and pair, ``doc_a`` before ``doc_b`` in the table's order, with the spans in each document's
    ``text``, the ``similarity`` (1.0 verbatim), the ``direction`` (earlier → later by ``date``, else
    ``year``: "a→b", "b→a", or "" when undated or dated alike) and whether it is ``template``.

    ``workers`` aligns the candidate pairs in that many processes (None: every core).
    """
    settings = settings or ReuseSettings()
    if docs.empty or not stored.has_column(docs, "text"):
        return empty_reuse()
    n_docs = len(docs)
    rows = seeded_rows(n_docs, settings.max_docs, random_state=settings.seed)
    if rows is not None:
        docs = docs.iloc[rows]
    texts = stored.read_column(docs, "text").fillna("").astype(str).tolist()
    ids = docs["doc_id"].astype(str).tolist()
    pairs, marks, widely_shared, n_candidates = candidate_pairs(
        texts,
        min_chars=min_chars,
        shingle=settings.shingle,
        threshold=settings.threshold,
        num_perm=settings.num_perm,
        seed=settings.seed,
        template_cap=settings.template_cap(len(texts)),
        max_shared=settings.max_shared_docs,
        max_pairs=settings.max_pairs,
    )
    notice = reuse_search_notice(n_docs, len(docs), widely_shared, settings.max_shared_docs, n_candidates, len(pairs))
    options = {
        "min_chars": min_chars,
        "seed_chars": settings.seed_chars,
        "max_gap": settings.max_gap,
        "min_similarity": settings.min_similarity,
    }
    # tasks made as the workers take them: each carries its pairs' texts, so all of them at once would copy
    # every candidate pair's two texts into the pool's queue
    parts = chunks(pairs.tolist(), PAIRS_PER_TASK)
    tasks = (([(i, j, texts[i], texts[j]) for i, j in part], options) for part in parts)
    if len(parts) < 4:
        workers = 1  # a pool would cost more than it saves
    spans = [span for found in map_stream(_align_task, tasks, workers=workers) for span in found]
    if not spans:
        return _with_notice(empty_reuse(), notice)
    dates = docs["date"].tolist() if "date" in docs.columns else [None] * len(docs)
    years = docs["year"].tolist() if "year" in docs.columns else [None] * len(docs)
    keys = [_date_key(d, y) for d, y in zip(dates, years)]
    rows = [
        (
            ids[i],
            ids[j],
            s,
            e,
            t,
            u,
            texts[i][s:e],
            round(sim, 4),
            direction(keys[i], keys[j]),
            is_template_span(marks[i], s, e),
        )
        for i, j, s, e, t, u, sim in sorted(spans)
    ]
    return _with_notice(pd.DataFrame(rows, columns=REUSE_COLUMNS).astype(empty_reuse().dtypes.to_dict()), notice)


def _with_notice(table: pd.DataFrame, notice: Notice | None) -> pd.DataFrame:
    table.attrs["notice"] = notice
    return table


def _covered(spans: list[tuple[int, int]]) -> int:
    """Characters covered by the union of ``[start, end)`` spans.

    >>> _covered([(0, 10), (5, 20), (30, 35)])
    25
    """
    total, reach = 0, 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


def reuse_matrix(docs: pd.DataFrame, reuse: pd.DataFrame, *, include_template: bool = False) -> pd.DataFrame:
    """Share of each document's characters found in another: rows the document, columns the source document
    (the one it shares the passages with), values in [0, 1]. Only documents that share a passage, in the
    table's order; empty when none does. Template passages are left out unless ``include_template``.

    >>> docs = pd.DataFrame({"doc_id": ["甲", "乙"], "text": ["一" * 100, "二" * 50]})
    >>> reuse = pd.DataFrame({"doc_a": ["甲"], "doc_b": ["乙"], "start_a": [0], "end_a": [40],
    ...                       "start_b": [10], "end_b": [50], "template": [False]})
    >>> reuse_matrix(docs, reuse).values.tolist()
    [[0.0, 0.4], [0.8, 0.0]]
    """
    if not include_template and "template" in reuse.columns:
        reuse = reuse[~reuse["template"].astype(bool)]
    if reuse.empty:
        return pd.DataFrame(dtype="float64")
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for a, b, s, e, t, u in reuse[["doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b"]].itertuples(False):
        spans.setdefault((str(a), str(b)), []).append((int(s), int(e)))
        spans.setdefault((str(b), str(a)), []).append((int(t), int(u)))
    lengths = dict(zip(docs["doc_id"].astype(str), _lengths(docs)))
    involved = {doc for pair in spans for doc in pair}
    order = [doc for doc in dict.fromkeys(docs["doc_id"].astype(str)) if doc in involved]
    matrix = pd.DataFrame(0.0, index=pd.Index(order, name="doc_id"), columns=pd.Index(order, name="source"))
    for (doc, source), parts in spans.items():
        if doc in matrix.index and source in matrix.columns and lengths.get(doc):
            matrix.loc[doc, source] = _covered(parts) / lengths[doc]
    return matrix


def _lengths(docs: pd.DataFrame) -> pd.Series:
    """Each document's length in characters: of its text, else its cleaned ``n_chars``, else of its text read back
    from storage."""
    if "text" not in docs.columns and "n_chars" in docs.columns:
        return docs["n_chars"]
    return stored.read_column(docs, "text").fillna("").astype(str).str.len()


def longest_passages(reuse: pd.DataFrame, n: int = 20, *, include_template: bool = False) -> pd.DataFrame:
    """The ``n`` longest shared passages: ``doc_a, doc_b, n_chars, similarity, direction, passage``, longest
    first (ties in the table's order); template passages left out unless ``include_template``.

    >>> reuse = pd.DataFrame({"doc_a": ["甲", "甲"], "doc_b": ["乙", "丙"], "start_a": [0, 50], "end_a": [30, 90],
    ...                       "passage": ["党" * 30, "建" * 40], "similarity": [1.0, 0.9],
    ...                       "direction": ["a→b", ""], "template": [False, False]})
    >>> longest_passages(reuse, n=1)[["doc_b", "n_chars"]].values.tolist()
    [['丙', 40]]
    """
    columns = ["doc_a", "doc_b", "n_chars", "similarity", "direction", "passage"]
    if not include_template and "template" in reuse.columns:
        reuse = reuse[~reuse["template"].astype(bool)]
    table = reuse.assign(n_chars=(reuse["end_a"] - reuse["start_a"]).astype("int64"))
    table = table.sort_values("n_chars", ascending=False, kind="stable").head(n)
    return table[columns].reset_index(drop=True)


def reuse_notice(docs: pd.DataFrame, reuse: pd.DataFrame, min_chars: int = 30) -> Notice | None:
    """What a reuse table cannot show: fewer than two documents, or no shared passage, and what the search left out
    of a large or repetitive corpus (:func:`find_reuse`'s sample and widely shared windows); None when nothing.

    >>> reuse_notice(pd.DataFrame({"doc_id": ["甲"], "text": ["一"]}), empty_reuse())  # doctest: +ELLIPSIS
    文本复用至少需要 2 篇文档...
    """
    informative = reuse[~reuse["template"].astype(bool)] if "template" in reuse.columns else reuse
    found = no_reuse_notice(len(docs), len(informative), len(reuse) - len(informative), min_chars)
    searched = reuse.attrs.get("notice")
    if found is None or searched is None:
        return found or searched
    return Notice(f"{found}\n{searched}")


def reuse_share(matrix: pd.DataFrame) -> pd.Series:
    """Each document's largest share found in one other document, largest first: who copies most.

    >>> m = pd.DataFrame([[0.0, 0.4], [0.8, 0.0]], index=["甲", "乙"], columns=["甲", "乙"])
    >>> reuse_share(m).to_dict()
    {'乙': 0.8, '甲': 0.4}
    """
    if matrix.empty:
        return pd.Series(dtype="float64", name="share")
    shares = pd.Series(np.max(matrix.to_numpy(), axis=1), index=matrix.index, name="share")
    return shares.sort_values(ascending=False, kind="stable")
