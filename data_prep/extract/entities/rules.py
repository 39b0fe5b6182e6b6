"""Context rules: names announced by the words around them.

* a title or role before a person (الرئيس، وزير الخارجية، المتحدث باسم الجيش ...، القيادي في) -> PER;
* an organisation head and the name it governs (وزارة الصحة، كتائب ...، مجلس ...) -> ORG;
* a place head before a name (مدينة، مخيم، بلدة، قرية، معبر، حي ...) -> LOC (the name after the head);
* عملية / معركة and a quoted name -> EVENT;
* in a sentence about sport, a club named like a common word or a place (الأهلي، برشلونة) -> ORG.

Rules only fill tokens that the gazetteer left free; their words and limits live in context.tsv.
They are tried only where the vocabulary flags a token (`tokens.CUE`: one of its readings is the
first word of a title or head; `CLUB_START` and `SPORT` for clubs).
"""
from __future__ import annotations

import bisect

from data_prep.extract.entities.lexicon import Lexicon
from data_prep.extract.entities.tokens import BREAK, CLUB_START, CUE, SPORT, Span, Tokens, is_word, stems

NISBA_ENDINGS = ("يين", "يون", "يات", "يه")
QUOTES = {'"', "«", "»", "“", "”", "'"}
MAX_NAME = 3
PRONOUN_SUFFIXES = ("ها", "هم", "هما", "هن", "كم")


def is_common(word: str, lex: Lexicon) -> bool:
    """A frequent non-name word in any of its clitic readings (قال، وقال، بالأمس)."""
    return any(stem in lex.common or stem in lex.stop for _, stem in stems(word))


def is_nisba(word: str) -> bool:
    """A folded adjective of relation (الاسرائيلي، المصريه، فلسطينيين): not a mention of the place."""
    bare = stems(word)[-1][1]
    return (bare.startswith("ال") and bare.endswith(("ي", "يه", "يين", "يون"))) or bare.endswith(NISBA_ENDINGS)


def _is_head(word: str, lex: Lexicon) -> bool:
    return any(stem in lex.org_heads or stem in lex.loc_heads for _, stem in stems(word))


def _title_at(words: list[str], i: int, lex: Lexicon) -> int:
    """Length of the longest title or role starting at word i (0 if none)."""
    for _, stem in stems(words[i]):
        for length in range(min(lex.title_longest.get(stem, 0), len(words) - i), 0, -1):
            if (stem, *words[i + 1:i + length]) in lex.titles:
                return length
    return 0


def _name_tokens(words: list[str], j: int, free: list[bool], lex: Lexicon) -> int:
    """How many words from j form a name (0 if the word at j cannot start one)."""
    length = 0
    limit = MAX_NAME + 1
    while j + length < len(words) and length < limit and free[j + length]:
        word = words[j + length]
        if not is_word(word) or word.isdigit() or word in lex.stop or len(word) < 2:
            break
        if len(word) > 4 and word.endswith(PRONOUN_SUFFIXES):
            break  # انفجارها، قادتهم: a noun with a possessive is no name
        after_prefix = length and words[j + length - 1] in lex.name_prefixes  # أبو عمرة
        if is_common(word, lex) or word in lex.org_heads or word in lex.loc_heads:
            if not (length and word in lex.name_prefixes) and not after_prefix:
                break
        if any(cut and stem.startswith("ال") for cut, stem in stems(word)) or (length and is_nisba(word)):
            break  # a new phrase (للجزيرة، والمقيم) or an adjective is no part of a name
        if word in lex.name_prefixes:
            limit += 1
        length += 1
    if length and words[j + length - 1] in lex.name_prefixes:
        length -= 1  # a name does not end in عبد / أبو
    return length


def rule_spans(tokens: Tokens, taken: list[Span], lex: Lexicon) -> list[Span]:
    """Spans the context rules find on the tokens that `taken` (the gazetteer's spans) left free."""
    words = tokens.words
    free = [True] * len(words)
    starts = {}
    for span in taken:
        starts[span.first] = span
        for k in range(span.first, span.last):
            free[k] = False
    out: list[Span] = []
    # left to right, one token at a time: a role may precede its body (المتحدث باسم [وزارة الصحة] [name])
    for i in tokens.marked(CUE):
        if not free[i]:
            continue
        cued = _title(words, i, free, starts, lex) or _head(words, i, free, lex) or _operation(words, i, free, lex)
        if cued and tuple(words[cued.first:cued.last]) not in lex.not_entity:
            out.append(cued)
            for k in range(cued.first, cued.last):
                free[k] = False
    return out


def _title(words, i, free, starts, lex) -> Span | None:
    length = _title_at(words, i, lex)
    if not length or (i and _is_head(words[i - 1], lex)):
        return None  # حديقة الملك فهد، مدينة الملك عبدالله: a place or body named after someone
    j = i + length
    # what may stand between the role and the name: a nationality, the body named, quotes, a comma
    for _ in range(4):
        if j < len(words) and j in starts and starts[j].type in ("ORG", "LOC"):
            j = starts[j].last
        elif j < len(words) and (words[j] in QUOTES or words[j] == "،" or is_nisba(words[j])):
            j += 1
        elif j < len(words) and free[j] and any(stem in lex.org_heads for _, stem in stems(words[j])):
            j += 1 + _org_tail(words, j + 1, free, lex)  # المتحدث باسم وزارة الصحة ...
        else:
            break
    if j >= len(words) or j in starts:
        return None  # nothing follows, or the gazetteer already knows who it is
    if words[j].startswith("ال") and "PER" not in lex.words.get(words[j], ()):
        return None  # a given name has no article: الرئيس الجديد، القيادي البارز
    length = _name_tokens(words, j, free, lex)
    return Span(j, j + length, 0, "PER", "rule") if length else None


def _head(words, i, free, lex) -> Span | None:
    for cut, stem in stems(words[i]):
        if stem in lex.loc_heads:
            length = _name_tokens(words, i + 1, free, lex)
            if length and not is_nisba(words[i + 1]):
                return Span(i + 1, i + 1 + length, 0, "LOC", "rule")
            return None
        if stem in lex.org_heads:
            length = _org_tail(words, i + 1, free, lex)
            name = (stem, *words[i + 1:i + 1 + length])
            if length and name not in lex.not_entity and name[:2] not in lex.not_entity:  # قوات الاحتلال الإسرائيلي
                return Span(i, i + 1 + length, cut, "ORG", "rule")
            return None
    return None


def _org_tail(words, j, free, lex) -> int:
    """Words after an organisation head that belong to its name: a definite genitive chain."""
    length = 0
    while j + length < len(words) and length < MAX_NAME and free[j + length]:
        word = words[j + length]
        if not is_word(word) or word in lex.stop or word.isdigit():
            break
        if not word.startswith("ال") and (length or is_nisba(word) or _definite_head(words[j - 1], lex)
                                           or (is_common(word, lex) and not _construct(words, j, lex))):
            break  # after a definite head (المحكمة، الاتحاد) only adjectives follow: المحكمة العليا
        length += 1
        if (word,) in lex.titles:  # جامعة الملك سعود، مستشفى الأمير محمد بن عبدالعزيز
            return length + _name_tokens(words, j + length, free, lex)
    return length


def _definite_head(word: str, lex: Lexicon) -> bool:
    return any(stem.startswith("ال") and stem in lex.org_heads for _, stem in stems(word))


def _construct(words, j, lex) -> bool:
    """An indefinite noun governing a definite one: هيئة [مكافحة الفساد]."""
    following = words[j + 1] if j + 1 < len(words) else ""
    return following.startswith("ال") and following not in lex.stop


def _operation(words, i, free, lex) -> Span | None:
    if words[i] not in lex.operation_heads or i + 2 >= len(words) or words[i + 1] not in QUOTES:
        return None
    for end in range(i + 3, min(i + 7, len(words))):
        if words[end] in QUOTES:
            if all(free[i + 2:end]) and all(map(is_word, words[i + 2:end])):
                return Span(i + 2, end, 0, "EVENT", "rule")
            return None
    return None


def club_spans(tokens: Tokens, spans: list[Span], lex: Lexicon) -> list[Span]:
    """`spans` plus the clubs named like a common word or a place (الأهلي، برشلونة) in sentences
    about sport; a club named after its city replaces the place the gazetteer saw there, unless a
    preposition of place comes first (في برشلونة، ببرشلونة)."""
    candidates = tokens.marked(CLUB_START)
    sport = tokens.marked(SPORT) if candidates else []
    if not sport:
        return spans  # most articles name no club or no sport: nothing more to do
    words = tokens.words
    ends = tokens.marked(BREAK)
    sporty = {bisect.bisect_left(ends, i) for i in sport}  # sentences (by index) about sport
    owner: dict[int, Span] = {}
    for span in spans:
        for k in range(span.first, span.last):
            owner[k] = span
    longest = max(map(len, lex.clubs))
    replaced, clubs, done = set(), [], 0
    for i in candidates:
        sentence = bisect.bisect_left(ends, i)
        if i < done or sentence not in sporty:
            continue
        last = ends[sentence] if sentence < len(ends) else len(words)
        found = _club_at(words, i, last, longest, owner, lex)
        if found:
            clubs.append(found)
            if found.first in owner:
                replaced.add(id(owner[found.first]))
            done = found.last
    return [s for s in spans if id(s) not in replaced] + clubs


def _club_at(words, i, last, longest, owner, lex) -> Span | None:
    for cut, stem in stems(words[i]):
        for length in range(min(longest, last - i), 0, -1):
            entity_id = lex.clubs.get((stem, *words[i + 1:i + length]))
            if not entity_id:
                continue
            place = owner.get(i)
            if place is None and all(k not in owner for k in range(i, i + length)):
                return Span(i, i + length, cut, "ORG", "rule", entity_id)
            if (place and place.type == "LOC" and place.method == "gazetteer" and place.first == i
                    and place.last == i + length and "ب" not in words[i][:cut]
                    and not (i and words[i - 1] in lex.place_prepositions)):
                return Span(i, i + length, cut, "ORG", "rule", entity_id)
            return None
    return None
