"""Word segmentation of Chinese policy text with the field's own vocabulary.

jieba's dictionary and algorithm, run by one of two engines: ``jieba`` itself
(pure Python) or ``rjieba`` (a Rust port over the same dictionary, tens of
times faster). Both get the domain dictionary ``data/userdict.txt`` so that
terms like 基层党组织, 两新组织 and 三会一课 stay whole, and the default token
filter drops stopwords (``data/stopwords.txt``), punctuation, numbers, Latin
fragments and single characters.

A :class:`Segmenter` is built once from the dictionary files and is then
immutable; :func:`default_segmenter` caches one per settings, so nothing is
mutated behind the caller's back (no ``jieba.add_word`` on the global
tokenizer, no ``jieba.enable_parallel``).

:func:`tokenize_corpus` segments a whole corpus in worker processes, in chunks of
documents, each worker loading the dictionary itself. Tokens travel and are
cached as integer codes into one vocabulary (:class:`EncodedTokens`, one ``.npz``
file per corpus, segmenter and engine version), and the token filter runs once
per distinct token, so a second run costs reading that file.

    >>> tokenize("加强基层党组织建设，认真落实三会一课制度")
    ['加强', '基层党组织', '建设', '认真落实', '三会一课', '制度']
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import itertools
import logging
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Collection, Iterable, Iterator, Sequence

import numpy as np

from helpers import cache as cache_layer
from helpers.cache import Cache, make_key, pack_strings, unpack_strings
from helpers.cache import columns_digest, source_digest
from helpers.config import CACHE_DIR, data_path, read_data_lines

if TYPE_CHECKING:
    import pandas as pd

ENGINES: tuple[str, ...] = ("jieba", "rjieba")
# rjieba is the default because its token boundaries agree with jieba's on the
# seed corpus with the domain dictionary loaded (measured by
# tests/test_segment.py::test_engines_agree_on_seed_boundaries; the bar is 99.5%).
DEFAULT_ENGINE = "rjieba"
USERDICT_FILE = "userdict.txt"
STOPWORD_FILES: tuple[str, ...] = ("stopwords.txt",)
GUESS_EDGES_FILE = "guessed_word_edges.tsv"
SURNAMES_FILE = "common_surnames.txt"

# Tags of jieba's part-of-speech set that carry content, for themes: nouns
# (n, nr, ns, nt, nz, ng), verbal nouns (vn), verbs (v), idioms/fixed phrases (l, i).
CONTENT_POS: tuple[str, ...] = ("n", "v", "l", "i")

# CJK Unified Ideographs with extension A and the compatibility block.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_ONLY = re.compile(f"^[{_HAN}]+$")
# A token made only of Chinese numerals is a number, not a theme (三, 十五, 二十万).
_CN_NUMERALS = "〇零一二三四五六七八九十百千万亿两几壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_NUMERAL_ONLY = re.compile(f"^[{_CN_NUMERALS}]+$")
# ... and so is a numeral with a measure word (两类, 三个, 五年), which jieba often keeps together.
_CN_NUMERAL_MEASURE = re.compile(f"^[{_CN_NUMERALS}]+[个类项条种批名次年月日届位家所处支级点份人]$")
# Policy writing quotes the parts of field terms (“两新”组织, 村“两委”, “三会一课”制度); the
# quote marks would split the term, and they are dropped as punctuation anyway.
_QUOTE_MARKS: tuple[str, ...] = tuple("“”‘’「」『』\"'＂＇")


def unquote(text: str) -> str:
    """Drop quotation marks so that a quoted part joins its term.

        >>> unquote("加强“两新”组织党建")
        '加强两新组织党建'
    """
    # str.replace per mark is ~20x faster than str.translate on Han text (measured: 0.04 s
    # against 0.69 s for 4.8M characters), which mattered as much as the segmentation itself.
    for mark in _QUOTE_MARKS:
        if mark in text:
            text = text.replace(mark, "")
    return text


@dataclass(frozen=True)
class DictEntry:
    """One line of a jieba user dictionary: word, optional frequency, optional POS tag."""

    word: str
    freq: int | None = None
    tag: str | None = None


def parse_userdict_line(line: str) -> DictEntry:
    """Parse a jieba user-dictionary line (``word [freq] [tag]``, space-separated).

        >>> parse_userdict_line("两新组织 2000 nt")
        DictEntry(word='两新组织', freq=2000, tag='nt')
    """
    parts = line.strip().lstrip("\ufeff").split()
    if not parts:
        raise ValueError("empty dictionary line")
    word, rest = parts[0], parts[1:]
    freq = int(rest.pop(0)) if rest and rest[0].isdigit() else None
    tag = rest.pop(0) if rest else None
    if rest:
        raise ValueError(f"unexpected fields in dictionary line: {line!r}")
    return DictEntry(word, freq, tag)


def read_userdict(name: str = USERDICT_FILE) -> tuple[DictEntry, ...]:
    """Entries of a domain dictionary under ``data/`` (``#`` comment lines allowed, unlike jieba's loader)."""
    return tuple(parse_userdict_line(line) for line in read_data_lines(name))


def read_stopwords(names: Sequence[str] = STOPWORD_FILES) -> frozenset[str]:
    """Union of the stopword lists under ``data/``, one word a line.

        >>> {"的", "进一步", "一是"} <= read_stopwords()
        True
    """
    return frozenset(w.strip() for name in names for w in read_data_lines(name) if w.strip())


def read_guess_edges(name: str = GUESS_EDGES_FILE) -> tuple[frozenset[str], frozenset[str]]:
    """The characters no HMM-guessed word starts with, and those none ends with (``data/guessed_word_edges.tsv``).

        >>> starts, ends = read_guess_edges()
        >>> "使" in starts, "向" in ends
        (True, True)
    """
    edges: dict[str, set[str]] = {"start": set(), "end": set()}
    for line in read_data_lines(name):
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] not in edges or len(fields[1]) != 1:
            raise ValueError(f"{name}: expected 'start|end <TAB> one character <TAB> word class', got {line!r}")
        edges[fields[0]].add(fields[1])
    return frozenset(edges["start"]), frozenset(edges["end"])


@lru_cache(maxsize=4)
def jieba_words_with_edges(starts: frozenset[str], ends: frozenset[str]) -> frozenset[str]:
    """The words of jieba's own dictionary (``jieba/dict.txt``, which rjieba embeds too) that start
    with one of ``starts`` or end with one of ``ends``: the only ones a guess test needs to know.

    Found by one regular-expression pass over the file, then kept in the shared cache (``processed/shared/dictedges/``)
    under a key of the jieba version and the characters, so a later run (a cached notebook)
    reads a few thousand words instead of scanning 350,000 lines.
    """
    dictionary = Path(importlib.util.find_spec("jieba").origin).parent / "dict.txt"  # without importing jieba
    key = make_key(engine_version("jieba"), dictionary.stat().st_size, "".join(sorted(starts)), "".join(sorted(ends)))
    cache = Cache(CACHE_DIR)
    cached = cache.read_arrays("dictedges", key)
    if cached is not None:
        return frozenset(unpack_strings(cached["words_utf8"], cached["words_len"]))
    text = dictionary.read_text(encoding="utf-8")
    first = f"[{re.escape(''.join(sorted(starts)))}]\\S*" if starts else "(?!)"
    last = f"\\S*[{re.escape(''.join(sorted(ends)))}]" if ends else "(?!)"
    words = frozenset(re.findall(f"^({first}|{last}) ", text, re.M))
    packed, lengths = pack_strings(sorted(words))
    with contextlib.suppress(OSError):  # a read-only project folder only costs the scan next time
        cache.write_arrays("dictedges", key, {"words_utf8": packed, "words_len": lengths})
    return words


def is_content_token(token: str, *, keep_single_chars: bool = False) -> bool:
    """True for a token made only of Han characters that is not a bare numeral.

    Drops punctuation, whitespace, digits, Latin and pinyin fragments and mixed
    tokens such as ``2016年``; single characters unless asked for.

        >>> [t for t in ["党建", "，", "2016", "ALLCIRCLES", "三", "两类", "网", "两新组织"] if is_content_token(t)]
        ['党建', '两新组织']
    """
    if not _HAN_ONLY.match(token) or _CN_NUMERAL_ONLY.match(token) or _CN_NUMERAL_MEASURE.match(token):
        return False
    return keep_single_chars or len(token) > 1


def _pos_match(tag: str, pos: Collection[str]) -> bool:
    return any(tag.startswith(p) for p in pos)


def _files_digest(names: Iterable[str]) -> str:
    h = hashlib.sha256()
    for name in names:
        h.update(name.encode())
        h.update(b"\0")
        h.update(data_path(name).read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def engine_version(engine: str) -> str:
    """Installed version of an engine's package, part of every cache key."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")
    return importlib.metadata.version(engine)


@contextlib.contextmanager
def _quiet_jieba() -> Iterator[None]:
    # jieba logs "Loading model cost 0.6 seconds" to stderr, which would put a
    # timing into notebook outputs; silence it only while building.
    import jieba

    logger = jieba.default_logger
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Segmenter:
    """A jieba or rjieba tokenizer with the domain dictionary and stopwords, built once.

    Settings go to the constructor (scikit-learn style) and never change; build
    another Segmenter for other settings. Use :func:`default_segmenter` to share one.

        >>> seg = Segmenter(engine="jieba")
        >>> seg.cut("推进两学一做学习教育常态化制度化")[:2]
        ['推进', '两学一做']
        >>> seg.tokenize("一是要进一步加强党建带群建工作")
        ['加强', '党建带群建']
    """

    def __init__(
        self,
        engine: str = DEFAULT_ENGINE,
        *,
        userdict: str | None = USERDICT_FILE,
        stopwords: Sequence[str] = STOPWORD_FILES,
        hmm: bool = True,
        join_quoted: bool = True,
        guess_edges: str | None = GUESS_EDGES_FILE,
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; choose one of {ENGINES}")
        self.engine = engine
        self.userdict = userdict
        self.stopword_files = tuple(stopwords)
        self.hmm = hmm
        self.join_quoted = join_quoted
        self.entries: tuple[DictEntry, ...] = read_userdict(userdict) if userdict else ()
        self.stopwords: frozenset[str] = read_stopwords(self.stopword_files)
        self.guess_edges = guess_edges
        self._guess_starts, self._guess_ends = read_guess_edges(guess_edges) if guess_edges else (frozenset(), frozenset())
        self._surnames = frozenset(read_data_lines(SURNAMES_FILE)) if guess_edges else frozenset()

    def __repr__(self) -> str:
        return (
            f"Segmenter(engine={self.engine!r}, userdict={self.userdict!r}, "
            f"stopwords={self.stopword_files!r}, hmm={self.hmm}, join_quoted={self.join_quoted}, "
            f"guess_edges={self.guess_edges!r})"
        )

    @cached_property
    def _tok(self):
        # Built on first cut, not in the constructor: a run that finds its tokens cached
        # never loads the dictionary, and pool workers each load their own.
        if self.engine == "rjieba":
            import rjieba

            tok = rjieba.Jieba()
            for e in self.entries:
                tok.add_word(e.word, e.freq, e.tag)
            return tok
        import jieba

        tok = jieba.Tokenizer()
        # jieba would otherwise write its model cache into the system's temp folder.
        tok.tmp_dir = str(CACHE_DIR / "jieba")
        os.makedirs(tok.tmp_dir, exist_ok=True)
        with _quiet_jieba():
            tok.initialize()
            for e in self.entries:
                tok.add_word(e.word, e.freq, e.tag)
        return tok

    @cached_property
    def _pos_tokenizer(self):
        # jieba.posseg re-reads the dictionary for its tag table: built only when tags are asked for.
        import jieba.posseg

        with _quiet_jieba():
            return jieba.posseg.POSTokenizer(self._tok)

    @cached_property
    def fingerprint(self) -> str:
        """Hash of everything that decides the raw segmentation: domain dictionary, engine name and version, HMM."""
        key = (
            f"{self.engine}=={engine_version(self.engine)}|hmm={self.hmm}|"
            f"join_quoted={self.join_quoted}|{_files_digest([self.userdict] if self.userdict else [])}"
        )
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @cached_property
    def filter_fingerprint(self) -> str:
        """Hash of what the content-token filter reads besides the tokens: the stopword and guess-edge
        files, and jieba's version (its dictionary tells a guess from a word). Not part of the raw
        segmentation's key, so editing a stopword list never re-segments a corpus."""
        files = [*self.stopword_files, *([self.guess_edges, SURNAMES_FILE] if self.guess_edges else [])]
        key = f"jieba=={engine_version('jieba')}|{_files_digest(files)}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    # raw segmentation ---------------------------------------------------------
    def cut(self, text: str) -> list[str]:
        """Every token, punctuation and whitespace included.

        Their concatenation gives the text back, without quotation marks when ``join_quoted``.
        """
        if self.join_quoted:
            text = unquote(text)
        if self.engine == "rjieba":
            return self._tok.cut(text, self.hmm)
        return self._tok.lcut(text, HMM=self.hmm)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Every token with its jieba part-of-speech tag (nz, nt, n, vn, v, ...)."""
        if self.join_quoted:
            text = unquote(text)
        if self.engine == "rjieba":
            return [(w, t) for w, t in self._tok.tag(text, self.hmm)]
        return [(p.word, p.flag) for p in self._pos_tokenizer.lcut(text, HMM=self.hmm)]

    # filtered tokens ----------------------------------------------------------
    def keep(self, token: str, *, keep_single_chars: bool = False, keep_stopwords: bool = False) -> bool:
        """Whether the default filter keeps a token: a content token, no stopword, no straddling guess."""
        if not is_content_token(token, keep_single_chars=keep_single_chars):
            return False
        if not keep_stopwords and token in self.stopwords:
            return False
        return not self.is_straddling_guess(token)

    def is_straddling_guess(self, token: str) -> bool:
        """A word the HMM guessed across a phrase boundary: in no dictionary or stopword list, and it starts or ends
        with a preposition, adverb, conjunction or particle (``data/guessed_word_edges.tsv``); three characters
        after a common family name (``data/common_surnames.txt``) are a name, not a guess of this kind.

            >>> seg = default_segmenter()
            >>> [seg.is_straddling_guess(t) for t in ("链向", "使党", "已到", "导向", "驻村", "全旗", "陈建才")]
            [True, True, True, False, False, False, False]
        """
        if len(token) < 2 or (token[0] not in self._guess_starts and token[-1] not in self._guess_ends):
            return False
        if len(token) == 3 and token[0] in self._surnames:
            return False
        return (token not in jieba_words_with_edges(self._guess_starts, self._guess_ends)
                and token not in self._listed_words)

    @cached_property
    def _listed_words(self) -> frozenset[str]:
        # the domain dictionary's and the stopword lists' entries are words, whoever found them (一是)
        return frozenset(entry.word for entry in self.entries) | self.stopwords

    def filter(
        self,
        raw: Sequence[str] | Sequence[tuple[str, str]],
        *,
        keep_single_chars: bool = False,
        keep_stopwords: bool = False,
        pos: Collection[str] | None = None,
    ) -> list[str]:
        """Apply the token filter to the output of :meth:`cut` (or of :meth:`tag` when ``pos`` is given)."""
        if pos is None:
            words: Iterable[str] = (w if isinstance(w, str) else w[0] for w in raw)
        else:
            words = (w for w, t in raw if _pos_match(t, pos))  # type: ignore[misc]
        return [w for w in words if self.keep(w, keep_single_chars=keep_single_chars, keep_stopwords=keep_stopwords)]

    def tokenize(
        self,
        text: str,
        *,
        keep_single_chars: bool = False,
        keep_stopwords: bool = False,
        pos: Collection[str] | None = None,
    ) -> list[str]:
        """Content tokens of ``text``; ``pos`` keeps only tokens whose tag starts with one of its prefixes."""
        raw = self.cut(text) if pos is None else self.tag(text)
        return self.filter(raw, keep_single_chars=keep_single_chars, keep_stopwords=keep_stopwords, pos=pos)


def segmenter_settings(seg: "Segmenter") -> tuple:
    """The constructor arguments that rebuild ``seg`` from its files, in :func:`default_segmenter`'s order."""
    return (seg.engine, seg.userdict, seg.stopword_files, seg.hmm, seg.join_quoted, seg.guess_edges)


def default_segmenter(
    engine: str | None = None,
    userdict: str | None = USERDICT_FILE,
    stopwords: Sequence[str] = STOPWORD_FILES,
    hmm: bool = True,
    join_quoted: bool = True,
    guess_edges: str | None = GUESS_EDGES_FILE,
) -> Segmenter:
    """The shared Segmenter for these settings, built on first use (the dictionary loads once).

    Edit a dictionary file and call ``default_segmenter.cache_clear()`` to pick it up.
    """
    return _shared_segmenter(engine or DEFAULT_ENGINE, userdict, tuple(stopwords), hmm, join_quoted, guess_edges)


@lru_cache(maxsize=8)
def _shared_segmenter(engine: str, userdict: str | None, stopwords: tuple[str, ...], hmm: bool,
                      join_quoted: bool, guess_edges: str | None) -> Segmenter:
    # One cache key per settings however they were passed, so a worker process forked from a
    # parent that already built the segmenter finds it instead of loading the dictionary again.
    return Segmenter(engine, userdict=userdict, stopwords=stopwords, hmm=hmm, join_quoted=join_quoted,
                     guess_edges=guess_edges)


default_segmenter.cache_clear = _shared_segmenter.cache_clear  # type: ignore[attr-defined]


def tokenize(
    text: str,
    *,
    engine: str | None = None,
    keep_single_chars: bool = False,
    keep_stopwords: bool = False,
    pos: Collection[str] | None = None,
) -> list[str]:
    """Content tokens of a Chinese text, the field's terms kept whole.

        >>> tokenize("二是要推动两新组织党的组织和工作全覆盖")
        ['推动', '两新组织', '党的组织', '全覆盖']
        >>> tokenize("党员干部深入嘎查村", pos=("n",))
        ['党员干部', '嘎查村']
    """
    seg = default_segmenter(engine)
    return seg.tokenize(text, keep_single_chars=keep_single_chars, keep_stopwords=keep_stopwords, pos=pos)



# corpus segmentation: compact codes, parallel, cached on disk ---------------------
# Characters of text per task sent to a worker: big enough that shipping it costs
# little next to cutting it, small enough to keep both cores busy to the end.
CHUNK_CHARS = 200_000
# Bumped whenever the cache file's layout changes, so an old file is never misread.
_CACHE_FORMAT = "codes-v2"


@dataclass(frozen=True, eq=False)  # numpy arrays have no plain equality
class EncodedTokens:
    """Many documents' tokens as integer codes into one vocabulary.

    Document ``i``'s tokens are ``vocab[c]`` for ``c`` in ``codes[offsets[i]:offsets[i + 1]]``;
    ``tags`` (one per vocabulary entry) is set when the tokens were tagged, and an
    entry is then a (word, tag) pair. A corpus has a few tens of thousands of
    distinct tokens and millions of occurrences, so codes are several times smaller
    than lists of strings to send between processes and to store, and the token
    filter runs once per distinct token instead of once per occurrence.

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

    def keys(self) -> list:
        """The vocabulary entries as they were encoded: words, or (word, tag) pairs."""
        return list(self.vocab) if self.tags is None else list(zip(self.vocab, self.tags))

    def kept(self, keep: np.ndarray) -> "EncodedTokens":
        """The same documents with only the tokens whose vocabulary entry ``keep`` marks (same vocabulary)."""
        positions = np.flatnonzero(keep[self.codes])
        offsets = np.searchsorted(positions, self.offsets)  # kept tokens before each document's start
        return EncodedTokens(self.vocab, self.codes[positions], offsets, self.tags)

    def decode(self, keep: np.ndarray | None = None) -> list[list]:
        """The token lists back (words, or (word, tag) pairs); ``keep`` masks vocabulary entries out."""
        if keep is not None:
            return self.kept(keep).decode()
        codes, offsets = self.codes, self.offsets
        entries = np.empty(len(self.vocab), dtype=object)
        entries[:] = self.keys()
        flat = entries[codes].tolist()  # shared string objects: one per distinct token, not per occurrence
        bounds = offsets.tolist()
        return [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def encode_tokens(token_lists: Iterable[Sequence]) -> EncodedTokens:
    """Token lists (of words, or of (word, tag) pairs) as an :class:`EncodedTokens`, codes in first-seen order."""
    lists = list(token_lists)
    index: defaultdict = defaultdict()
    index.default_factory = index.__len__  # a new token gets the next code, in C, with no Python loop
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    tokens = itertools.chain.from_iterable(lists)
    if any(doc and not isinstance(doc[0], str) for doc in lists):
        tokens = map(tuple, tokens)  # (word, tag) pairs, as lists or tuples
    codes = np.fromiter(map(index.__getitem__, tokens), dtype=np.int32, count=int(lengths.sum()))
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return _from_keys(list(index), codes, offsets)


def _from_keys(keys: list, codes: np.ndarray, offsets: np.ndarray) -> EncodedTokens:
    if keys and not isinstance(keys[0], str):
        return EncodedTokens(tuple(k[0] for k in keys), codes, offsets, tuple(k[1] for k in keys))
    return EncodedTokens(tuple(keys), codes, offsets)


def concat_encoded(parts: Sequence[EncodedTokens]) -> EncodedTokens:
    """Documents of several :class:`EncodedTokens`, in order, over one merged vocabulary."""
    index: defaultdict = defaultdict()
    index.default_factory = index.__len__
    codes, lengths = [], []
    for part in parts:
        remap = np.fromiter(map(index.__getitem__, part.keys()), dtype=np.int32, count=len(part.vocab))
        codes.append(remap[part.codes] if len(part.codes) else part.codes.astype(np.int32))
        lengths.append(np.diff(part.offsets))
    all_lengths = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(all_lengths)]).astype(np.int64)
    all_codes = np.concatenate(codes).astype(np.int32) if codes else np.zeros(0, dtype=np.int32)
    if not index and parts and parts[0].tags is not None:
        return EncodedTokens((), all_codes, offsets, ())
    return _from_keys(list(index), all_codes, offsets)


def keep_mask(
    seg: Segmenter,
    enc: EncodedTokens,
    *,
    keep_single_chars: bool = False,
    keep_stopwords: bool = False,
    pos: Collection[str] | None = None,
) -> np.ndarray:
    """Which vocabulary entries :meth:`Segmenter.filter` keeps: the filter, run once per distinct token."""
    if pos is not None and enc.tags is None:
        raise ValueError("a part-of-speech filter needs tagged tokens")
    tags = enc.tags if pos is not None else (None,) * len(enc.vocab)
    return np.fromiter(
        ((tag is None or _pos_match(tag, pos)) and seg.keep(w, keep_single_chars=keep_single_chars,
                                                            keep_stopwords=keep_stopwords)
         for w, tag in zip(enc.vocab, tags)),
        dtype=bool, count=len(enc.vocab),
    )


def _text_chunks(texts: Sequence[str], chunk_chars: int) -> list[list[str]]:
    """Consecutive documents grouped until a group holds about ``chunk_chars`` characters."""
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for text in texts:
        current.append(text)
        size += len(text)
        if size >= chunk_chars:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _segment_chunk(task: tuple[tuple, list[str], bool]) -> EncodedTokens:
    """Worker: cut one chunk of texts and return it encoded (small to send back)."""
    settings, texts, tagged = task
    seg = default_segmenter(*settings)  # built once per worker from the files (or inherited when forked)
    return encode_tokens(seg.tag(t) if tagged else seg.cut(t) for t in texts)


def segment_corpus(
    texts: Sequence[str],
    seg: Segmenter,
    *,
    tagged: bool = False,
    workers: int | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> EncodedTokens:
    """Raw segmentation of many texts (every token, punctuation included), encoded, spread over processes.

    Texts go to the workers in chunks of about ``chunk_chars`` characters. Every
    worker builds its own Segmenter from the dictionary files, so the domain words
    are in place before it cuts anything (unlike jieba's own parallel mode, which
    ignores words added after it starts), and sends back codes, not strings.
    ``workers=None`` means every core (or ``HELPERS_WORKERS``).
    """
    from helpers.parallel import map_documents, resolve_workers

    chunks = _text_chunks(texts, chunk_chars)
    if resolve_workers(workers) <= 1 or len(chunks) < 2:
        # in-process: use this very segmenter, which may not be one default_segmenter can rebuild;
        # chunk by chunk, so only one chunk's token strings exist at a time
        return concat_encoded([encode_tokens(seg.tag(t) if tagged else seg.cut(t) for t in chunk)
                               for chunk in chunks])
    settings = segmenter_settings(seg)
    parts = map_documents(
        _segment_chunk, [(settings, chunk, tagged) for chunk in chunks], workers=workers, desc="segmenting",
        min_items=2, progress_unit=max(1, len(texts) // len(chunks)), chunksize=1,  # chunks are already sized
    )
    return concat_encoded(parts)


def segment_texts(
    texts: Sequence[str],
    seg: Segmenter,
    *,
    tagged: bool = False,
    workers: int | None = 1,
) -> list[list]:
    """Raw segmentation of many texts as lists (of tokens, or of (word, tag) pairs); see :func:`segment_corpus`."""
    return segment_corpus(list(texts), seg, tagged=tagged, workers=workers).decode()


def token_cache_key(doc_ids: Sequence[str], texts: Sequence[str], seg: Segmenter, *, tagged: bool) -> str:
    """The cache key of the raw segmentation of these texts with this segmenter.

    It hashes the doc ids and texts, the domain dictionary's contents, the engine's
    name and version, whether tags were kept, the cache layout and this package's
    source (which decides how quotes and the dictionary are applied), so any change
    to any of them misses the cache instead of returning a stale segmentation. The
    filter (options, stopword and guess-edge files) is not in the key: it is applied
    to the cached vocabulary, once per distinct token, which costs milliseconds.
    """
    return make_key(_CACHE_FORMAT, columns_digest(doc_ids, texts), seg.fingerprint, f"tagged={tagged}",
                    cache_layer.files_digest(cache_layer.package_sources(__file__)),
                    source_digest(cache_layer.__file__))


def tokenize_corpus(docs: "pd.DataFrame", **options) -> "pd.Series":
    """Content tokens of every document, a Series of token lists indexed by ``doc_id``.

    ``options`` are those of :func:`encoded_corpus`: ``engine``, the filter
    (``keep_single_chars``, ``keep_stopwords``, ``pos``), ``text_column``,
    ``cache`` and ``workers``. With a :class:`~helpers.cache.Cache` the raw
    segmentation is kept there (kind ``tokens``, see :func:`token_cache_key`) as
    compact codes; the filter is applied to its
    vocabulary afterwards, so filter options never need a new segmentation and a
    cached run costs reading one file. ``workers=None`` uses every core (or
    ``HELPERS_WORKERS``) once the corpus is large enough.

        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["落实三会一课制度"]})
        >>> tokenize_corpus(docs).tolist()
        [['落实', '三会一课', '制度']]
    """
    import pandas as pd

    corpus = encoded_corpus(docs, **options)
    tokens = corpus.tokens.decode(corpus.keep)
    return pd.Series(tokens, index=pd.Index(corpus.doc_ids, name="doc_id"), name="tokens", dtype=object)


class EncodedCorpus:
    """A corpus's content tokens as codes: its cache key at once, the segmentation only when first asked for.

    ``key`` (the token cache's key plus the filter options) names exactly these
    content tokens, so a result computed from them can be cached under it and read
    back without touching the segmentation at all.
    """

    def __init__(self, doc_ids: list[str], texts: "pd.Series", seg: "Segmenter", raw_key: str, *,
                 keep_single_chars: bool, keep_stopwords: bool, pos: Collection[str] | None,
                 cache: Cache | None, workers: int | None) -> None:
        self.doc_ids = doc_ids
        self.key = (f"{raw_key}|filter={seg.filter_fingerprint}|single={keep_single_chars}|stop={keep_stopwords}"
                    f"|pos={sorted(pos) if pos is not None else None}")
        self._text_column, self._seg, self._raw_key = texts, seg, raw_key
        self._filter = {"keep_single_chars": keep_single_chars, "keep_stopwords": keep_stopwords, "pos": pos}
        self._cache, self._workers = cache, workers

    @cached_property
    def _texts(self) -> list[str]:
        """The texts to segment, as Python strings in NFC: made only when the cache cannot answer."""
        return [unicodedata.normalize("NFC", t) for t in self._text_column.fillna("").astype(str).tolist()]

    @cached_property
    def _raw(self) -> EncodedTokens:
        tagged = self._filter["pos"] is not None
        enc = read_encoded(self._cache, self._raw_key, len(self.doc_ids), tagged=tagged) if self._cache else None
        if enc is None:
            enc = segment_corpus(self._texts, self._seg, tagged=tagged, workers=self._workers)
            if self._cache is not None:
                write_encoded(self._cache, self._raw_key, enc)
        return enc

    @cached_property
    def tokens(self) -> EncodedTokens:
        """Every token (punctuation and stopwords included), words only: tags have served the filter."""
        return EncodedTokens(self._raw.vocab, self._raw.codes, self._raw.offsets)

    @cached_property
    def keep(self) -> np.ndarray:
        """Which vocabulary entries are content tokens (see :func:`keep_mask`)."""
        return keep_mask(self._seg, self._raw, **self._filter)


def encoded_corpus(
    docs: "pd.DataFrame",
    *,
    engine: str | None = None,
    keep_single_chars: bool = False,
    keep_stopwords: bool = False,
    pos: Collection[str] | None = None,
    text_column: str = "text",
    cache: Cache | None = None,
    workers: int | None = None,
) -> EncodedCorpus:
    """What :func:`tokenize_corpus` decodes: the cached (or new) segmentation as codes and the filter's mask.

    For work that counts tokens (TF-IDF) without needing them as strings; the
    segmentation is read or made only when ``tokens`` or ``keep`` is first used.

        >>> import pandas as pd
        >>> corpus = encoded_corpus(pd.DataFrame({"doc_id": ["a"], "text": ["落实三会一课制度"]}))
        >>> corpus.tokens.decode(corpus.keep)
        [['落实', '三会一课', '制度']]
    """
    seg = default_segmenter(engine)
    # the key hashes the columns as stored (Arrow buffers, see columns_digest): a cache hit makes no Python strings
    raw_key = token_cache_key(docs["doc_id"], docs[text_column], seg, tagged=pos is not None)
    return EncodedCorpus([str(d) for d in docs["doc_id"]], docs[text_column], seg, raw_key,
                         keep_single_chars=keep_single_chars, keep_stopwords=keep_stopwords,
                         pos=pos, cache=cache, workers=workers)


def write_encoded(cache: Cache, key: str, enc: EncodedTokens) -> None:
    """Keep an :class:`EncodedTokens` in the cache as plain arrays (kind ``tokens``)."""
    arrays = {"format": np.array(_CACHE_FORMAT), "codes": enc.codes, "offsets": enc.offsets}
    arrays["vocab_utf8"], arrays["vocab_len"] = pack_strings(enc.vocab)
    if enc.tags is not None:
        arrays["tags_utf8"], arrays["tags_len"] = pack_strings(enc.tags)
    cache.write_arrays("tokens", key, arrays)


def read_encoded(cache: Cache, key: str, n_docs: int, *, tagged: bool) -> EncodedTokens | None:
    """The cached segmentation under ``key`` if it is whole and fits ``n_docs`` documents, else None."""
    z = cache.read_arrays("tokens", key)
    if z is None or str(z.get("format")) != _CACHE_FORMAT or ("tags_utf8" in z) != tagged:
        return None
    try:
        codes, offsets = z["codes"], z["offsets"]
        vocab = unpack_strings(z["vocab_utf8"], z["vocab_len"])
        tags = unpack_strings(z["tags_utf8"], z["tags_len"]) if tagged else None
    except (KeyError, ValueError, UnicodeDecodeError):
        return None
    valid = (
        len(offsets) == n_docs + 1 and offsets[0] == 0 and offsets[-1] == len(codes)
        and bool(np.all(np.diff(offsets) >= 0))
        and (len(codes) == 0 or (codes.min() >= 0 and codes.max() < len(vocab)))
        and (tags is None or len(tags) == len(vocab))
    )
    if not valid:
        return None
    return EncodedTokens(vocab, codes.astype(np.int32, copy=False), offsets.astype(np.int64, copy=False), tags)
