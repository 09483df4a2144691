"""Which themes a group pushes: the NMF topics' mean document weight per year, province or issuer.

Topics are notebook 02's: pass its ``doc_topics`` (from :func:`helpers.features.nmf_topics`)
to compare exactly the topics the reader has seen. Without them they are fitted
the way notebook 02 fits them: TF-IDF of terms in at least two documents
(``TfidfSettings(min_df=2)``), the number of topics chosen by
:func:`helpers.features.choose_n_topics` over k = 2 … 7 unless ``n_topics`` is
given, ``random_state`` fixed.

    >>> doc_topics = pd.DataFrame({"T1": [0.9, 0.7, 0.1], "T2": [0.1, 0.3, 0.9]}, index=["a", "b", "c"])
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "province": ["浙江省", "浙江省", "河南省"]})
    >>> prevalence_matrix(topic_prevalence(docs, "province", doc_topics=doc_topics)).round(2).to_dict("index")
    {'河南省': {'T1': 0.1, 'T2': 0.9}, '浙江省': {'T1': 0.8, 'T2': 0.2}}
"""

from __future__ import annotations

import pandas as pd

from helpers.cache import Cache
from helpers.compare.groups import comparison_notice, grouping
from helpers.features import TfidfSettings, choose_n_topics, corpus_tfidf, nmf_model_selection, nmf_topics

PREVALENCE_COLUMNS = ["topic", "weight", "n_docs"]
# The numbers of topics tried when none is given, as notebook 02 tries them.
TOPIC_COUNTS = range(2, 8)


def fitted_doc_topics(
    docs: pd.DataFrame, *, n_topics: int | None = None, cache: Cache | None = None, random_state: int = 0
) -> pd.DataFrame:
    """Document-topic weights fitted as notebook 02 fits them (see the module); no columns when too small for topics."""
    tfidf = corpus_tfidf(docs, TfidfSettings(min_df=2), cache=cache)
    if n_topics is None:
        n_topics = choose_n_topics(nmf_model_selection(tfidf, TOPIC_COUNTS, random_state=random_state), min_docs=2)
    return nmf_topics(tfidf, n_topics, random_state=random_state)[1]


def topic_prevalence(
    docs: pd.DataFrame,
    by: str,
    *,
    doc_topics: pd.DataFrame | None = None,
    n_topics: int | None = None,
    cache: Cache | None = None,
    random_state: int = 0,
) -> pd.DataFrame:
    """Per group and topic: ``<by>``, ``topic``, ``weight`` (the mean of the group's documents' weights), ``n_docs``.

    ``doc_topics`` has one row per document (index doc_id, as
    :func:`helpers.features.nmf_topics` returns it) and one column per topic;
    weights of a document sum to 1, so a group's weights do too (0 for a group
    whose documents have no content words). Documents without a value for ``by``
    or without a row in ``doc_topics`` are left out. Groups in order, topics as
    the columns; ``attrs["notice"]`` as :func:`helpers.compare.term_trends`'.
    """
    if doc_topics is None:
        doc_topics = fitted_doc_topics(docs, n_topics=n_topics, cache=cache, random_state=random_state)
    g = grouping(docs, by)
    values = pd.Series(g.values.to_numpy(), index=docs["doc_id"].astype(str).to_numpy())
    weights = doc_topics.copy()
    weights.index = weights.index.astype(str)
    weights = weights.join(values.rename("_group"), how="inner").dropna(subset=["_group"])
    if weights.empty or doc_topics.shape[1] == 0:
        table = pd.DataFrame(
            {by: pd.Series(dtype="object")} | {c: pd.Series(dtype="object") for c in PREVALENCE_COLUMNS}
        )
        table.attrs["notice"] = comparison_notice(docs, by)
        return table
    grouped = weights.groupby("_group", sort=True)
    means = grouped[list(doc_topics.columns)].mean()
    table = means.reset_index(names=by).melt(id_vars=by, var_name="topic", value_name="weight")
    table["n_docs"] = table[by].map(grouped.size()).astype("int64")
    table[by] = table[by].astype(g.sizes.index.dtype)  # years stay whole numbers (the join made them floats)
    order = {group: i for i, group in enumerate(g.groups)}
    table = table.sort_values(by, key=lambda s: s.map(order), kind="stable", ignore_index=True)
    table.attrs["notice"] = comparison_notice(docs, by)
    return table


def prevalence_matrix(prevalence: pd.DataFrame, topic_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The tidy :func:`topic_prevalence` as groups × topics, for a heat map; ``topic_names`` relabels topics
    (e.g. :func:`helpers.features.topic_labels`' ``{'T1': 'T1 党建·党员·基层'}``)."""
    if prevalence.empty:
        return pd.DataFrame()
    by = prevalence.columns[0]
    matrix = prevalence.pivot(index=by, columns="topic", values="weight")
    matrix = matrix.loc[list(dict.fromkeys(prevalence[by])), list(dict.fromkeys(prevalence["topic"]))]
    matrix.columns.name = None
    return matrix.rename(columns=topic_names or {})
