"""Token counts of groups of documents, from the corpus's cached content tokens (codes, never strings).

Every comparison counts the same content tokens notebook 02 ranks
(:func:`helpers.tokens.encoded_corpus`: stopwords, punctuation and single
characters out unless the settings keep them), read from the corpus's cache when
one is given, so a second comparison never segments again.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["加强基层党组织建设", "基层党组织"]})
    >>> tokens = content_tokens(docs)
    >>> document_lengths(tokens).tolist(), tokens.vocab
    ([3, 1], ('加强', '基层党组织', '建设'))
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.cache import Cache
from helpers.tokens import EncodedTokens, TokenSettings, encoded_corpus


def content_tokens(
    docs: pd.DataFrame, settings: TokenSettings = TokenSettings(), *, cache: Cache | None = None
) -> EncodedTokens:
    """The content tokens of ``docs`` (rows in order) as codes, from ``cache`` when it holds them."""
    if docs.empty:
        return EncodedTokens((), np.zeros(0, dtype=np.int32), np.zeros(1, dtype=np.int64))
    return encoded_corpus(docs, settings, cache=cache).content


def document_lengths(tokens: EncodedTokens) -> np.ndarray:
    """Content tokens per document."""
    return np.diff(tokens.offsets)


def term_counts(tokens: EncodedTokens, selected: np.ndarray) -> np.ndarray:
    """How often each vocabulary entry occurs in the documents ``selected`` (a boolean mask over documents).

    >>> from helpers.tokens import encode_tokens
    >>> term_counts(encode_tokens([["党建", "党员"], ["党建"]]), np.array([True, True])).tolist()
    [2, 1]
    """
    per_token = np.repeat(np.asarray(selected, dtype=bool), document_lengths(tokens))
    return np.bincount(tokens.codes[per_token], minlength=len(tokens.vocab)).astype(np.int64)
