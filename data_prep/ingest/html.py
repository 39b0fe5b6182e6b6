"""The main text of a scraped HTML page, with its title and publication date from the markup.

Scripts, styles, navigation, headers, footers and forms are dropped; the article element (or the
page body) is flattened to one line per block, list items as "• " bullets so segmentation can
recognise related-headline lists as it does in plain text.
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

_DROP = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, select"
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "table", "tr", "blockquote", "pre", "figure", "figcaption", "dl", "dt", "dd", "hr", "address",
}
_PUBLISHED_META = (
    'meta[property="article:published_time"]', 'meta[name="article:published_time"]',
    'meta[property="og:published_time"]', 'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]', 'meta[name="publishdate"]', 'meta[name="date"]',
    'meta[name="DC.date.issued"]', 'meta[name="dcterms.date"]',
)
_TITLE_META = ('meta[property="og:title"]', 'meta[name="twitter:title"]')
_SOURCE_META = ('meta[property="og:site_name"]', 'meta[name="application-name"]')


def read_html(html: str) -> dict:
    """A record (text, title, published, source, url) from an HTML page."""
    tree = LexborHTMLParser(html)
    record = {
        "title": _first_meta(tree, _TITLE_META) or _node_text(tree.css_first("h1")) or _node_text(tree.css_first("title")),
        "published": _first_meta(tree, _PUBLISHED_META) or _time_datetime(tree),
        "source": _first_meta(tree, _SOURCE_META),
        "url": _first_meta(tree, ('link[rel="canonical"]', 'meta[property="og:url"]'), attribute="href"),
    }
    for node in tree.css(_DROP):
        node.decompose()
    main = _main_node(tree)
    text = _flatten(main) if main is not None else ""
    if record["title"] and text.startswith(record["title"]):
        text = text[len(record["title"]):]  # the h1 repeated as the first line
    record["text"] = text.strip()
    return record


def _main_node(tree):
    candidates = tree.css('article, [itemprop="articleBody"], main')
    if candidates:
        return max(candidates, key=lambda node: len(node.text(deep=True)))
    return tree.body


def _flatten(root) -> str:
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            parts.append(node.text(deep=False))
        elif tag == "br":
            parts.append("\n")
        elif tag == "li":
            parts.append("\n• ")
        elif tag in _BLOCK:
            parts.append("\n\n")
    text = "".join(parts)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _first_meta(tree, selectors, attribute: str = "content") -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        value = node.attributes.get(attribute) if node is not None else None
        if value and value.strip():
            return value.strip()
    if attribute == "href":
        return _first_meta(tree, selectors, attribute="content")
    return None


def _time_datetime(tree) -> str | None:
    node = tree.css_first("time[datetime]")
    return node.attributes.get("datetime") if node is not None else None


def _node_text(node) -> str | None:
    if node is None:
        return None
    text = re.sub(r"\s+", " ", node.text(deep=True)).strip()
    return text or None
