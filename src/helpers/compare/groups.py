"""Which group each document belongs to for a comparison: a year, a decade, a province, an issuer, any column.

``by`` names a column of the cleaned docs. ``"year"`` reads the ``year`` column
where it is filled and otherwise the first four digits of ``date`` (the loader
gives every corpus a ``date``; the official-metadata stage adds ``year``);
``"decade"`` groups those years by ten (1920, 1930 …), for a century of congress
reports. Documents without a value are left out of every comparison, and
:func:`comparison_notice` says how many.

    >>> docs = pd.DataFrame({"date": ["2017-10-18", "", "1992年10月12日"], "province": ["", "浙江省", "浙江省"]})
    >>> group_values(docs, "year").tolist(), group_values(docs, "decade").tolist()
    ([2017, <NA>, 1992], [2010, <NA>, 1990])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from helpers.notices import (
    Notice,
    documents_without_group_notice,
    no_group_values_notice,
    single_document_groups_notice,
    too_few_groups_notice,
    unknown_group_notice,
)

YEAR = "year"
DECADE = "decade"
# Years outside this range are misreadings (a document number, a count), not dates of a policy document.
YEAR_RANGE = (1800, 2100)


def _as_years(column: pd.Series) -> pd.Series:
    years = pd.to_numeric(column, errors="coerce")
    plausible = years.between(*YEAR_RANGE) & (years == years.round())
    return years.where(plausible).astype("Int64")


def document_years(docs: pd.DataFrame) -> pd.Series:
    """Each document's year: the ``year`` column where filled, else the first four digits of ``date``; NA if none.

    >>> document_years(pd.DataFrame({"year": [1921, None], "date": ["", "2022-10-16"]})).tolist()
    [1921, 2022]
    """
    from_date = pd.Series(pd.NA, index=docs.index, dtype="Int64")
    if "date" in docs.columns:
        from_date = _as_years(docs["date"].astype("string").str.extract(r"^\s*(\d{4})", expand=False))
    if "year" not in docs.columns:
        return from_date
    return _as_years(docs["year"]).fillna(from_date)


def periods(years: pd.Series | Sequence[int], width: int = 10, start: int = 0) -> pd.Series:
    """The first year of each year's period of ``width`` years counted from ``start`` (decades by default).

    >>> periods([1921, 1949, 1950, None]).tolist()
    [1920, 1940, 1950, <NA>]
    >>> periods([1978, 1982], width=5, start=1978).tolist()
    [1978, 1978]
    """
    if width < 1:
        raise ValueError(f"a period spans at least 1 year, not {width}")
    years = pd.Series(years, dtype="Int64")
    return (years - start) // width * width + start


def group_values(docs: pd.DataFrame, by: str) -> pd.Series:
    """The group of every document (aligned with ``docs``), NA where it has none.

    Years and decades are integers; other columns' values are stripped strings,
    an empty string counting as no value. A column that does not exist gives NA everywhere.

        >>> group_values(pd.DataFrame({"issuer": [" 国务院", "", None]}), "issuer").tolist()
        ['国务院', <NA>, <NA>]
    """
    if by == YEAR:
        return document_years(docs)
    if by == DECADE:
        return periods(document_years(docs)).set_axis(docs.index)
    if by not in docs.columns:
        return pd.Series(pd.NA, index=docs.index, dtype="string")
    values = docs[by].astype("string").str.strip()
    return values.mask(values == "")


@dataclass(frozen=True)
class Grouping:
    """The documents of a corpus in groups: each one's group (NA: left out), the groups in order, their sizes."""

    by: str
    values: pd.Series  # aligned with the docs
    sizes: pd.Series  # documents per group, index = the groups in order (years ascending, names sorted)

    @property
    def groups(self) -> list:
        return self.sizes.index.tolist()

    @property
    def n_missing(self) -> int:
        return int(self.values.isna().sum())

    def find(self, wanted) -> tuple[list, list]:
        """``(groups found, values not found)`` for a value or list of values; ``"2017"`` finds the year 2017."""
        items = list(wanted) if isinstance(wanted, list | tuple | set | frozenset) else [wanted]
        by_text = {str(g): g for g in self.groups}
        found = [by_text[str(w)] for w in items if str(w) in by_text]
        return list(dict.fromkeys(found)), [w for w in items if str(w) not in by_text]


def grouping(docs: pd.DataFrame, by: str) -> Grouping:
    """The :class:`Grouping` of ``docs`` by ``by``.

    >>> g = grouping(pd.DataFrame({"province": ["浙江省", "河南省", "浙江省", ""]}), "province")
    >>> g.sizes.to_dict(), g.n_missing
    ({'河南省': 1, '浙江省': 2}, 1)
    """
    values = group_values(docs, by)
    sizes = values.dropna().value_counts().sort_index()
    sizes.index.name = by
    return Grouping(by, values, sizes.rename("documents").astype("int64"))


def group_sizes(docs: pd.DataFrame, by: str = YEAR) -> pd.DataFrame:
    """Documents per group: ``<by>``, ``documents`` (groups in order; documents without a value left out).

    What :func:`helpers.plots.compare.plot_trends` shows under the rates.

        >>> group_sizes(pd.DataFrame({"date": ["2017-01-01", "2012-05-01", "2017-03-02"]})).to_dict("records")
        [{'year': 2012, 'documents': 1}, {'year': 2017, 'documents': 2}]
    """
    return grouping(docs, by).sizes.reset_index()


def comparison_notices(docs: pd.DataFrame, by: str, target=None, reference=None) -> list[Notice]:
    """Every reason a comparison of ``docs`` by ``by`` (of ``target`` with ``reference``) says less than it seems.

    In order: no document has a value; some have none; fewer than two groups; an
    unknown or empty target or reference; groups of a single document.

        >>> docs = pd.DataFrame({"year": [2012, 2017, 2017, None]})
        >>> for notice in comparison_notices(docs, "year", target=2022):
        ...     print(str(notice).split(" · ")[1])
        1 of 4 documents have no value for 'year' and are left out
        no document has 'year' = 2022: the target group is empty
        1 group(s) by 'year' hold a single document: their figures describe that one document
    """
    g = grouping(docs, by)
    if not g.groups:
        return [no_group_values_notice(by)]
    notices = []
    if g.n_missing:
        notices.append(documents_without_group_notice(by, g.n_missing, len(docs)))
    if len(g.groups) < 2:
        notices.append(too_few_groups_notice(by, g.groups))
    for role, wanted in (("目标组", target), ("参照组", reference)):
        if wanted is None:
            continue
        found, unknown = g.find(wanted)
        if unknown or not found:
            notices.append(unknown_group_notice(by, role, unknown or [wanted], g.groups))
    singles = g.sizes.index[g.sizes == 1].tolist()
    if singles:
        notices.append(single_document_groups_notice(by, singles))
    return notices


def comparison_notice(docs: pd.DataFrame, by: str, target=None, reference=None) -> Notice | None:
    """:func:`comparison_notices` as one notice (one reason a paragraph), or None when the comparison is sound.

    >>> comparison_notice(pd.DataFrame({"year": [2012, 2012, 2017, 2017]}), "year") is None
    True
    >>> comparison_notice(pd.DataFrame({"text": ["无日期"]}), "year")  # doctest: +ELLIPSIS
    没有一篇文档带有“year”的值...
    """
    notices = comparison_notices(docs, by, target, reference)
    return Notice("\n\n".join(n.message for n in notices)) if notices else None


def largest_group(docs: pd.DataFrame, by: str):
    """The group of ``by`` with the most documents (the first in order among equals), or None without groups:
    a default target for a comparison.

    >>> largest_group(pd.DataFrame({"province": ["浙江省", "河南省", "河南省", ""]}), "province")
    '河南省'
    """
    sizes = grouping(docs, by).sizes
    return None if sizes.empty else sizes.index[int(sizes.to_numpy().argmax())]
