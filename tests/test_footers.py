"""A digital library's licence box at the end of a text is dropped and audited; the document's own words stay."""

from __future__ import annotations

from helpers.clean.pipeline import clean_document

BODY = [
    "同志们：",
    "现在，我代表第十五届中央委员会向大会作报告。",
    "我们要坚持以经济建设为中心，全面推进社会主义现代化建设。",
    "全党同志要紧密团结，为实现全面建设小康社会的目标而奋斗。",
    "让我们高举旗帜，开拓进取，把建设有中国特色社会主义事业全面推向二十一世纪！",
]
# the fragments a scraped Wikisource licence box arrives as
BOX = [
    "本作品来自1949年10月1日（含）之后的中国共产党文件。根据《刑事审判参考》指导案例第680号",
    "[",
    "CPC 1",
    "]",
    "，中国共产党的中央组织制定的公文，不适用于著作权法保护，所以属于",
    "公有领域",
    "。",
    "Public domain",
    "false",
]


def test_the_box_is_dropped_to_the_end_and_each_line_audited():
    closing = "大会向全党发出号召：团结起来，为夺取新的胜利而奋斗！"
    body = BODY + [f"第{number}点，{BODY[2]}" for number in range(10)] + [closing]
    rows, audit = clean_document("report", "\n".join(body + BOX))
    text = rows[0]["text"]
    assert text.split("\n")[-1] == closing
    assert "公有领域" not in text and "Public domain" not in text
    dropped = [before for _, _, rule, before, _ in audit if rule == "drop_licence_footer"]
    assert dropped[0] == BOX[0] and "CPC 1" in dropped and "false" in dropped


def test_a_text_that_speaks_of_public_domain_in_its_body_keeps_it():
    body = ["本作品来自群众的创造，是集体智慧的结晶。", *BODY, *BODY]  # at the head, not a closing box
    rows, audit = clean_document("speech", "\n".join(body))
    assert rows[0]["text"].startswith("本作品来自群众的创造")
    assert not any(rule == "drop_licence_footer" for _, _, rule, _, _ in audit)


def test_a_long_tail_is_the_document_not_a_box():
    tail = ["本作品属于公有领域的说明如下。"] + [
        f"第{n}条 各单位要严格执行本办法的各项规定，确保落实到位。" for n in range(60)
    ]
    _, audit = clean_document("rules", "\n".join(BODY * 20 + tail))
    assert not any(rule == "drop_licence_footer" for _, _, rule, _, _ in audit)
