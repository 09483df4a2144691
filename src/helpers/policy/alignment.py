"""Passage alignment between two texts: exact spans of the passages they share, verbatim or with a few characters
changed (:func:`align_passages`), and the character-shingle hashes both this and the candidate search build on.

Seeds are positions where both texts hold the same ``seed_chars`` characters; seeds on one diagonal (the same
offset between the texts) that follow each other form a run, an exact match, extended to its maximal length; runs
whose gaps in both texts are at most ``max_gap`` characters are chained into one passage, so a changed, inserted
or deleted character breaks a run but not the passage. A passage is kept when it is at least ``min_chars`` long
in both texts and at least ``min_similarity`` of its characters are in exact runs.

    >>> a = "为深入贯彻落实党中央决策部署，现就进一步加强基层党组织建设提出如下意见。"
    >>> b = "各地要结合实际。现就进一步加强基层党组织建设提出如下意见，请认真贯彻执行。"
    >>> [(a[s:e], b[t:u]) for s, e, t, u, _ in align_passages(a, b, min_chars=10)]
    [('现就进一步加强基层党组织建设提出如下意见', '现就进一步加强基层党组织建设提出如下意见')]
"""

from __future__ import annotations

import numpy as np

# splitmix64's finaliser: spreads a polynomial hash over all 64 bits, so any slice of the bits is uniform
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_BASE = np.uint64(0x100000001B3)
# a k-gram repeated more often than this in either text (a list marker, a recurring phrase) seeds nothing: its
# position pairs grow as the product of its counts, and a copied passage is found through its other k-grams
MAX_SEED_REPEATS = 16


def char_codes(text: str) -> np.ndarray:
    """The code points of a text as an unsigned array, one per character (so offsets index the str).

    >>> char_codes("党建").tolist()
    [20826, 24314]
    """
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)


def mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, element-wise on uint64 (arithmetic wraps modulo 2**64, as intended)."""
    h = values ^ (values >> np.uint64(30))
    h = h * _MIX_1
    h = h ^ (h >> np.uint64(27))
    h = h * _MIX_2
    return h ^ (h >> np.uint64(31))


def shingle_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """A 64-bit hash of every run of ``k`` characters, by start position (``len - k + 1`` of them, or none).

    >>> h = shingle_hashes(char_codes("基层党建基层党建"), 4)
    >>> len(h), bool(h[0] == h[4]), bool(h[0] == h[1])
    (5, True, False)
    """
    n = len(codes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for offset in range(k):
        h = h * _BASE + codes[offset : offset + n]
    return mix64(h)


def _seed_pairs(ha: np.ndarray, hb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every ``(i, j)`` with ``ha[i] == hb[j]``, leaving out hashes repeated more than MAX_SEED_REPEATS times."""
    common = np.intersect1d(ha, hb)
    if not len(common):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order_a, order_b = np.argsort(ha, kind="stable"), np.argsort(hb, kind="stable")
    sa, sb = ha[order_a], hb[order_b]
    la, ra = np.searchsorted(sa, common, "left"), np.searchsorted(sa, common, "right")
    lb, rb = np.searchsorted(sb, common, "left"), np.searchsorted(sb, common, "right")
    ca, cb = ra - la, rb - lb
    keep = (ca <= MAX_SEED_REPEATS) & (cb <= MAX_SEED_REPEATS)
    la, lb, ca, cb = la[keep], lb[keep], ca[keep], cb[keep]
    sizes = ca * cb  # every position in a with every position in b, group by group
    group = np.repeat(np.arange(len(sizes)), sizes)
    within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    i = order_a[la[group] + within // cb[group]]
    j = order_b[lb[group] + within % cb[group]]
    return i.astype(np.int64), j.astype(np.int64)


def exact_runs(a: str, b: str, seed_chars: int) -> list[tuple[int, int, int, int]]:
    """Maximal exact matches ``(start_a, end_a, start_b, end_b)`` of at least ``seed_chars`` characters, sorted.

    >>> exact_runs("甲乙基层党组织建设丙", "丁基层党组织建设戊", 4)
    [(2, 9, 1, 8)]
    """
    i, j = _seed_pairs(shingle_hashes(char_codes(a), seed_chars), shingle_hashes(char_codes(b), seed_chars))
    if not len(i):
        return []
    diagonal = j - i
    order = np.lexsort((i, diagonal))
    i, diagonal = i[order], diagonal[order]
    breaks = np.flatnonzero((np.diff(diagonal) != 0) | (np.diff(i) != 1)) + 1
    starts, ends = np.r_[0, breaks], np.r_[breaks, len(i)] - 1
    runs = set()
    for first, last in zip(starts.tolist(), ends.tolist()):
        d = int(diagonal[first])
        s, e = int(i[first]), int(i[last]) + seed_chars
        while s > 0 and s + d > 0 and a[s - 1] == b[s + d - 1]:  # a repeated k-gram left out of the seeds
            s -= 1
        while e < len(a) and e + d < len(b) and a[e] == b[e + d]:
            e += 1
        if a[s:e] == b[s + d : e + d]:  # a 64-bit hash collision would fail here
            runs.add((s, e, s + d, e + d))
    return sorted(runs)


def _chain(runs: list[tuple[int, int, int, int]], max_gap: int) -> list[list[int]]:
    """Runs joined into passages ``[start_a, end_a, start_b, end_b, matched]`` where both gaps are small."""
    closed: list[list[int]] = []
    open_chains: list[list[int]] = []  # chains that a later run (runs come by start in a) may still reach
    for a0, a1, b0, b1 in runs:
        if open_chains and open_chains[0][1] < a0 - max_gap:
            closed += [chain for chain in open_chains if chain[1] < a0 - max_gap]
            open_chains = [chain for chain in open_chains if chain[1] >= a0 - max_gap]
        best, best_gap = None, None
        for chain in open_chains:
            gap_a, gap_b = a0 - chain[1], b0 - chain[3]
            if -max_gap <= gap_a <= max_gap and -max_gap <= gap_b <= max_gap and a1 > chain[1] and b1 > chain[3]:
                gap = max(gap_a, gap_b)
                if best_gap is None or gap < best_gap:
                    best, best_gap = chain, gap
        if best is None:
            open_chains.append([a0, a1, b0, b1, a1 - a0])
            open_chains.sort(key=lambda chain: chain[1])
            continue
        best[4] += a1 - max(a0, best[1])
        best[1], best[3] = a1, max(best[3], b1)
        open_chains.sort(key=lambda chain: chain[1])
    return sorted(closed + open_chains)


def _matching(a: str, b: str, i: int, j: int, step: int) -> int:
    """How many characters match from ``a[i]``, ``b[j]`` on, walking by ``step`` (1 right, -1 left)."""
    n = 0
    while 0 <= i < len(a) and 0 <= j < len(b) and a[i] == b[j]:
        n, i, j = n + 1, i + step, j + step
    return n


def _extend(a: str, b: str, chain: list[int], max_skip: int, min_match: int) -> list[int]:
    """A passage's ends carried past edits closer to its edge than a seed: over up to ``max_skip`` characters
    of either text, when at least ``min_match`` matching characters follow."""
    a0, a1, b0, b1, matched = chain
    for step in (1, -1):
        while True:
            best = None
            for skip_a in range(max_skip + 1):
                for skip_b in range(max_skip + 1):
                    i = a1 + skip_a if step == 1 else a0 - 1 - skip_a
                    j = b1 + skip_b if step == 1 else b0 - 1 - skip_b
                    n = _matching(a, b, i, j, step)
                    if n >= min_match and (best is None or n - skip_a - skip_b > best[0] - best[1] - best[2]):
                        best = (n, skip_a, skip_b)
            if best is None:
                break
            n, skip_a, skip_b = best
            if step == 1:
                a1, b1 = a1 + skip_a + n, b1 + skip_b + n
            else:
                a0, b0 = a0 - skip_a - n, b0 - skip_b - n
            matched += n
    return [a0, a1, b0, b1, matched]


def align_passages(
    a: str,
    b: str,
    *,
    min_chars: int = 30,
    seed_chars: int = 6,
    max_gap: int = 8,
    min_similarity: float = 0.7,
) -> list[tuple[int, int, int, int, float]]:
    """Passages of ``a`` and ``b`` that match exactly or nearly: ``(start_a, end_a, start_b, end_b, similarity)``.

    ``similarity`` is the share of the two spans' characters that lie in exact runs (1.0 for a verbatim copy).

    >>> a = "甲" * 5 + "各级党组织要切实履行主体责任，把基层党建工作抓实抓细抓到位" + "乙" * 5
    >>> b = "丙" * 3 + "各级党委要切实履行主体责任，把基层党建工作抓实抓细抓到位" + "丁" * 3
    >>> [(s, e, t, u, round(sim, 2)) for s, e, t, u, sim in align_passages(a, b, min_chars=20)]
    [(5, 34, 3, 31, 0.95)]
    """
    runs = exact_runs(a, b, seed_chars)
    found = []
    for chain in _chain(runs, max_gap):
        if 2 * min(chain[1] - chain[0], chain[3] - chain[2]) < min_chars:  # too short even after extension
            continue
        a0, a1, b0, b1, matched = _extend(a, b, chain, max_skip=2, min_match=3)
        length_a, length_b = a1 - a0, b1 - b0
        if min(length_a, length_b) < min_chars:
            continue
        similarity = min(1.0, 2 * matched / (length_a + length_b))
        if similarity >= min_similarity:
            found.append((a0, a1, b0, b1, similarity))
    return sorted(found)
