"""Generated corpora with planted differences between groups, for tests of helpers.compare.

Every document is a seeded random draw of common policy words (the same words for every group, so no group
differs by chance in any systematic way) plus what a test plants: a term that appears only from a given year
on, or a term distinctive of each group. The builders are deterministic: the same arguments give the same frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Common words of the genre, each one token for the project's segmenter (checked in test_compare.py).
FILLER = [
    "加强",
    "建设",
    "党员",
    "群众",
    "服务",
    "制度",
    "落实",
    "推进",
    "完善",
    "组织",
    "学习",
    "教育",
    "干部",
    "基层",
    "社区",
    "发展",
    "改革",
    "创新",
    "监督",
]
# One planted word per group, each one token for the segmenter.
DISTINCTIVE = {"浙江省": "共同富裕", "河南省": "粮食安全", "四川省": "乡村振兴"}
# A term the segmenter cuts in two (新质 / 生产力): counted as a phrase all the same.
SPLIT_TERM = "新质生产力"


def _sentence(rng: np.random.Generator, n_words: int) -> str:
    return "，".join(rng.choice(FILLER, size=n_words)) + "。"


def _docs(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.insert(0, "doc_id", [f"d{i:03d}" for i in range(len(frame))])
    return frame


def planted_trend_corpus(
    years: range = range(2010, 2020),
    docs_per_year: int = 3,
    *,
    term: str = SPLIT_TERM,
    from_year: int = 2015,
    per_doc: int = 2,
    seed: int = 0,
) -> pd.DataFrame:
    """Documents dated ``YYYY-06-01`` (column ``date`` only, no ``year``): ``term`` appears ``per_doc`` times
    in every document of ``from_year`` and later, never before."""
    rng = np.random.default_rng(seed)
    rows = []
    for year in years:
        for _ in range(docs_per_year):
            text = _sentence(rng, 12) + _sentence(rng, 12)
            if year >= from_year:
                text += "".join(f"发展{term}，" for _ in range(per_doc)) + "。"
            rows.append({"date": f"{year}-06-01", "text": text})
    return _docs(rows)


def planted_keyness_corpus(
    docs_per_group: dict[str, int] | None = None, *, per_doc: int = 3, seed: int = 0
) -> pd.DataFrame:
    """Documents with a ``province`` column: each group's documents use its :data:`DISTINCTIVE` word ``per_doc``
    times and no other group's; the filler is drawn alike for all."""
    docs_per_group = docs_per_group or {province: 4 for province in DISTINCTIVE}
    rng = np.random.default_rng(seed)
    rows = []
    for province, n_docs in docs_per_group.items():
        for _ in range(n_docs):
            text = _sentence(rng, 15) + _sentence(rng, 15) + "，".join([DISTINCTIVE[province]] * per_doc) + "。"
            rows.append({"province": province, "date": "", "text": text})
    return _docs(rows)
