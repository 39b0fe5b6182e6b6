"""Reading the annotated NER corpora of ../shared/data/ner and the one train / held-out split.

Shared by scripts/train_ner.py (the recogniser) and scripts/build_gazetteer.py (the list of common
words), so neither ever learns from the held-out part. Everything is returned as running text:
NewsFANE's split clitics are glued back onto their words the way news writes them.

Split: every tenth block of 30 consecutive ANERcorp sentences is held out (10 % of the news in
ordinary spelling, spread over its topics; blocks keep an article's sentences together), and so is
every NewsFANE sentence that repeats one of them (NewsFANE re-annotates much of ANERcorp's text);
of the NewsFANE sentences that ANERcorp does not contain, every tenth is held out. AQMAR's dev
file is held out as a second, out-of-domain (Wikipedia) test.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_prep.normalize import fold  # noqa: E402

NER = ROOT.parent / "shared" / "data" / "ner"

# NewsFANE fine classes -> project types (README of the corpus); anything else is not a mention.
FANE = {
    **dict.fromkeys(["Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
                     "Businessperson", "Lawyer", "Engineer", "Police"], "PER"),
    **dict.fromkeys(["Government", "Non-Governmental", "Commercial", "Media", "Sports", "Educational",
                     "Religious_ORG", "Medical-Science", "Entertainment"], "ORG"),
    **dict.fromkeys(["Nation", "Population-Center", "State-or-Province", "County-or-District",
                     "GPE-Cluster", "Continent", "Water-Body", "Land-Region-Natural", "Land",
                     "Building-Grounds", "Airport", "Path", "Subarea-Facility"], "LOC"),
}
COARSE = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
PROCLITICS = {"و", "ف", "ب", "ل", "ك", "س"}
ENCLITICS = {"ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ني", "ي"}

BLOCK = 30  # consecutive sentences held out together
Sentence = list[tuple[str, str]]  # (token, IOB tag over PER/ORG/LOC)


def _read(path: Path, mapping) -> list[Sentence]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.replace("\u200e", "").replace("\ufeff", "").strip()
        if not line:
            if current:
                sentences.append(current)
            current = []
            continue
        token, _, tag = line.replace("\t", " ").rpartition(" ")
        if not token:
            continue
        if tag != "O":
            prefix, _, label = tag.partition("-")
            label = mapping.get(label)
            tag = f"{prefix}-{label}" if label else "O"
        current.append((token, tag))
    if current:
        sentences.append(current)
    return [_repair(s) for s in sentences]


def _repair(sentence: Sentence) -> Sentence:
    """I- tags that follow O (left over from dropped classes) start an entity."""
    out, previous = [], "O"
    for token, tag in sentence:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append((token, tag))
        previous = tag
    return out


def glue_clitics(sentence: Sentence) -> Sentence:
    """NewsFANE's `و قال`, `ف ان ه`, `ل الاتحاد` back to `وقال`, `فانه`, `للاتحاد`."""
    out: Sentence = []
    pending = ""  # proclitics waiting for their word
    pending_tag = "O"
    for token, tag in sentence:
        if token in ENCLITICS and out and not pending and out[-1][0][-1:].isalpha():
            word, word_tag = out[-1]
            out[-1] = (word + token, word_tag)
            continue
        if token in PROCLITICS:
            pending += token
            pending_tag = tag if pending_tag == "O" else pending_tag
            continue
        if pending and not token[:1].isalpha():
            out.append((pending, pending_tag))
            pending, pending_tag = "", "O"
        if pending:
            word = pending + (token[1:] if pending.endswith("ل") and token.startswith("ال") else token)
            if pending_tag != "O":
                tag = pending_tag
            token, pending, pending_tag = word, "", "O"
        out.append((token, tag))
    if pending:
        out.append((pending, pending_tag))
    return out


def _key(sentence: Sentence) -> str:
    return re.sub(r"[^\u0628-\u064a]", "", fold("".join(t for t, _ in sentence)))


def splits() -> dict[str, list[Sentence]]:
    """{"train": ..., "heldout_anercorp": ..., "heldout_newsfane": ..., "heldout_aqmar": ...}."""
    anercorp = _read(NER / "anercorp" / "anercorp-train.txt", COARSE)
    train = [s for i, s in enumerate(anercorp) if i // BLOCK % 10 != 9]
    heldout = [s for i, s in enumerate(anercorp) if i // BLOCK % 10 == 9]
    seen_train = "".join(_key(s) for s in train)
    seen_heldout = "".join(_key(s) for s in heldout)

    def inside(key: str, text: str) -> bool:
        chunks = [key[i:i + 20] for i in range(0, max(len(key) - 20, 1), 20)]
        return bool(chunks) and sum(c in text for c in chunks) > len(chunks) / 2

    fane_new, fane_heldout, unseen = [], [], 0
    for sentence in _read(NER / "newsfane" / "newsfane-shared.conll", FANE):
        glued = glue_clitics(sentence)
        key = _key(glued)
        if inside(key, seen_heldout):
            continue  # already in the ANERcorp held-out part
        if inside(key, seen_train):
            continue  # a second annotation of a training sentence adds little and may disagree
        unseen += 1
        (fane_heldout if unseen % 10 == 0 else fane_new).append(glued)
    aqmar_train = _read(NER / "aqmar" / "train.txt", COARSE)
    aqmar_dev = _read(NER / "aqmar" / "dev.txt", COARSE)
    return {
        "train": train + fane_new + aqmar_train,
        "heldout_anercorp": heldout,
        "heldout_newsfane": fane_heldout,
        "heldout_aqmar": aqmar_dev,
    }


def available() -> bool:
    return (NER / "anercorp" / "anercorp-train.txt").exists()
