"""Charts whose Chinese renders on any machine, and the project's drawing helpers.

matplotlib's default font (DejaVu Sans) has no CJK glyphs, and WordCloud does
not use matplotlib's fonts at all. Both get the Noto Sans CJK SC font that the
``mplfonts`` package ships, registered *by path*: nothing is copied into
matplotlib's install folder (``mplfonts init`` does that and breaks the rc file)
and no system font is needed.

This is the only module (besides notebooks) that draws.

    >>> import helpers
    >>> helpers.setup_fonts().name
    'NotoSansCJKsc-Regular.otf'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # drawing libraries are imported lazily: cleaning should not pay for them
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from wordcloud import WordCloud

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"


# How a grouping column is named in a chart's title and axes (the notebooks' language).
FIELD_NAMES = {
    "doc_id": "文档",
    "year": "年份",
    "decade": "年代",
    "province": "省份",
    "city": "城市",
    "county": "区县",
    "issuer": "发文机关",
}


def cjk_font_path() -> Path:
    """Path of the bundled CJK font (Noto Sans CJK SC, SIL Open Font License) from ``mplfonts``.

    Pass it to ``WordCloud(font_path=...)``; matplotlib gets it from :func:`setup_fonts`.

        >>> cjk_font_path().suffix
        '.otf'
    """
    import mplfonts  # only the font files are used; never run `mplfonts init`

    path = Path(mplfonts.__file__).resolve().parent / "fonts" / CJK_FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"CJK font not found at {path}; is mplfonts installed?")
    return path


def setup_fonts() -> Path:
    """Register the CJK font with matplotlib by path and make it the default; return its path.

    Sets ``font.family`` to sans-serif with Noto Sans CJK SC first and turns off
    ``axes.unicode_minus`` (the Unicode minus sign is missing from CJK fonts).
    Idempotent: call it once per notebook, before the first chart.

        >>> import matplotlib.pyplot as plt
        >>> _ = setup_fonts()
        >>> plt.rcParams["font.sans-serif"][0]
        'Noto Sans CJK SC'
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = cjk_font_path()
    registered = {Path(f.fname).resolve() for f in font_manager.fontManager.ttflist}
    if path not in registered:
        font_manager.fontManager.addfont(str(path))
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f != CJK_FONT_FAMILY]
    mpl.rcParams["font.sans-serif"] = [CJK_FONT_FAMILY, *rest]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    return path


@lru_cache(maxsize=4)
def font_codepoints(font_path: str | None = None) -> frozenset[int]:
    """Code points the font's character map covers (Pillow draws missing ones as boxes, silently).

    >>> ord("党") in font_codepoints()
    True
    """
    from fontTools.ttLib import TTFont

    path = font_path or str(cjk_font_path())
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(words: Mapping[str, float] | list[str], font_path: str | Path | None = None) -> list[str]:
    """Characters of ``words`` that the font cannot draw, sorted; empty when all render.

    >>> missing_glyphs(["基层党组织", "三会一课"])
    []
    """
    covered = font_codepoints(str(font_path) if font_path else None)
    chars = {ch for word in words for ch in str(word) if not ch.isspace()}
    return sorted(ch for ch in chars if ord(ch) not in covered)


def make_wordcloud(
    weights: Mapping[str, float],
    *,
    width: int = 800,
    height: int = 450,
    max_words: int = 100,
    random_state: int = 0,
    background_color: str = "white",
    colormap: str = "viridis",
) -> WordCloud:
    """A word cloud from term weights (frequencies or TF-IDF scores), never from raw text.

    Collocations are off (the terms are already segmented) and the CJK font is
    passed by path. Raises ``ValueError`` if the font lacks a character of a
    word, rather than letting Pillow draw a box.

        >>> wc = make_wordcloud({"基层党组织": 3.0, "三会一课": 2.0})
        >>> sorted(wc.words_)
        ['三会一课', '基层党组织']
    """
    from wordcloud import WordCloud

    weights = {str(k): float(v) for k, v in weights.items() if v > 0}
    if not weights:
        raise ValueError("no positive weights to draw")
    font = cjk_font_path()
    gaps = missing_glyphs(list(weights), font)
    if gaps:
        raise ValueError(f"font {font.name} has no glyph for {''.join(gaps)}")
    wc = WordCloud(
        font_path=str(font),
        width=width,
        height=height,
        max_words=max_words,
        background_color=background_color,
        colormap=colormap,
        collocations=False,
        prefer_horizontal=0.95,
        random_state=random_state,
    )
    return wc.generate_from_frequencies(weights)


def draw_wordcloud(wc: WordCloud, *, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Show a word cloud on a matplotlib axes without ticks."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(wc.width / 100, wc.height / 100))
    ax.imshow(wc.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def panel_grid(n: int, ncols: int, *, panel_width: float, panel_height: float) -> tuple[Figure, list[Axes]]:
    """A figure of ``n`` small-multiple panels, ``ncols`` wide; panels beyond ``n`` are hidden."""
    import matplotlib.pyplot as plt

    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_width * ncols, panel_height * nrows), squeeze=False)
    panels = list(axes.flat)
    for ax in panels[n:]:
        ax.set_axis_off()
    return fig, panels[:n]


def empty_panel(title: str, note: str) -> Axes:
    """A titled chart that says why it is empty, for a corpus with nothing of that kind to show."""
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(8, 1.6))
    ax.set_title(title)
    ax.text(0.5, 0.5, note, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


def wordcloud_grid(
    weights_by_group: Mapping[str, Mapping[str, float]],
    *,
    ncols: int = 4,
    max_words: int = 40,
    random_state: int = 0,
    titles: Mapping[str, str] | None = None,
) -> Figure:
    """Small multiples of word clouds, one per group (document, topic ...), in the mapping's order.

    ``titles`` maps a group to its panel title (defaults to the group itself).
    """
    fig, axes = panel_grid(len(weights_by_group), ncols, panel_width=3.3, panel_height=2.2)
    for ax, (name, weights) in zip(axes, weights_by_group.items()):
        wc = make_wordcloud(weights, width=330, height=200, max_words=max_words, random_state=random_state)
        draw_wordcloud(wc, title=(titles or {}).get(name, str(name)), ax=ax)
    fig.tight_layout()
    return fig


def _ranked_bars(ax: Axes, ranked: pd.DataFrame, label: str, value: str, color: str) -> None:
    """Horizontal bars of a ranked table, its first row on top (barh draws from the bottom up)."""
    ax.barh(ranked[label].astype(str)[::-1], ranked[value][::-1], color=color)


def bar_small_multiples(
    table: pd.DataFrame,
    *,
    group: str = "doc_id",
    label: str = "term",
    value: str = "score",
    ncols: int = 3,
    k: int | None = 10,
    titles: Mapping[str, str] | None = None,
    color: str = "#b22222",
) -> Figure:
    """Horizontal bar charts, one panel per group, largest value on top.

    ``table`` is tidy (one row per group and label), e.g. ``top_terms`` output.
    ``titles`` maps a group to a panel title (defaults to the group itself).

        >>> import pandas as pd
        >>> t = pd.DataFrame({"doc_id": ["a", "a"], "term": ["党建", "基层"], "score": [0.5, 0.3]})
        >>> len(bar_small_multiples(t).axes)
        1
    """
    groups = list(dict.fromkeys(table[group]))
    if not groups:
        raise ValueError("empty table")
    rows_per_panel = k or int(table.groupby(group).size().max())
    fig, axes = panel_grid(len(groups), ncols, panel_width=4.0, panel_height=0.22 * rows_per_panel + 0.8)
    for ax, name in zip(axes, groups):
        part = table[table[group] == name].sort_values(value, ascending=False)
        if k:
            part = part.head(k)
        _ranked_bars(ax, part, label, value, color)
        ax.set_title((titles or {}).get(name, str(name)), fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
        ax.tick_params(axis="x", labelsize=7)
    fig.tight_layout()
    return fig


def bar_terms(
    table: pd.DataFrame,
    *,
    label: str = "term",
    value: str = "count",
    k: int = 25,
    title: str | None = None,
    color: str = "#b22222",
) -> Axes:
    """One horizontal bar chart of the first ``k`` rows of a ranked table, first row on top.

    >>> import pandas as pd
    >>> ax = bar_terms(pd.DataFrame({"term": ["党建", "基层"], "count": [5, 3]}))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['基层', '党建']
    """
    import matplotlib.pyplot as plt

    part = table.head(k)
    _, ax = plt.subplots(figsize=(6, 0.22 * len(part) + 1.0))
    _ranked_bars(ax, part, label, value, color)
    ax.set_xlabel(value)
    if title:
        ax.set_title(title)
    ax.tick_params(axis="y", labelsize=8)
    ax.figure.tight_layout()
    return ax


def heatmap(
    matrix: pd.DataFrame,
    *,
    cmap: str = "Reds",
    fmt: str = "{:.2f}",
    annotate: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """A labelled heatmap of a frame (rows and columns as given), e.g. document-topic weights."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * matrix.shape[1] + 2.5, 0.35 * matrix.shape[0] + 1.2))
    values = matrix.to_numpy(dtype=float)
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns], fontsize=8, rotation=30, ha="right")
    ax.set_yticks(range(matrix.shape[0]), [str(i) for i in matrix.index], fontsize=8)
    if annotate:
        top = values.max() if values.size else 0.0
        for (i, j), v in _enumerate2d(values):
            ax.text(
                j,
                i,
                fmt.format(v),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if top and v > 0.6 * top else "black",
            )
    ax.figure.colorbar(im, ax=ax, fraction=0.03)
    return ax


def _enumerate2d(values):
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            yield (i, j), v
