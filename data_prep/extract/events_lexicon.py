"""The event lexicons (data files under `data_prep/lexicons/`), loaded once and compiled.

Triggers (event_triggers.tsv, speech_verbs.tsv) become regular expressions over the folded text,
with the clitics and endings Arabic attaches to a verb or noun, indexed by their first word so one
pass over an article's words finds every trigger. Cues, roles and figure categories become small lookup tables.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from data_prep.extract.numbers import alternation
from data_prep.normalize import fold

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"

# Clitics in front of a word, and endings after it, on the folded text (ة is already ه).
_VERB_PREFIX = r"(?:[وف])?(?:[لس])?"
_NOUN_PREFIX = r"(?:[وف])?(?:[بك]?ال|لل|[بلك])?"
_PRONOUN = r"(?:ه|ها|هم|هما|هن|كم|نا|ني)?"
_PAST_ENDING = r"(?:تا|تم|ت|وا|ا|نا)?" + _PRONOUN
_PRESENT_ENDING = r"(?:ون|ان|ين|وا)?" + _PRONOUN
_NOUN_ENDING = r"(?:ات|ين|ان|ون|ا|ه|ها|هم|هما|هن|نا)?"
_FEMININE_NOUN_ENDING = r"(?:ه|ات|ت(?:ه|ها|هم|هما|ان|ين|نا))"  # stem ending in ة (folded ه)


@dataclass(frozen=True)
class Trigger:
    form: str  # folded
    type: str  # event type, or "-" for a phrase that is not an event
    pos: str  # past | present | noun | word
    needs: str = ""  # "agent": an event only when a named person or organisation acts
    is_verb: bool = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_verb", self.pos in ("past", "present"))


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a lexicon TSV: '#' lines are comments, the first other line is the header."""
    lines = [
        line.rstrip("\n") for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def _word_pattern(word: str, pos: str, first: bool, last: bool) -> str:
    """The regex of one word of a trigger, with the clitics and endings its position allows."""
    if pos == "present" and first and word[0] == "ي":
        core = "[يتنا]" + re.escape(word[1:])
    elif pos == "noun" and last and word.endswith("ه") and len(word) > 2:
        core = re.escape(word[:-1]) + _FEMININE_NOUN_ENDING
    else:
        core = re.escape(word)
    if first:
        core = (_NOUN_PREFIX if pos in ("noun", "word") else _VERB_PREFIX) + core
    elif not word.startswith("ال"):
        core = "(?:ال)?" + core  # definiteness: "العملية العسكرية", "أطلقت آلاف الصواريخ"
    if first and pos == "past":
        core += _PAST_ENDING
    elif first and pos == "present":
        core += _PRESENT_ENDING
    elif last and pos == "noun" and not word.endswith("ه"):
        core += _NOUN_ENDING
    return core


def trigger_pattern(trigger: Trigger) -> str:
    words = trigger.form.split()
    parts: list[str] = []
    gap = False  # a "*" stands before the next word
    for i, word in enumerate(words):
        if word == "*":
            gap = True
            continue
        if parts:
            parts.append(r"\s+(?:\S+\s+){0,2}" if gap else r"\s+")
        gap = False
        parts.append(_word_pattern(word, trigger.pos, i == 0, i == len(words) - 1))
    return r"(?<!\w)" + "".join(parts) + r"(?!\w)"


@functools.cache
def triggers() -> tuple[Trigger, ...]:
    """Every trigger, longest phrase first (so a phrase wins over the word inside it)."""
    rows = [Trigger(fold(r["form"]), r["type"], r["pos"], r.get("needs") or "")
            for r in read_tsv("event_triggers.tsv")]
    rows += [Trigger(fold(r["form"]), "statement", r["pos"], r.get("needs") or "")
             for r in read_tsv("speech_verbs.tsv")]
    return tuple(sorted(rows, key=lambda t: (-len(t.form.split()), -len(t.form))))


_MAX_PREFIX, _MAX_ENDING = 4, 5


@functools.cache
def _compiled_triggers() -> tuple[tuple[re.Pattern, ...], dict[str, tuple[int, ...]]]:
    """Each trigger's own anchored regex, and an index from the opening of a word (clitics in front
    + first-word core) to the triggers that allow those clitics before that core."""
    patterns = tuple(re.compile(trigger_pattern(t)) for t in triggers())
    index: dict[str, set[int]] = {}
    for i, trigger in enumerate(triggers()):
        first = trigger.form.split()[0]
        keys = {first}
        if trigger.pos == "present" and first[0] == "ي":
            keys |= {c + first[1:] for c in "تنا"}
        if trigger.pos == "noun" and first.endswith("ه") and len(first) > 2:
            keys.add(first[:-1])
        prefixes = _prefixes(_NOUN_PREFIX if trigger.pos in ("noun", "word") else _VERB_PREFIX)
        for key in keys:
            for prefix in prefixes:
                index.setdefault(prefix + key, set()).add(i)
    assert min(map(len, index)) >= 2
    return patterns, {opening: tuple(sorted(found)) for opening, found in index.items()}  # longest-first


@functools.cache
def _prefixes(pattern: str) -> tuple[str, ...]:
    """Every string the clitic pattern `pattern` matches (a few dozen, at most _MAX_PREFIX long)."""
    letters = sorted(set(re.findall(r"[\u0600-\u06ff]", pattern)))
    strings = [""]
    for _ in range(_MAX_PREFIX):
        strings += [s + c for s in strings if len(s) == len(strings[-1]) for c in letters]
    return tuple(s for s in dict.fromkeys(strings) if re.fullmatch(pattern, s))


@functools.cache
def _opening_words() -> re.Pattern:
    """The words that can open a trigger: an opening of the index, then at most _MAX_ENDING more
    letters, as a whole word. The openings form a trie, so the regex engine, not Python, rules out
    the ~97% of a news text's words that open none."""
    _, index = _compiled_triggers()
    # Atomic and possessive: a shorter opening or fewer letters after it never rescue a word the
    # longest opening in it does not fit, so the engine need not try them (a third faster on news).
    return re.compile(rf"(?<!\w)(?>{alternation(index)})\w{{0,{_MAX_ENDING}}}+(?!\w)")


@functools.lru_cache(maxsize=1 << 12)
def _candidates(word: str) -> tuple[int, ...]:
    """Indexes of the triggers whose first word could be `word` once the clitics the trigger
    allows are peeled off its front and up to _MAX_ENDING letters off its back."""
    _, index = _compiled_triggers()
    found = [hit for k in range(len(word), max(len(word) - _MAX_ENDING, 2) - 1, -1) if (hit := index.get(word[:k]))]
    return found[0] if len(found) == 1 else tuple(sorted(set().union(*found)))  # triggers() is longest-first


def trigger_words(folded_text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, end, candidate trigger indexes) of each word of a folded text that could open a
    trigger (few: one regex search of the whole text finds them)."""
    return [(m.start(), m.end(), _candidates(m.group())) for m in _opening_words().finditer(folded_text)]


def find_triggers(folded_text: str, words: list[tuple[int, int, tuple[int, ...]]],
                  end: int) -> list[tuple[int, int, Trigger]]:
    """(start, end, trigger) of the triggers that open at `words` (from `trigger_words`) and end by
    `end` in a folded text, left to right, never overlapping. Only the triggers a word could open
    are tried with their full regex (one big alternation of all triggers is ~10x slower)."""
    patterns, _ = _compiled_triggers()
    found = []
    taken_until = 0
    for start, _, candidates in words:
        if start < taken_until:
            continue
        for i in candidates:
            match = patterns[i].match(folded_text, start, end)
            if match:
                found.append((start, match.end(), triggers()[i]))
                taken_until = match.end()
                break
    return found


@functools.cache
def cues() -> dict[str, frozenset[str]]:
    """Cue phrases (folded) by kind (modal, earlier, support, now, when, preposition, boundary …),
    as event_cues.tsv documents them."""
    kinds: dict[str, set[str]] = {}
    for row in read_tsv("event_cues.tsv"):
        kinds.setdefault(row["kind"], set()).add(fold(row["cue"]))
    return {kind: frozenset(words) for kind, words in kinds.items()}


@dataclass(slots=True)
class Word:
    """A word of the text as the rules look it up: its folded key and the cue kinds it is (shared
    through a cache: never changed once made)."""

    key: str
    kinds: frozenset[str]

    def cue(self, kind: str) -> str | None:
        """The cue of `kind` this word is, also behind the conjunctions و / ف ("وفي" is في)."""
        if kind not in self.kinds:
            return None
        return self.key if self.key in cues()[kind] else self.key[1:]


@functools.lru_cache(maxsize=1 << 14)
def fold_cached(text: str) -> str:
    """`fold` of a short string the rules meet again and again (words, names, date texts)."""
    return fold(text)


class _Cache(dict):
    """Values made once per key by `make`, looked up as a plain dict (a map over a sentence's words
    costs one C-level lookup per word, no LRU bookkeeping); emptied when it holds `limit` keys, so
    it cannot grow without bound on a large vocabulary."""

    def __init__(self, make, limit: int) -> None:
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, key):
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.make(key)
        return value


def _new_word(key: str) -> Word:
    kinds = _cue_kinds()
    if key[:1] in "وف":
        return Word(key, kinds.get(key, _NO_KINDS) | kinds.get(key[1:], _NO_KINDS))
    return Word(key, kinds.get(key, _NO_KINDS))


_FOLDED_WORDS = _Cache(_new_word, 1 << 17)
_VERBATIM_WORDS = _Cache(lambda verbatim: _FOLDED_WORDS[fold(verbatim)], 1 << 16)


def words_of(keys: list[str], folded: bool = True) -> list[Word]:
    """The Words of words already folded (`folded`), or of verbatim words (each distinct word is
    folded and looked up once: news vocabulary repeats)."""
    return list(map((_FOLDED_WORDS if folded else _VERBATIM_WORDS).__getitem__, keys))


_NO_KINDS: frozenset[str] = frozenset()


@functools.cache
def _cue_kinds() -> dict[str, frozenset[str]]:
    """The kinds of each cue word (a word can be a cue of several kinds)."""
    kinds: dict[str, set[str]] = {}
    for kind, words in cues().items():
        for cue in words:
            kinds.setdefault(cue, set()).add(kind)
    return {cue: frozenset(found) for cue, found in kinds.items()}


@functools.cache
def phrase_regex(kind: str) -> re.Pattern:
    """The cues of one kind as a whole-word regex over folded text (و/ف allowed in front)."""
    return re.compile(rf"(?<!\w)[وف]?(?:{_alternation(cues()[kind])})(?!\w)")


def find_phrases(kinds: tuple[str, ...], folded_text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of the cue phrases of `kinds` in a folded text, left to right, whole words
    (و/ف allowed in front), never overlapping; where two kinds share a phrase the first kind wins.

    One regex finds them all; it has no look-behind, so the regex engine only tries the places
    whose letter can open a cue, and a match that starts inside a word is dropped here instead.
    """
    pattern, kind_of = _phrase_finder(kinds)
    found = []
    pos = 0
    while match := pattern.search(folded_text, pos):
        start, end = match.start(), match.end()
        if start and _WORD_CHAR.match(folded_text, start - 1):
            pos = start + 1  # not a word start
            continue
        text = match.group()
        rest = " ".join(text[1:].split()) if text[0] in "وف" else None
        found.append((kind_of[rest] if rest in kind_of else kind_of[" ".join(text.split())], start, end))
        pos = end
    return found


@functools.cache
def _phrase_finder(kinds: tuple[str, ...]) -> tuple[re.Pattern, dict[str, str]]:
    """The regex of the cues of `kinds` (with a conjunction in front first, as in "وفي حين"), and
    each cue's kind. Every alternative opens with a letter, so the regex engine skips ahead to the
    letters that can open one."""
    phrases = [alternative for kind in kinds for alternative in _alternation(cues()[kind]).split("|")]
    body = "|".join(phrases)
    pattern = "|".join([rf"و(?:{body})(?!\w)", rf"ف(?:{body})(?!\w)"] + [rf"{p}(?!\w)" for p in phrases])
    kind_of: dict[str, str] = {}
    for kind in kinds:
        for phrase in cues()[kind]:
            kind_of.setdefault(" ".join(phrase.split()), kind)
    return re.compile(pattern), kind_of


_WORD_CHAR = re.compile(r"\w")


def _alternation(phrases) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


@dataclass(frozen=True)
class Role:
    preposition: str  # folded
    role: str  # location | target
    rank: int
    types: frozenset[str] | None  # None: every type


@functools.cache
def roles() -> tuple[Role, ...]:
    return tuple(
        Role(fold(r["preposition"]), r["role"], int(r["rank"]),
             None if r["types"] == "*" else frozenset(r["types"].split(",")))
        for r in read_tsv("event_roles.tsv")
    )


@functools.cache
def roles_by_preposition() -> dict[str, tuple[Role, ...]]:
    """The roles of each preposition, in lexicon order."""
    grouped: dict[str, list[Role]] = {}
    for role in roles():
        grouped.setdefault(role.preposition, []).append(role)
    return {preposition: tuple(found) for preposition, found in grouped.items()}


@functools.cache
def figure_categories() -> tuple[tuple[str, frozenset[str]], ...]:
    """(event type, figure categories it takes), in priority order."""
    return tuple((r["type"], frozenset(r["categories"].split(","))) for r in read_tsv("event_figures.tsv"))
