"""What cleaning (notebook 01) and the reports on another corpus cannot show, in the notebooks' language (Chinese, then English)."""

from __future__ import annotations

# What an empty chart says in place of its bars (helpers.plots.cleaning).
NO_EDITS_BESIDES_LAYOUT_NOTE = "除空行与空白外，没有行被删除或修改"
NO_VALUES_NOTE = "没有文档带有此项元数据 · no document carries this field"


def other_corpus_note(corpus_label: str, dropped: int) -> str:
    """The note under each title of a report on another corpus: the seeds' commentary was left out.

    >>> other_corpus_note("我的语料", 3).splitlines()[0]
    '> 本报告的语料：`我的语料`。笔记本里解读种子语料结果的 3 段文字已略去，下面的表和图都是这份语料自己的结果。'
    """
    return (
        f"> 本报告的语料：`{corpus_label}`。笔记本里解读种子语料结果的 {dropped} 段文字已略去，"
        f"下面的表和图都是这份语料自己的结果。\n>\n"
        f"> Corpus: `{corpus_label}`. The {dropped} passages that interpret the bundled seeds' results are "
        "left out; every table and chart below is this corpus's own."
    )
