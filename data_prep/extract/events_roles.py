"""Who acted, on whom, and where: the entity roles of an event, from mention positions.

Without a parser, the subject is read from word order: after a verb that opens its clause (VSO,
"صرح الرئيس الإسرائيلي إسحاق هيرتسوغ"), else the topic before it ("حماس تؤكد", "وكانت حركة حماس
قد حذرت"); a noun trigger takes the subject of its clause or the entity right after it ("زيارة
هنية"). A place is a LOC mention a few words after في/إلى/على/من; a target follows the
preposition its event type takes (على/ضد for attacks, مع for talks).
"""
from __future__ import annotations

from data_prep.extract.events_lexicon import cues, fold_cached, roles_by_preposition
from data_prep.extract.events_sentence import Found, Sentence

_SUBJECT_WORDS = 8  # the subject of a VSO verb starts within this many words after it
_PREPOSITION_WORDS = 4  # a place or target is at most this many words after its preposition
_ACTOR_TYPES = ("PER", "ORG", "LOC")  # in order of preference when several stand as subject
_SUBJECT_ENDS = frozenset(("preposition", "boundary"))  # cue kinds that end a verb's subject
_ATTACHED_PREPOSITIONS = ("ب", "ل", "لل", "وب", "ول", "فب", "فل", "بال", "وبال", "ك")


def pick_actors(mentions: list[dict]) -> list[str]:
    """Entity ids of the subject mentions, people first: "رئيس المكتب السياسي لحركة حماس، إسماعيل
    هنية" is Haniyeh acting; a ministry or an army acts when no person is named."""
    if not mentions:
        return []
    for kind in _ACTOR_TYPES:
        ids = [m["entity_id"] for m in mentions if m.get("type") == kind and m.get("entity_id")]
        if ids:
            return list(dict.fromkeys(ids))
    return []


def points_back(word: str) -> bool:
    """Whether a subject word refers back to an earlier speaker ("البيان", "القوى", "الحركة")."""
    words = cues()["reference"]
    return word in words or (word[:1] in "وف" and word[1:] in words)


def after_preposition(sentence: Sentence, mention: dict) -> str | None:
    """The preposition (folded) that governs a mention: attached (بغزة) or a word just before."""
    i = sentence.token_index(mention["start"])
    if i < len(sentence.words) and sentence.token_starts[i] < mention["start"]:
        attached = fold_cached(sentence.text[sentence.token_starts[i]:mention["start"]])
        if attached in _ATTACHED_PREPOSITIONS:
            return attached.lstrip("وف")[:1]
    if i > 0:
        return sentence.words[i - 1].cue("preposition")
    return None


def subject_after(sentence: Sentence, found: Found) -> tuple[list[dict], list[str], int]:
    """Mentions in subject position after a verb, the words of that subject region, and its end.

    The region runs to a preposition or complementiser, another trigger, a quotation, or a comma
    that does not open an apposition (", إسماعيل هنية،" continues the subject; ", في بيان" ends it).
    Date words in between ("وصل، صباح اليوم الأربعاء 20-12-2023، الأخ ...") are skipped. A subject
    that points back ("تطالب القوى الثلاث قيادة السلطة") names no entity: what follows is the object.
    """
    ctx = found.context
    found_mentions: list[dict] = []
    words: list[str] = []
    previous_end = found.end
    trigger_starts = {f.start for f in sentence.triggers if f.start > found.start}
    anchors, quoted = sentence.anchors, bool(sentence.quotes)
    token_starts, token_ends, all_words, text = sentence.token_starts, sentence.token_ends, sentence.words, sentence.text
    for i in range(sentence.token_index(found.end), len(all_words)):
        token_start, token_end, word = token_starts[i], token_ends[i], all_words[i]
        if (quoted and sentence.context(token_start) != ctx) or token_start in trigger_starts \
                or (word.kinds and not word.kinds.isdisjoint(_SUBJECT_ENDS)):
            break
        if anchors and any(a.start <= token_start < a.end for a in anchors):
            previous_end = token_end
            continue
        starting = sentence.mentions_between(max(token_start, found.end), token_end)
        gap = text[previous_end:token_start]
        if ("،" in gap or "," in gap) and found_mentions and not starting:
            break
        if len(words) >= _SUBJECT_WORDS:
            break
        if not words and not starting and "reference" in word.kinds:
            return [], [word.key], token_end
        words.append(word.key)
        found_mentions += [m for m in starting if governing_preposition(sentence, m) is None]
        previous_end = max(token_end, *(m["end"] for m in starting)) if starting else token_end
    return found_mentions, words, previous_end


def topic_before(sentence: Sentence, found: Found) -> list[dict]:
    """Mentions before the trigger in its clause that no preposition governs ("حماس تؤكد")."""
    start, _ = sentence.clauses[found.clause]
    return [
        m for m in sentence.mentions_between(start, found.start + 1)
        if m["end"] <= found.start and governing_preposition(sentence, m) is None
    ]


def genitive_after(sentence: Sentence, found: Found) -> list[dict]:
    """The entity right after a noun trigger: "زيارة هنية", "قصف الاحتلال"."""
    i = sentence.token_index(found.end)
    if i >= len(sentence.words):
        return []
    token_start, token_end = sentence.token_starts[i], sentence.token_ends[i]
    return [m for m in sentence.mentions_between(token_start, token_end)
            if sentence.context(m["start"]) == found.context
            and governing_preposition(sentence, m) is None]


def explicit_actors(sentence: Sentence, found: Found) -> tuple[list[str], list[str], int]:
    """Actors the text names for one trigger, and the words and end of the subject after it
    (a speaker's statement starts after its subject)."""
    if found.trigger.is_verb:
        after, words, end = subject_after(sentence, found)
        if not after and words and points_back(words[0]):
            return [], words, end
        return pick_actors(after) or pick_actors(topic_before(sentence, found)), words, end
    actors = pick_actors(topic_before(sentence, found)) or pick_actors(genitive_after(sentence, found))
    return actors, [], found.end


def location_and_targets(sentence: Sentence, start: int, end: int, event_type: str,
                         actors: list[str]) -> tuple[str | None, list[str]]:
    """The place (LOC after a place preposition, best rank, nearest) and the targets in [start, end)."""
    ctx = sentence.context(start)
    best: tuple[int, int, str] | None = None
    targets: list[str] = []
    for mention in sentence.mentions_between(start, end):
        if sentence.context(mention["start"]) != ctx or not mention.get("entity_id"):
            continue
        preposition = governing_preposition(sentence, mention)
        if preposition is None:
            continue
        for role in roles_by_preposition().get(preposition, ()):
            if role.types and event_type not in role.types:
                continue
            if role.role == "location" and mention.get("type") == "LOC":
                candidate = (role.rank, mention["start"], mention["entity_id"])
                best = min(best, candidate) if best else candidate
            elif role.role == "target" and mention["entity_id"] not in actors:
                targets.append(mention["entity_id"])
    return (best[2] if best else None), list(dict.fromkeys(targets))


def governing_preposition(sentence: Sentence, mention: dict) -> str | None:
    """The preposition a few words before a mention ("إلى العاصمة المصرية القاهرة"); asked for
    each trigger of the sentence, so read once per mention."""
    start = mention["start"]
    if start not in sentence.prepositions:
        sentence.prepositions[start] = _governing_preposition(sentence, mention)
    return sentence.prepositions[start]


def _governing_preposition(sentence: Sentence, mention: dict) -> str | None:
    attached = after_preposition(sentence, mention)
    if attached:
        return attached
    i = sentence.token_index(mention["start"])
    for k in range(i - 1, max(i - _PREPOSITION_WORDS, 0) - 1, -1):
        token_start, token_end = sentence.token_starts[k], sentence.token_ends[k]
        if sentence.mentions_between(token_start, token_end):
            return None  # another entity stands in between
        if "preposition" in sentence.words[k].kinds:
            return sentence.words[k].cue("preposition")
    return None
