"""Split a scraped page into its articles, their related headlines and their metadata lines.

A page as Arabic news sites print it: the article (often opening with a dateline `القاهرة -`),
then furniture lines - `المصدر: ...`, `كلمات دلالية: ...` - then blocks introduced by markers:
`اقرأ أيضا` followed by either a second full article (a short title line, then paragraphs) or a
list of headlines, and `مقالات ذات صلة` followed by a headline list. A dateline is kept only when it is dated, credits an
agency, or names a place the entity recogniser knows (bylines look the same). The markers live in
`lexicons/page_markers.json`. Each article's text is a verbatim slice of the page.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from data_prep.extract.dates import extract_dates
from data_prep.extract.entities import extract_mentions
from data_prep.normalize import fold, folded_once

_LEXICONS = Path(__file__).with_name("lexicons")
_ARABIC_WORD = r"[\u0621-\u064A\u0671-\u06D3]+"
# "القاهرة -", "رام الله (الأناضول) -", "غزة، 20-12-2023 -", "القدس ٢٠/١٢/٢٠٢٣ (وفا) –", "بيروت/ الأناضول -"
_DATELINE = re.compile(
    rf"(?P<place>{_ARABIC_WORD}(?:[ \u00a0]{_ARABIC_WORD}){{0,2}})[ \u00a0]*"
    r"(?:[،,][ \u00a0]*)?"
    r"(?P<date>[0-9٠-٩]{1,4}[-/.][0-9٠-٩]{1,2}[-/.][0-9٠-٩]{2,4})?[ \u00a0]*"
    r"(?:(?:\((?P<agency>[^()\n]{2,40})\))|(?:/[ \u00a0]*(?P<agency2>[^-–—\n]{2,30}?)))?[ \u00a0]*"
    r"[-–—][ \u00a0]+"
)
_END_PUNCT = tuple(".؟?!:؛")
_BODY_MIN_WORDS = 25       # a read-also block with a paragraph this long holds an article
_TITLE_MAX_WORDS = 25      # a title line is shorter than this and does not end a sentence
_OPENING_CHARS = 1500      # where an article states its own date


@dataclass
class Article:
    """One article found on a page; `start`/`end` locate its text on the page."""

    text: str
    start: int
    title: str | None = None
    published: dt.date | None = None
    published_from: str | None = None
    dateline: str | None = None
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


@dataclass
class _Line:
    start: int
    end: int
    text: str
    marker: str | None = None    # kind of marker line, if it is one
    value: str = ""              # what follows the marker on the same line


@lru_cache(maxsize=1)
def _markers() -> tuple[re.Pattern, str]:
    data = json.loads((_LEXICONS / "page_markers.json").read_text(encoding="utf-8"))
    alternatives: list[str] = []
    for kind, phrases in data.items():
        if kind.startswith("_") or kind == "bullets":
            continue
        for phrase in sorted(phrases, key=len, reverse=True):
            words = [re.escape(w) for w in fold(phrase).lower().split()]
            alternatives.append(rf"(?P<{kind}_{len(alternatives)}>{r'[ ]+'.join(words)})")
    pattern = re.compile(rf"^[ ]*(?:{'|'.join(alternatives)})[ ]*(?:[:：\-–—][ ]*|$)(?P<value>.*)$")
    return pattern, data["bullets"]


def segment_page(page: str, published: dt.date | None = None, title: str | None = None) -> list[Article]:
    """The articles of one page. `published`/`title` from metadata belong to the first article."""
    lines = _lines(page)
    articles: list[Article] = []
    main_lines: list[_Line] = []
    blocks: list[tuple[str, _Line, list[_Line]]] = []   # (kind, marker line, following lines)
    for line in lines:
        if line.marker is not None:
            blocks.append((line.marker, line, []))
        elif blocks:
            blocks[-1][2].append(line)
        else:
            main_lines.append(line)

    main = _article(page, main_lines, title)
    if main is None and not any(kind == "read_also" for kind, _, _ in blocks):
        return []
    if main is not None:
        articles.append(main)
    for kind, marker, following in blocks:
        owner = articles[-1] if articles else None
        if kind == "source" and owner is not None:
            owner.source = owner.source or _value_or_next(marker, following)
        elif kind == "tags" and owner is not None:
            owner.tags += _split_tags(_value_or_next(marker, following))
        elif kind == "published" and owner is not None and owner.published is None:
            owner.published = first_day_in(_value_or_next(marker, following))
            owner.published_from = "text" if owner.published else None
        elif kind == "read_also" and (article := _read_also_article(page, marker, following)):
            articles.append(article)
        elif kind in ("related", "read_also") and articles:
            articles[0].related.extend(_headlines(marker, following))
    if main is not None and published is not None:
        main.published, main.published_from = published, "metadata"
    for article in articles:
        if article.published is None:
            article.published = _published_in_text(article)
            article.published_from = "text" if article.published else None
    return articles


def _lines(page: str) -> list[_Line]:
    """The non-blank lines of the page, marker lines recognised. The page is folded and lowered
    once (the fold shared with the extractors: a page is most often one article's text): folding
    and lowering map character by character and keep every line break, so the folded page split
    at its line breaks gives each line's folded copy."""
    pattern, _ = _markers()
    lines = []
    folded_lines = folded_once(page).text.lower().replace("\u00a0", " ").replace("\t", " ").split("\n")
    start = 0
    for raw, folded_line in zip(page.split("\n"), folded_lines):
        end = start + len(raw)
        line_start, start = start, end + 1
        if not raw.strip():
            continue
        line = _Line(line_start, end, raw)
        marker = pattern.match(folded_line)
        if marker:
            kind = next(k for k, v in marker.groupdict().items() if v is not None and k != "value")
            line.marker = kind.rsplit("_", 1)[0]
            line.value = _strip_bullet(_tail(raw, len(raw) - len(marker.group("value")))).strip()
        lines.append(line)
    return lines


def _tail(raw: str, folded_offset: int) -> str:
    """The part of `raw` after the marker (folding may have dropped characters, so re-find it)."""
    colon = re.search(r"[:：]", raw)
    return raw[colon.end():] if colon else raw[folded_offset:] if folded_offset <= len(raw) else ""


def _article(page: str, lines: list[_Line], title: str | None) -> Article | None:
    """An article from consecutive body lines; a leading short title line becomes its title."""
    body = [line for line in lines if line.text.strip()]
    if not body:
        return None
    if title is None and len(body) > 1 and _is_title(body[0]) and _words(body[1].text) > _words(body[0].text):
        title = body[0].text.strip()
        body = body[1:]
    start, end = body[0].start, body[-1].end
    while page[start].isspace():
        start += 1
    while page[end - 1].isspace():
        end -= 1
    article = Article(text=page[start:end], start=start, title=title)
    dateline = _DATELINE.match(article.text)
    if dateline and _is_dateline(dateline):
        article.dateline = dateline.group("place")
        if dateline.group("date"):
            article.published = first_day_in(dateline.group("date"))
            article.published_from = "text" if article.published else None
    return article


def _is_dateline(match: re.Match) -> bool:
    """A dated or agency-credited opening is a dateline; a bare `X -` only when X is a place.

    Many sites open with a byline instead (`أحمد علي -`, `سبق -`), which must not become a place.
    """
    if match.group("date") or match.group("agency") or match.group("agency2"):
        return True
    return _names_a_place(match.group("place"))


@lru_cache(maxsize=4096)
def _names_a_place(words: str) -> bool:
    """Do these words (a dateline's first words) make one place name for the entity recogniser?
    Cached: the same datelines and bylines open article after article."""
    return any(m["type"] == "LOC" and m["start"] == 0 and m["end"] == len(words) for m in extract_mentions(words))


def _read_also_article(page: str, marker: _Line, following: list[_Line]) -> Article | None:
    """The article in a read-also block, or None when the block is a list of headlines."""
    lines = [line for line in following if line.text.strip()]
    title = marker.value or None
    if title is None and lines and _is_title(lines[0]):
        title = lines[0].text.strip()
        lines = lines[1:]
    if not lines or max(_words(line.text) for line in lines) < _BODY_MIN_WORDS:
        return None
    return _article(page, lines, title)


def _headlines(marker: _Line, following: list[_Line]) -> list[str]:
    heads = [marker.value] if marker.value else []
    heads += [_strip_bullet(line.text).strip() for line in following]
    return [h for h in heads if h]


def _strip_bullet(text: str) -> str:
    _, bullets = _markers()
    stripped = text.strip()
    while stripped and stripped[0] in bullets:
        stripped = stripped[1:].strip()
    return stripped


def _value_or_next(marker: _Line, following: list[_Line]) -> str:
    if marker.value:
        return marker.value
    return following[0].text.strip() if following else ""


def _split_tags(value: str) -> list[str]:
    return [tag.strip() for tag in re.split(r"[،,;؛|•·#/]+", value) if tag.strip()]


def _is_title(line: _Line) -> bool:
    text = line.text.strip()
    return 0 < _words(text) <= _TITLE_MAX_WORDS and not text.endswith(_END_PUNCT)


def _words(text: str) -> int:
    return len(text.split())


def first_day_in(text: str) -> dt.date | None:
    """The first full calendar date (day precision) written in `text`."""
    for row in extract_dates(text, None):
        value = row.get("value")
        if value and len(value) == 10:
            return dt.date.fromisoformat(value)
    return None


def _published_in_text(article: Article) -> dt.date | None:
    """A date the text gives as today's: an explicit day right after `اليوم` (`صباح اليوم الأربعاء 20-12-2023`).

    Looked for in the opening paragraphs only, where news states the day it reports.
    """
    opening = article.text[:_OPENING_CHARS]
    if "اليوم" not in fold(opening):
        return None
    for row in extract_dates(opening, None):
        value = row.get("value")
        if not value or len(value) != 10:
            continue
        before = fold(article.text[max(0, row["start"] - 30):row["end"]])
        if "اليوم" in before:
            return dt.date.fromisoformat(value)
    return None
