"""The word lists segmentation and the token filter read: the domain dictionary, stopwords, guess edges.

All are hand-made files under ``data/`` (one entry a line, ``#`` comments
allowed), except jieba's own dictionary, of which only the words a guess test
needs are read (:func:`jieba_words_with_edges`).

    >>> read_userdict()[0].word in {e.word for e in read_userdict()}
    True
    >>> "的" in read_stopwords()
    True
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from helpers import cache as cache_layer
from helpers.cache import Cache, make_key
from helpers.config import CACHE_DIR, read_data_lines

USERDICT_FILE = "userdict.txt"
STOPWORD_FILES: tuple[str, ...] = ("stopwords.txt",)
GUESS_EDGES_FILE = "guessed_word_edges.tsv"
SURNAMES_FILE = "common_surnames.txt"


@dataclass(frozen=True)
class DictEntry:
    """One line of a jieba user dictionary: word, optional frequency, optional POS tag.

    >>> DictEntry("两新组织", 2000, "nt").tag
    'nt'
    """

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
    """Entries of a domain dictionary under ``data/`` (``#`` comment lines allowed, unlike jieba's loader).

    >>> "三会一课" in {e.word for e in read_userdict()}
    True
    """
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


def read_surnames(name: str = SURNAMES_FILE) -> frozenset[str]:
    """Common family names (``data/common_surnames.txt``): a three-character token after one is a name.

    >>> "陈" in read_surnames()
    True
    """
    return frozenset(read_data_lines(name))


def jieba_dictionary() -> Path:
    """jieba's own dictionary file (``jieba/dict.txt``, which rjieba embeds too), found without importing jieba.

    >>> "基层 " in jieba_dictionary().read_text(encoding="utf-8")
    True
    """
    return Path(importlib.util.find_spec("jieba").origin).parent / "dict.txt"


@lru_cache(maxsize=4)
def jieba_words_with_edges(starts: frozenset[str], ends: frozenset[str]) -> frozenset[str]:
    """The words of jieba's own dictionary that start with one of ``starts`` or end with one of ``ends``:
    the only ones a guess test needs to know.

    Found by one regular-expression pass over the file, then kept in the shared cache (``processed/shared/dictedges/``)
    under a key of the jieba version and the characters, so a later run (a cached notebook)
    reads a few thousand words instead of scanning 350,000 lines.

        >>> "导向" in jieba_words_with_edges(frozenset(), frozenset("向"))
        True
    """
    dictionary = jieba_dictionary()
    key = make_key(
        cache_layer.library_versions(["jieba"]),
        dictionary.stat().st_size,
        "".join(sorted(starts)),
        "".join(sorted(ends)),
    )
    cache = Cache(CACHE_DIR)
    cached = cache.read_arrays("dictedges", key)
    if cached is not None and "words" in cached:
        return frozenset(cached["words"])
    text = dictionary.read_text(encoding="utf-8")
    first = f"[{re.escape(''.join(sorted(starts)))}]\\S*" if starts else "(?!)"
    last = f"\\S*[{re.escape(''.join(sorted(ends)))}]" if ends else "(?!)"
    words = frozenset(re.findall(f"^({first}|{last}) ", text, re.M))
    with contextlib.suppress(OSError):  # a read-only project folder only costs the scan next time
        cache.write_arrays("dictedges", key, {"words": sorted(words)})
    return words
