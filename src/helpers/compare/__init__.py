"""Comparisons across a corpus: co-word networks (and, merged from the other branch, trends and keyness).

>>> from helpers.compare import cooccurrence_network, export_network, network_notice
"""

from helpers.compare.network import cooccurrence_network, export_network, network_notice

__all__ = ["cooccurrence_network", "export_network", "network_notice"]
