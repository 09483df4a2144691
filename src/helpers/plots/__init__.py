"""Charts: the CJK font and one module of charts per notebook. Only this package draws."""

from helpers.plots.base import setup_fonts

__all__ = ["setup_fonts"]
