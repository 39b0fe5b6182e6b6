"""Reported statements: who said it, and the span of what was said.

The said text is the quotation after the speech verb (قالت حماس، في بيان، "...") or just before it
("..."، قال المتحدث), else the clause after its complementiser (حذرت ... أنها لن تذهب ...), else the
next sentence when the statement announces it (... ما يلي:), else the rest of the sentence. A
statement with no named subject ("وأضاف أن"), or whose subject points back ("وأوضح البيان"، "تؤكد
القوى"), was made by the last speaker; a definite noun names again the latest entity whose name has
it ("وأكدت النقابة" after "نقابة الصحفيين"); a statement "issued by (X, Y and Z)" has them all as
speakers.
"""
from __future__ import annotations

import bisect
import functools

from data_prep.extract.events_lexicon import fold_cached
from data_prep.extract.events_roles import pick_actors, points_back
from data_prep.extract.events_sentence import Found, Sentence

_MIN_SAID_WORDS = 2
_TRIM = " \t\n،,؛;:.-–—\"«»“”"


def said_span(sentence: Sentence, trigger_start: int, after: int, subject_end: int,
              next_sentence: tuple[int, int] | None) -> tuple[int, int] | None:
    """The verbatim [start, end) of what a statement whose trigger spans [trigger_start, after)
    says, or None when the text says too little to be a statement ("قال فيها")."""
    span = _said(sentence, trigger_start, after, subject_end, next_sentence)
    if span and len(sentence.text[span[0]:span[1]].split()) >= _MIN_SAID_WORDS:
        return span
    return None


def _said(sentence: Sentence, trigger_start: int, after: int, subject_end: int,
          next_sentence: tuple[int, int] | None) -> tuple[int, int] | None:
    for start, end in sentence.quotes:
        if start >= after:
            return start, end
    for start, end in sentence.quotes:  # «...»، قال المتحدث
        if end <= trigger_start and not sentence.text[end:trigger_start].strip(_TRIM + "و"):
            return start, end
    thats = sentence.cue_tokens("that")
    for i in thats[bisect.bisect_left(thats, sentence.token_index(after)):]:
        if sentence.context(sentence.token_starts[i]) == -1:
            return _trimmed(sentence.text, sentence.token_ends[i], sentence.end)
    if sentence.text[sentence.start:sentence.end].rstrip().endswith(":") and next_sentence:
        return next_sentence
    return _trimmed(sentence.text, max(after, subject_end), sentence.end)


def speakers(sentence: Sentence, found: Found, named: list[str], subject_words: list[str],
             last: list[str], mentions: list[dict]) -> list[str]:
    """Entity ids of who made the statement of `found` (`named`: the subject the text names)."""
    who = list(named)
    if not who and not subject_words:
        who = list(last)  # "وأضاف أن": the speaker goes on
    elif not who:
        who = antecedent(subject_words[0], mentions, found.start)
        if not who and points_back(subject_words[0]):
            who = list(last)  # "وأوضح البيان"
    return list(dict.fromkeys(who + issuers(sentence, found)))


def antecedent(word: str, mentions: list[dict], before: int) -> list[str]:
    """The entity a definite noun names again: "النقابة" after "نقابة الصحفيين", "الوزارة" after
    "وزارة الصحة" (the latest earlier organisation or person whose name has that noun)."""
    word = word[1:] if word[:1] in "وف" and word[1:3] == "ال" else word
    if not word.startswith("ال") or len(word) < 5:
        return []
    head = word[2:]
    for mention in mentions[::-1]:  # not reversed(): mypyc 2.4.1 fails to compile that here
        if mention["start"] < before and mention.get("type") in ("ORG", "PER") \
                and head in _name_words(mention["text"]):
            return [mention["entity_id"]]
    return []


@functools.lru_cache(maxsize=1 << 12)
def _name_words(name: str) -> frozenset[str]:
    """The folded words of a name (asked for each earlier name at each statement that names none)."""
    return frozenset(fold_cached(name).split())


def issuers(sentence: Sentence, found: Found) -> list[str]:
    """"بيان ... صادر عن (حركة حماس والجبهة الشعبية والجهاد الإسلامي)": all of them speak."""
    clause_start, clause_end = sentence.clauses[found.clause]
    ids: list[str] = []
    for start, end in sentence.phrases("issuer"):
        if clause_start <= start < clause_end and start >= found.start:
            named = [m for m in sentence.mentions if end <= m["start"] < clause_end]
            ids += [i for kind in ("ORG", "PER") for i in pick_actors([m for m in named if m.get("type") == kind])]
    return ids


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return (start, end) if end > start else None
