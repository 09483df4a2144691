"""Compilations: a download site's file of several articles, split into one article each.

A compilation prints each article's title on its own line two or more times running; what
stands above the first article is ``compilation_preamble``, an article's repeated title lines
are ``article_title``, and the masthead, author and abstract label cut off its first body line
are ``article_header`` (the author, source and journal issue they name become its metadata).
"""

from __future__ import annotations

import re
from itertools import pairwise

from helpers.clean.document import Article, DocumentCleaning, Line
from helpers.clean.metadata import ABSTRACT_LABEL
from helpers.clean.shapes import HAN, TITLE_MAX, is_title_like

# The audit names of splitting, in the order they are recorded.
PREAMBLE, ARTICLE_TITLE, ARTICLE_HEADER = COMPILATION_RULES = (
    "compilation_preamble",
    "article_title",
    "article_header",
)

_JOURNAL_ISSUE = re.compile(
    r"(?:19|20)\d{2}\s*年\s*(?:第\s*\d{1,3}\s*期|\d{1,2}\s*月(?:\s*总\s*第\s*\d{1,4}\s*期)?)|总\s*第\s*\d{1,4}\s*期"
)
_AUTHOR_SOURCE_HEADER = re.compile(
    rf"^\s*作者\s*[:：]\s*(?P<author>[{HAN}·]{{2,4}}?)\s*(?=来源|[^{HAN}·]|$)(?:来源\s*[:：]\s*(?P<source>《[^》]{{1,30}}》)?\s*(?P<issue>{_JOURNAL_ISSUE.pattern})?)?\s*"
)
_AUTHOR_ABSTRACT_HEADER = re.compile(
    rf"^\s*(?P<author>[{HAN}·]{{2,4}})?\s*(?:[（(](?P<affiliation>[^()（）]{{2,60}})[)）])?\s*(?P<column>[{HAN}]{{0,8}}?)\s*{ABSTRACT_LABEL.pattern}"
)
_SAME_NAME_SUFFIX = re.compile(r"[（(]同名\s*\d+[)）]\s*$")
_SPACES = re.compile(r"\s+")


def split_articles(cleaning: DocumentCleaning) -> list[Article]:
    """The articles of a compilation, their heads parsed; the whole document as one article otherwise.

    >>> lines = ["论文合集", "加强党的建设", "加强党的建设", "正文甲。", "推进乡村振兴", "推进乡村振兴", "正文乙。"]
    >>> cleaning = DocumentCleaning("d", [Line(no, text) for no, text in enumerate(lines, start=1)])
    >>> [(article.title, [line.text for line in article.lines]) for article in split_articles(cleaning)]
    [('加强党的建设', ['正文甲。']), ('推进乡村振兴', ['正文乙。'])]
    """
    starts = _article_starts(cleaning.lines)
    if not starts:
        return [Article(cleaning.lines)]
    for line in cleaning.lines[: starts[0][0]]:
        cleaning.record(line, PREAMBLE)
    articles = []
    bounds = [start[0] for start in starts] + [len(cleaning.lines)]
    for (start, title, restated), end in zip(starts, bounds[1:]):
        article = Article(
            cleaning.lines[start:end], title=title, restated=restated, first_line=cleaning.lines[start].no
        )
        _parse_article_head(article, cleaning)
        if article.published:
            article.date = _published_date(article.published)
        articles.append(article)
    return articles


def article_spans(text_raw: str, first_lines: list[int]) -> list[tuple[int, int]]:
    """Character spans of ``text_raw`` from each article's first raw line (1-based) to the next one's.

    >>> text = "合集\\n甲\\n一\\n乙\\n二"
    >>> [text[start:end] for start, end in article_spans(text, [2, 4])]
    ['甲\\n一', '乙\\n二']
    """
    line_starts = [0]
    for line in text_raw.split("\n"):
        line_starts.append(line_starts[-1] + len(line) + 1)
    starts = [line_starts[first - 1] for first in first_lines]
    return [(start, end - 1) for start, end in pairwise(starts)] + [(starts[-1], len(text_raw))]


def _article_starts(lines: list[Line]) -> list[tuple[int, str, str]]:
    """``(line index, title, restated own title)`` of each article in a compilation; empty for a single article.

    A compilation (as download sites assemble them) prints each article's title
    on its own line two or more times running; the document's own title line,
    restated at the head of a later line, starts one more.
    """
    starts = []
    index = 0
    while index < len(lines):
        text = lines[index].text
        run = 1
        while index + run < len(lines) and lines[index + run].text == text:
            run += 1
        if run >= 2 and is_title_like(text):
            starts.append((index, text, ""))
        index += run
    if len(starts) < 2:
        return []
    # the document's own title, when it heads the file above the first article
    own_title = lines[0].text if starts[0][0] > 0 and is_title_like(lines[0].text) else ""
    if own_title:
        seen = {start[0] for start in starts}
        for index, line in enumerate(lines[1:], start=1):
            if index not in seen and line.text.startswith(own_title) and len(line.text) > len(own_title):
                rest = line.text[len(own_title) :]
                label = ABSTRACT_LABEL.search(rest[: TITLE_MAX + 8])
                title = (
                    rest[: label.start()].strip()
                    if label and label.start() >= 4
                    else _SAME_NAME_SUFFIX.sub("", own_title)
                )
                starts.append((index, title, own_title))
    return sorted(starts)


def _parse_article_head(article: Article, cleaning: DocumentCleaning) -> None:
    """Drop the repeated title lines; strip masthead, author and abstract label off the first body line."""
    title = article.title
    body: list[Line] = []
    header_done = False
    for line in article.lines:
        if not header_done and line.text == title:
            cleaning.record(line, ARTICLE_TITLE)
            continue
        if not header_done:
            header_done = True
            new_text = _strip_article_head(line.text, article)
            if new_text != line.text:
                cleaning.record(line, ARTICLE_HEADER, new_text)
                line = Line(line.no, new_text)  # a new line: the document's own keeps its text
        body.append(line)
    article.lines = [line for line in body if line.text]


def _strip_article_head(text: str, article: Article) -> str:
    """The first body line without what heads it (masthead, title, author, source, abstract label);
    what those name goes into ``article``."""
    offset = len(article.restated) if article.restated and text.startswith(article.restated) else 0
    position = text.find(article.title, offset, offset + 120) if article.title else -1
    if position < 0:
        return text[offset:]
    masthead = text[:position]
    issue = _JOURNAL_ISSUE.search(masthead)
    if issue:
        article.published = _SPACES.sub("", issue.group(0))
    rest = text[position + len(article.title) :]
    match = _AUTHOR_SOURCE_HEADER.match(rest)
    if match:
        article.author = match.group("author")
        source, issue_text = match.group("source") or "", match.group("issue") or ""
        if source:
            article.source = source.strip("《》")
        if source or issue_text:
            article.published = _SPACES.sub("", source + issue_text)
        return rest[match.end() :]
    match = _AUTHOR_ABSTRACT_HEADER.match(rest)
    if match and match.end() <= 90:
        article.author = match.group("author") or ""
        return rest[match.end() :]
    return rest


def _published_date(published: str) -> str:
    """ISO 8601 of a journal issue: ``2014年3月`` → ``2014-03``, ``2019年第03期`` → ``2019``.

    >>> _published_date("2014年3月"), _published_date("2019年第03期")
    ('2014-03', '2019')
    """
    month = re.search(r"((?:19|20)\d{2})年(\d{1,2})月", published)
    if month:
        return f"{month.group(1)}-{int(month.group(2)):02d}"
    year = re.search(r"(?:19|20)\d{2}", published)
    return year.group(0) if year else ""
