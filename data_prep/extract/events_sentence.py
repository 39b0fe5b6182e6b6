"""One sentence as the event rules see it: words, quotations, clauses, and the dates that govern.

A sentence is cut into clauses at commas, semicolons, colons, a spaced dash and quotation marks.
Quoted speech (a quotation of four words or more; shorter ones are names such as "حماس") is its
own context: a date inside a quotation governs only the events inside it, and the reporting verb
outside is dated by the text outside.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass

from data_prep.extract.events_lexicon import (
    Trigger,
    Word,
    cues,
    find_phrases,
    find_triggers,
    fold_cached,
    phrase_regex,
    trigger_words,
    words_of,
)
from data_prep.normalize import fold, folded_once

_TOKEN_CHARS = r"\s.,،؛:!?؟\"«»“”„()\[\]"  # characters that separate words
_TOKEN = re.compile(f"[^{_TOKEN_CHARS}]+")
_TOKEN_SEPARATORS = re.compile(f"([{_TOKEN_CHARS}]+)")
# Clause punctuation, or a spaced dash: "[،,؛;:]|\s[-–—]\s" written to open with one character class,
# so the regex engine skips ahead to the candidates (a space then needs the dash and a space after it).
_CLAUSE_CUT = re.compile(r"[،,؛;:\s](?:(?<=\S)|[-–—]\s)")
_CLAUSE_TRIM = " \t\n،,؛;:-–—\"«»“”„.!?؟"
_QUOTE_OPEN_CLOSE = {"«": "»", "“": "”", "„": "”"}
_QUOTE_MARK = re.compile('["«»“”„]')
_INSIDE_WORD = re.compile(r"\w\w")  # at a position inside a word (a letter before and at it)
_NAME_TYPES = ("PER", "ORG", "LOC")
_KINDS = operator.attrgetter("kinds")
_CUE_KINDS = ("now", "when", "earlier", "issuer", "contrast")  # cues found as phrases in a sentence
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_MIN_QUOTE_WORDS = 4
_MAX_ADVERBIAL_WORDS = 7  # a clause of a date and at most this many words is a date adverbial
_WHEN_GAP_WORDS = 2  # words allowed between a date and the حينما that follows it
_DATE_AFTER_WORDS = 6  # a date this close after a trigger in its clause dates it


@dataclass(slots=True)
class Anchor:
    """A date expression (or "حتى الآن") that can govern events."""

    start: int
    end: int
    value: str | None
    source: str | None  # "sentence" | "published" | None (unresolved)
    clause: int  # index of the sentence's clause that holds it
    context: int  # index of the quotation that holds it, -1 outside quotations


@dataclass(slots=True)
class Found:
    """A trigger found in the sentence, at verbatim offsets."""

    start: int
    end: int
    trigger: Trigger
    clause: int
    context: int


class Sentence:
    """A sentence with what the rules look up in it, at verbatim offsets into the article.

    Its words are three parallel lists (token_starts, token_ends, words): no object per token."""

    __slots__ = ("start", "end", "text", "token_starts", "token_ends", "words", "quotes", "clauses", "triggers",
                 "anchors", "mentions", "mention_starts", "prepositions", "_clause_starts", "_cue_tokens", "_phrases")

    def __init__(self, start: int, end: int, text: str, words: tuple[list[Word], list[int], list[int]],
                 quotes: list[tuple[int, int]], clauses: list[tuple[int, int]], triggers: list[Found],
                 phrases: CuePhrases, dates: list[dict], published: dt.date | None, mentions: list[dict]) -> None:
        self.start, self.end = start, end
        self.text = text  # the whole article
        self.words, self.token_starts, self.token_ends = words
        self.quotes = quotes  # interiors of quotations (speech), verbatim offsets
        self.clauses = clauses
        self._clause_starts = [s for s, _ in clauses]
        self.triggers = triggers
        self._phrases = phrases
        self.anchors = _anchors(dates, phrases.spans("now"), published, quotes, self._clause_starts)
        self.mentions = mentions
        self.mention_starts = [m["start"] for m in mentions]
        self.prepositions: dict[int, str | None] = {}  # by mention start (events_roles)
        self._cue_tokens: dict[str, list[int]] = {}
        for i in itertools.compress(itertools.count(), map(_KINDS, self.words)):
            for kind in self.words[i].kinds:
                self._cue_tokens.setdefault(kind, []).append(i)

    # -- positions --------------------------------------------------------------------------
    def context(self, pos: int) -> int:
        """Index of the quotation that holds `pos`, or -1 outside quotations."""
        return _context(self.quotes, pos)

    def clause(self, pos: int) -> int:
        return _clause(self._clause_starts, pos)

    def token_index(self, pos: int) -> int:
        """Index of the first token that ends after `pos`."""
        return bisect.bisect_right(self.token_ends, pos)

    def tokens_between(self, start: int, end: int) -> range:
        """Indexes of the tokens that lie wholly in [start, end)."""
        first = bisect.bisect_left(self.token_starts, start)
        return range(first, max(first, bisect.bisect_right(self.token_ends, end)))

    def mentions_between(self, start: int, end: int) -> list[dict]:
        """The sentence's mentions that start in [start, end)."""
        starts = self.mention_starts
        return self.mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def phrases(self, kind: str) -> list[tuple[int, int]]:
        """The cue phrases of `kind` ("حينما", "في وقت سابق", "صادر عن", "فيما" …), verbatim spans."""
        return self._phrases.spans(kind)

    def cue_tokens(self, kind: str) -> list[int]:
        """Indexes of the tokens that are cues of `kind`, in order."""
        return self._cue_tokens.get(kind, [])

    def first_cue(self, kind: str, tokens: range) -> int | None:
        """Index of the first token of `tokens` that is a cue of `kind`, or None."""
        cues = self._cue_tokens.get(kind)
        if cues is None:
            return None
        k = bisect.bisect_left(cues, tokens.start)
        return cues[k] if k < len(cues) and cues[k] < tokens.stop else None

    def cue_between(self, kind: str, start: int, end: int) -> bool:
        """Whether a token wholly in [start, end) is a cue of `kind` (the span's tokens are looked
        up only when the sentence has a cue of that kind at all)."""
        return kind in self._cue_tokens and self.first_cue(kind, self.tokens_between(start, end)) is not None

    def counted_after(self, found: Found, figures: list[dict]) -> bool:
        """Whether a figure starts within two words after the trigger ("أسر نحو 250 آخرين")."""
        i = self.token_index(found.end)
        n = len(self.token_ends)
        limit = self.token_ends[min(i + 1, n - 1)] if i < n else found.end
        return any(found.end <= f["start"] < limit for f in figures)

    def contrast_between(self, start: int, end: int) -> bool:
        """Whether a clause of another event ("فيما", "بينما") opens in [start, end)."""
        return any(start <= c < end for c, _ in self.phrases("contrast"))

    def report_start(self, start: int, end: int) -> int | None:
        """Where reported speech opens in [start, end): a complementiser (أن، إن) or a quotation."""
        opens = [s for s, _ in self.quotes if start <= s < end]
        that = self.first_cue("that", self.tokens_between(start, end)) if "that" in self._cue_tokens else None
        if that is not None:
            opens.append(self.token_starts[that])
        return min(opens, default=None)

    # -- clause kinds -----------------------------------------------------------------------
    def is_adverbial(self, clause: int) -> bool:
        """A clause that is only a date adverbial ("وأمس الثلاثاء،" "منذ 27 أكتوبر الماضي،")."""
        s, e = self.clauses[clause]
        if not any(s <= a.start < e for a in self.anchors):
            return False
        if any(s <= f.start < e for f in self.triggers):
            return False
        if any(m.get("type") in _NAME_TYPES for m in self.mentions_between(s, e)):
            return False
        return len(self.tokens_between(s, e)) <= _MAX_ADVERBIAL_WORDS

    # -- dating -----------------------------------------------------------------------------
    def dates_of(self, found: Found) -> list[Anchor]:
        """The dates that may govern a trigger: those of its quotation (or of the text outside
        quotations), and for a statement not those of what it reports ("قال إن ... يوم الاثنين")."""
        if not self.anchors:
            return []
        anchors = [a for a in self.anchors if a.context == found.context]
        if found.trigger.type == "statement":
            reported = self.report_start(found.end, self.end)
            anchors = [a for a in anchors if reported is None or a.start < reported]
        return anchors

    def governing_anchor(self, found: Found) -> Anchor | None:
        """The date expression that governs a trigger, by the rules of docs/events.md."""
        ctx, clause = found.context, found.clause
        anchors = self.dates_of(found)
        if not anchors:
            return None
        before = [a for a in anchors if a.end <= found.start]
        if before:
            nearest = before[-1]
            if nearest.clause == clause:
                return nearest  # nearest preceding date in the same clause
        when = self._when_anchor(found.start, anchors)
        if when:
            return when
        if before and self.is_adverbial(before[-1].clause):
            return before[-1]  # a fronted date adverbial
        after = [a for a in anchors if a.start >= found.end and not self._relative_between(found.end, a.start)]
        if after and found.trigger.type == "statement" and self.report_start(found.end, self.end):
            return after[0]  # between a speech verb and what it reports: "أكد مصدر، أمس، أن"
        if after and after[0].clause == clause \
                and len(self.tokens_between(found.end, after[0].start)) <= _DATE_AFTER_WORDS:
            return after[0]  # "هدنة مؤقتة في نوفمبر"
        if after and after[0].clause == self._next_clause(clause, ctx) \
                and self.is_adverbial(after[0].clause):
            return after[0]  # "وصل، صباح اليوم الأربعاء 20-12-2023، ..."
        return None

    def reports_earlier(self, found: Found) -> bool:
        """Pluperfect (كان ... قد) before the trigger, or "في وقت سابق" anywhere in its clause."""
        s, e = self.clauses[found.clause]
        if self.cue_between("earlier", s, found.start):
            return True
        return any(s <= ps < e for ps, _ in self.phrases("earlier"))

    def has_support_verb(self, found: Found) -> bool:
        """A light verb before a noun trigger in its clause ("أسفر القصف", "شنت غارات")."""
        s, _ = self.clauses[found.clause]
        return self.cue_between("support", s, found.start)

    def is_modal(self, found: Found) -> bool:
        """Negated, future or hypothetical: "لن تذهب إلى أي مفاوضات", "تبادل محتمل"."""
        if "modal" not in self._cue_tokens:
            return False
        i = self.token_index(found.start)
        j = self.token_index(found.end - 1) + 1
        s, e = self.clauses[found.clause]
        first = max(i - 3, bisect.bisect_left(self.token_starts, s))  # three words before, in the clause
        if self.first_cue("modal", range(first, i)) is not None:
            return True
        return j < len(self.words) and self.token_ends[j] <= e and "modal" in self.words[j].kinds

    def _relative_between(self, start: int, end: int) -> bool:
        return self.cue_between("relative", start, end)

    def _next_clause(self, clause: int, ctx: int) -> int | None:
        for k in range(clause + 1, len(self.clauses)):
            if self.context(self.clauses[k][0]) == ctx:
                return k
        return None

    def _when_anchor(self, pos: int, anchors: list[Anchor]) -> Anchor | None:
        """The date just before a حينما/عندما that opens the time clause holding `pos`."""
        for when in reversed([w for w, _ in self.phrases("when") if w < pos]):
            before = [a for a in anchors if a.end <= when]
            if before and len(self.tokens_between(before[-1].end, when)) <= _WHEN_GAP_WORDS:
                return before[-1]
        return None


def _tokens(text: str, start: int, end: int, local: str,
            separators_change: bool) -> tuple[list[Word], list[int], list[int]]:
    """The words of text[start:end] with their starts and ends: one split at the separators, offsets
    summed from the parts' lengths (no match object per word). The words' folded keys are the parts
    of the folded copy `local` split the same way, unless folding changed a separator (possible only
    where `separators_change`, then looked for) or emptied a whole word (a lone tatweel): then each
    word is folded."""
    changed = separators_change and any(text.find(c, start, end) >= 0 for c in _folds_to_separator())
    if not changed and len(local) == end - start:
        keys: list[str] | None
        parts = keys = _TOKEN_SEPARATORS.split(local)  # word, separators, word, …, word; same offsets
    else:
        parts = _TOKEN_SEPARATORS.split(text[start:end])
        keys = None if changed else _TOKEN_SEPARATORS.split(local)
        if keys is not None and not (len(keys) == len(parts) and bool(keys[0]) == bool(parts[0])
                                     and bool(keys[-1]) == bool(parts[-1])):
            keys = None  # a word folded away: the parts no longer pair up
    words = words_of(keys[0::2]) if keys is not None else words_of(parts[0::2], folded=False)
    offsets = list(itertools.accumulate(map(len, parts), initial=start))
    starts, ends = offsets[0:-1:2], offsets[1::2]
    if not parts[-1]:
        del words[-1], starts[-1], ends[-1]
    if words and not parts[0]:
        del words[0], starts[0], ends[0]
    return words, starts, ends


@functools.cache
def _folds_to_separator() -> str:
    """The characters whose folding changes whether they separate words (٫ → ".", ٬ → ","; a
    dropped character that separated words): where none is, the folded text splits into the same
    words as the verbatim one, less those folded away. Probed on the blocks the folding table covers."""
    changed = (c for c in map(chr, itertools.chain(range(0x3000), range(0xFB00, 0x10000))) if fold(c) != c)
    return "".join(
        c for c in changed
        if bool(_TOKEN_SEPARATORS.fullmatch(c)) != bool(fold(c) and _TOKEN_SEPARATORS.fullmatch(fold(c)))
    )


def _quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Interiors of the quotations in text[start:end] that hold speech (four words or more)."""
    spans, opened, closer = [], None, None
    for mark in _QUOTE_MARK.finditer(text, start, end):
        ch, i = mark.group(), mark.start()
        if opened is None and (ch in _QUOTE_OPEN_CLOSE or ch == '"'):
            opened, closer = i + 1, _QUOTE_OPEN_CLOSE.get(ch, '"')
        elif opened is not None and ch == closer:
            if len(list(itertools.islice(_TOKEN.finditer(text, opened, i), _MIN_QUOTE_WORDS))) == _MIN_QUOTE_WORDS:
                spans.append((opened, i))
            opened = None
    return spans


def _clauses(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clause spans, trimmed of the punctuation and space that separate them."""
    cuts = {start, end}
    for m in _CLAUSE_CUT.finditer(text, start, end):
        cuts.update(m.span())
    for s, e in quotes:
        cuts.update((s, e))
    bounds = sorted(cuts)
    clauses = []
    for s, e in itertools.pairwise(bounds):
        segment = text[s:e]
        rest = segment.lstrip(_CLAUSE_TRIM)
        if rest:
            s += len(segment) - len(rest)
            clauses.append((s, s + len(rest.rstrip(_CLAUSE_TRIM))))
    return clauses or [(start, end)]


def _anchors(dates: list[dict], now_spans, published, quotes, clause_starts) -> list[Anchor]:
    """Dates of the sentence that can govern events, and "حتى الآن" read as the publication day."""
    if not dates and not now_spans:
        return []
    spans = []
    for row in dates:
        if row.get("kind") == "duration":
            continue
        value = row.get("value")
        if value is not None and not _ISO_DATE.match(str(value)):
            continue
        if value is None and phrase_regex("now").search(fold_cached(row["text"])):
            spans.append((row["start"], row["end"], *_today(published)))
        else:
            spans.append((row["start"], row["end"], value, "sentence" if value else None))
    for s, e in now_spans:
        if not any(a[0] < e and s < a[1] for a in spans):
            spans.append((s, e, *_today(published)))
    spans.sort(key=lambda a: a[0])
    return [Anchor(*a, _clause(clause_starts, a[0]), _context(quotes, a[0])) for a in spans]


def _today(published: dt.date | None) -> tuple[str | None, str | None]:
    """The value and source of a date that reads as the publication day."""
    return (published.isoformat(), "published") if published else (None, None)


def _context(quotes: list[tuple[int, int]], pos: int) -> int:
    """Index of the quotation that holds `pos`, or -1 outside quotations."""
    if not quotes:
        return -1
    for i, (s, e) in enumerate(quotes):
        if s <= pos < e:
            return i
    return -1


def _clause(clause_starts: list[int], pos: int) -> int:
    return max(bisect.bisect_right(clause_starts, pos) - 1, 0)


class Article:
    """An article as its sentences are read: the verbatim text, its folded copy (made once, shared with
    the other extractors), the way from verbatim offsets into the folded copy, and the words of the
    folded copy that could open a trigger (found once for the whole article)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = folded_once(text)
        self.separators_change = any(c in text for c in _folds_to_separator())
        self._trigger_words = trigger_words(self.folded.text)
        self._trigger_word_starts = [s for s, _, _ in self._trigger_words]

    def triggers_by_sentence(self, sentences: list[dict]) -> Iterator[tuple[int, int, int, list]]:
        """(index, folded start, folded end, triggers) of each sentence that holds a trigger, read as
        if alone: no trigger reaches past its sentence, and a word its edge cuts is read as cut. Only
        the words of the article that can open a trigger are tried (found once for the article)."""
        folded = self.folded.text
        to_folded = None if self.folded.same_offsets else self.folded.to_folded
        inside_word = _INSIDE_WORD.match
        starts, words = self._trigger_word_starts, self._trigger_words
        for index, row in enumerate(sentences):
            start, end = row["start"], row["end"]
            if to_folded:
                start, end = to_folded(start), to_folded(end)
            if (start and inside_word(folded, start - 1)) or (end and inside_word(folded, end - 1)):
                local = folded[start:end]
                found = [(s + start, e + start, trigger)
                         for s, e, trigger in find_triggers(local, trigger_words(local), len(local))]
            else:
                first = bisect.bisect_left(starts, start)
                if first == len(starts) or starts[first] >= end:
                    continue
                found = find_triggers(folded, words[first:bisect.bisect_left(starts, end, first)], end)
            if found:
                yield index, start, end, found


def read_sentence(article: Article, start: int, end: int, folded_span: tuple[int, int, list], dates: RowsByStart,
                  mentions: RowsByStart, published: dt.date | None) -> Sentence | None:
    """The sentence [start, end) of the article with its words, quotations, clauses, triggers and
    dates, or None when none of its triggers (`folded_span`: its folded start and end and the
    triggers found there, from `Article.triggers_by_sentence`) stands as one.

    The sentence's folded copy is a slice of the article's, so nothing is folded again; `dates` and
    `mentions` are the article's rows (those of the sentence are taken once it has a trigger)."""
    text, folded_article = article.text, article.folded
    fold_start, fold_end, found = folded_span
    to_original = None if folded_article.same_offsets else folded_article.to_original
    own_mentions = mentions.between(start, end)
    names = [(m["start"], m["end"]) for m in own_mentions if m.get("type") in _NAME_TYPES]
    spans = []
    for s, e, trigger in found:
        if to_original:
            s, e = to_original(s, e)
            e = min(e, end)  # marks after the sentence belong to the next one
        if trigger.is_verb and text[e - 1] == "ة":
            continue  # a noun with ة, folded like a verb with the pronoun ه ("وزارة" is not "و+زار+ه")
        if names and any(ms < e and s < me for ms, me in names):
            continue  # part of a name: "فيصل" is no "ف+يصل", "الهيئة العليا للمفاوضات" no talks
        spans.append((s, e, trigger))
    if not spans:
        return None
    local = folded_article.text[fold_start:fold_end]
    quotes = _quotes(text, start, end)
    clauses = _clauses(text, start, end, quotes)
    clause_starts = [s for s, _ in clauses]
    triggers = [Found(s, e, trigger, _clause(clause_starts, s), _context(quotes, s)) for s, e, trigger in spans]
    return Sentence(
        start, end, text, _tokens(text, start, end, local, article.separators_change), quotes, clauses, triggers,
        CuePhrases(local, fold_start, to_original, end), dates.between(start, end), published, own_mentions,
    )


class CuePhrases:
    """The cue phrases of a sentence, found on the first ask for a kind that may be there: a kind
    none of whose cues has its key word in the sentence (`_key_words`) is known absent without the
    search (most sentences never hold a "حتى الآن", a "صادر عن" or a "حينما")."""

    __slots__ = ("_end", "_fold_start", "_known", "_local", "_searched", "_to_original")

    def __init__(self, local: str, fold_start: int, to_original, end: int) -> None:
        """`local`: the sentence's folded copy, at `fold_start` in the article's; `to_original`: the map
        back to verbatim offsets (None where folding dropped nothing); `end`: the sentence's end."""
        self._local, self._fold_start, self._to_original, self._end = local, fold_start, to_original, end
        self._known: dict[str, list[tuple[int, int]]] = {}  # by kind, as far as known
        self._searched = False

    def spans(self, kind: str) -> list[tuple[int, int]]:
        """Verbatim spans of the phrases of `kind`, left to right."""
        known = self._known.get(kind)
        if known is not None:
            return known
        if not self._searched and _key_words(kind).search(self._local):
            self._known, self._searched = self._find(), True  # every kind at once
        return self._known.setdefault(kind, [])

    def _find(self) -> dict[str, list[tuple[int, int]]]:
        local, fold_start, to_original, end = self._local, self._fold_start, self._to_original, self._end
        found: dict[str, list[tuple[int, int]]] = {}
        for kind, s, e in find_phrases(_CUE_KINDS, local):
            if kind == "earlier" and " " not in local[s:e]:
                continue  # one word (كان) counts only before a trigger: Word.kinds
            s, e = s + fold_start, e + fold_start
            if to_original:
                s, e = to_original(s, e)
            found.setdefault(kind, []).append((s, min(e, end)))
        return found


@functools.cache
def _key_words(kind: str) -> re.Pattern:
    """A word (the longest) of each cue of `kind` that CuePhrases keeps, as one regex: a phrase of that
    kind is found only where one of them is in the folded text (one-word "earlier" cues are not kept)."""
    words = {max(cue.split(), key=len) for cue in cues()[kind] if kind != "earlier" or len(cue.split()) > 1}
    return re.compile("|".join(map(re.escape, sorted(words))))


class RowsByStart:
    """Rows sorted by start, sliced by position with bisect (an article's dates, mentions, figures)."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = sorted(rows, key=lambda r: r["start"])
        self._starts = [r["start"] for r in self.rows]

    def between(self, start: int, end: int) -> list[dict]:
        """The rows that start in [start, end)."""
        return self.rows[bisect.bisect_left(self._starts, start):bisect.bisect_left(self._starts, end)]
