"""Controls for exploring a corpus in JupyterLab, and the same cells as a fixed default in the rendered report.

Each ``explore_*`` function returns an :class:`Exploration`: shown by a
notebook cell, it displays ipywidgets controls above an output that re-renders
on every change when a person is at a live JupyterLab; run by papermill for
the HTML report, or by nbval in the tests, it displays only what the default
selection renders (the chart or the table), since nobody can move a control
there and a static page keeps no widget state.

Which of the two: the ``interactive`` argument when given; else the
environment variable ``HELPERS_WIDGETS`` (``static`` or ``interactive``: the
report runner and the test suite set ``static``); else interactive exactly when
the code runs in an IPython kernel started by a Jupyter server (JupyterLab
gives its kernels ``JPY_SESSION_NAME``; papermill and nbval start theirs
without one).

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["落实三会一课制度"]})
    >>> explore_kwic(docs, ["三会一课"], interactive=False).render("三会一课").values.tolist()
    [['a', '落实', '三会一课', '制度']]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from helpers.cache import Cache

WIDGETS_ENV = "HELPERS_WIDGETS"
STATIC, INTERACTIVE = "static", "interactive"


def widgets_are_live(interactive: bool | None = None) -> bool:
    """Whether controls can be used here (see the module): ``interactive``, else ``HELPERS_WIDGETS``, else detected.

    >>> widgets_are_live(True), widgets_are_live(False)
    (True, False)
    """
    if interactive is not None:
        return bool(interactive)
    setting = os.environ.get(WIDGETS_ENV, "").strip().lower()
    if setting in (STATIC, INTERACTIVE):
        return setting == INTERACTIVE
    if setting:
        raise ValueError(f"{WIDGETS_ENV}={setting!r}: use {STATIC!r} or {INTERACTIVE!r}")
    return _in_kernel() and bool(os.environ.get("JPY_SESSION_NAME"))


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


@dataclass
class Exploration:
    """Controls and the function that renders a selection; a notebook cell showing it displays the right one.

    ``render(**selection)`` returns what is shown (a chart's Axes or Figure, a
    table); ``default`` is the selection shown first and in a static run;
    ``controls`` maps a keyword of ``render`` to its widget (built only when live).
    """

    render: Callable[..., Any]
    default: dict[str, Any]
    interactive: bool
    controls: dict[str, Any] = field(default_factory=dict)
    output: Any = None

    def selection(self) -> dict[str, Any]:
        """The selection the controls show now (the default when there are none)."""
        if not self.controls:
            return dict(self.default)
        return {name: _value(widget) for name, widget in self.controls.items()}

    def refresh(self, *_: Any) -> None:
        """Render the controls' selection into the output, replacing what was there."""
        with self.output:
            self.output.clear_output(wait=True)
            _show(self.render(**self.selection()))

    def widget(self) -> Any:
        """The controls above their output, rendered once with the current selection."""
        import ipywidgets as widgets

        self.refresh()
        return widgets.VBox([widgets.HBox(list(self.controls.values())), self.output])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        if self.interactive:
            display(self.widget())
        else:
            _show(self.render(**self.default))


def _value(widget: Any) -> Any:
    value = widget.value
    return list(value) if isinstance(value, tuple) else value


def _show(result: Any) -> None:
    """Display what a render returned: a chart's figure once (and close it, so the inline backend does not repeat it)."""
    from IPython.display import display

    figure = _figure_of(result)
    if figure is not None:
        import matplotlib.pyplot as plt

        display(figure)
        plt.close(figure)
    elif result is not None:
        display(result)


def _figure_of(result: Any) -> Any:
    """The matplotlib Figure of a chart (a Figure, or the Axes a plotting function returned), else None."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(result, Figure):
        return result
    return result.figure if isinstance(result, Axes) else None


def _exploration(render, default: dict, interactive: bool | None, make_controls: Callable[[], dict]) -> Exploration:
    live = widgets_are_live(interactive)
    exploration = Exploration(render, default, live)
    if live:
        import ipywidgets as widgets

        exploration.controls = make_controls()
        exploration.output = widgets.Output()
        for control in exploration.controls.values():
            control.observe(exploration.refresh, names="value")
    return exploration


# ------------------------------------------------------------------ the three explorations
def explore_trends(
    docs: pd.DataFrame,
    terms: Sequence[str],
    *,
    by: str = "year",
    selected: Sequence[str] | None = None,
    cache: Cache | None = None,
    trends: Callable[..., Any] | None = None,
    plot: Callable[..., Any] | None = None,
    interactive: bool | None = None,
) -> Exploration:
    """Pick terms from ``terms`` (a multi-select) and see their trend over ``by``; static: the first five terms.

    ``trends(docs, terms, by=by)`` makes the table and ``plot(table)`` draws it: by default
    ``helpers.compare.term_trends`` (counting tokens from ``cache``, the corpus's, so nothing is segmented
    again) and ``helpers.plots.compare.plot_trends`` with the documents per group.
    """
    terms = list(dict.fromkeys(terms))
    default = {"terms": list(selected) if selected is not None else terms[:5]}

    def render(terms: list[str]) -> Any:
        from helpers.compare import group_sizes, term_trends
        from helpers.plots.compare import plot_trends

        make = trends or partial(term_trends, cache=cache)
        draw = plot or (lambda table: plot_trends(table, group_sizes(docs, by)))
        return draw(make(docs, list(terms), by=by))

    def controls() -> dict:
        import ipywidgets as widgets

        picker = widgets.SelectMultiple(
            options=terms, value=tuple(default["terms"]), rows=min(10, max(3, len(terms))), description="词 terms"
        )
        return {"terms": picker}

    return _exploration(render, default, interactive, controls)


def explore_keyness(
    docs: pd.DataFrame,
    columns: Sequence[str] = ("year",),
    *,
    by: str | None = None,
    target: Any = None,
    k: int = 20,
    cache: Cache | None = None,
    keyness: Callable[..., Any] | None = None,
    groups: Callable[[pd.DataFrame, str], Sequence] | None = None,
    interactive: bool | None = None,
) -> Exploration:
    """Pick a grouping column among ``columns`` and a target group, and see the key terms of the target.

    ``keyness(docs, by, target, k=k)`` makes the table (default ``helpers.compare.keyness`` counting
    tokens from ``cache``); ``groups(docs, by)`` lists a column's groups in order (default: the
    comparison's own grouping, which leaves out documents without a value and derives ``year`` from
    ``date``). Static: ``by`` (default the first column) and ``target`` (default its largest group).
    """
    columns = list(columns)
    group_list = groups or _groups_of
    first = by if by is not None else columns[0]
    options = list(group_list(docs, first))
    if target is None and options:
        from helpers.compare import largest_group

        target = largest_group(docs, first) if groups is None else options[0]
    default = {"by": first, "target": target if options or target is not None else None}

    def render(by: str, target: Any) -> Any:
        from helpers.compare import keyness as key_terms

        return (keyness or partial(key_terms, cache=cache))(docs, by, target, k=k)

    def controls() -> dict:
        import ipywidgets as widgets

        column = widgets.Dropdown(options=columns, value=default["by"], description="分组 by")
        chosen = widgets.Dropdown(options=options, value=default["target"], description="目标 target")

        def regroup(change: dict) -> None:  # a new column: its own groups, the first one selected
            values = list(group_list(docs, change["new"]))
            chosen.options, chosen.value = values, values[0] if values else None

        column.observe(regroup, names="value")
        return {"by": column, "target": chosen}

    return _exploration(render, default, interactive, controls)


def explore_kwic(
    docs: pd.DataFrame,
    terms: Sequence[str],
    *,
    window: int = 15,
    max_hits: int | None = 20,
    interactive: bool | None = None,
) -> Exploration:
    """Pick a term and read its occurrences in context (``helpers.features.kwic``); static: the first term.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["党建引领，党员带头"]})
    >>> explore_kwic(docs, ["党员", "党建"], window=2, interactive=False).default
    {'term': '党员'}
    """
    from helpers.features import kwic

    terms = list(dict.fromkeys(terms))
    default = {"term": terms[0] if terms else None}

    def render(term: str | None) -> Any:
        if term is None:
            return None
        return kwic(docs, term, window, max_hits=max_hits)

    def controls() -> dict:
        import ipywidgets as widgets

        return {"term": widgets.Dropdown(options=terms, value=default["term"], description="词 term")}

    return _exploration(render, default, interactive, controls)


def _groups_of(docs: pd.DataFrame, by: str) -> list:
    """The groups of ``by`` in order, as the comparison forms them (documents without a value left out)."""
    from helpers.compare import groups

    return groups.grouping(docs, by).sizes.index.tolist()
