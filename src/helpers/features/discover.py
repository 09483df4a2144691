"""Term discovery: multi-character terms a corpus uses that the domain dictionary lacks.

Every frequent run of two to six hanzi is scored on three counts (the method of
Matrix67's "互联网时代的社会语言学" and of most 新词发现 tools):

- **cohesion** (内部凝固度): the pointwise mutual information, in bits, of the
  weakest split of the string, ``min over k of log2(P(w) / (P(w[:k]) P(w[k:])))``:
  a term's parts occur together far more often than chance would put them side by side;
- **left and right entropy** (左右信息熵): the entropy, in bits, of the characters
  (punctuation and a document's edges included) just before and just after it: a
  word is used in varied contexts, a fragment of a longer phrase is always
  followed (or preceded) by the same character. A string whose one-character
  extension has the same count has an entropy of 0 on that side, so the
  ``min_entropy`` bar also drops the substring artefacts of longer candidates.

What the segmenter already keeps as one dictionary token (jieba's dictionary plus
``data/userdict.txt``, cut without HMM guesses) is not proposed, nor a string
whose first or last token is a stopword (``data/stopwords.txt``: 的, 在, 进一步 …).

Counting is exact and vectorised (numpy): the corpus is one array of character
codes, and n-grams of length n are counted only where their first n-1 characters
are themselves frequent (every part of a frequent string is frequent), so the
tables shrink level by level; memory grows with the characters read, not with
its distinct strings, and past ``DiscoverySettings.max_chars`` characters a seeded
sample of documents is read, so a large corpus costs no more than a sample.

    >>> import pandas as pd
    >>> texts = pd.Series(["推行赋码管理。", "赋码管理覆盖全县，", "实行赋码管理后", "落实赋码管理制度", "通过赋码管理，"])
    >>> discover_terms(texts, settings=DiscoverySettings(min_count=3, min_cohesion=1))["term"].tolist()
    ['赋码管理']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import stored
from helpers.notices import Notice, discovery_sample_notice
from helpers.tokens import Segmenter, default_segmenter, read_stopwords

COLUMNS = ["term", "count", "n_docs", "cohesion", "left_entropy", "right_entropy", "score"]
# between two documents: no n-gram crosses it, and it is the neighbour a document's edge shows
DOCUMENT_EDGE = "\x00"
# jieba's tags of words that never open or close a term: conjunction, adverb, preposition, pronoun, particle,
# modal particle, interjection, onomatopoeia
FUNCTION_TAGS: tuple[str, ...] = ("c", "d", "p", "r", "u", "y", "e", "o")
CONJUNCTION_TAG = "c"
# occurrences of a candidate segmented in context (:func:`aligned_share`), and the characters around each
SAMPLED_OCCURRENCES = 8
CONTEXT_CHARS = 6


@dataclass(frozen=True)
class DiscoverySettings:
    """Which strings are candidates and which pass.

    ``min_count`` occurrences, ``min_len``–``max_len`` hanzi, a cohesion of at
    least ``min_cohesion`` bits at every split and an entropy of at least
    ``min_entropy`` bits on each side.

        >>> DiscoverySettings(max_len=4).max_len
        4
    """

    min_count: int = 5
    min_len: int = 2
    max_len: int = 6
    min_cohesion: float = 3.0
    min_entropy: float = 1.0
    # Past this many characters a seeded sample of documents is read: counting every n-gram costs about
    # 200 bytes a character, and a term frequent in the corpus is frequent in a sample of this size.
    max_chars: int = 3_000_000

    def __post_init__(self) -> None:
        if not 2 <= self.min_len <= self.max_len:
            raise ValueError(f"need 2 <= min_len <= max_len, got {self.min_len}, {self.max_len}")
        if self.min_count < 1:
            raise ValueError(f"min_count must be at least 1, got {self.min_count}")


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


def _text_codes(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
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


def _texts(docs: pd.DataFrame | pd.Series | Iterable[str]) -> list[str]:
    if isinstance(docs, pd.DataFrame):
        docs = stored.read_column(docs, "text")
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in docs]


def sample_texts(texts: list[str], max_chars: int, random_state: int = 0) -> tuple[list[str], Notice | None]:
    """The texts, or past ``max_chars`` characters a seeded sample of whole documents (in corpus order) of
    about that many, with a notice saying what was read.

    >>> sample_texts(["基层党建", "党员"], 10)
    (['基层党建', '党员'], None)
    >>> texts, notice = sample_texts(["基层党建"] * 10, 12)
    >>> len(texts), str(notice).split(" · ")[1]
    (3, 'term discovery read a seeded sample of 3 of 10 documents (12 of 40 characters) to bound its memory')
    """
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    total = int(lengths.sum())
    if total <= max_chars:
        return texts, None
    order = np.random.default_rng(random_state).permutation(len(texts))
    taken = order[: int(np.searchsorted(np.cumsum(lengths[order]), max_chars, side="left")) + 1]
    kept = np.sort(taken)
    notice = discovery_sample_notice(len(texts), len(kept), total, int(lengths[kept].sum()))
    return [texts[i] for i in kept], notice


def candidate_table(
    docs: pd.DataFrame | pd.Series | Iterable[str], settings: DiscoverySettings
) -> tuple[pd.DataFrame, str]:
    """Every string of ``min_len``–``max_len`` hanzi that passes the count, cohesion and entropy bars, scored
    and sorted (dictionary words and stopword edges not yet removed), with a few of its ``occurrences``
    (positions in the corpus text, the second value returned)."""
    texts, notice = sample_texts(_texts(docs), settings.max_chars)
    codes, doc_starts = _text_codes(texts)
    text = DOCUMENT_EDGE.join(t.replace(DOCUMENT_EDGE, " ") for t in texts)
    empty = pd.DataFrame(columns=[*COLUMNS, "occurrences"])
    if not len(codes):
        return empty, text
    levels, dense = count_levels(codes, settings)
    frames = [
        score_level(levels, level, dense, doc_starts, text, settings)
        for level in levels[settings.min_len - 1 : settings.max_len]
        if len(level.counts)
    ]
    if not frames:
        return empty, text
    table = pd.concat(frames, ignore_index=True)
    table["score"] = score(table)
    table = table.sort_values(["score", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.attrs["notice"] = notice
    return table, text


def score(table: pd.DataFrame) -> pd.Series:
    """How strongly a candidate is a term: the weaker side's entropy times the cohesion times log2 of the count,
    so a string must be frequent, hold together and be free on both sides at once.

    >>> score(pd.DataFrame({"count": [8], "cohesion": [5.0], "left_entropy": [2.0], "right_entropy": [1.5]})).tolist()
    [22.5]
    """
    freedom = table[["left_entropy", "right_entropy"]].min(axis=1)
    return freedom * table["cohesion"] * np.log2(table["count"].astype(float))


def rejection(term: str, segmenter: Segmenter, stopwords: frozenset[str]) -> str | None:
    """Why ``term`` is no new term (None: it may be one), from its dictionary tokens and their tags.

    ``dictionary``: the segmenter keeps it (or its simplified form) as one token;
    ``stopword edge``: its first or last token is a stopword; ``function edge``:
    its first or last token is a function word (a pronoun, adverb, preposition,
    conjunction or particle: 我国经济, 毛主席亲自); ``coordination``: a conjunction
    inside joins two phrases (宪法和法律), which are no one term.

    >>> seg, stop = default_segmenter(hmm=False), read_stopwords()
    >>> [rejection(t, seg, stop) for t in ["三会一课", "黨員", "党的", "宪法和法律", "赋码管理"]]
    ['dictionary', 'dictionary', 'stopword edge', 'coordination', None]
    """
    # imported here: importing the cleaning package for it would put cleaning's files into every features key
    from helpers.clean.lines import to_simplified

    if len(segmenter.cut(to_simplified(term))) == 1:
        return "dictionary"
    tagged = segmenter.tag(term)
    if len(tagged) == 1:
        return "dictionary"
    (first, first_tag), (last, last_tag) = tagged[0], tagged[-1]
    if first in stopwords or last in stopwords:
        return "stopword edge"
    if first_tag.startswith(FUNCTION_TAGS) or last_tag.startswith(FUNCTION_TAGS):
        return "function edge"
    if any(tag.startswith(CONJUNCTION_TAG) for _, tag in tagged[1:-1]):
        return "coordination"
    return None


def aligned_share(text: str, occurrences: Iterable[int], length: int, segmenter: Segmenter) -> float:
    """The share of ``occurrences`` (start positions of a string of ``length`` characters in ``text``) where the
    segmenter, cutting the string with :data:`CONTEXT_CHARS` around it, puts a token boundary at both its edges.

    A fragment of a longer dictionary word fails: 基层党 inside 基层党组织 ends within the token 基层党组织.

    >>> text = "加强基层党组织建设，建强基层党组织"
    >>> aligned_share(text, [2, 12], 3, default_segmenter(hmm=False)), aligned_share(text, [2, 12], 5, default_segmenter(hmm=False))
    (0.0, 1.0)
    """
    occurrences = list(dict.fromkeys(int(p) for p in occurrences))
    aligned = 0
    for start in occurrences:
        left = max(start - CONTEXT_CHARS, 0)
        window = "".join(c if "\u3400" <= c <= "\u9fff" else "，" for c in text[left : start + length + CONTEXT_CHARS])
        ends = set(np.cumsum([len(t) for t in segmenter.cut(window)]).tolist()) | {0}
        aligned += (start - left) in ends and (start - left + length) in ends
    return aligned / len(occurrences) if occurrences else 0.0


def discover_terms(
    docs: pd.DataFrame | pd.Series | Iterable[str],
    k: int | None = 200,
    settings: DiscoverySettings = DiscoverySettings(),
    segmenter: Segmenter | None = None,
) -> pd.DataFrame:
    """The ``k`` best candidate terms of a corpus (None: all) that the dictionary lacks, best first (ties by term).

    ``docs`` is a corpus table (its ``text`` column) or the texts themselves.
    Columns: ``term, count, n_docs, cohesion, left_entropy, right_entropy, score``
    (see the module's docstring; :func:`score`). ``segmenter`` decides what is
    already one token (default: the domain dictionary, without HMM guesses).

        >>> texts = ["推行网格赋码。", "网格赋码覆盖全县，", "实行网格赋码后", "落实网格赋码制度"]
        >>> found = discover_terms(texts, settings=DiscoverySettings(min_count=3, min_cohesion=1))
        >>> found[["term", "count", "n_docs"]].values.tolist()
        [['网格赋码', 4, 4]]
    """
    segmenter = segmenter or default_segmenter(hmm=False)
    stopwords = read_stopwords()
    table, text = candidate_table(docs, settings)
    kept = []
    for row, (term, occurrences) in enumerate(zip(table["term"], table["occurrences"])):
        if k is not None and len(kept) >= k:
            break
        if (
            rejection(term, segmenter, stopwords) is None
            and aligned_share(text, occurrences, len(term), segmenter) > 0.5
        ):
            kept.append(row)
    found = table.iloc[kept].reset_index(drop=True)[COLUMNS]
    found.attrs["notice"] = table.attrs.get("notice")
    return found
