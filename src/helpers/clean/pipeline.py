"""Raw table → cleaned articles and an audit of every line removed or changed.

Cleaning is the composition of small named rules applied to the lines of a document,
in this order (``CLEANING_RULES``, derived from the tables below):

0. ``MARKED_DROPS``: ``drop_seal_text`` (lines the OCR reader marked as a seal's text, ``〔印章：…〕``, so they
   neither join a paragraph nor hide a page number), then the layout rules (:mod:`helpers.clean.layout`);
1. ``LINE_EDITS``, each ``str -> str``: ``strip_markup``, ``repair_mojibake``, ``remove_pinyin_annotations``,
   ``to_simplified`` (OpenCC t2s, whole document), ``normalise_width``, ``normalise_whitespace``;
2. ``LINE_DROPS``, each ``str -> bool``: ``drop_blank``; then metadata (title, date,
   source, author, and a 公文's number, issuer and 成文日期) is read from the lines, *before* the
   lines that carry it are dropped; then ``drop_mojibake``, the boilerplate patterns of
   ``data/boilerplate_patterns.tsv`` (audit rule ``boilerplate:<pattern name>``), ``drop_dateline``,
   ``drop_stray_number``, ``drop_ocr_junk``, ``drop_licence_footer`` (a digital library's licence box);
   then ``OFFICIAL_DROPS`` (``metadata_gov_field``, ``metadata_issuer_head``, ``metadata_doc_number``);
3. a compilation of several articles is split into one row per article
   (``COMPILATION_RULES``: ``compilation_preamble``, ``article_title``, ``article_header``);
4. per article, ``METADATA_DROPS`` (``metadata_title``, ``metadata_author``) drop the title and
   a paper's author line, and ``duplicate_line`` drops a line already seen in the article.

Every edit and drop becomes one audit row ``doc_id, line_no, rule, before, after`` (``after`` empty for a
drop), with ``line_no`` the 1-based line of ``text_raw``. Cleaning is idempotent.

    docs, audit = clean_corpus(load_corpus("seeds"))
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from functools import partial

import pandas as pd

from helpers.clean.boilerplate import BOILERPLATE, boilerplate_names, boilerplate_rule
from helpers.clean.compilations import COMPILATION_RULES, article_spans, split_articles
from helpers.clean.document import Article, DocumentCleaning, Line, Verdict, on_text
from helpers.clean.drops import (
    drop_blank,
    drop_ocr_junk,
    drop_seal_text,
    drop_stray_number,
    duplicate_lines,
    may_have_seal_text,
)
from helpers.clean.footers import LICENCE_FOOTER, drop_licence_footer
from helpers.clean.layout import LAYOUT_RULES, apply_layout_rules  # PDF/OFD page layout (issue 13)
from helpers.clean.lines import (
    FULL_WIDTH,
    MARKUP_CHARS,
    PINYIN_VOWELS,
    normalise_whitespace,
    normalise_width,
    remove_pinyin_annotations,
    strip_markup,
    to_simplified,
    to_simplified_lines,
)
from helpers.clean.metadata import (
    METADATA_DROPS,
    drop_dateline,
    header_metadata,
    paper_author,
    plain_title,
)
from helpers.clean.mojibake import (
    MOJIBAKE_CHARS,
    MOJIBAKE_OR_BOX,
    SUSPECT_DOCUMENT_RARE_SHARE,
    drop_mojibake,
    repair_mojibake,
)
from helpers.clean.official import OFFICIAL_DROPS, WRAPPED_TITLE, OfficialMetadata, official_metadata, organ_names
from helpers.clean.places import Place, place_of
from helpers.corpus import records_frame
from helpers.corpus.read import RAW_COLUMNS
from helpers.hanzi import count_hanzi, rare_share
from helpers.parallel import map_documents

DOC_COLUMNS = [
    "doc_id",
    "parent_id",
    "title",
    "date",
    "year",
    "doc_number",
    "issuer",
    "source",
    "author",
    "published",
    "province",
    "city",
    "county",
    "adcode",
    "script",
    "n_chars_raw",
    "n_chars",
    "text",
    "text_raw",
]
AUDIT_COLUMNS = ["doc_id", "line_no", "rule", "before", "after"]
# The columns cleaning measures or writes itself; every other article column may come from a table corpus.
_MEASURED_COLUMNS = ("n_chars_raw", "n_chars", "text", "text_raw")

LINE_EDITS: list[tuple[str, Callable[[str], str]]] = [
    ("strip_markup", strip_markup),
    ("repair_mojibake", repair_mojibake),
    ("remove_pinyin_annotations", remove_pinyin_annotations),
    ("to_simplified", to_simplified),
    ("normalise_width", normalise_width),
    ("normalise_whitespace", normalise_whitespace),
]
# Lines a reader marked as not the document's (a seal's text): dropped before anything reads the lines.
MARKED_DROPS: list[tuple[str, Callable[[str], Verdict]]] = [("drop_seal_text", drop_seal_text)]
# drop_blank stays first: metadata is read once blank lines are gone, before the other drops
LINE_DROPS: list[tuple[str, Callable[[str], Verdict]]] = [
    ("drop_blank", drop_blank),
    ("drop_mojibake", drop_mojibake),
    (BOILERPLATE, boilerplate_rule),  # names the pattern that matched: boilerplate:<pattern name>
    ("drop_dateline", drop_dateline),
    ("drop_stray_number", drop_stray_number),
    ("drop_ocr_junk", drop_ocr_junk),
]
DUPLICATE_LINE = "duplicate_line"

# A rule family's members, for the rule names the audit can record.
_FAMILIES: dict[str, Callable[[], list[str]]] = {BOILERPLATE: boilerplate_names}
# Edits run over the whole document at once: OpenCC converts one long text much faster than many lines.
_WHOLE_DOCUMENT: dict[str, Callable[[list[str]], list[str]]] = {"to_simplified": to_simplified_lines}

# What a line must contain for a rule to touch it: a document with none of it skips the rule
# (one search of the document instead of one call per line). Each is exact, not a heuristic:
# markup needs < or &, tone-marked pinyin a tone-marked vowel, and so on. A dateline test
# stops at a body line's length or first comma, so the other drops need no shortcut.
EDIT_NEEDS: dict[str, re.Pattern] = {
    "strip_markup": MARKUP_CHARS,
    "repair_mojibake": MOJIBAKE_CHARS,  # only when lines are not also tested for rare characters
    "remove_pinyin_annotations": PINYIN_VOWELS,
    "normalise_width": FULL_WIDTH,
}
DROP_NEEDS: dict[str, re.Pattern] = {"drop_mojibake": MOJIBAKE_OR_BOX}
MARKED_NEEDS: dict[str, Callable[[str], bool]] = {"drop_seal_text": may_have_seal_text}
# Rules that suspect a line for its rare characters alone, in a document that looks suspect as a whole.
_CHECK_RARE = {"repair_mojibake", "drop_mojibake"}


def cleaning_rules() -> list[str]:
    """Every rule the audit can name, in the order the rules run, read off the rule tables.

    >>> rules = cleaning_rules()
    >>> rules[:3], rules[6:8], "boilerplate:nav_bar" in rules, rules[-1]
    (['drop_seal_text', 'join_spaced_hanzi', 'drop_page_number'], ['strip_markup', 'repair_mojibake'], True, 'duplicate_line')
    """
    drops = [
        name
        for rule, _ in LINE_DROPS
        for name in ([f"{rule}:{member}" for member in _FAMILIES[rule]()] if rule in _FAMILIES else [rule])
    ]
    return [
        *(rule for rule, _ in MARKED_DROPS),
        *LAYOUT_RULES,
        *(rule for rule, _ in LINE_EDITS),
        *drops,
        LICENCE_FOOTER,
        *OFFICIAL_DROPS,
        *COMPILATION_RULES,
        *(rule for rule, _ in METADATA_DROPS),
        DUPLICATE_LINE,
    ]


CLEANING_RULES: list[str] = cleaning_rules()


def _as_run(rule: str, func: Callable, needs: re.Pattern | None, check_rare: bool) -> tuple[Callable, Callable | None]:
    """A rule and its document-level shortcut as this document runs them.

    A rule that checks rare characters may fire on a line without the characters it otherwise needs.
    """
    if rule in _CHECK_RARE:
        func = partial(func, check_rare=check_rare)
        needs = None if check_rare else needs
    return func, needs.search if needs else None


def _edit_lines(cleaning: DocumentCleaning, check_rare: bool) -> None:
    for rule, func in LINE_EDITS:
        if rule in _WHOLE_DOCUMENT:
            cleaning.edit_all(rule, _WHOLE_DOCUMENT[rule])
        else:
            cleaning.edit(rule, *_as_run(rule, func, EDIT_NEEDS.get(rule), check_rare))


def _drop_lines(cleaning: DocumentCleaning, check_rare: bool) -> tuple[dict[str, str], OfficialMetadata]:
    """Apply the line drops; return the metadata, read once blank lines are gone and before the lines that carry it are."""
    (blank, drops_blank), *others = LINE_DROPS
    cleaning.drop(blank, drops_blank)
    meta = header_metadata(cleaning.lines)
    official = official_metadata(cleaning.lines)
    for rule, predicate in others:
        cleaning.drop(rule, *_as_run(rule, predicate, DROP_NEEDS.get(rule), check_rare))
    drop_licence_footer(cleaning)
    if official.drops:  # the lines the 公文's elements came from, where the rules above left them
        for rule in (*OFFICIAL_DROPS, WRAPPED_TITLE):
            cleaning.lines = cleaning.kept(
                cleaning.lines, rule, lambda line, rule=rule: official.drops.get(line.no) == rule
            )
    return meta, official


def _simplified_chars(audit: list[tuple]) -> int:
    """Characters OpenCC changed: a share of the hanzi above 5% makes the document traditional."""
    return sum(sum(map(operator.ne, before, after)) for _, _, rule, before, after in audit if rule == "to_simplified")


def clean_document(doc_id: str, text_raw: str, known: dict | None = None) -> tuple[list[dict], list[tuple]]:
    """Clean one document: its article rows (one, or several for a compilation) and audit rows.

    ``known`` carries metadata already known for the document (title, date,
    source, author, parent_id); known values win over what the text suggests.
    Each row's ``text_raw`` is the raw text it came from: the whole file, or for
    an article of a compilation the raw lines from its title to the next article's.

    >>> rows, audit = clean_document("d1", "基層黨組織建設\\n發稿時間:\\n2012年06月02日\\n正文第一段。")
    >>> rows[0]["title"], rows[0]["date"], rows[0]["text"]
    ('基层党组织建设', '2012-06-02', '正文第一段。')
    """
    rows, spans, audit = _clean_document(doc_id, text_raw, known)
    known_raw = (known or {}).get("text_raw")
    for row, (start, end) in zip(rows, spans):
        row["text_raw"] = known_raw if isinstance(known_raw, str) and known_raw else text_raw[start:end]
    return rows, audit


def _clean_document(
    doc_id: str, text_raw: str, known: dict | None
) -> tuple[list[dict], list[tuple[int, int]], list[tuple]]:
    """:func:`clean_document` without the raw texts: the rows, each row's span of ``text_raw``, the audit."""
    known_year = (known or {}).get("year")
    known = {key: value for key, value in (known or {}).items() if isinstance(value, str) and value}
    cleaning = DocumentCleaning(doc_id, [Line(no, text) for no, text in enumerate(text_raw.split("\n"), start=1)])
    for rule, predicate in MARKED_DROPS:
        cleaning.drop(rule, predicate, MARKED_NEEDS[rule])
    apply_layout_rules(cleaning)  # page numbers, headers, broken lines: before whitespace loses the indents
    # per-line rare-character tests only where the document as a whole looks suspect
    check_rare = rare_share(text_raw) >= SUSPECT_DOCUMENT_RARE_SHARE
    _edit_lines(cleaning, check_rare)
    changed_chars = _simplified_chars(cleaning.audit)
    meta, official = _drop_lines(cleaning, check_rare)
    # a 公文's title stands by its number; a heading over a short document's closing date is its signature
    meta["title"] = official.title or ("" if organ_names(meta["title"]) else meta["title"])
    meta["date"] = official.date or meta["date"]  # a 公文's 成文日期 before the page's publication date
    if not meta["title"] and "title" not in known:
        meta["title"] = plain_title(cleaning.lines)
        meta["author"] = meta["author"] or paper_author(cleaning.lines, meta["title"])
    articles = [] if "title" in known else split_articles(cleaning)
    compilation = len(articles) > 1
    if not articles:
        articles = [Article(cleaning.lines)]
    traditional = changed_chars > 0 and changed_chars / max(1, count_hanzi(text_raw)) > 0.05
    spans = (
        article_spans(text_raw, [article.first_line for article in articles]) if compilation else [(0, len(text_raw))]
    )
    rows = []
    for number, (article, (raw_start, raw_end)) in enumerate(zip(articles, spans), start=1):
        if not compilation:
            article.title = known.get("title", meta["title"])
            article.date = known.get("date", meta["date"])
            article.source = known.get("source", meta["source"])
            article.author = known.get("author", meta["author"])
            for rule, lines_of in METADATA_DROPS:
                article.lines = cleaning.kept(article.lines, rule, lines_of(article))
        article.lines = cleaning.kept(article.lines, DUPLICATE_LINE, on_text(duplicate_lines()))
        text = "\n".join(line.text for line in article.lines)
        doc_number = known.get("doc_number", "" if compilation else official.doc_number)
        issuer = known.get("issuer", "" if compilation else official.issuer)
        place = _known_place(known, place_of(issuer, article.title, text, doc_number))
        rows.append(
            {
                "doc_id": f"{doc_id}-{number:02d}" if compilation else doc_id,
                "parent_id": known.get("parent_id", doc_id),
                "title": article.title,
                "date": article.date,
                "year": _year(known_year, article.date),
                "doc_number": doc_number,
                "issuer": issuer,
                "source": article.source,
                "author": article.author,
                "published": known.get("published", article.published or ("" if compilation else official.published)),
                **place._asdict(),
                "script": known.get("script", "traditional" if traditional else "simplified"),
                "n_chars_raw": raw_end - raw_start,
                "n_chars": len(text),
                "text": text,
            }
        )
    return rows, spans, cleaning.audit


def _year(known: object, date: str) -> int | None:
    """The year a table states, else the year of the document's date."""
    if isinstance(known, (int, float)) and not pd.isna(known):
        return int(known)
    if isinstance(known, str) and known.strip().isdigit():
        return int(known)
    return int(date[:4]) if date[:4].isdigit() else None


def _known_place(known: dict, guessed: Place) -> Place:
    """The place a table states, level by level; a guess fills only the levels it leaves, and only inside its province."""
    stated = Place(*(known.get(column, "") for column in Place._fields))
    if not any(stated):
        return guessed
    if stated.province and guessed.province != stated.province:
        guessed = Place()
    return Place(*(mine or theirs for mine, theirs in zip(stated, guessed)))


# Columns a raw table may already fill (a table corpus's own); their values win over what the text suggests.
_KNOWN_COLUMNS = tuple(column for column in DOC_COLUMNS if column not in ("doc_id", *_MEASURED_COLUMNS))
# The raw table's own columns; any other column it has (a table corpus's url, 栏目, sheet) is carried into the docs.
_RAW_TABLE_COLUMNS = (*RAW_COLUMNS, "reader", "n_pages", "notice", "row")


def _known_value(value: object) -> object:
    """A table's cell as the cleaning takes it: numbers stay numbers (a year), an integral float a code's text, dates ISO text."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if hasattr(value, "isoformat") and not pd.isna(value):
        return value.isoformat()[:10]
    return value


def _clean_row(row: dict) -> tuple[list[dict], list[tuple[int, int]], list[tuple]]:
    """Clean one raw-table record in a worker; the raw text is not sent back (the caller has it), only spans of it."""
    known = {key: _known_value(row.get(key)) for key in _KNOWN_COLUMNS}
    return _clean_document(row["doc_id"], row["text_raw"], known)


def clean_text(text: str) -> str:
    """The cleaned body of one document given as a string (articles joined by blank lines).

    >>> clean_text("首页 | 新闻 | 政务 | 专题 | 民族\\n  加强党的建设，重心在基层。")
    '加强党的建设，重心在基层。'
    """
    rows, _ = clean_document("text", text)
    return "\n\n".join(row["text"] for row in rows)


def clean_corpus(raw: pd.DataFrame, *, workers: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every document of a raw table: ``(docs, audit)``.

    ``raw`` needs ``doc_id`` and ``text_raw``; rows with a ``problem`` are
    skipped (they have no text) but stay visible in the raw table. Metadata
    columns already present (``_KNOWN_COLUMNS``: ``title``, ``date``, ``year``, ``doc_number``, ``issuer``,
    the place, ...) are kept as given, which also makes cleaning idempotent:
    ``clean_corpus(docs.assign(text_raw=docs.text))`` returns the same texts. Any other column
    of ``raw`` beyond a raw table's own (a table corpus's ``url``, ``栏目``) follows each of the document's articles unchanged.
    """
    usable = raw
    if "problem" in raw.columns:
        usable = raw.loc[raw["problem"].fillna("") == ""]
    usable = usable.loc[usable["text_raw"].fillna("").str.strip() != ""]
    columns = ["doc_id", "text_raw", *(column for column in _KNOWN_COLUMNS if column in usable.columns)]
    records = usable[columns].to_dict("records")
    raw_texts = list(usable["text_raw"])
    carried = [column for column in usable.columns if column not in (*_RAW_TABLE_COLUMNS, *DOC_COLUMNS)]
    fed_back = "text" in usable.columns  # a cleaned table: clean its text, keep its raw texts (the articles' own)
    if fed_back:
        for record, text in zip(records, usable["text"]):
            record["text_raw"] = text
    results = map_documents(_clean_row, records, workers=workers, desc="cleaning")
    doc_rows = [
        row | ({"text_raw": raw} if fed_back else {"text_raw": raw[start:end], "n_chars_raw": end - start})
        for (rows, spans, _), raw in zip(results, raw_texts)
        for row, (start, end) in zip(rows, spans)
    ]
    audit_rows = [entry for _, _, audit in results for entry in audit]
    docs = records_frame(doc_rows, DOC_COLUMNS)
    docs["year"] = pd.array(docs["year"].tolist() if len(docs) else [], dtype="Int64")
    if carried:
        positions = [position for position, (rows, _, _) in enumerate(results) for _ in rows]
        docs = pd.concat([docs, usable[carried].iloc[positions].reset_index(drop=True)], axis=1)
    return docs, records_frame(audit_rows, AUDIT_COLUMNS)
