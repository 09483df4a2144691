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
from helpers.features.ngram_counts import DOCUMENT_EDGE, count_levels, score_level, text_codes
from helpers.features.sampling import seeded_rows_within
from helpers.notices import Notice, discovery_sample_notice
from helpers.tokens import Segmenter, default_segmenter, read_stopwords

COLUMNS = ["term", "count", "n_docs", "cohesion", "left_entropy", "right_entropy", "score"]
# jieba's tags of words that never open or close a term: conjunction, adverb, preposition, pronoun, particle,
# modal particle, interjection, onomatopoeia
FUNCTION_TAGS: tuple[str, ...] = ("c", "d", "p", "r", "u", "y", "e", "o")
CONJUNCTION_TAG = "c"
# characters around each sampled occurrence of a candidate segmented in context (:func:`aligned_share`)
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
    kept, notice = sample_rows(lengths, max_chars, random_state)
    return (texts, None) if kept is None else ([texts[i] for i in kept], notice)


def sample_rows(lengths: np.ndarray, max_chars: int, random_state: int = 0) -> tuple[np.ndarray | None, Notice | None]:
    """Which documents :func:`sample_texts` reads, from their lengths alone (None: all of them), and its notice."""
    kept = seeded_rows_within(lengths, max_chars, random_state=random_state)
    if kept is None:
        return None, None
    return kept, discovery_sample_notice(len(lengths), len(kept), int(lengths.sum()), int(lengths[kept].sum()))


def _sampled_texts(docs: pd.DataFrame | pd.Series | Iterable[str], max_chars: int) -> tuple[list[str], Notice | None]:
    """:func:`sample_texts` of the corpus; a docs frame read without its texts reads back only the sample's
    (chosen by its ``n_chars``, the same sample as from the texts)."""
    if isinstance(docs, pd.DataFrame) and "text" not in docs.columns and "n_chars" in docs.columns:
        kept, notice = sample_rows(docs["n_chars"].to_numpy(dtype=np.int64), max_chars)
        return _texts(docs if kept is None else docs.iloc[kept]), notice
    return sample_texts(_texts(docs), max_chars)


def candidate_table(
    docs: pd.DataFrame | pd.Series | Iterable[str], settings: DiscoverySettings
) -> tuple[pd.DataFrame, str]:
    """Every string of ``min_len``–``max_len`` hanzi that passes the count, cohesion and entropy bars, scored
    and sorted (dictionary words and stopword edges not yet removed), with a few of its ``occurrences``
    (positions in the corpus text, the second value returned)."""
    texts, notice = _sampled_texts(docs, settings.max_chars)
    codes, doc_starts = text_codes(texts)
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
