"""Split an article into sentences: offsets into the verbatim text.

A sentence ends at Arabic or Latin end punctuation (. ؟ ? ! ؛) followed by space or the end, and
at every line break (scraped pages put one paragraph per line). It does not end inside a number
(19.5, ٣٫٥), after a list marker at the start of a line (1. 2-), after a one-letter abbreviation
(د. م.), or inside quotation marks.
"""
from __future__ import annotations

import re

END_MARKS = ".؟?!؛"
_OPEN_CLOSE = {"«": "»", "“": "”", "„": "”", "‹": "›"}
_LIST_MARKER = re.compile(r"\s*(?:[0-9٠-٩]{1,3}|[a-zA-Z])\s*[.\-)]\s*$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the sentences of `text`, trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n\r]+", text):
        spans.extend(_split_line(text, line.start(), line.end()))
    return spans


_STOPS = re.compile(r"[«»“”„‹›\"" + re.escape(END_MARKS) + r"]")


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    sentence_start = start
    closers: list[str] = []  # quotation marks we are inside
    resume = start           # end marks before this were taken into the previous sentence
    for match in _STOPS.finditer(text, start, end):
        i = match.start()
        if i < resume:
            continue
        ch = text[i]
        if ch in _OPEN_CLOSE:
            closers.append(_OPEN_CLOSE[ch])
        elif closers and ch == closers[-1]:
            closers.pop()
        elif ch == '"':
            closers.append('"')
        elif ch in END_MARKS and not closers and _ends_sentence(text, sentence_start, i, end):
            j = i + 1
            while j < end and text[j] in END_MARKS + "\"'»”)":
                j += 1
            spans.append((sentence_start, j))
            sentence_start = resume = j
    spans.append((sentence_start, end))
    return [trimmed for s, e in spans if (trimmed := _trim(text, s, e))]


def _ends_sentence(text: str, sentence_start: int, i: int, line_end: int) -> bool:
    """Whether the end mark at `i` closes a sentence."""
    nxt = text[i + 1] if i + 1 < line_end else " "
    if text[i] == "." and nxt.isdigit() and i > 0 and text[i - 1].isdigit():
        return False  # decimal point
    if not (nxt.isspace() or nxt in END_MARKS or nxt in "\"'»”)" or i + 1 >= line_end):
        return False  # "..حماس" glued text, urls, "3.5"
    if _LIST_MARKER.fullmatch(text, sentence_start, i + 1):
        return False  # "1." "3-" opening a list item
    one_letter_word = i > sentence_start and text[i - 1].isalpha() and (i - 1 == sentence_start or text[i - 2].isspace())
    if text[i] == "." and one_letter_word:
        return False  # one-letter abbreviation: د. م. ص.
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    if start < end and not (text[start].isspace() or text[end - 1].isspace()):
        return start, end  # most spans: nothing to trim
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
