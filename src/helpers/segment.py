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

    >>> tokenize("加强基层党组织建设，认真落实三会一课制度")
    ['加强', '基层党组织', '建设', '认真落实', '三会一课', '制度']
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Collection, Iterable, Iterator, Sequence

from .paths import CACHE_DIR, data_path, read_data_lines

if TYPE_CHECKING:
    import pandas as pd

ENGINES: tuple[str, ...] = ("jieba", "rjieba")
# rjieba is the default because its token boundaries agree with jieba's on the
# seed corpus with the domain dictionary loaded (measured by
# tests/test_segment.py::test_engines_agree_on_seed_boundaries; the bar is 99.5%).
DEFAULT_ENGINE = "rjieba"
USERDICT_FILE = "userdict.txt"
STOPWORD_FILES: tuple[str, ...] = ("stopwords.txt",)

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
_QUOTE_MARKS = MappingProxyType(str.maketrans("", "", "“”‘’「」『』\"'＂＇"))


def unquote(text: str) -> str:
    """Drop quotation marks so that a quoted part joins its term.

        >>> unquote("加强“两新”组织党建")
        '加强两新组织党建'
    """
    return text.translate(_QUOTE_MARKS)


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
        self._tok = self._build()

    def __repr__(self) -> str:
        return (
            f"Segmenter(engine={self.engine!r}, userdict={self.userdict!r}, "
            f"stopwords={self.stopword_files!r}, hmm={self.hmm}, join_quoted={self.join_quoted})"
        )

    def _build(self):
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
        """Hash of everything that decides the output: dictionary files, engine name and version, HMM."""
        files = ([self.userdict] if self.userdict else []) + list(self.stopword_files)
        key = (
            f"{self.engine}=={engine_version(self.engine)}|hmm={self.hmm}|"
            f"join_quoted={self.join_quoted}|{_files_digest(files)}"
        )
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
        """Whether the default filter keeps a token."""
        if not is_content_token(token, keep_single_chars=keep_single_chars):
            return False
        return keep_stopwords or token not in self.stopwords

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


@lru_cache(maxsize=8)
def default_segmenter(
    engine: str | None = None,
    userdict: str | None = USERDICT_FILE,
    stopwords: tuple[str, ...] = STOPWORD_FILES,
    hmm: bool = True,
    join_quoted: bool = True,
) -> Segmenter:
    """The shared Segmenter for these settings, built on first use (the dictionary loads once).

    Edit a dictionary file and call ``default_segmenter.cache_clear()`` to pick it up.
    """
    return Segmenter(
        engine or DEFAULT_ENGINE, userdict=userdict, stopwords=tuple(stopwords), hmm=hmm, join_quoted=join_quoted
    )


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


# corpus segmentation, cached on disk ------------------------------------------
def _texts_digest(doc_ids: Sequence[str], texts: Sequence[str]) -> str:
    h = hashlib.sha256()
    for doc_id, text in zip(doc_ids, texts):
        h.update(str(doc_id).encode())
        h.update(b"\0")
        h.update(text.encode())
        h.update(b"\1")
    return h.hexdigest()


def corpus_cache_path(
    doc_ids: Sequence[str], texts: Sequence[str], seg: Segmenter, *, tagged: bool, cache_dir: Path | None = None
) -> Path:
    """Where the raw segmentation of these texts with this segmenter is cached.

    The file name hashes the doc ids and texts, the dictionary files' contents,
    the engine's name and version and whether tags were kept, so any change to
    any of them misses the cache instead of returning a stale segmentation.
    """
    key = hashlib.sha256(
        f"{_texts_digest(doc_ids, texts)}|{seg.fingerprint}|tagged={tagged}".encode()
    ).hexdigest()[:24]
    return Path(cache_dir or CACHE_DIR) / "segment" / f"{seg.engine}-{key}.json"


def _segment_chunk(args: tuple[tuple, list[str], bool]) -> list[list]:
    settings, texts, tagged = args
    seg = default_segmenter(*settings)  # each worker builds its own, from the files
    if tagged:
        return [[list(p) for p in seg.tag(t)] for t in texts]
    return [seg.cut(t) for t in texts]


def segment_texts(
    texts: Sequence[str],
    seg: Segmenter,
    *,
    tagged: bool = False,
    workers: int | None = None,
) -> list[list]:
    """Raw segmentation of many texts, optionally spread over processes.

    Every worker builds its own Segmenter from the dictionary files, so the
    domain words are in place before it cuts anything (unlike jieba's own
    parallel mode, which ignores words added after it starts).
    """
    texts = list(texts)
    workers = workers or 1
    if workers <= 1 or len(texts) < 2:
        if tagged:
            return [[list(p) for p in seg.tag(t)] for t in texts]
        return [seg.cut(t) for t in texts]
    settings = (seg.engine, seg.userdict, seg.stopword_files, seg.hmm, seg.join_quoted)
    n = min(workers, len(texts))
    chunks = [texts[i::n] for i in range(n)]
    with ProcessPoolExecutor(max_workers=n) as pool:
        parts = list(pool.map(_segment_chunk, [(settings, c, tagged) for c in chunks]))
    out: list[list] = [None] * len(texts)  # type: ignore[list-item]
    for i, part in enumerate(parts):
        out[i::n] = part
    return out


def tokenize_corpus(
    docs: "pd.DataFrame",
    *,
    engine: str | None = None,
    keep_single_chars: bool = False,
    keep_stopwords: bool = False,
    pos: Collection[str] | None = None,
    text_column: str = "text",
    cache_dir: Path | str | None = None,
    use_cache: bool = True,
    workers: int | None = None,
) -> "pd.Series":
    """Content tokens of every document, a Series of token lists indexed by ``doc_id``.

    The raw segmentation is cached under ``CACHE_DIR/segment`` (see
    :func:`corpus_cache_path`); the filter is applied afterwards, so filter
    options never need a new segmentation.

        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["落实三会一课制度"]})
        >>> tokenize_corpus(docs, use_cache=False).tolist()
        [['落实', '三会一课', '制度']]
    """
    import pandas as pd

    seg = default_segmenter(engine)
    doc_ids = [str(d) for d in docs["doc_id"]]
    texts = [unicodedata.normalize("NFC", str(t)) for t in docs[text_column].fillna("")]
    tagged = pos is not None
    path = corpus_cache_path(doc_ids, texts, seg, tagged=tagged, cache_dir=Path(cache_dir) if cache_dir else None)
    raw = _read_cache(path, len(texts)) if use_cache else None
    if raw is None:
        raw = segment_texts(texts, seg, tagged=tagged, workers=workers)
        if use_cache:
            _write_cache(path, raw)
    tokens = [
        seg.filter(r, keep_single_chars=keep_single_chars, keep_stopwords=keep_stopwords, pos=pos) for r in raw
    ]
    return pd.Series(tokens, index=pd.Index(doc_ids, name="doc_id"), name="tokens", dtype=object)


def _read_cache(path: Path, n: int) -> list[list] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, list) and len(raw) == n else None


def _write_cache(path: Path, raw: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(raw, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a reader never sees half a file
