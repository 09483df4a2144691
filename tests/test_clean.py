"""Cleaning rules one by one, and the audit.

Most inputs are lines of the genre written for these tests. Those taken from the
seeds, whole or adapted, say so where they stand: seed 000's navigation bar and a
sentence of its body, seed 004's OCR-damaged masthead, download notice and a
heading, a term and a phrase of seed 002; the pinyin-annotated inputs are pieces of
seed 001's text, recombined. Where a test held only seed lines, a line written for
it stands beside them. The seeds as whole documents are checked against the hand
annotations in test_clean_gold.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import clean_corpus, clean_text
from helpers.clean.boilerplate import boilerplate_rule
from helpers.clean.drops import drop_ocr_junk
from helpers.clean.lines import normalise_width, remove_pinyin_annotations, strip_markup
from helpers.clean.metadata import dateline_source, parse_date
from helpers.clean.mojibake import repair_mojibake
from helpers.clean.pipeline import clean_document
from helpers.clean.shapes import is_title_like


@pytest.mark.parametrize(
    "before, after",
    [
        ("<p>各级党组织<strong>认真落实</strong>三会一课制度</p>", "各级党组织认真落实三会一课制度"),
        ("<![CDATA[社区党建工作座谈会召开]]>", "社区党建工作座谈会召开"),  # after seed 002
        ("党建&amp;业务深度融合&ldquo;双促进&rdquo;", "党建&业务深度融合“双促进”"),
        ("3<5个党小组", "3<5个党小组"),
    ],
)
def test_strip_markup(before, after):
    assert strip_markup(before) == after


@pytest.mark.parametrize(
    "before, after",
    [
        ("發(fā)揮黨組織戰(zhàn)斗堡壘作用", "發揮黨組織戰斗堡壘作用"),
        ("縣(xiàn)、鄉(xiāng)(鎮(zhèn))兩級", "縣、鄉(鎮)兩級"),
        ("村(社区)党组织", "村(社区)党组织"),
        ("党委(党组)、公司(PPP)项目", "党委(党组)、公司(PPP)项目"),
        ("试点(pilot)工作", "试点(pilot)工作"),
    ],
)
def test_pinyin_annotations_go_and_real_brackets_stay(before, after):
    assert remove_pinyin_annotations(before) == after


def test_mojibake_from_misaligned_gbk_is_repaired():
    original = "（通讯员王建国）各级党组织认真落实"
    garbled = "?" + original.encode("gb18030")[1:].decode("gb18030", errors="replace")
    assert "通讯员王建国）各级党组织认真" in repair_mojibake(garbled)


def test_utf8_read_as_gbk_is_repaired_and_clean_text_untouched():
    garbled = "基层党建工作".encode().decode("gbk", errors="replace")
    assert repair_mojibake(garbled) == "基层党建工作"
    for text in ("这是什么?我们不知道", "覆盖率达到76%", "鄉(鎮)"):
        assert repair_mojibake(text) == text


def test_width_keeps_chinese_punctuation():
    assert normalise_width("建成１２６个，覆盖率９５％：“ＡＢ”（试点）") == "建成126个，覆盖率95%：“AB”（试点）"


@pytest.mark.parametrize(
    "line, rule",
    [
        ("首页 | 要闻 | 时政 | 党建 | 视频 | 专题", "nav_bar"),
        ("当前位置：首页 > 党建要闻 > 正文", "breadcrumb"),
        ("【打印】【关闭】 发表评论", "page_widget"),
        ("责任编辑：李明", "byline"),
        ("版权所有：中共某某市委组织部", "copyright"),
        ("京ICP备12345678号", "licence"),
        ("联系电话：010-12345678", "contact"),
        ("相关文章", "related_list"),
        ("下载文档前请自行甄别文档内容的完整性", "download_notice"),  # seed 004
        ("www.example.gov.cn", "web_address"),
    ],
)
def test_boilerplate_patterns(line, rule):
    assert boilerplate_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "全市已经成立30个功能型社区党组织，其中有2家为新经济组织。",  # a sentence of seed 000
        "编辑部门要加强对党员的教育管理，版权意识也要提高",
        "各级党组织要把首页工作做好",
    ],
)
def test_body_text_is_not_boilerplate(line):
    assert boilerplate_rule(line) is None


def test_long_paragraph_is_never_dropped_by_a_short_scope_pattern():
    paragraph = "责任编辑：" + "加强基层党组织建设，" * 20
    assert boilerplate_rule(paragraph) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("人民网 2018-07-02 09:15", ("2018-07-02", "人民网")),
        ("发布时间：2019年3月5日", ("2019-03-05", "")),
        ("来源：吉林日报  2020/01/09  【字体：大 中 小】", ("2020-01-09", "吉林日报")),
    ],
)
def test_datelines(line, expected):
    assert dateline_source(line) == expected


def test_dates_in_body_sentences_are_not_datelines():
    assert dateline_source("2016年3月5日，全省召开基层党建工作推进会，部署全年重点任务，要求各地抓好落实。") is None
    assert parse_date("从2014年起每年办好10件实事") == ""


def test_ocr_junk():
    assert drop_ocr_junk("凸站匕昭址I ALLCIRCLES兄建与收束1")  # seed 004's masthead
    assert drop_ocr_junk("兑建研冗PARTY BUILDING丨刂物3")
    assert not drop_ocr_junk("“互联网+社区党建”服务平台")  # a term of seed 002
    assert not drop_ocr_junk("开展“1+N”模式试点")
    assert not drop_ocr_junk("依托“学习强国”APP开展线上学习")


def test_title_like():
    assert is_title_like("关于加强村党组织书记队伍建设的意见")
    assert not is_title_like("（一）创新理念不足")  # after a heading of seed 004
    assert not is_title_like("各级党组织要认真落实。")


def test_clean_document_reads_metadata_then_removes_its_lines():
    raw = "\n".join(
        [
            "首页 | 新闻 | 政务 | 党建 | 视频",
            "关于推进两新组织党建工作的调研报告",
            "某某日报 2018-07-02 09:15 打印本页",
            "  近年来，全县把两新组织党建作为重点，新建党组织126个。",
            "  近年来，全县把两新组织党建作为重点，新建党组织126个。",
            "稿源：某某日报  编辑：王某",
        ]
    )
    rows, audit = clean_document("d", raw)
    assert len(rows) == 1
    row = rows[0]
    assert (row["title"], row["date"], row["source"]) == (
        "关于推进两新组织党建工作的调研报告",
        "2018-07-02",
        "某某日报",
    )
    assert row["text"] == "近年来，全县把两新组织党建作为重点，新建党组织126个。"
    rules = {entry[2] for entry in audit}
    assert {"boilerplate:nav_bar", "metadata_title", "duplicate_line", "boilerplate:byline"} <= rules


def test_traditional_document_is_converted_and_marked():
    rows, audit = clean_document("t", "基層黨組織建設\n全省各級黨組織認真落實“三會一課”制度。")
    assert rows[0]["text"] == "全省各级党组织认真落实“三会一课”制度。"
    assert rows[0]["script"] == "traditional"
    assert any(entry[2] == "to_simplified" for entry in audit)


def test_plain_file_first_line_is_its_title():
    rows, _ = clean_document("p", "关于加强基层党建的意见\n各级党组织要认真落实三会一课制度，切实加强党员教育管理。")
    assert rows[0]["title"] == "关于加强基层党建的意见"
    assert rows[0]["text"].startswith("各级党组织")


def test_compilation_is_split_by_repeated_titles():
    lines = ["合集下载"]
    for title in ("农村基层党建研究", "社区党建创新探索", "高校党建工作思考"):
        lines += [title, title, f"{title}摘要:{title[:2]}工作是党的建设的重要内容。", "第二段正文内容在这里。"]
    rows, _ = clean_document("c", "\n".join(lines))
    assert [row["title"] for row in rows] == ["农村基层党建研究", "社区党建创新探索", "高校党建工作思考"]
    assert [row["doc_id"] for row in rows] == ["c-01", "c-02", "c-03"]
    assert all(row["parent_id"] == "c" for row in rows)
    assert rows[1]["text"].startswith("社区工作是党的建设的重要内容。")


# A download-site compilation written for this test (not seed 004's articles): the file's own title with its
# (同名…) count, 合集下载, each article's title printed twice over its body, and a last article that the site
# starts by restating the file's own title at the head of a line, as seed 004 does.
VILLAGE_BRANCH_COMPILATION = """农村党支部标准化建设探析(同名20417)

合集下载

以标准化建设提升农村党支部组织力

以标准化建设提升农村党支部组织力

2021年第08期以标准化建设提升农村党支部组织力赵某某摘要:农村党支部是党在农村全部工作和战斗力的基础。本文结合某县推进党支部标准化规范化建设的做法,分析其中存在的问题并提出对策。

关键词:农村党支部;标准化;组织力一、标准化建设的现实意义党支部标准化建设是落实全面从严治党要求的具体举措,有利于把党支部建设成为坚强战斗堡垒。

二、存在的问题一些党支部对标准化建设认识不足,重形式、轻实效,台账资料多、解决问题少。

村级党支部规范化建设的实践与思考

村级党支部规范化建设的实践与思考

村级党支部规范化建设的实践与思考作者:钱某来源:《党建与实践》 2020年第5期近年来,某县以组织设置、组织生活、阵地建设等为重点,推动村级党支部规范化建设。

实践表明,规范化建设必须与乡村振兴的中心任务结合起来,防止为规范而规范。

新时代农村党员教育管理创新研究

新时代农村党员教育管理创新研究

新时代农村党员教育管理创新研究摘要:农村党员教育管理是基层党建的基础性工作。当前农村党员队伍老龄化明显,流动党员管理难度较大。

建议依托远程教育站点和新媒体平台,分类开展党员教育培训,健全流动党员联系服务制度。

农村党支部标准化建设探析(同名20417)农村党支部标准化建设探析[摘要] 推进农村党支部标准化建设,是新时代加强农村基层党组织建设的重要抓手。本文梳理标准化建设的主要内容。

一、主要内容标准化建设涵盖组织设置、班子队伍、党员管理、组织生活、阵地保障等方面。

二、推进路径要坚持分类指导,建立健全考核评价机制,推动标准化建设常态长效。
"""


def test_a_compilation_restating_its_own_title_starts_one_more_article():
    """The restated-title branch of the compilation splitter (_article_starts), off the seeds.

    The file's first line (its own title with the site's 同名 count) comes back at the head
    of a later line: that line starts one more article, titled with what stands between the
    restated title and the abstract label, and keeps only what follows the label.
    """
    rows, audit = clean_document("c", VILLAGE_BRANCH_COMPILATION)
    assert [row["title"] for row in rows] == [
        "以标准化建设提升农村党支部组织力",
        "村级党支部规范化建设的实践与思考",
        "新时代农村党员教育管理创新研究",
        "农村党支部标准化建设探析",
    ]
    assert [row["doc_id"] for row in rows] == ["c-01", "c-02", "c-03", "c-04"]
    last = rows[-1]
    assert last["text"].startswith("推进农村党支部标准化建设,是新时代加强农村基层党组织建设的重要抓手。")
    assert "同名" not in last["text"] and "[摘要]" not in last["text"]
    assert last["text"].endswith("推动标准化建设常态长效。")
    assert last["text_raw"].startswith("农村党支部标准化建设探析(同名20417)农村党支部标准化建设探析[摘要]")
    # the article before it ends where the restated title begins
    assert rows[2]["text"].endswith("健全流动党员联系服务制度。")
    assert "标准化建设涵盖" not in rows[2]["text"]
    headers = [entry for entry in audit if entry[2] == "article_header"]
    assert any(entry[3].startswith("农村党支部标准化建设探析(同名20417)") for entry in headers)
    # above the first article: the file's title (the compilation's preamble) and 合集下载 (site furniture)
    preamble = [entry[3] for entry in audit if entry[2] == "compilation_preamble"]
    assert preamble == ["农村党支部标准化建设探析(同名20417)"]
    assert any(entry[3] == "合集下载" and entry[2].startswith("boilerplate:") for entry in audit)
    assert (rows[0]["author"], rows[1]["author"], rows[1]["source"]) == ("赵某某", "钱某", "党建与实践")


def test_a_restated_title_without_an_abstract_label_names_the_file():
    """The same branch when the restated line runs straight into the body: the article takes the file's
    own title, its 同名 count dropped."""
    raw = VILLAGE_BRANCH_COMPILATION.replace(
        "农村党支部标准化建设探析(同名20417)农村党支部标准化建设探析[摘要] ",
        "农村党支部标准化建设探析(同名20417)",
    )
    rows, _ = clean_document("c", raw)
    assert len(rows) == 4
    assert rows[-1]["title"] == "农村党支部标准化建设探析"
    assert rows[-1]["text"].startswith("推进农村党支部标准化建设,是新时代加强农村基层党组织建设的重要抓手。")


def test_clean_text_returns_the_body():  # seed 000's navigation bar; the body shortened from its first sentence
    assert clean_text("首页 | 新闻 | 政务 | 专题 | 民族\n  加强党的建设，重心在基层。") == "加强党的建设，重心在基层。"


def test_every_removed_or_changed_seed_line_is_in_the_audit(seed_raw, seed_docs, seed_audit):
    """Nothing is lost silently: each raw line survives verbatim or has an audit row."""
    kept = {line for text in seed_docs["text"] for line in text.split("\n")}
    audited = set(zip(seed_audit["doc_id"].str[:20], seed_audit["line_no"]))
    for row in seed_raw.itertuples():
        for number, line in enumerate(row.text_raw.split("\n"), start=1):
            if line not in kept:
                assert (row.doc_id[:20], number) in audited, f"{row.doc_id} line {number} vanished: {line[:30]}"


def test_audit_rows_name_a_rule_and_show_the_change(seed_audit):
    assert not seed_audit.empty
    assert (seed_audit["rule"] != "").all()
    edits = seed_audit.loc[seed_audit["after"] != ""]
    assert (edits["before"] != edits["after"]).all()
    drops = seed_audit.loc[seed_audit["after"] == ""]
    assert (drops["before"] != "").sum() > 50  # boilerplate lines show what went


def test_cleaning_rules_name_every_rule_the_audit_records_in_order(seed_audit):
    from helpers import CLEANING_RULES

    assert set(seed_audit["rule"]) <= set(CLEANING_RULES)
    assert len(CLEANING_RULES) == len(set(CLEANING_RULES))
    # within one line's history, rules appear in the order the pipeline runs them
    position = {rule: index for index, rule in enumerate(CLEANING_RULES)}
    for _, history in seed_audit.groupby(["doc_id", "line_no"], sort=False):
        order = [position[rule] for rule in history["rule"]]
        assert order == sorted(order), list(history["rule"])


def test_cleaning_is_idempotent(seed_docs):
    again, audit = clean_corpus(seed_docs.assign(text_raw=seed_docs["text"]), workers=1)
    pd.testing.assert_series_equal(again["text"], seed_docs["text"])
    assert list(again["doc_id"]) == list(seed_docs["doc_id"])
    assert audit.empty


def test_seed_files_are_byte_identical_to_the_originals_and_untouched(seed_docs):
    """seeds/ holds the five files exactly as received (checksums taken from the originals), even after cleaning."""
    import hashlib

    from conftest import GOLD_DIR
    from helpers.config import SEEDS_DIR

    expected = dict(reversed(line.split()) for line in (GOLD_DIR / "seeds.sha256").read_text().splitlines())
    actual = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(SEEDS_DIR.iterdir())}
    assert actual == expected


def test_paper_title_and_author_line():
    raw = "\n".join(
        [
            "村级集体经济发展的路径研究",
            "张某某 刘某",
            "（某某党校，某某 100000）",
            "摘要：本文基于对某县86个行政村的调查，分析村级集体经济的发展路径。",
        ]
    )
    rows, audit = clean_document("paper", raw)
    assert (rows[0]["title"], rows[0]["author"]) == ("村级集体经济发展的路径研究", "张某某、刘某")
    assert "张某某 刘某" not in rows[0]["text"]
    assert any(entry[2] == "metadata_author" for entry in audit)


def test_unmarked_mojibake_line_in_a_clean_page_is_repaired():
    garbled = "基层党建工作要坚持以人民为中心的发展思想，推动各项工作落实落细。".encode().decode(
        "gbk", errors="replace"
    )
    page = "\n".join(
        ["关于加强基层党建的意见", "各级党组织要认真落实三会一课制度，切实加强党员教育管理。" * 3, garbled]
    )
    rows, audit = clean_document("m", page)
    assert "推动各项工作落实落细" in rows[0]["text"] or any(entry[2] == "drop_mojibake" for entry in audit)


@pytest.mark.parametrize(
    "line",
    [
        "截至2019年12月31日，全县党员5万名。",
        "本办法自2020年1月1日起施行。",
        "会议于2018年5月3日召开。",
        "2019年3月5日，县委召开常委会。",
        "在全省组织工作会议上的讲话 2019年3月5日",
    ],
)
def test_sentences_with_dates_are_not_datelines(line):
    assert dateline_source(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "各乡镇要开通服务热线，及时回应群众诉求。",
        "群众可以关注微信公众号，了解最新政策。",
        "要密切联系群众，关于我们党的建设要常抓不懈。",
        "党员 | 120 | 130 | 145 | 160",
        "指标 | 2019年 | 2020年 | 2021年 | 2022年",
    ],
)
def test_body_sentences_and_table_rows_are_not_boilerplate(line):
    assert boilerplate_rule(line) is None


def test_a_long_line_with_a_few_private_use_characters_is_kept():
    from helpers.clean.mojibake import drop_mojibake

    line = "全县各级党组织认真落实三会一课制度，" * 20 + "\ue000\ue001\ue002"
    assert not drop_mojibake(line)


def test_source_is_not_read_from_the_body():
    body = "各村要加强项目管理。" * 5
    # the labelled line stands deep in the body, after the header lines where metadata is read
    raw = "\n".join(["关于加强村级项目管理的通知", body, "项目资金来源：县财政专项拨款，专款专用。", *[body] * 19])
    rows, _ = clean_document("s", raw)
    assert rows[0]["source"] == ""


def test_every_metadata_label_in_the_data_file_reaches_the_rules():
    from helpers.clean.document import Line
    from helpers.clean.metadata import FIELD_KINDS, LABEL_KINDS, _labels, dateline_source
    from helpers.clean.official import labelled_fields
    from helpers.config import read_data_table

    rows = read_data_table("metadata_labels.tsv")
    kinds = {kind for kind, _ in rows}
    assert kinds == set(LABEL_KINDS) | set(FIELD_KINDS)
    labels = _labels()
    for kind, word in rows:
        if kind in FIELD_KINDS:
            value = "2021-03-05" if FIELD_KINDS[kind] in ("date", "published") else "国办发〔2021〕12号"
            assert labelled_fields([Line(1, f"{word}：{value}")])[0] == {FIELD_KINDS[kind]: value}
        elif kind == "source_label":
            assert labels.labelled_source.search(f"{word}：人民网").group(1) == "人民网"
            assert dateline_source(f"{word}：人民网 2012-06-02") == ("2012-06-02", "人民网")
        elif kind == "author_label":
            assert labels.labelled_author.search(f"{word}：张三").group(1) == "张三"
        elif kind == "title_label":
            spaced = " ".join(word)
            assert labels.labelled_title.match(f"{spaced}：关于加强党建的通知").group(1) == "关于加强党建的通知"
        elif kind == "time_word_start":
            assert dateline_source(f"{word}2019年12月31日") is None


def test_a_malformed_metadata_label_file_is_named_with_its_fault(monkeypatch):
    from helpers.clean import metadata as clean

    rows = [["source_label", "来源"]]
    monkeypatch.setattr(clean, "read_data_table", lambda name: rows)
    clean._labels.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"metadata_labels\.tsv: no entries for"):
            clean._labels()
        rows.append(["sourse_label", "稿源"])  # a misspelt kind
        with pytest.raises(ValueError, match=r"metadata_labels\.tsv: expected"):
            clean._labels()
    finally:
        clean._labels.cache_clear()


def test_each_article_of_a_compilation_keeps_its_own_raw_text(seed_raw, seed_docs, seed_audit):
    """The raw text beside an article is its part of the file (title to the next title), not the whole file."""
    compilations = seed_docs.groupby("parent_id").filter(lambda articles: len(articles) > 1)
    assert compilations["parent_id"].nunique() >= 1
    for parent, articles in compilations.groupby("parent_id"):
        raw = seed_raw.set_index("doc_id").loc[parent, "text_raw"]
        pieces = articles["text_raw"].tolist()
        assert (articles["n_chars_raw"] == articles["text_raw"].str.len()).all()
        # in order, back to back (one newline apart), ending with the file; before the first only the preamble
        start = raw.index(pieces[0])
        assert "\n".join(pieces) == raw[start:]
        preamble_lines = raw[:start].count("\n")
        audited = seed_audit.loc[(seed_audit["doc_id"] == parent) & (seed_audit["line_no"] <= preamble_lines)]
        assert audited["line_no"].nunique() == preamble_lines  # every line before the first article is traced
        for title, piece in zip(articles["title"], pieces):
            assert title.replace(" ", "")[:6] in piece.split("\n", 1)[0].replace(" ", "").replace("\u3000", ""), title
            assert len(piece) < len(raw)
    single = seed_docs.loc[~seed_docs["parent_id"].isin(compilations["parent_id"])]
    raw_of = seed_raw.set_index("doc_id")["text_raw"]
    assert (single["text_raw"] == single["parent_id"].map(raw_of)).all()
