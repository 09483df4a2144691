"""Table files the tests build themselves: CSV, TSV, Excel, JSON, JSON Lines and Parquet with Chinese columns."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# Three policy documents as an export of a disclosure portal gives them: an id, Chinese metadata columns, the
# body with Windows line ends, and one record whose body is missing.
POLICY_ROWS = [
    {
        "编号": "GZ-2019-001",
        "标题": "关于印发《贵州省数字经济发展规划》的通知",
        "发文字号": "黔府发〔2019〕12号",
        "发布日期": dt.date(2019, 3, 15),
        "省份": "贵州省",
        "年份": 2019,
        "正文": "各市、自治州人民政府：\r\n现将《贵州省数字经济发展规划》印发给你们，请认真贯彻执行。",
        "备注": "",
    },
    {
        "编号": "SC-2020-017",
        "标题": "四川省人民政府关于进一步优化营商环境的意见",
        "发文字号": "川府发〔2020〕7号",
        "发布日期": dt.date(2020, 6, 1),
        "省份": "四川省",
        "年份": 2020,
        "正文": "各市（州）人民政府：\r\n为深入贯彻落实党中央、国务院决策部署，现提出如下意见。\r\n一、总体要求",
        "备注": "已修订",
    },
    {
        "编号": "HN-2021-003",
        "标题": "海南省人民政府办公厅关于印发方案的通知",
        "发文字号": "琼府办〔2021〕3号",
        "发布日期": dt.date(2021, 1, 8),
        "省份": "海南省",
        "年份": 2021,
        "正文": "",
        "备注": "正文缺失",
    },
]

# What every format must give for POLICY_ROWS: the id as doc_id, synonyms under the suite's names, other columns
# under their own, every value a string, line ends normalised, the missing body a problem row.
POLICY_RECORDS = [
    {
        "doc_id": "GZ-2019-001",
        "row": 1,
        "text_raw": "各市、自治州人民政府：\n现将《贵州省数字经济发展规划》印发给你们，请认真贯彻执行。",
        "problem": "",
        "title": "关于印发《贵州省数字经济发展规划》的通知",
        "doc_number": "黔府发〔2019〕12号",
        "date": "2019-03-15",
        "province": "贵州省",
        "year": "2019",
        "备注": "",
    },
    {
        "doc_id": "SC-2020-017",
        "row": 2,
        "text_raw": "各市（州）人民政府：\n为深入贯彻落实党中央、国务院决策部署，现提出如下意见。\n一、总体要求",
        "problem": "",
        "title": "四川省人民政府关于进一步优化营商环境的意见",
        "doc_number": "川府发〔2020〕7号",
        "date": "2020-06-01",
        "province": "四川省",
        "year": "2020",
        "备注": "已修订",
    },
    {
        "doc_id": "HN-2021-003",
        "row": 3,
        "text_raw": "",
        "problem": "row 3: empty text",
        "title": "海南省人民政府办公厅关于印发方案的通知",
        "doc_number": "琼府办〔2021〕3号",
        "date": "2021-01-08",
        "province": "海南省",
        "year": "2021",
        "备注": "正文缺失",
    },
]


def policy_frame() -> pd.DataFrame:
    return pd.DataFrame(POLICY_ROWS)


def write_csv(path: Path, frame: pd.DataFrame, *, encoding: str = "utf-8", sep: str = ",") -> Path:
    frame.to_csv(path, index=False, encoding=encoding, sep=sep)
    return path


def write_xlsx(path: Path, sheets: dict[str, pd.DataFrame], *, start_row: int = 0) -> Path:
    """A workbook through openpyxl (pandas' writer), one sheet per frame; ``start_row`` leaves rows above the
    header (where a title row may go)."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False, startrow=start_row)
    return path


def write_parquet(path: Path, frame: pd.DataFrame) -> Path:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    return path


def write_jsonl(path: Path, lines: list[dict | str]) -> Path:
    """One JSON object a line; a string is written as it is (a malformed line)."""
    text = "".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False, default=str)) + "\n" for line in lines
    )
    path.write_text(text, encoding="utf-8")
    return path


def write_json(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def generated_frame(n_rows: int, text_chars: int = 60) -> pd.DataFrame:
    """A table of ``n_rows`` short policy records (id, province, year, text), for streaming and speed checks."""
    provinces = ["北京市", "上海市", "广东省", "四川省", "贵州省"]
    sentence = "为深入贯彻落实党中央国务院决策部署，推动高质量发展，现就有关事项通知如下。"
    body = (sentence * (text_chars // len(sentence) + 1))[:text_chars]
    return pd.DataFrame(
        {
            "id": [f"doc{number:07d}" for number in range(n_rows)],
            "province": [provinces[number % len(provinces)] for number in range(n_rows)],
            "year": [2000 + number % 25 for number in range(n_rows)],
            "text": [f"{number}：{body}" for number in range(n_rows)],
        }
    )
