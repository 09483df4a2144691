"""A whole corpus segmented: in worker processes, as codes, kept in the corpus's cache.

:func:`tokenize_corpus` segments a corpus in worker processes, in chunks of
documents, each worker loading the dictionary itself. Segmentation streams: the
texts are read from the docs table a batch at a time (never copied whole), a few
chunks at most are in flight, and each chunk's codes are merged into compact arrays
as it comes back, so the main process never holds every text twice nor every token
list. Tokens travel and are cached as integer codes into one vocabulary
(:class:`~helpers.tokens.encoded.EncodedTokens`, kind ``tokens`` of a
:class:`~helpers.cache.Cache`, one entry per corpus, segmenter and engine version),
and the token filter runs once per distinct token on the cached vocabulary, so a
second run costs reading one file and changing a filter setting never segments again.
What a notebook shows of the tokens (:func:`token_overview`, term frequencies) is read
from the codes, not from a token list per document.

    >>> import pandas as pd
    >>> tokenize_corpus(pd.DataFrame({"doc_id": ["a"], "text": ["落实三会一课制度"]})).tolist()
    [['落实', '三会一课', '制度']]
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from helpers import cache as cache_layer
from helpers import stored
from helpers.cache import Cache, make_key
from helpers.parallel import MIN_ITEMS_FOR_PROGRESS, grouped
from helpers.tokens.encoded import EncodedBuilder, EncodedTokens, encode_tokens
from helpers.tokens.filter import TokenFilter, default_filter
from helpers.tokens.segmenter import Segmenter, default_segmenter
from helpers.tokens.settings import TokenSettings

if TYPE_CHECKING:
    import pandas as pd

# Characters of text per task sent to a worker: big enough that shipping it costs
# little next to cutting it, small enough to keep both cores busy to the end.
CHUNK_CHARS = 200_000
# Texts turned into Python strings (NFC) at a time when reading a docs table's column to segment it.
TEXT_BATCH = 1_000
# Bumped whenever the cache entry's layout changes, so an old entry is never misread.
_CACHE_FORMAT = "codes-v2"


# ------------------------------------------------------------ segmentation in workers
def normalised_texts(docs: pd.DataFrame, column: str = "text", batch: int = TEXT_BATCH) -> Iterator[str]:
    """A text column's values as Python strings in NFC (missing ones empty), made ``batch`` rows at a time:
    segmenting a large table never copies its whole text column, and a docs frame read without it
    (``load_clean_corpus(columns=…)``) reads it back from the stored table a row group at a time.

    >>> import pandas as pd
    >>> list(normalised_texts(pd.DataFrame({"text": ["基层", None, "e\u0301"]}), batch=2))
    ['基层', '', 'é']
    """
    for values in stored.column_batches(docs, column, batch):
        for text in values:
            yield unicodedata.normalize("NFC", text if isinstance(text, str) else "" if _missing(text) else str(text))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _segment_chunk(task: tuple[dict[str, Any], list[str], bool]) -> EncodedTokens:
    """Worker: cut one chunk of texts and return it encoded (small to send back)."""
    params, texts, tagged = task
    seg = default_segmenter(**params)  # built once per worker from the files (or inherited when forked)
    return _encode_cut(seg, texts, tagged)


def _encode_cut(seg: Segmenter, texts: Sequence[str], tagged: bool) -> EncodedTokens:
    return encode_tokens(seg.tag(t) if tagged else seg.cut(t) for t in texts)


def segment_corpus(
    texts: Iterable[str],
    seg: Segmenter,
    *,
    tagged: bool = False,
    workers: int | None = None,
    chunk_chars: int = CHUNK_CHARS,
    progress: bool | None = None,
) -> EncodedTokens:
    """Raw segmentation of many texts (every token, punctuation included), encoded, spread over processes.

    Texts go to the workers in chunks of about ``chunk_chars`` characters, read from
    ``texts`` (which may be lazy) only as workers become free. Every
    worker builds its own Segmenter from the dictionary files, so the domain words
    are in place before it cuts anything (unlike jieba's own parallel mode, which
    ignores words added after it starts), and sends back codes, not strings, merged
    here chunk by chunk. ``workers=None`` means every core (or ``HELPERS_WORKERS``).
    ``progress`` draws a bar (None: when ``texts`` is a list of enough documents to need one).

        >>> segment_corpus(["两新组织，"], default_segmenter(), workers=1).decode()
        [['两新组织', '，']]
    """
    from helpers.parallel import map_stream, resolve_workers

    if progress is None:
        progress = isinstance(texts, Sequence) and len(texts) >= MIN_ITEMS_FOR_PROGRESS

    chunks = grouped(texts, chunk_chars, weight=len)
    first = list(itertools.islice(chunks, 2))
    builder = EncodedBuilder()
    if resolve_workers(workers) <= 1 or len(first) < 2:
        # in-process: use this very segmenter, which may not be one default_segmenter can rebuild;
        # chunk by chunk, so only one chunk's token strings exist at a time
        for chunk in itertools.chain(first, chunks):
            builder.add(_encode_cut(seg, chunk, tagged))
        return builder.build()
    params = seg.get_params()
    tasks = ((params, chunk, tagged) for chunk in itertools.chain(first, chunks))
    for part in map_stream(_segment_chunk, tasks, workers=workers, desc="segmenting", show_progress=progress):
        builder.add(part)
    return builder.build()


# ------------------------------------------------------------------ the token cache
def token_cache_key(doc_ids: Sequence[str], texts: Sequence[str], seg: Segmenter, *, tagged: bool) -> str:
    """The cache key of the raw segmentation of these texts with this segmenter.

    It hashes the doc ids and texts, the domain dictionary's contents, the engine's
    name and version, whether tags were kept, the entry layout, every module of this
    package and the cache module, so any change to any of them misses the cache
    instead of returning a stale segmentation. The filter (settings, stopword and
    guess-edge files) is not in this key but in :attr:`EncodedCorpus.key`: it is
    applied to the cached vocabulary, once per distinct token, which costs milliseconds.

        >>> token_cache_key(["a"], ["党建"], default_segmenter(), tagged=False) != \\
        ...     token_cache_key(["a"], ["党建。"], default_segmenter(), tagged=False)
        True
    """
    return _token_key(cache_layer.columns_digest(doc_ids, texts), seg, tagged=tagged)


def _token_key(texts_digest: str, seg: Segmenter, *, tagged: bool) -> str:
    """:func:`token_cache_key` from the digest of the ids and texts (:func:`helpers.stored.texts_digest`)."""
    return cache_layer.stage_key(
        "tokens",
        cache_layer.package_sources(__file__),
        _CACHE_FORMAT,
        texts_digest,
        seg.fingerprint(),
        f"tagged={tagged}",
    )


def write_encoded(cache: Cache, key: str, enc: EncodedTokens) -> None:
    """Keep an :class:`EncodedTokens` in the cache as plain arrays (kind ``tokens``).

    >>> import tempfile
    >>> cache = Cache(tempfile.mkdtemp())
    >>> write_encoded(cache, "k", encode_tokens([["党建"]]))
    >>> read_encoded(cache, "k", 1, tagged=False).decode()
    [['党建']]
    """
    arrays = {"format": np.array(_CACHE_FORMAT), "codes": enc.codes, "offsets": enc.offsets, "vocab": tuple(enc.vocab)}
    if enc.tags is not None:
        arrays["tags"] = tuple(enc.tags)
    cache.write_arrays("tokens", key, arrays)


def read_encoded(cache: Cache, key: str, n_docs: int, *, tagged: bool) -> EncodedTokens | None:
    """The cached segmentation under ``key`` if it is whole and fits ``n_docs`` documents, else None.

    >>> import tempfile
    >>> read_encoded(Cache(tempfile.mkdtemp()), "没有", 1, tagged=False) is None
    True
    """
    z = cache.read_arrays("tokens", key)
    if z is None or str(z.get("format")) != _CACHE_FORMAT or ("tags" in z) != tagged:
        return None
    try:
        codes, offsets, vocab, tags = z["codes"], z["offsets"], z["vocab"], z.get("tags")
    except KeyError:
        return None
    valid = (
        len(offsets) == n_docs + 1
        and offsets[0] == 0
        and offsets[-1] == len(codes)
        and bool(np.all(np.diff(offsets) >= 0))
        and (len(codes) == 0 or (codes.min() >= 0 and codes.max() < len(vocab)))
        and (tags is None or len(tags) == len(vocab))
    )
    if not valid:
        return None
    return EncodedTokens(vocab, codes.astype(np.int32, copy=False), offsets.astype(np.int64, copy=False), tags)


# ------------------------------------------------------------------ the corpus's tokens
class EncodedCorpus:
    """A corpus's content tokens as codes: its cache key at once, the segmentation only when first asked for.

    ``key`` (the token cache's key, the filter's files and the settings) names
    exactly these content tokens, so a result computed from them can be cached
    under it and read back without touching the segmentation at all.

        >>> import pandas as pd
        >>> corpus = encoded_corpus(pd.DataFrame({"doc_id": ["a"], "text": ["落实“三会一课”制度。"]}))
        >>> corpus.tokens.decode(), corpus.content.decode()
        ([['落实', '三会一课', '制度', '。']], [['落实', '三会一课', '制度']])
    """

    def __init__(
        self,
        docs: pd.DataFrame,
        text_column: str,
        settings: TokenSettings,
        *,
        seg: Segmenter,
        token_filter: TokenFilter,
        cache: Cache | None,
        workers: int | None,
    ) -> None:
        self.doc_ids = [str(d) for d in docs["doc_id"]]
        self.settings = settings
        # the key hashes the columns as stored (Arrow buffers, see columns_digest), or takes the digest recorded for
        # a frame read without its texts: a cache hit makes no Python strings
        self.raw_key = _token_key(stored.texts_digest(docs, text_column), seg, tagged=settings.tagged)
        self.key = make_key(self.raw_key, token_filter.fingerprint(), str(settings))
        self._docs, self._text_column, self._seg, self._filter = docs, text_column, seg, token_filter
        self._cache, self._workers = cache, workers

    @cached_property
    def _raw(self) -> EncodedTokens:
        tagged = self.settings.tagged
        enc = read_encoded(self._cache, self.raw_key, len(self.doc_ids), tagged=tagged) if self._cache else None
        if enc is None:
            # the texts as NFC strings, read from the column a batch at a time as the workers need them
            texts = normalised_texts(self._docs, self._text_column)
            many = len(self.doc_ids) >= MIN_ITEMS_FOR_PROGRESS
            enc = segment_corpus(texts, self._seg, tagged=tagged, workers=self._workers, progress=many)
            if self._cache is not None:
                write_encoded(self._cache, self.raw_key, enc)
        return enc

    @cached_property
    def tokens(self) -> EncodedTokens:
        """Every token (punctuation and stopwords included), words only: tags have served the filter."""
        return self._raw.words()

    @cached_property
    def keep(self) -> np.ndarray:
        """Which vocabulary entries are content tokens (see :meth:`TokenFilter.keep_mask`)."""
        return self._filter.keep_mask(self._raw, self.settings)

    @cached_property
    def content(self) -> EncodedTokens:
        """The content tokens only, as codes into the same vocabulary.

        With a cache, the raw segmentation it was taken from is let go (about twice its size); asking for
        :attr:`tokens` again reads it back from the cache."""
        content = self.tokens.kept(self.keep)
        if self._cache is not None:
            self.__dict__.pop("tokens", None)
            self.__dict__.pop("_raw", None)
        return content


def encoded_corpus(
    docs: pd.DataFrame,
    settings: TokenSettings = TokenSettings(),
    *,
    cache: Cache | None = None,
    workers: int | None = None,
    text_column: str = "text",
) -> EncodedCorpus:
    """What :func:`tokenize_corpus` decodes: the cached (or new) segmentation as codes and the filter's mask.

    For work that counts tokens (TF-IDF) without needing them as strings; the
    segmentation is read or made only when ``tokens``, ``keep`` or ``content`` is first used.

        >>> import pandas as pd
        >>> corpus = encoded_corpus(pd.DataFrame({"doc_id": ["a"], "text": ["落实三会一课制度"]}))
        >>> corpus.content.decode()
        [['落实', '三会一课', '制度']]
    """
    return EncodedCorpus(
        docs,
        text_column,
        settings,
        seg=default_segmenter(settings.engine),
        token_filter=default_filter(),
        cache=cache,
        workers=workers,
    )


def tokenize_corpus(
    docs: pd.DataFrame,
    settings: TokenSettings = TokenSettings(),
    *,
    cache: Cache | None = None,
    workers: int | None = None,
    text_column: str = "text",
) -> pd.Series:
    """Content tokens of every document, a Series of token lists indexed by ``doc_id``.

    With a :class:`~helpers.cache.Cache` (e.g. ``helpers.corpus_cache(corpus_dir)``)
    the raw segmentation is kept there (kind ``tokens``, see :func:`token_cache_key`)
    as compact codes; the filter is applied to its vocabulary afterwards, so filter
    settings never need a new segmentation and a cached run costs reading one file.
    None keeps nothing. ``workers=None`` uses every core (or ``HELPERS_WORKERS``)
    once the corpus is large enough.

        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["要落实三会一课制度"]})
        >>> keep_all = TokenSettings(keep_single_chars=True, keep_stopwords=True)
        >>> tokenize_corpus(docs).tolist(), tokenize_corpus(docs, keep_all).tolist()
        ([['落实', '三会一课', '制度']], [['要', '落实', '三会一课', '制度']])
    """
    import pandas as pd

    corpus = encoded_corpus(docs, settings, cache=cache, workers=workers, text_column=text_column)
    return pd.Series(
        corpus.content.decode(), index=pd.Index(corpus.doc_ids, name="doc_id"), name="tokens", dtype=object
    )


def token_overview(corpus: EncodedCorpus, n: int = 10) -> pd.DataFrame:
    """Every document's number of content tokens and its first ``n`` of them, indexed by ``doc_id``:
    read from the codes, so no document's whole token list is made.

        >>> import pandas as pd
        >>> overview = token_overview(encoded_corpus(pd.DataFrame({"doc_id": ["a"], "text": ["落实三会一课制度"]})), n=2)
        >>> overview.index.name, overview.to_dict("records")
        ('doc_id', [{'tokens': 3, 'first tokens': '落实 三会一课'}])
    """
    import pandas as pd

    content = corpus.content
    first = [" ".join(tokens) for tokens in content.head(n)]
    index = pd.Index(corpus.doc_ids, name="doc_id")
    return pd.DataFrame({"tokens": np.diff(content.offsets), "first tokens": first}, index=index)
