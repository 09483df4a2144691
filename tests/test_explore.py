"""The notebook's controls: live, a change of selection re-renders with it; static (papermill, nbval), the cell
shows what the default selection renders and no widget; which of the two is decided as documented."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.plots import explore
from helpers.plots.explore import Exploration, explore_keyness, explore_kwic, explore_trends, widgets_are_live

DOCS = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c"],
        "province": ["浙江省", "河南省", "浙江省"],
        "year": [2019, 2020, 2021],
        "text": ["推进共同富裕，党建引领。", "保障粮食安全，党员带头。", "共同富裕示范区，党建引领发展。"],
    }
)
TERMS = ["共同富裕", "党建", "粮食安全", "党员", "示范区", "发展"]


class Recorder:
    """A stand-in for a comparison function (the real ones come from another branch): records its calls."""

    def __init__(self, result=None):
        self.calls, self.result = [], result

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return self.result if self.result is not None else (args, kwargs)


@pytest.fixture
def displayed(monkeypatch):
    """What the cell would display, in order (IPython's display replaced by a recorder)."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.extend(objs))
    return shown


# ------------------------------------------------------------------ which mode
@pytest.mark.parametrize(
    ("env", "session", "expected"),
    [
        ({"HELPERS_WIDGETS": "static"}, "lab.ipynb", False),
        ({"HELPERS_WIDGETS": "interactive"}, None, True),
        ({"HELPERS_WIDGETS": " Static "}, None, False),
        ({}, "lab.ipynb", False),  # a Jupyter session name but no kernel: plain Python (this test)
        ({}, None, False),
    ],
)
def test_the_mode_follows_the_environment_variable_then_detection(monkeypatch, env, session, expected):
    monkeypatch.delenv("HELPERS_WIDGETS", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if session:
        monkeypatch.setenv("JPY_SESSION_NAME", session)
    assert widgets_are_live() is expected


def test_a_kernel_started_by_a_jupyter_server_is_live_and_one_started_by_papermill_is_not(monkeypatch):
    monkeypatch.delenv("HELPERS_WIDGETS", raising=False)
    monkeypatch.setattr(explore, "_in_kernel", lambda: True)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert widgets_are_live() is False  # papermill, nbval: jupyter_client starts the kernel without a session name
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/me/05_compare.ipynb")
    assert widgets_are_live() is True  # JupyterLab's server sets it for every kernel it starts
    monkeypatch.setenv("HELPERS_WIDGETS", "static")
    assert widgets_are_live() is False  # the report runner's word wins
    assert widgets_are_live(interactive=True) is True  # and the cell's own argument wins over everything


def test_an_unknown_setting_is_refused(monkeypatch):
    monkeypatch.setenv("HELPERS_WIDGETS", "yes")
    with pytest.raises(ValueError, match="HELPERS_WIDGETS='yes': use 'static' or 'interactive'"):
        widgets_are_live()


# ------------------------------------------------------------------ static: the default output only
def test_static_trends_show_the_default_chart_and_no_widget(displayed):
    trends, plot = Recorder(result="table"), Recorder()
    plot.result = None
    fig, ax = plt.subplots()
    plot.result = ax
    exploration = explore_trends(DOCS, TERMS, by="province", trends=trends, plot=plot, interactive=False)
    exploration._ipython_display_()
    assert trends.calls == [((DOCS, TERMS[:5]), {"by": "province"})]
    assert plot.calls == [(("table",), {})]
    assert displayed == [fig]  # the figure once, as a figure; no controls
    assert exploration.controls == {} and not plt.fignum_exists(fig.number)  # closed: not shown twice


def test_static_kwic_shows_the_first_terms_lines():
    exploration = explore_kwic(DOCS, TERMS, window=2, interactive=False)
    assert exploration.render(**exploration.default).values.tolist() == [
        ["a", "推进", "共同富裕", "，党"],
        ["c", "", "共同富裕", "示范"],
    ]


def test_static_kwic_displays_a_table(displayed):
    explore_kwic(DOCS, ["党员"], window=1, interactive=False)._ipython_display_()
    assert len(displayed) == 1 and displayed[0].values.tolist() == [["b", "，", "党员", "带"]]


def test_static_keyness_compares_the_largest_group_of_the_first_column(displayed):
    keyness = Recorder(result="key terms")
    exploration = explore_keyness(DOCS, ["province", "year"], keyness=keyness, k=5, interactive=False)
    exploration._ipython_display_()
    assert exploration.default == {"by": "province", "target": "浙江省"}  # two documents, 河南省 one
    assert keyness.calls == [((DOCS, "province", "浙江省"), {"k": 5})]
    assert displayed == ["key terms"]


def test_nothing_to_pick_shows_nothing(displayed):
    explore_kwic(DOCS, [], interactive=False)._ipython_display_()
    assert displayed == []


# ------------------------------------------------------------------ live: controls that re-render
def test_live_trends_redraw_with_the_picked_terms(displayed):
    import ipywidgets as widgets

    trends, plot = Recorder(result="table"), Recorder(result="chart")
    exploration = explore_trends(DOCS, TERMS, trends=trends, plot=plot, interactive=True)
    exploration._ipython_display_()
    rendered, box = displayed  # the default chart, rendered into the output, then the controls above it
    assert rendered == "chart"
    assert isinstance(box, widgets.VBox) and box.children[1] is exploration.output
    picker = exploration.controls["terms"]
    assert isinstance(picker, widgets.SelectMultiple) and list(picker.options) == TERMS
    picker.value = ("粮食安全", "党员")
    assert [args[1] for args, _ in trends.calls] == [TERMS[:5], ["粮食安全", "党员"]]
    assert exploration.selection() == {"terms": ["粮食安全", "党员"]}


def test_live_keyness_offers_the_groups_of_the_chosen_column():
    keyness = Recorder(result="key terms")
    exploration = explore_keyness(DOCS, ["province", "year"], keyness=keyness, interactive=True)
    column, target = exploration.controls["by"], exploration.controls["target"]
    assert list(target.options) == ["河南省", "浙江省"]
    column.value = "year"
    assert list(target.options) == [2019, 2020, 2021] and target.value == 2019
    target.value = 2021
    assert keyness.calls[-1] == ((DOCS, "year", 2021), {"k": 20})


def test_live_kwic_rerenders_for_the_picked_term(monkeypatch):
    exploration = explore_kwic(DOCS, TERMS, window=1, interactive=True)
    rendered = []
    monkeypatch.setattr(explore, "_show", rendered.append)
    exploration.controls["term"].value = "党员"
    assert rendered[-1].values.tolist() == [["b", "，", "党员", "带"]]


def test_an_exploration_is_a_plain_object_with_its_default():
    exploration = explore_kwic(DOCS, TERMS, interactive=False)
    assert isinstance(exploration, Exploration) and exploration.selection() == {"term": "共同富裕"}
