"""Train the CRF of data_prep/extract/entities/ner.crfsuite and print its held-out scores.

    .venv/bin/python scripts/train_ner.py            # train (one process, about a minute), then evaluate
    .venv/bin/python scripts/train_ner.py --eval     # evaluate the committed model only
    .venv/bin/python scripts/train_ner.py --c1 0.2 --c2 0.05 --model /tmp/try.crfsuite   # try settings aside

Data and split: scripts/ner_data.py (ANERcorp, AQMAR, NewsFANE in ../shared/data/ner). Two scores
per held-out part, per type:
  * CoNLL exact match of the CRF alone on the corpus tokens (running text: clitics attached);
  * span overlap of the whole entity step (`extract_mentions`: gazetteer + rules + CRF) on the
    sentence written out as plain text, i.e. as the pipeline meets news.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ner_data  # noqa: E402
from ner_data import fold  # noqa: E402

from data_prep.extract.entities import extract_mentions, model, vocabulary  # noqa: E402
from data_prep.extract.entities.model import sentence_features, tagger  # noqa: E402

TYPES = ("PER", "ORG", "LOC")


def entities(tags: list[str]) -> set[tuple[int, int, str]]:
    """(first, last, type) of IOB spans."""
    out, start, kind = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
            out.add((start, i, kind))
            start = None
        if tag != "O" and start is None:
            start, kind = i, tag[2:]
    return out


class Score:
    def __init__(self) -> None:
        self.tp, self.fp, self.fn = (collections.Counter() for _ in range(3))

    def add(self, gold, predicted, overlap: bool) -> None:
        matched = set()
        for p in predicted:
            hit = next((g for g in gold if g[2] == p[2] and g not in matched and
                        (g[:2] == p[:2] if not overlap else g[0] < p[1] and p[0] < g[1])), None)
            if hit:
                matched.add(hit)
                self.tp[p[2]] += 1
            else:
                self.fp[p[2]] += 1
        for g in gold - matched:
            self.fn[g[2]] += 1

    def print(self, title: str) -> None:
        print(f"  {title}")
        for t in (*TYPES, "all"):
            tp = sum(self.tp.values()) if t == "all" else self.tp[t]
            fp = sum(self.fp.values()) if t == "all" else self.fp[t]
            fn = sum(self.fn.values()) if t == "all" else self.fn[t]
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"    {t:4} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (gold {tp + fn})")


def evaluate(name: str, sentences) -> None:
    crf, whole = Score(), Score()
    for sentence in sentences:
        words = [fold(t) for t, _ in sentence]
        gold = entities([tag for _, tag in sentence])
        crf.add(gold, entities(tagger().tag(sentence_features(words))), overlap=False)
        # the same sentence as plain text, through the whole entity step
        text, offsets = "", []
        for token, _ in sentence:
            offsets.append((len(text), len(text) + len(token)))
            text += token + " "
        gold_chars = {(offsets[a][0], offsets[b - 1][1], t) for a, b, t in gold}
        found = {(m["start"], m["end"], m["type"]) for m in extract_mentions(text) if m["type"] in TYPES}
        whole.add(gold_chars, found, overlap=True)
    print(f"{name}: {len(sentences)} sentences")
    crf.print("CRF alone, CoNLL exact match")
    whole.print("whole entity step (gazetteer + rules + CRF), span overlap")


def train(sentences, c1: float, c2: float) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        words = [fold(t) for t, _ in sentence]
        trainer.append(sentence_features(words), [tag for _, tag in sentence])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 200, "feature.possible_transitions": True})
    started = time.perf_counter()
    trainer.train(str(model.MODEL))
    print(f"trained on {len(sentences)} sentences in {time.perf_counter() - started:.0f} s (c1 {c1}, c2 {c2});"
          f" {model.MODEL.name} {model.MODEL.stat().st_size / 1e6:.1f} MB")
    _forget_loaded_model()


def _forget_loaded_model() -> None:
    """The next extract_mentions loads model.MODEL afresh (its tagger, weights and word rows)."""
    tagger.cache_clear()
    model.scorer.cache_clear()
    vocabulary.vocabulary.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", action="store_true", help="only evaluate the model")
    parser.add_argument("--c1", type=float, default=0.1, help="L1 regularisation (default 0.1)")
    parser.add_argument("--c2", type=float, default=0.1, help="L2 regularisation (default 0.1)")
    parser.add_argument("--model", type=Path, help="train/evaluate this file instead of the shipped ner.crfsuite")
    args = parser.parse_args()
    if not ner_data.available():
        sys.exit("../shared/data/ner is not here: nothing to train on")
    if args.model:
        model.MODEL = args.model  # read by model.tagger(); nothing is loaded yet
        _forget_loaded_model()
    data = ner_data.splits()
    if not args.eval:
        train(data["train"], args.c1, args.c2)
    for name in ("heldout_anercorp", "heldout_newsfane", "heldout_aqmar"):
        evaluate(name, data[name])


if __name__ == "__main__":
    main()
