"""The vocabulary of figures, loaded once from data_prep/lexicons/figures_*.tsv, and its regexes.

Every regex here runs on the folded text (see data_prep.normalize) and is anchored at a position
next to a number: the noun after it, the qualifier and the cue before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from data_prep.extract.numbers import alternation, lexicon_rows, whole_words
from data_prep.normalize import fold

CLITIC = r"(?:[وفبلك]|وب|ول|فب|فل)?"
CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")  # those of CLITIC
CLITIC_LEFTWARDS = r"(?:[وفبلك]|بو|لو|بف|لف)?"  # CLITIC spelled right to left
PERSON_CATEGORIES = frozenset({"killed", "injured", "captive", "detained", "released", "displaced", "missing"})
TOLL_CATEGORIES = frozenset({"killed", "injured", "captive", "detained", "released", "displaced", "missing", "aid", "munitions"})


@dataclass(frozen=True)
class Noun:
    """What a noun after a number says: a category (قتيل) or who is counted (فلسطيني, طفل)."""

    category: str | None = None
    unit: str | None = None
    count: float | None = None  # a dual that is a figure by itself (يومين)
    who: str | None = None
    other: bool = False  # آخرين: adds nothing of its own


def _accusative(form: str) -> list[str]:
    """A singular after 11-99 takes tanwin alif (قتيلا، شهيدا، فلسطينيا)."""
    return [form, form + "ا"] if form[-1] not in "اهء" and " " not in form else [form]


def _inflected(form: str, inflect: str) -> list[str]:
    if inflect == "nisba":
        return [form + suffix for suffix in ("", "ا", "ين", "ون", "ه", "ات")]
    if inflect == "sound":
        return _accusative(form) + [form + "ين", form + "ون", form + "ه", form + "ات"]
    return _accusative(form)


def _leftwards(words) -> str:
    """The alternation of `words` spelled right to left."""
    return alternation(word[::-1] for word in words)


@dataclass(frozen=True)
class Lexicon:
    nouns: dict[str, Noun]
    cues: dict[str, str]
    qualifiers: dict[str, tuple[str, str]]
    qualifiers_after: tuple[str, ...]  # the phrases that stand after a number
    not_after: frozenset[str]
    noun_after: re.Pattern
    # What stands before a number is read leftwards from it, by one anchored match on the text
    # reversed (the *_leftwards patterns, each the mirror image of its forward twin, the optional
    # article lazy so that a phrase ending in it, قرابة ال, keeps it as its twin does); the forward
    # pattern, searched over the window before the number, decides only a match that fills the
    # whole window (the reversed text cannot see the letter just outside it).
    qualifier_before: re.Pattern
    qualifier_before_leftwards: re.Pattern
    qualifier_after: re.Pattern
    cue_before: re.Pattern
    cue_before_leftwards: re.Pattern
    not_before_leftwards: re.Pattern  # read in a slice: nothing outside it is seen
    category_noun: re.Pattern
    links: re.Pattern
    duals: re.Pattern  # a dual as a whole word, maybe with a clitic (numbers.whole_words)
    dual_of: dict[str, str]  # the dual as written, with or without a clitic -> the dual
    dual_nouns: tuple[str, ...]  # the duals without a clitic: one of them is in any text that has a dual


@lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    nouns: dict[str, Noun] = {}
    for r in lexicon_rows("figures_who.tsv"):
        noun = Noun(who=None if r["inflect"] == "other" else r["lemma"], other=r["inflect"] == "other")
        for form in _inflected(fold(r["form"]), r["inflect"]):
            nouns.setdefault(form, noun)
    for r in lexicon_rows("figures_nouns.tsv"):
        noun = Noun(category=r["category"], unit=r["unit"] or None, count=float(r["count"]) if r["count"] else None)
        for form in _inflected(fold(r["form"]), "") if not r["count"] else [fold(r["form"])]:
            nouns[form] = noun
    cues = {fold(r["cue"]): r["category"] for r in lexicon_rows("figures_cues.tsv")}
    qualifiers = {fold(r["phrase"]): (r["qualifier"], r["position"]) for r in lexicon_rows("figures_qualifiers.tsv")}
    before = [q for q, (_, pos) in qualifiers.items() if pos == "before"]
    after = alternation(q for q, (_, pos) in qualifiers.items() if pos == "after")
    # Only what is counted in tolls is looked for earlier in the clause (not days, dollars or kilometres).
    categories = [f for f, n in nouns.items() if n.category in TOLL_CATEGORIES and n.count is None]
    not_before = {fold(r["word"]) for r in lexicon_rows("figures_not_before.tsv")}
    dual_of = {clitic + f: f for f, n in nouns.items() if n.count for clitic in CLITICS}
    return Lexicon(
        nouns=nouns,
        cues=cues,
        qualifiers=qualifiers,
        qualifiers_after=tuple(q for q, (_, pos) in qualifiers.items() if pos == "after"),
        not_after=frozenset(fold(r["word"]) for r in lexicon_rows("figures_not_after.tsv")),
        noun_after=re.compile(rf"\s*(?:(?P<of>من\s+)?(?P<al>ال))?(?P<noun>{alternation(nouns)})(?!\w)"),
        qualifier_before=re.compile(rf"(?<!\w){CLITIC}(?P<q>{alternation(before)})\s*(?:ال\s*)?$"),
        qualifier_before_leftwards=re.compile(rf"(?:\s*لا)??\s*(?P<q>{_leftwards(before)}){CLITIC_LEFTWARDS}(?!\w)"),
        qualifier_after=re.compile(rf"\s*[,،]?\s*(?P<q>{after})(?!\w)"),
        # The verb may have its subject, a place or a day between it and the number (اعتقلت الشرطة 15،
        # وقتل في الانفجار 350، أسرت المقاومة أمس 45): up to two definite words (each maybe after a
        # preposition) or أمس.
        cue_before=re.compile(
            rf"(?<!\w){CLITIC}(?P<cue>{alternation(cues)})(?:\s+(?:(?:(?:في|من|علي|خلال)\s+)?ال\w+|امس)){{0,2}}\s+(?:ال\s*)?$"
        ),
        cue_before_leftwards=re.compile(
            rf"(?:\s*لا)??\s+(?:(?:\w+لا(?:\s+(?:يف|نم|يلع|لالخ))?|سما)\s+){{0,2}}(?P<cue>{_leftwards(cues)}){CLITIC_LEFTWARDS}(?!\w)"
        ),
        not_before_leftwards=re.compile(rf"(?:\s*لا)?\s*[.:]?\s*(?:{_leftwards(not_before)})(?:لا)?{CLITIC_LEFTWARDS}(?!\w)"),
        category_noun=re.compile(rf"(?<!\w){CLITIC}(?:ال)?(?P<noun>{alternation(categories)})(?!\w)"),
        links=re.compile(rf"(?<!\w){CLITIC}(?:ال)?(?:{alternation(fold(r['word']) for r in lexicon_rows('figures_links.tsv'))})"),
        # A definite dual (الشهيدين، اليومين) refers back to something already counted.
        duals=whole_words(dual_of),
        dual_of=dual_of,
        dual_nouns=tuple(f for f, n in nouns.items() if n.count),
    )
