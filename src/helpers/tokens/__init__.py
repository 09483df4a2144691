"""Cleaned articles → tokens: the segmenter with the domain dictionary, the token filter, the token cache (notebook 02)."""
from helpers.tokens.segment import (
    Segmenter,
    default_segmenter,
    encode_tokens,
    encoded_corpus,
    read_userdict,
    token_cache_key,
    tokenize,
    tokenize_corpus,
    unquote,
)

__all__ = [
    "Segmenter", "default_segmenter", "encode_tokens", "encoded_corpus", "read_userdict",
    "token_cache_key", "tokenize", "tokenize_corpus", "unquote",
]
