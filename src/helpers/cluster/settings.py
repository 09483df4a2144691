"""How a clustering is run: the corpus sizes at which the method changes, and :class:`ClusterSettings`.

The sizes are module constants, stated once so that notebooks can quote them:

* ``MINIBATCH_MIN_DOCS`` — from this many documents on, flat clustering uses
  MiniBatchKMeans, documents are first reduced with LSA (``LSA_COMPONENTS``
  dimensions) and silhouettes are estimated on a sample of
  ``SILHOUETTE_SAMPLE`` documents.
* ``MAX_DRAWN_DOCS`` — past this many documents the per-document views
  (heatmap, dendrogram, labelled map, co-assignment matrix) are drawn on a
  sample stratified by cluster; the cluster-level tables always cover all.
* ``NEAR_DUPLICATE_BLOCK`` — near-duplicates are looked for this many
  similarities at a time, so the n × n matrix never exists.
* ``MIN_CLUSTER_DOCS`` — fewer documents than this leave nothing to compare;
  choosing k, the stability check and the map need ``MIN_K_DOCS``.

What a caller chooses for one analysis (seed, k, how many stability runs)
travels in a frozen :class:`ClusterSettings`, not in flags passed down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MINIBATCH_MIN_DOCS = 2000
LSA_COMPONENTS = 100
SILHOUETTE_SAMPLE = 2000
MAX_DRAWN_DOCS = 60
MAX_K = 12
SMALL_CORPUS_DOCS = 500  # below this, k-means runs single-threaded
NEAR_DUPLICATE_THRESHOLD = 0.9
# similarities computed at once when looking for near-duplicates (float64: 32 MB), whatever the corpus size
NEAR_DUPLICATE_BLOCK = 4_000_000
MIN_CLUSTER_DOCS = 2  # similarity, a dendrogram and clusters need two documents
MIN_K_DOCS = 3  # k runs from 2 to n/2, and a 2-D map of two points says nothing


@dataclass(frozen=True)
class ClusterSettings:
    """The choices behind one :func:`helpers.cluster.analyse_clusters` run; equal settings give equal results.

    * ``random_state`` — seed of k-means, LSA, the stability runs and the drawn sample;
    * ``k`` — the number of clusters, or None to take the k of highest silhouette;
    * ``max_k`` — the largest k tried (k runs from 2 to at most half the documents);
    * ``n_components`` — LSA dimensions before clustering: ``"auto"`` reduces only
      from ``MINIBATCH_MIN_DOCS`` documents on, an int forces it, None never reduces;
    * ``stability_runs`` — k-means runs per stability check (0 skips the check, the slow part);
    * ``max_drawn`` — most documents shown in a per-document chart.

    >>> ClusterSettings(k=3).k
    3
    >>> ClusterSettings(stability_runs=-1)
    Traceback (most recent call last):
    ...
    ValueError: stability_runs must be 0 or more, not -1
    """

    random_state: int = 0
    k: int | None = None
    max_k: int = MAX_K
    n_components: int | Literal["auto"] | None = "auto"
    stability_runs: int = 50
    max_drawn: int = MAX_DRAWN_DOCS

    def __post_init__(self) -> None:
        # a wrong setting is the caller's error, said when it is made rather than deep in k-means
        if self.k is not None and self.k < 1:
            raise ValueError(f"k must be 1 or more (or None to choose it), not {self.k}")
        if self.max_k < 2:
            raise ValueError(f"max_k must be 2 or more, not {self.max_k}")
        if self.stability_runs < 0:
            raise ValueError(f"stability_runs must be 0 or more, not {self.stability_runs}")
        if self.max_drawn < 1:
            raise ValueError(f"max_drawn must be 1 or more, not {self.max_drawn}")
        if not (self.n_components in ("auto", None) or (isinstance(self.n_components, int) and self.n_components >= 1)):
            raise ValueError(f"n_components must be 'auto', None or a positive int, not {self.n_components!r}")
