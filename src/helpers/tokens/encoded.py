"""Many documents' tokens as integer codes into one vocabulary: small to send, store and filter.

A corpus has a few tens of thousands of distinct tokens and millions of
occurrences, so codes are several times smaller than lists of strings to send
between processes and to store, and the token filter runs once per distinct
token instead of once per occurrence.

    >>> encode_tokens([["基层", "党建"], ["党建"]]).decode()
    [['基层', '党建'], ['党建']]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

# Tokens a blockwise pass over the codes takes at a time (:meth:`EncodedTokens.kept`).
BLOCK_TOKENS = 2_000_000


@dataclass(frozen=True, eq=False)  # numpy arrays have no plain equality
class EncodedTokens:
    """Many documents' tokens as integer codes into one vocabulary.

    Document ``i``'s tokens are ``vocab[c]`` for ``c`` in ``codes[offsets[i]:offsets[i + 1]]``;
    ``tags`` (one per vocabulary entry) is set when the tokens were tagged, and an
    entry is then a (word, tag) pair.

        >>> enc = encode_tokens([["基层", "党建", "基层"], ["党建"]])
        >>> enc.vocab, enc.codes.tolist(), enc.offsets.tolist()
        (('基层', '党建'), [0, 1, 0, 1], [0, 3, 4])
        >>> enc.decode()
        [['基层', '党建', '基层'], ['党建']]
    """

    vocab: tuple[str, ...]
    codes: np.ndarray  # int32, every document's tokens in order
    offsets: np.ndarray  # int64, len(documents) + 1
    tags: tuple[str, ...] | None = None

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __iter__(self) -> Iterator[list]:
        """Each document's token list in turn, decoded only when reached (never all of them at once).

        >>> [len(tokens) for tokens in encode_tokens([["基层", "党建"], []])]
        [2, 0]
        """
        keys = self.keys()
        for start, end in itertools.pairwise(self.offsets.tolist()):
            yield [keys[code] for code in self.codes[start:end].tolist()]

    def keys(self) -> list:
        """The vocabulary entries as they were encoded: words, or (word, tag) pairs.

        >>> encode_tokens([[("党员", "n")]]).keys()
        [('党员', 'n')]
        """
        return list(self.vocab) if self.tags is None else list(zip(self.vocab, self.tags))

    def words(self) -> EncodedTokens:
        """The same tokens as words only: the tags (once they have served a filter) left out.

        >>> encode_tokens([[("党员", "n")]]).words().decode()
        [['党员']]
        """
        return EncodedTokens(self.vocab, self.codes, self.offsets)

    def kept(self, keep: np.ndarray) -> EncodedTokens:
        """The same documents with only the tokens whose vocabulary entry ``keep`` marks (same vocabulary).

        Made in blocks of documents (:func:`document_blocks`), so the mask and positions of every token of a
        large corpus (9 bytes a token) are never held at once.

        >>> enc = encode_tokens([["党建", "，", "党员"]])
        >>> enc.kept(np.array([True, False, True])).decode()
        [['党建', '党员']]
        """
        parts, counts = [], np.zeros(len(self), dtype=np.int64)
        for first, last in document_blocks(self.offsets, BLOCK_TOKENS):
            block = self.documents(first, last)
            positions = np.flatnonzero(keep[block.codes])
            parts.append(block.codes[positions])
            # kept tokens before each document's start, within the block
            counts[first:last] = np.diff(np.searchsorted(positions, block.offsets))
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return EncodedTokens(self.vocab, joined(parts, np.int32), offsets, self.tags)

    def documents(self, first: int, end: int) -> EncodedTokens:
        """Documents ``first`` .. ``end - 1`` as their own :class:`EncodedTokens` (views of the codes, not copies).

        >>> encode_tokens([["基层"], ["党建", "党员"], ["支部"]]).documents(1, 3).decode()
        [['党建', '党员'], ['支部']]
        """
        low, high = self.offsets[first], self.offsets[end]
        return EncodedTokens(self.vocab, self.codes[low:high], self.offsets[first : end + 1] - low, self.tags)

    def head(self, n: int) -> EncodedTokens:
        """Each document's first ``n`` tokens (same vocabulary): what a table of documents shows of them.

        >>> encode_tokens([["基层", "党建", "工作"], ["党员"]]).head(2).decode()
        [['基层', '党建'], ['党员']]
        """
        starts = self.offsets[:-1]
        lengths = np.minimum(np.diff(self.offsets), max(n, 0))
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        # position of every kept token: its document's start plus its rank within the document
        positions = np.repeat(starts, lengths) + (np.arange(offsets[-1]) - np.repeat(offsets[:-1], lengths))
        return EncodedTokens(self.vocab, self.codes[positions], offsets, self.tags)

    def decode(self, keep: np.ndarray | None = None) -> list[list]:
        """The token lists back (words, or (word, tag) pairs); ``keep`` masks vocabulary entries out.

        >>> encode_tokens([["党建", "，"]]).decode(np.array([True, False]))
        [['党建']]
        """
        if keep is not None:
            return self.kept(keep).decode()
        codes, offsets = self.codes, self.offsets
        entries = np.empty(len(self.vocab), dtype=object)
        entries[:] = self.keys()
        flat = entries[codes].tolist()  # shared string objects: one per distinct token, not per occurrence
        bounds = offsets.tolist()
        return [flat[a:b] for a, b in itertools.pairwise(bounds)]


def document_blocks(offsets: np.ndarray, max_tokens: int) -> Iterator[tuple[int, int]]:
    """``(first, last)`` document ranges of about ``max_tokens`` tokens each (at least one document), in order:
    how a pass over a large corpus's codes bounds what it holds at once.

    >>> list(document_blocks(np.array([0, 3, 4, 9, 9]), 4))
    [(0, 2), (2, 3), (3, 4)]
    """
    first, n_docs = 0, len(offsets) - 1
    while first < n_docs:
        last = int(np.searchsorted(offsets, offsets[first] + max_tokens, side="right")) - 1
        last = min(max(last, first + 1), n_docs)
        yield first, last
        first = last


def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    """The arrays of ``parts`` end to end, each let go as soon as it is copied (the list is emptied): the pages
    of the result are only touched as they are filled, so the parts and the whole are never all held twice.

    >>> parts = [np.array([1, 2]), np.array([3])]
    >>> joined(parts, np.int32).tolist(), parts
    ([1, 2, 3], [])
    """
    out = np.empty(sum(len(part) for part in parts), dtype=dtype)
    parts.reverse()
    start = 0
    while parts:
        part = parts.pop()
        out[start : start + len(part)] = part
        start += len(part)
    return out


def encode_tokens(token_lists: Iterable[Sequence]) -> EncodedTokens:
    """Token lists (of words, or of (word, tag) pairs) as an :class:`EncodedTokens`, codes in first-seen order.

    >>> encode_tokens([["党建", "党员", "党建"]]).codes.tolist()
    [0, 1, 0]
    """
    lists = list(token_lists)
    index = _code_index()
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    tokens = itertools.chain.from_iterable(lists)
    if any(doc and not isinstance(doc[0], str) for doc in lists):
        tokens = map(tuple, tokens)  # (word, tag) pairs, as lists or tuples
    codes = np.fromiter(map(index.__getitem__, tokens), dtype=np.int32, count=int(lengths.sum()))
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return _from_keys(list(index), codes, offsets)


def _code_index() -> defaultdict:
    """A mapping that gives every new key the next code: ``map(index.__getitem__, keys)`` encodes in C."""
    index: defaultdict = defaultdict()
    index.default_factory = index.__len__
    return index


def _from_keys(keys: list, codes: np.ndarray, offsets: np.ndarray) -> EncodedTokens:
    if keys and not isinstance(keys[0], str):
        return EncodedTokens(tuple(k[0] for k in keys), codes, offsets, tuple(k[1] for k in keys))
    return EncodedTokens(tuple(keys), codes, offsets)


def concat_encoded(parts: Iterable[EncodedTokens]) -> EncodedTokens:
    """Documents of several :class:`EncodedTokens`, in order, over one merged vocabulary.

    >>> concat_encoded([encode_tokens([["党建"]]), encode_tokens([["党员", "党建"]])]).decode()
    [['党建'], ['党员', '党建']]
    """
    builder = EncodedBuilder()
    for part in parts:
        builder.add(part)
    return builder.build()


class EncodedBuilder:
    """Parts appended in order into one vocabulary, as they arrive: each part's vocabulary is merged
    and dropped at once, only its codes (remapped) and document lengths are kept, as compact arrays.

        >>> builder = EncodedBuilder()
        >>> builder.add(encode_tokens([["党建"]]))
        >>> builder.add(encode_tokens([["党员", "党建"]]))
        >>> builder.build().decode()
        [['党建'], ['党员', '党建']]
    """

    def __init__(self) -> None:
        self._index = _code_index()
        self._codes: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []
        self._tagged = False

    def add(self, part: EncodedTokens) -> None:
        self._tagged = self._tagged or part.tags is not None
        remap = np.fromiter(map(self._index.__getitem__, part.keys()), dtype=np.int32, count=len(part.vocab))
        self._codes.append(remap[part.codes] if len(part.codes) else part.codes.astype(np.int32))
        self._lengths.append(np.diff(part.offsets))

    def build(self) -> EncodedTokens:
        """The parts added so far as one :class:`EncodedTokens`; the builder gives up its parts to it."""
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        codes = joined(self._codes, np.int32)
        if not self._index and self._tagged:
            return EncodedTokens((), codes, offsets, ())
        return _from_keys(list(self._index), codes, offsets)
