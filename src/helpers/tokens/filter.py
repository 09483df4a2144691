"""Which tokens carry content: the rules of the token filter, applied to words or once per vocabulary entry.

A content token is made only of Han characters, is no numeral, no stopword and
no word jieba's HMM guessed across a phrase boundary; single characters and
stopwords come back when :class:`~helpers.tokens.settings.TokenSettings` asks
for them, and a part-of-speech filter keeps only tokens whose tag starts with
one of its prefixes. A :class:`TokenFilter` is built once from its word lists
and never changes; :func:`default_filter` shares one.

    >>> default_filter().select(["一是", "加强", "党建", "，", "网"])
    ['加强', '党建']
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from helpers import cache as cache_layer
from helpers.config import data_path
from helpers.tokens.dictionary import (
    GUESS_EDGES_FILE,
    STOPWORD_FILES,
    SURNAMES_FILE,
    USERDICT_FILE,
    jieba_words_with_edges,
    read_guess_edges,
    read_stopwords,
    read_surnames,
    read_userdict,
)
from helpers.tokens.settings import TokenSettings

if TYPE_CHECKING:
    from helpers.tokens.encoded import EncodedTokens

# CJK Unified Ideographs with extension A and the compatibility block.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_ONLY = re.compile(f"^[{_HAN}]+$")
# A token made only of Chinese numerals is a number, not a theme (三, 十五, 二十万).
_CN_NUMERALS = "〇零一二三四五六七八九十百千万亿两几壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_NUMERAL_ONLY = re.compile(f"^[{_CN_NUMERALS}]+$")
# ... and so is a numeral with a measure word (两类, 三个, 五年), which jieba often keeps together.
_CN_NUMERAL_MEASURE = re.compile(f"^[{_CN_NUMERALS}]+[个类项条种批名次年月日届位家所处支级点份人]$")

# Tags of jieba's part-of-speech set that carry content, for themes: nouns
# (n, nr, ns, nt, nz, ng), verbal nouns (vn), verbs (v), idioms/fixed phrases (l, i).
CONTENT_POS: tuple[str, ...] = ("n", "v", "l", "i")


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


class TokenFilter:
    """The token filter with its word lists: stopwords, guess edges, family names, the domain dictionary.

    Settings go to the constructor and never change (scikit-learn style);
    ``guess_edges=None`` turns the straddling-guess rule off.

        >>> TokenFilter().keep("进一步"), TokenFilter().keep("进一步", TokenSettings(keep_stopwords=True))
        (False, True)
    """

    def __init__(
        self,
        *,
        userdict: str | None = USERDICT_FILE,
        stopwords: Sequence[str] = STOPWORD_FILES,
        guess_edges: str | None = GUESS_EDGES_FILE,
    ) -> None:
        self.userdict = userdict
        self.stopword_files = tuple(stopwords)
        self.guess_edges = guess_edges
        self.stopwords: frozenset[str] = read_stopwords(self.stopword_files)
        self._guess_starts, self._guess_ends = (
            read_guess_edges(guess_edges) if guess_edges else (frozenset(), frozenset())
        )
        self._surnames = read_surnames() if guess_edges else frozenset()
        # the domain dictionary's and the stopword lists' entries are words, whoever found them (一是)
        entries = read_userdict(userdict) if userdict else ()
        self._listed_words = frozenset(entry.word for entry in entries) | self.stopwords

    def __repr__(self) -> str:
        return (
            f"TokenFilter(userdict={self.userdict!r}, stopwords={self.stopword_files!r}, "
            f"guess_edges={self.guess_edges!r})"
        )

    @property
    def files(self) -> list[Path]:
        """The data files the filter was built from.

        >>> [path.name for path in TokenFilter(guess_edges=None).files]
        ['userdict.txt', 'stopwords.txt']
        """
        names = [
            *([self.userdict] if self.userdict else []),
            *self.stopword_files,
            *([self.guess_edges, SURNAMES_FILE] if self.guess_edges else []),
        ]
        return [data_path(name) for name in names]

    def fingerprint(self) -> str:
        """Hash of what the filter reads besides the tokens: its files and jieba's version (jieba's
        dictionary tells a guess from a word). A file's digest is read once per process: after editing a
        word list in a running session, call :func:`helpers.tokens.segmenter.reload_word_lists`.

            >>> TokenFilter().fingerprint() != TokenFilter(guess_edges=None).fingerprint()
            True
        """
        return cache_layer.make_key(cache_layer.files_digest(self.files), cache_layer.library_versions(["jieba"]))

    # ------------------------------------------------------------------ rules
    def keep(self, token: str, settings: TokenSettings = TokenSettings()) -> bool:
        """Whether the filter keeps a word: a content token, no stopword, no straddling guess (tags aside).

        >>> default_filter().keep("两新组织"), default_filter().keep("2016年")
        (True, False)
        """
        if not is_content_token(token, keep_single_chars=settings.keep_single_chars):
            return False
        if not settings.keep_stopwords and token in self.stopwords:
            return False
        return not self.is_straddling_guess(token)

    def is_straddling_guess(self, token: str) -> bool:
        """A word the HMM guessed across a phrase boundary: in no dictionary or stopword list, and it starts or ends
        with a preposition, adverb, conjunction or particle (``data/guessed_word_edges.tsv``); three characters
        after a common family name (``data/common_surnames.txt``) are a name, not a guess of this kind.

            >>> token_filter = default_filter()
            >>> [token_filter.is_straddling_guess(t) for t in ("链向", "使党", "已到", "导向", "驻村", "全旗", "陈建才")]
            [True, True, True, False, False, False, False]
        """
        if len(token) < 2 or (token[0] not in self._guess_starts and token[-1] not in self._guess_ends):
            return False
        if len(token) == 3 and token[0] in self._surnames:
            return False
        return token not in self._dictionary_words_with_edges and token not in self._listed_words

    @cached_property
    def _dictionary_words_with_edges(self) -> frozenset[str]:
        # read on the first guess test, not in the constructor: a run answered from the cache never needs it
        return jieba_words_with_edges(self._guess_starts, self._guess_ends)

    def select(
        self, raw: Sequence[str] | Sequence[tuple[str, str]], settings: TokenSettings = TokenSettings()
    ) -> list[str]:
        """The content tokens of a cut text (of a tagged one, as (word, tag) pairs, when ``settings.pos`` is set).

        >>> default_filter().select([("党员", "n"), ("学习", "v")], TokenSettings(pos=("n",)))
        ['党员']
        """
        if settings.pos is None:
            words: Iterable[str] = (w if isinstance(w, str) else w[0] for w in raw)
        else:
            words = (w for w, t in raw if _pos_match(t, settings.pos))  # type: ignore[misc]
        return [w for w in words if self.keep(w, settings)]

    def keep_mask(self, enc: EncodedTokens, settings: TokenSettings = TokenSettings()) -> np.ndarray:
        """Which vocabulary entries :meth:`select` keeps: the filter, run once per distinct token.

        >>> from helpers.tokens.encoded import encode_tokens
        >>> default_filter().keep_mask(encode_tokens([["加强", "，", "党建"]])).tolist()
        [True, False, True]
        """
        if settings.pos is not None and enc.tags is None:
            raise ValueError("a part-of-speech filter needs tagged tokens")
        tags = enc.tags if settings.pos is not None else (None,) * len(enc.vocab)
        return np.fromiter(
            (
                (tag is None or _pos_match(tag, settings.pos)) and self.keep(w, settings)
                for w, tag in zip(enc.vocab, tags)
            ),
            dtype=bool,
            count=len(enc.vocab),
        )


@lru_cache(maxsize=4)
def default_filter(
    userdict: str | None = USERDICT_FILE,
    stopwords: tuple[str, ...] = STOPWORD_FILES,
    guess_edges: str | None = GUESS_EDGES_FILE,
) -> TokenFilter:
    """The shared :class:`TokenFilter` for these word lists, built on first use.

    Edit a word list and call :func:`helpers.tokens.segmenter.reload_word_lists` to pick it up.

        >>> default_filter() is default_filter()
        True
    """
    return TokenFilter(userdict=userdict, stopwords=stopwords, guess_edges=guess_edges)
