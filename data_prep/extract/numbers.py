"""The one reader of Arabic numbers, shared by the date and figure extractors.

It works on the *folded* copy of a text (`data_prep.normalize.folded`), where Arabic-Indic and
Persian digits are already ASCII and hamza/ta-marbuta forms are unified, and returns spans in that
copy so callers map them back to verbatim offsets themselves. It reads digits with thousands
separators and decimal marks, number words (cardinals with their gender and case forms, teens,
tens, hundreds, multipliers with duals and plurals), mixed forms (`19 ألف`, `3.5 مليون`,
`ألفان و500`) and vague plurals (`عشرات`, `مئات`, `آلاف` alone, `عشرات الآلاف`), which are marked
vague and valued at their order of magnitude rather than given a made-up exact value.
Ordinal words (`السابع`, `الحادي عشر`, `الحادي والعشرين`) are read by `ordinal_value`, never as
counts. The words live in `data_prep/lexicons/numbers_words.tsv`.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from data_prep.normalize import fold

_WORD = re.compile(r"\w+")
_THOUSANDS_COMMA = re.compile(r",\d{3}")
LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"


@lru_cache(maxsize=None)
def lexicon_rows(name: str) -> tuple[dict, ...]:
    """Rows of a TSV lexicon in data_prep/lexicons (lines starting with # are its documentation)."""
    with open(LEXICONS / name, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def alternation(words) -> str:
    """A regex alternation of `words` (a space in a word matches any run of white space), shaped as
    a trie: the engine leaves a position at its first letter instead of trying every word there,
    and the longest form still wins (a longer continuation is tried before a word may end)."""
    tree: dict = {}
    for word in set(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: dict) -> str:
    alternatives = [(r"\s+" if char == " " else re.escape(char)) + _branches(child) for char, child in sorted(node.items()) if char]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 and "" not in node else "(?:" + "|".join(alternatives) + ")"
    return body + "?" if "" in node else body


def whole_words(words) -> re.Pattern:
    """A regex finding any of `words` where it stands as a whole word (no letter or digit on either
    side), to run on " " + text: group 1 is the word and `match.start()` its offset in text. The
    engine stops only at characters that are no Arabic or ASCII letter or digit (a cheap test),
    then checks that the character is no letter or digit at all: one pass, no copy of the text."""
    return re.compile(rf"[^\u0621-\u064aa-zA-Z0-9](?<![^\W_])({alternation(words)})(?![^\W_])")


# Tuples: made by the dozen per article, and a tuple is built several times faster than a frozen
# dataclass; `_new` builds one without the Python-level __new__ of a NamedTuple (half the cost).
_new = tuple.__new__


class Number(NamedTuple):
    """A number read from the folded text: span [start, end) in that copy."""

    start: int
    end: int
    value: float
    vague: bool = False
    words: bool = False  # written (at least partly) in words


class _Token(NamedTuple):
    start: int
    end: int
    kind: str
    value: float


_END = _Token(-1, -1, "", 0.0)  # after the last token: of no kind, so nothing joins it


@lru_cache(maxsize=None)
def _words() -> dict[str, tuple[float, str]]:
    return {fold(r["word"]): (float(r["value"]), r["kind"]) for r in lexicon_rows("numbers_words.tsv")}


_CLOSING_GAP = re.compile(r"[)\"”»]\s+")
_MULTIPLIERS = ("mult", "mult_plural")
_CARDINAL_KINDS = {"unit", "one", "teen", "ten", "hundred", "mult", "mult_plural", "dual", "fraction", "vague"}
# Digits first (no look-behind in front) so that the regex engine skips straight to digits.
# 1,250 and 1.234.611 (two dot groups or more: thousands, as some Gulf papers write them); 3.5 and
# the Maghreb 3,5 are decimals.
_DIGITS = re.compile(r"\d(?:\d{0,2}(?:,\d{3})+|\d{0,2}(?:\.\d{3}){2,}|\d*)(?:\.\d+|,\d{1,2}(?!\d))?(?!\d)")
# Short words (ست، سبع، خمس…) take only و in front: لست or بست are not numbers; no word takes
# ك (كميات is not ك + مئات).
_PREFIXES = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")


@lru_cache(maxsize=None)
def _word_forms() -> dict[str, tuple[int, str]]:
    """Every written form of a cardinal word, with a clitic or not: form -> (clitic length, word)."""
    forms: dict[str, tuple[int, str]] = {}
    for word, (_, kind) in _words().items():
        if kind in _CARDINAL_KINDS:
            for prefix in _PREFIXES if len(word) >= 4 else ("", "و"):
                forms.setdefault(prefix + word, (len(prefix), word))
    return forms


@lru_cache(maxsize=None)
def _word_entries() -> dict[str, tuple[int, str, float]]:
    """Written form of a cardinal word -> (clitic length, kind, value): one look-up per word found."""
    known = _words()
    return {form: (clitic, known[word][1], known[word][0]) for form, (clitic, word) in _word_forms().items()}


@lru_cache(maxsize=None)
def _word_forms_pattern() -> re.Pattern:
    return whole_words(_word_forms())


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for m in _DIGITS.finditer(text):
        start, end = m.span()
        if start and text[start - 1] in ".,":
            continue  # the tail of 1.000.000 or of a list like 1,2
        number = m.group()
        if not number.isdecimal():  # separators or a decimal mark
            if number.count(".") >= 2:
                number = number.replace(".", "")
            if "," in number:
                number = number.replace(",", "") if _THOUSANDS_COMMA.search(number) else number.replace(",", ".")
        tokens.append(_new(_Token, (start, end, "digit", float(number))))
    entries = _word_entries()
    for m in _word_forms_pattern().finditer(" " + text):
        form = m.group(1)
        clitic, kind, value = entries[form]
        start = m.start()
        tokens.append(_new(_Token, (start + clitic, start + len(form), kind, value)))
    tokens.sort()  # by start: no two tokens start at the same place
    return tokens


def _joined(text: str, left: _Token, right: _Token, *, conj: bool) -> bool:
    """Is `right` the next word of the same number as `left` (a space apart, or و when `conj`)?"""
    gap = text[left.end:right.start]
    if conj:
        return gap.strip() == "و"
    # (6) ملايين، "60" ألف: a quoted or bracketed figure still takes its multiplier.
    return gap.isspace() or (left.kind == "digit" and _CLOSING_GAP.fullmatch(gap) is not None)


def _term(text: str, tokens: list[_Token], i: int) -> tuple[int, float, float, bool] | None:
    """One additive term from token i: (next index, value, magnitude, vague), or None."""
    tok = tokens[i]
    value, magnitude, vague, j = tok.value, 1.0, False, i + 1
    if tok.kind != "digit":  # a word: what follows may complete it
        nxt = tokens[i + 1] if i + 1 < len(tokens) else _END
        after = lambda kinds, conj=False: nxt.kind in kinds and _joined(text, tok, nxt, conj=conj)  # noqa: E731
        if tok.kind == "one" or tok.kind == "teen":
            if tok.kind == "one" and (after({"teen"}) or (after({"unit"}) and nxt.value == 10)):
                return i + 2, 11.0, 1.0, False
            return None
        if tok.kind == "unit":
            if tok.value < 10 and (after({"teen"}) or (after({"unit"}) and nxt.value == 10)):
                value, j = 10 + tok.value, i + 2
            elif tok.value < 10 and after({"ten"}, conj=True):
                value, j = tok.value + nxt.value, i + 2
            elif 3 <= tok.value <= 9 and after({"hundred"}) and nxt.value == 100:
                value, magnitude, j = tok.value * 100, 100.0, i + 2
        elif tok.kind == "hundred":
            magnitude = 100.0
        elif tok.kind == "fraction":
            if not after({"mult"}):
                return None
            return i + 2, tok.value * nxt.value, nxt.value, False
        elif tok.kind == "vague":
            vague = True
            if after({"mult_plural"}):
                return i + 2, tok.value * nxt.value, nxt.value, True
            return j, value, value, True
        elif tok.kind in ("mult", "mult_plural", "dual"):
            magnitude = tok.value if tok.kind != "dual" else tok.value / 2
            return j, value, magnitude, tok.kind == "mult_plural"
    # A number followed by a multiplier: 19 ألف، ثلاثة آلاف، 3.5 مليون، مئتا ألف.
    if j < len(tokens) and tokens[j].kind in _MULTIPLIERS and _joined(text, tokens[j - 1], tokens[j], conj=False):
        value, magnitude, j = value * tokens[j].value, tokens[j].value, j + 1
    return j, value, magnitude, vague


def read_numbers(text: str) -> list[Number]:
    """Every cardinal number in the folded `text`, left to right, each read as a whole."""
    tokens = _tokens(text)
    numbers: list[Number] = []
    count = len(tokens)
    i = 0
    while i < count:
        tok = tokens[i]
        if tok.kind == "digit" and (i + 1 == count or tokens[i + 1].kind not in _MULTIPLIERS):
            numbers.append(_new(Number, (tok.start, tok.end, tok.value, False, False)))  # digits alone, the most common
            i += 1
            continue
        term = _term(text, tokens, i)
        if term is None:
            i += 1
            continue
        j, total, magnitude, vague = term
        words = tokens[i].kind != "digit" if j == i + 1 else any(t.kind != "digit" for t in tokens[i:j])
        # ألفان و500، مئة وخمسون، مليون و200 ألف: a smaller term joined by و after a round one.
        while j < len(tokens) and magnitude >= 100 and _joined(text, tokens[j - 1], tokens[j], conj=True):
            nxt = _term(text, tokens, j)
            if nxt is None or nxt[1] >= magnitude:
                break
            next_words = any(t.kind != "digit" for t in tokens[j:nxt[0]])
            if not (words or next_words):
                break
            j, total, magnitude, vague = nxt[0], total + nxt[1], nxt[2], vague or nxt[3]
            words = True
        numbers.append(_new(Number, (tokens[i].start, tokens[j - 1].end, total, vague, words)))
        i = j
    return numbers


def is_number_word(word: str) -> bool:
    """Is the folded `word` a cardinal number word (ثلاث، عشرة، مئة…)?"""
    entry = _words().get(word)
    return entry is not None and entry[1] in _CARDINAL_KINDS


@lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """The value of `text` when it is one number and nothing else (verbatim or folded)."""
    copy = fold(text).strip()
    found = read_numbers(copy)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(copy):
        return found[0].value
    return None


@lru_cache(maxsize=None)
def ordinal_pattern() -> str:
    """Regex (folded text) of an ordinal in words up to the nineties: السابع، الحادي عشر، الثاني والعشرين."""
    units = alternation(w for w, (_, k) in _words().items() if k == "ordinal")
    tens = alternation(w for w, (_, k) in _words().items() if k == "ordinal_ten")
    return rf"(?:(?:{units})(?:\s+عشر[ه]?|\s+و\s*(?:{tens}))?|(?:{tens}))(?!\w)"


def ordinal_value(text: str) -> int | None:
    """The value of an ordinal matched by `ordinal_pattern` (folded text)."""
    words = _words()
    total = 0
    for word in _WORD.findall(text):
        word = word[1:] if word.startswith("و") and word not in words else word
        if word in ("عشر", "عشره"):
            total += 10
        elif word in words and words[word][1] in ("ordinal", "ordinal_ten"):
            total += int(words[word][0])
        else:
            return None
    return total or None
