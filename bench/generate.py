"""A generated benchmark corpus: real Arabic news sentences recombined, reproducibly, offline.

The material is the sentences of the repository's own seed page and of the test suite's case
files (`tests/cases/*.tsv`, a `text` or `sentence` column), never `../shared/data/news`. Each article
draws ~500 words of sentences with a seeded random generator and varies what the extractors care
about: numbers, days, month names and places. The output says plainly that it is generated.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
from pathlib import Path

from data_prep.sentences import sentence_spans

ROOT = Path(__file__).resolve().parents[1]
MONTHS = "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split()
_MONTH = re.compile("|".join(MONTHS))
_NUMBER = re.compile(r"\d+")
WORDS_PER_ARTICLE = 500
ARTICLES_PER_FILE = 1000


def material() -> list[str]:
    """Sentences of the seed page and of the test case files, each once."""
    sentences: list[str] = []
    for page in sorted((ROOT / "seeds").glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        sentences += [text[s:e] for s, e in sentence_spans(text)]
    for case_file in sorted((ROOT / "tests" / "cases").glob("*.tsv")):
        with case_file.open(encoding="utf-8") as handle:
            for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
                sentence = row.get("text") or row.get("sentence")
                if sentence:
                    sentences.append(sentence.replace("\\n", "\n"))
    return sorted({s.strip() for s in sentences if len(s.split()) >= 6})


def places() -> list[str]:
    """Place names to vary: the gazetteer's Arabic place names when it is present."""
    gazetteer = ROOT / "data_prep" / "gazetteer" / "places.tsv"
    if not gazetteer.exists():
        return ["غزة", "القاهرة", "بيروت", "عمان", "دمشق", "بغداد"]
    with gazetteer.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        names = [row.get("name") or row.get("name_ar") or "" for row in rows]
    return sorted({n for n in names if n and " " not in n})[:400] or ["غزة"]


def article(index: int, sentences: list[str], place_names: list[str]) -> dict:
    rng = random.Random(index)
    place = rng.choice(place_names)
    chosen, words = [], 0
    while words < WORDS_PER_ARTICLE:
        sentence = rng.choice(sentences)
        sentence = _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** min(len(m.group()), 4))), sentence)
        sentence = _MONTH.sub(lambda m: rng.choice(MONTHS), sentence)
        chosen.append(sentence)
        words += len(sentence.split())
    paragraphs = [" ".join(chosen[i:i + 3]) for i in range(0, len(chosen), 3)]
    published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730))
    return {"title": " ".join(chosen[0].split()[:8]), "text": f"{place} - " + "\n\n".join(paragraphs),
            "published": published.isoformat(), "source": f"generated-{index % 7}"}


def generate(count: int, folder: Path) -> Path:
    """Write `count` generated articles as JSONL files of 1000 into `folder` (reused if complete)."""
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / f".complete-{count}"  # hidden: the build skips it
    if done.exists():
        return folder
    sentences, place_names = material(), places()
    for start in range(0, count, ARTICLES_PER_FILE):
        with (folder / f"part-{start // ARTICLES_PER_FILE:05d}.jsonl").open("w", encoding="utf-8") as out:
            for index in range(start, min(start + ARTICLES_PER_FILE, count)):
                out.write(json.dumps(article(index, sentences, place_names), ensure_ascii=False) + "\n")
    done.write_text("generated\n")
    return folder
