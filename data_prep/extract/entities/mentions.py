"""extract_mentions: gazetteer, then context rules, then the CRF, on one folded token stream."""
from __future__ import annotations

import numpy as np

from data_prep.extract.entities.gazetteer import gazetteer_spans
from data_prep.extract.entities.identity import assign_ids, name_key
from data_prep.extract.entities.lexicon import Lexicon, lexicon
from data_prep.extract.entities.model import model_spans
from data_prep.extract.entities.rules import club_spans, is_common, is_nisba, rule_spans
from data_prep.extract.entities.tokens import Span, Tokens, stems
from data_prep.extract.entities.vocabulary import read
from data_prep.normalize import folded_once


def extract_mentions(text: str) -> list[dict]:
    """Mention rows (start, end, text, type, entity_id, method) with verbatim offsets."""
    lex = lexicon()
    copy = folded_once(text)
    tokens = read(copy.text)
    spans = gazetteer_spans(tokens, lex)
    spans += rule_spans(tokens, spans, lex)
    spans = club_spans(tokens, spans, lex)
    free = np.ones(len(tokens), dtype=bool)
    for span in spans:
        free[span.first:span.last] = False
    spans += [s for s in model_spans(tokens, free) if _plausible(s, tokens, lex)]
    for span in spans:
        _drop_clitic(span, tokens, lex)
    rows = []
    for span in sorted(assign_ids(tokens, spans, lex), key=lambda s: s.first):
        start, end = copy.to_original(tokens.start(span.first) + span.cut, tokens.ends[span.last - 1])
        rows.append({"start": start, "end": end, "text": text[start:end], "type": span.type,
                     "entity_id": span.entity_id, "method": span.method})
    return rows


def _plausible(span: Span, tokens: Tokens, lex: Lexicon) -> bool:
    """Not an adjective of nationality, a common word or a known non-name (الاحتلال)."""
    key = name_key(tokens, span)
    if key in lex.not_entity or (stems(key[0])[-1][1], *key[1:]) in lex.not_entity:
        return False
    if len(key) == 1 and (is_nisba(key[0]) or is_common(key[0], lex) or len(key[0]) < 2):
        return False
    return True


def _drop_clitic(span: Span, tokens: Tokens, lex: Lexicon) -> None:
    """CRF spans start after a و ف ب ل ك / لل when the name is known without it."""
    if span.cut or span.method != "model":
        return
    word = tokens.words[span.first]
    if word in lex.words:
        return
    for cut, stem in stems(word)[1:]:
        if stem in lex.words or (stem.startswith("ال") and len(stem) > 4):
            span.cut = cut
            return
