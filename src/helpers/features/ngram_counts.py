"""Exact n-gram counts of a corpus's hanzi, level by level, and each candidate's cohesion and entropies: the
counting half of term discovery (:mod:`helpers.features.discover` filters and ranks what it counts).

The corpus is one array of character codes, and n-grams of length n are counted only where their first n-1
characters are themselves frequent (every part of a frequent string is frequent), so the tables shrink level
by level; memory grows with the characters read, not with its distinct strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from helpers.features.discover import DiscoverySettings

# between two documents: no n-gram crosses it, and it is the neighbour a document's edge shows
DOCUMENT_EDGE = "\x00"
# occurrences of a candidate kept for segmenting in context (helpers.features.discover.aligned_share)
SAMPLED_OCCURRENCES = 8


def is_hanzi_code(codes: np.ndarray) -> np.ndarray:
    """Whether each code point is a CJK ideograph (the unified block or extension A).

    >>> is_hanzi_code(np.array([ord("党"), ord("A"), ord("，")])).tolist()
    [True, False, False]
    """
    return ((codes >= 0x4E00) & (codes <= 0x9FFF)) | ((codes >= 0x3400) & (codes <= 0x4DBF))


@dataclass(frozen=True)
class Level:
    """The frequent n-grams of one length: where they occur (sorted) and what each is.

    ``positions[i]`` starts an occurrence of n-gram ``ids[i]``; ``counts[j]``,
    ``first[j]`` (its first position) and ``prefix[j]`` (the id of its first n-1
    characters one level down) describe n-gram ``j``.
    """

    n: int
    positions: np.ndarray
    ids: np.ndarray
    counts: np.ndarray
    first: np.ndarray

    def lookup(self, at: np.ndarray) -> np.ndarray:
        """The id of the n-gram starting at each position in ``at`` (every one must be frequent)."""
        return self.ids[np.searchsorted(self.positions, at)]


def text_codes(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """The corpus as one array of code points, documents separated by :data:`DOCUMENT_EDGE`, and where each starts."""
    texts = [str(t).replace(DOCUMENT_EDGE, " ") for t in texts]
    joined = DOCUMENT_EDGE.join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]) if texts else np.zeros(0, dtype=np.int64)
    return codes, np.asarray(starts, dtype=np.int64)


def _factorize(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Number the distinct keys in order of first appearance (hashing, not sorting):
    (each key's number, each number's count, where each number first appears)."""
    codes, _ = pd.factorize(keys, sort=False)
    counts = np.bincount(codes) if len(codes) else np.zeros(0, dtype=np.int64)
    first_index = np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0) if len(codes) else codes
    return codes, counts, first_index


def _count(keys: np.ndarray, positions: np.ndarray, min_count: int) -> tuple[np.ndarray, ...]:
    """Keep the positions whose key occurs ``min_count`` times: (positions, ids, counts, first positions)."""
    inverse, counts, first_index = _factorize(keys)
    frequent = counts >= min_count
    renumber = np.cumsum(frequent) - 1
    keep = frequent[inverse]
    return positions[keep], renumber[inverse[keep]], counts[frequent], positions[first_index[frequent]]


def count_levels(codes: np.ndarray, settings: DiscoverySettings) -> tuple[list[Level], np.ndarray]:
    """The frequent n-grams of hanzi of every length up to ``max_len`` (``levels[n - 1]``) and the dense
    character ids the neighbours are read from."""
    present = np.bincount(codes) > 0
    dense = (np.cumsum(present) - 1)[codes]
    positions = np.flatnonzero(is_hanzi_code(codes))
    level_positions, ids, counts, first = _count(dense[positions], positions, settings.min_count)
    levels = [Level(1, level_positions, ids, counts, first)]
    # a character's id among the frequent ones (-1: rare, or not a hanzi)
    char_id = np.full(len(codes), -1, dtype=np.int64)
    char_id[level_positions] = ids
    n_chars = max(len(counts), 1)
    for n in range(2, settings.max_len + 1):
        below = levels[-1]
        extend = below.positions + n - 1 < len(codes)
        starts, prefix = below.positions[extend], below.ids[extend]
        last = char_id[starts + n - 1]
        extendable = last >= 0
        keys = prefix[extendable] * n_chars + last[extendable]
        level_positions, ids, counts, first = _count(keys, starts[extendable], settings.min_count)
        levels.append(Level(n, level_positions, ids, counts, first))
        if not len(counts):
            break
    return levels, dense


def _cohesion(levels: list[Level], level: Level, total: int) -> np.ndarray:
    """The weakest split's pointwise mutual information (bits) of every n-gram of ``level``."""
    n, first = level.n, level.first
    joint = np.log2(level.counts * float(total))
    weakest = np.full(len(first), np.inf)
    for k in range(1, n):
        left = levels[k - 1].counts[levels[k - 1].lookup(first)]
        right = levels[n - k - 1].counts[levels[n - k - 1].lookup(first + k)]
        weakest = np.minimum(weakest, joint - np.log2(left.astype(float) * right))
    return weakest


def _neighbour_entropy(level: Level, neighbours: np.ndarray, n_symbols: int, wanted: np.ndarray) -> np.ndarray:
    """The entropy (bits) of the symbols beside each n-gram's occurrences (``neighbours``, one per occurrence);
    computed for the ``wanted`` n-grams only (a mask over ids), 0 for the rest."""
    mine = wanted[level.ids]
    ids = level.ids[mine]
    _, pair_counts, first_index = _factorize(ids * n_symbols + neighbours[mine])
    owner = ids[first_index]
    weighted = np.bincount(owner, weights=pair_counts * np.log2(pair_counts), minlength=len(level.counts))
    return np.where(wanted, np.log2(level.counts) - weighted / level.counts, 0.0)


def _occurrences_and_documents(
    level: Level, chosen: np.ndarray, doc_starts: np.ndarray, m: int
) -> tuple[np.ndarray, np.ndarray]:
    """For the n-grams ``chosen`` (their ids, ascending): up to ``m`` start positions each, spread evenly over
    its occurrences in corpus order (a row each), and the number of documents each occurs in."""
    renumber = np.full(len(level.counts), -1)
    renumber[chosen] = np.arange(len(chosen))
    mine = renumber[level.ids]
    keep = mine >= 0
    order = np.argsort(mine[keep], kind="stable")
    owner, positions = mine[keep][order], level.positions[keep][order]
    doc = np.searchsorted(doc_starts, positions, side="right") - 1
    new_pair = np.ones(len(owner), dtype=bool)
    new_pair[1:] = (owner[1:] != owner[:-1]) | (doc[1:] != doc[:-1])
    n_docs = np.bincount(owner[new_pair], minlength=len(chosen))
    counts = level.counts[chosen]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    ranks = (np.arange(m)[None, :] * counts[:, None]) // m
    return positions[starts[:, None] + ranks], n_docs


def score_level(
    levels: list[Level],
    level: Level,
    dense: np.ndarray,
    doc_starts: np.ndarray,
    text: str,
    settings: DiscoverySettings,
) -> pd.DataFrame:
    """Counts, documents, cohesion and both entropies of the n-grams of one length that pass the bars."""
    edge = int(dense.max()) + 1 if len(dense) else 0  # the corpus's own start and end
    before = np.where(level.positions > 0, dense[np.maximum(level.positions - 1, 0)], edge)
    after_at = level.positions + level.n
    after = np.where(after_at < len(dense), dense[np.minimum(after_at, len(dense) - 1)], edge)
    cohesion = _cohesion(levels, level, len(levels[0].positions))
    coherent = cohesion >= settings.min_cohesion  # the entropies cost more: only for what can pass
    left = _neighbour_entropy(level, before, edge + 1, coherent)
    right = _neighbour_entropy(level, after, edge + 1, coherent)
    chosen = np.flatnonzero((cohesion >= settings.min_cohesion) & (np.minimum(left, right) >= settings.min_entropy))
    occurrences, n_docs = _occurrences_and_documents(level, chosen, doc_starts, SAMPLED_OCCURRENCES)
    return pd.DataFrame(
        {
            "term": [text[p : p + level.n] for p in level.first[chosen]],
            "count": level.counts[chosen],
            "n_docs": n_docs,
            "cohesion": cohesion[chosen],
            "left_entropy": left[chosen],
            "right_entropy": right[chosen],
            "occurrences": list(occurrences),
        }
    )
