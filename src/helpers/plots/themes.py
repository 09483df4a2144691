"""Charts of notebook 02 (term counts, top terms, topics, word clouds) for a corpus of any size.

Each function draws with :mod:`helpers.plots.base` and, when its table is empty
(no readable document, no content words, too few documents for topics), draws
a labelled empty panel naming the reason instead of raising or leaving a
blank chart.

    >>> import pandas as pd
    >>> ax = plot_term_counts(pd.DataFrame(columns=["term", "count"]), title="词频")
    >>> ax.texts[0].get_text()
    '本语料没有可统计的词 · no terms to count in this corpus'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from helpers.notices import NO_TERMS_NOTE, TOO_FEW_FOR_TOPICS_NOTE
from helpers.plots import base as plotting

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def plot_term_counts(
    freq: pd.DataFrame, *, value: str = "count", k: int = 25, title: str = "语料中出现最多的词"
) -> Axes:
    """Bars of the ``k`` most frequent terms (:func:`helpers.features.term_frequencies`), most frequent on top."""
    if freq.empty:
        return plotting.empty_panel(title, NO_TERMS_NOTE)
    return plotting.bar_terms(freq, value=value, k=k, title=title)


def plot_top_terms(
    top: pd.DataFrame,
    *,
    k: int = 10,
    titles: Mapping[str, str] | None = None,
    title: str = "各文档 TF-IDF 最高的词",
) -> Figure:
    """One bar panel per document of its top TF-IDF terms (:func:`helpers.features.top_terms`)."""
    if top.empty:
        return plotting.empty_panel(title, NO_TERMS_NOTE).figure
    return plotting.bar_small_multiples(top, k=k, titles=titles)


def plot_doc_topics(doc_topics: pd.DataFrame, *, title: str = "各文档的主题权重") -> Axes:
    """Heatmap of each document's topic weights (:func:`helpers.features.nmf_topics`)."""
    if doc_topics.empty:  # no topics (too few documents) or no documents
        return plotting.empty_panel(title, TOO_FEW_FOR_TOPICS_NOTE)
    return plotting.heatmap(doc_topics)


def corpus_wordcloud(freq: pd.DataFrame, *, max_words: int = 120, title: str = "语料词频") -> Axes:
    """A word cloud of corpus term counts (:func:`helpers.features.term_frequencies`)."""
    if freq.empty:
        return plotting.empty_panel(title, NO_TERMS_NOTE)
    wc = plotting.make_wordcloud(dict(zip(freq["term"], freq["count"])), max_words=max_words)
    return plotting.draw_wordcloud(wc, title=title)


def document_wordclouds(
    weights_by_doc: Mapping[str, Mapping[str, float]],
    *,
    titles: Mapping[str, str] | None = None,
    title: str = "各文档的词云",
) -> Figure:
    """Small multiples of word clouds, one per document (:func:`helpers.features.weights_by_doc`)."""
    if not weights_by_doc:
        return plotting.empty_panel(title, NO_TERMS_NOTE).figure
    return plotting.wordcloud_grid(weights_by_doc, titles=titles)
