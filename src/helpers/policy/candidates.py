"""Which pairs of documents may share a passage: MinHash LSH over windows of character shingles.

A whole document's MinHash sees only whole-document similarity: a 60-character passage a notice of 5,000
characters copies from another barely moves it. So each document is cut into overlapping windows about
``min_chars`` long (half a window apart), each window gets a MinHash of its character shingles, and windows
whose signatures agree on a whole LSH band (datasketch's permutations and its choice of bands and rows for the
threshold) make their documents a candidate pair. The banding is done with numpy on all windows at once:
datasketch's own index costs about 70 µs a window, six minutes for the five million windows of 20,000
documents; the buckets are the same (``tests/test_reuse.py`` checks them against ``MinHashLSH``).

Template windows (boilerplate: their shingles occur in more than the template share of the documents) are not
indexed, so a salutation shared by every notice of a site does not make every pair of notices a candidate.
Document frequencies are counted on a content-defined sample of the shingles (those whose hash is 0 modulo
TEMPLATE_SAMPLE), the same positions in every document, so counting costs a fraction of the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from helpers.policy.alignment import char_codes, mix64, shingle_hashes

# one shingle in TEMPLATE_SAMPLE is counted for document frequencies
TEMPLATE_SAMPLE = 4
_LOW_32 = np.uint64(0xFFFFFFFF)


@lru_cache(maxsize=4)
def lsh_parameters(threshold: float, num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray, int, int]:
    """datasketch's permutations ``(a, b)`` for the affine32 scheme and its bands and rows for the threshold."""
    from datasketch import MinHash, MinHashLSH

    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return a.astype(np.uint64), b.astype(np.uint64), lsh.b, lsh.r


def minhash_values(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Every shingle under every permutation, ``(n_shingles, num_perm)`` uint32, as datasketch's affine32 does
    (``a * h + b`` modulo 2**32 on a 32-bit hash)."""
    h32 = (hashes >> np.uint64(32))[:, None]
    return ((h32 * a[None, :] + b[None, :]) & _LOW_32).astype(np.uint32)


def window_bounds(n_shingles: int, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and end shingle of each window: two consecutive blocks of ``step`` shingles, one block apart.

    >>> [x.tolist() for x in window_bounds(10, 3)]
    [[0, 3, 6], [6, 9, 10]]
    """
    blocks = np.arange(0, n_shingles, step)
    if len(blocks) <= 1:
        return blocks, np.minimum(blocks + step, n_shingles)
    return blocks[:-1], np.minimum(blocks[:-1] + 2 * step, n_shingles)


def window_signatures(values: np.ndarray, step: int) -> np.ndarray:
    """MinHash of every window (:func:`window_bounds`) from the per-shingle values, by block minima."""
    blocks = np.minimum.reduceat(values, np.arange(0, len(values), step), axis=0)
    if len(blocks) == 1:
        return blocks
    return np.minimum(blocks[:-1], blocks[1:])


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 32-bit key per window and band, ``(n_windows, bands)``: equal keys, equal band (up to 32-bit
    collisions, which only add a candidate that alignment then rejects)."""
    n = len(signatures)
    parts = signatures[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    key = np.zeros((n, bands), dtype=np.uint64)
    for r in range(rows):
        key = mix64(key + parts[:, :, r])
    key = mix64(key + np.arange(bands, dtype=np.uint64)[None, :])  # a key belongs to one band
    return (key >> np.uint64(32)).astype(np.uint32)


def sampled_document_frequency(texts: Sequence[str], shingle: int) -> tuple[np.ndarray, np.ndarray]:
    """Sampled shingle hashes and the number of documents holding each, sorted by hash."""
    per_document = []
    for text in texts:
        hashes = shingle_hashes(char_codes(text), shingle)
        per_document.append(np.unique(hashes[hashes % np.uint64(TEMPLATE_SAMPLE) == 0]))
    if not per_document:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(per_document), return_counts=True)


def template_marks(hashes: np.ndarray, frequency: tuple[np.ndarray, np.ndarray], cap: float) -> np.ndarray:
    """Per shingle: -1 not sampled, 1 sampled and in more than ``cap`` documents, 0 sampled and rarer."""
    values, counts = frequency
    marks = np.full(len(hashes), -1, dtype=np.int8)
    sampled = np.flatnonzero(hashes % np.uint64(TEMPLATE_SAMPLE) == 0)
    if len(sampled) and len(values):
        where = np.clip(np.searchsorted(values, hashes[sampled]), 0, len(values) - 1)
        df = np.where(values[where] == hashes[sampled], counts[where], 1)
        marks[sampled] = (df > cap).astype(np.int8)
    return marks


def is_template_span(marks: np.ndarray, start: int, end: int) -> bool:
    """Whether most sampled shingles starting in ``[start, end)`` are template (False when none is sampled)."""
    part = marks[start:end]
    sampled = part >= 0
    return bool(sampled.any() and 2 * int(part[sampled].sum()) > int(sampled.sum()))


def _pairs_of_groups(keys: np.ndarray, owners: np.ndarray, cap: float) -> tuple[np.ndarray, int]:
    """Document pairs ``i * n + j`` (i < j, n = 2**31) sharing a key, from buckets of at most ``cap`` documents,
    and how many buckets held more (their documents are not paired)."""
    order = np.argsort(keys, kind="stable")
    keys, owners = keys[order], owners[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    found = []
    two = starts[sizes == 2]
    i, j = owners[two], owners[two + 1]
    keep = i != j
    found.append(np.minimum(i, j)[keep].astype(np.int64) << 31 | np.maximum(i, j)[keep].astype(np.int64))
    crowded = 0
    for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist()):
        members = np.unique(owners[start : start + size])
        if 1 < len(members) <= cap:
            ii, jj = np.triu_indices(len(members), 1)
            found.append(members[ii].astype(np.int64) << 31 | members[jj].astype(np.int64))
        crowded += len(members) > cap
    return (np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)), crowded


def candidate_pairs(
    texts: Sequence[str],
    *,
    min_chars: int,
    shingle: int,
    threshold: float,
    num_perm: int,
    seed: int,
    template_cap: float,
    max_shared: float = float("inf"),
    max_pairs: int | None = None,
) -> tuple[np.ndarray, list[np.ndarray], int, int]:
    """Candidate document pairs ``(n_pairs, 2)`` (positions in ``texts``, first < second, sorted), each
    text's template marks (:func:`template_marks`) for flagging the passages found later, how many LSH
    buckets (a window's band, in the largest band count) held more than ``max_shared`` documents and paired
    none, and how many candidate pairs there were before the ``max_pairs`` that collide in the most bands
    were kept (ties by position)."""
    a, b, bands, rows = lsh_parameters(threshold, num_perm, seed)
    step = max(1, (min_chars - shingle + 1) // 2)
    frequency = sampled_document_frequency(texts, shingle)
    marks, keys, owners = [], [], []
    for position, text in enumerate(texts):
        hashes = shingle_hashes(char_codes(text), shingle)
        marks.append(template_marks(hashes, frequency, template_cap))
        if len(text) < min_chars or not len(hashes):
            continue
        signatures = window_signatures(minhash_values(hashes, a, b), step)
        n_sampled, n_template = _window_counts(marks[-1] >= 0, marks[-1] == 1, step)
        informative = ~(2 * n_template > n_sampled)
        keys.append(band_keys(signatures[informative], bands, rows))
        owners.append(np.full(int(informative.sum()), position, dtype=np.int64))
    if not keys:
        return np.zeros((0, 2), dtype=np.int64), marks, 0, 0
    all_keys, all_owners = np.concatenate(keys), np.concatenate(owners)
    cap = min(template_cap, max_shared)
    pairs, crowded = zip(*(_pairs_of_groups(all_keys[:, band], all_owners, cap) for band in range(bands)))
    codes, collisions = np.unique(np.concatenate(pairs), return_counts=True)
    n_candidates = len(codes)
    if max_pairs is not None and n_candidates > max_pairs:
        codes = np.sort(codes[np.lexsort((codes, -collisions))[:max_pairs]])
    return np.column_stack([codes >> 31, codes & ((1 << 31) - 1)]), marks, max(crowded), n_candidates


def _window_counts(sampled: np.ndarray, template: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Sampled and template shingles per window (:func:`window_bounds`: two consecutive blocks, or one)."""
    block_starts = np.arange(0, len(sampled), step)
    per_block_sampled = np.add.reduceat(sampled.astype(np.int64), block_starts)
    per_block_template = np.add.reduceat(template.astype(np.int64), block_starts)
    if len(block_starts) == 1:
        return per_block_sampled, per_block_template
    return per_block_sampled[:-1] + per_block_sampled[1:], per_block_template[:-1] + per_block_template[1:]
