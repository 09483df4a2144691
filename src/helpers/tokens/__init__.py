"""Cleaned articles → tokens: the segmenter with the domain dictionary, the token filter, the token cache (notebook 02).

One concern a module: :mod:`~helpers.tokens.settings` (the :class:`TokenSettings`
that travel with the tokens), :mod:`~helpers.tokens.dictionary` (the word lists),
:mod:`~helpers.tokens.segmenter` (cutting a text), :mod:`~helpers.tokens.filter`
(which tokens carry content), :mod:`~helpers.tokens.encoded` (tokens as codes) and
:mod:`~helpers.tokens.corpus` (a whole corpus, in workers, cached).

    >>> tokenize("落实三会一课制度", TokenSettings())
    ['落实', '三会一课', '制度']
"""

from helpers.tokens.corpus import (
    EncodedCorpus,
    encoded_corpus,
    normalised_texts,
    segment_corpus,
    token_cache_key,
    token_overview,
    tokenize_corpus,
)
from helpers.tokens.dictionary import DictEntry, read_stopwords, read_userdict
from helpers.tokens.encoded import EncodedBuilder, EncodedTokens, concat_encoded, encode_tokens
from helpers.tokens.filter import (
    CONTENT_POS,
    TokenFilter,
    default_filter,
    is_content_token,
)
from helpers.tokens.segmenter import (
    Segmenter,
    default_segmenter,
    engine_version,
    reload_word_lists,
    tokenize,
    unquote,
)
from helpers.tokens.settings import DEFAULT_ENGINE, ENGINES, TokenSettings

__all__ = [
    "CONTENT_POS",
    "DEFAULT_ENGINE",
    "ENGINES",
    "DictEntry",
    "EncodedBuilder",
    "EncodedCorpus",
    "EncodedTokens",
    "Segmenter",
    "TokenFilter",
    "TokenSettings",
    "concat_encoded",
    "default_filter",
    "default_segmenter",
    "encode_tokens",
    "encoded_corpus",
    "engine_version",
    "is_content_token",
    "normalised_texts",
    "read_stopwords",
    "read_userdict",
    "reload_word_lists",
    "segment_corpus",
    "token_cache_key",
    "token_overview",
    "tokenize",
    "tokenize_corpus",
    "unquote",
]
