"""The CRF alone: shipped in the package, loaded without network, finds names no list holds."""
from __future__ import annotations

import pytest

from data_prep.extract.entities.model import MODEL, SENTENCE_END, model_spans, scorer, sentence_features, tagger
from data_prep.extract.entities.tokens import tokenize
from data_prep.normalize import fold


def crf(text: str) -> list[tuple[str, str]]:
    words = [t.text for t in tokenize(fold(text))]
    return [(" ".join(words[s.first:s.last]), s.type) for s in model_spans(words, [True] * len(words))]


def test_the_model_ships_with_the_package_and_is_small():
    assert MODEL.exists() and MODEL.stat().st_size < 5_000_000
    assert tagger() is not None


def test_features_describe_a_word_through_its_clitics():
    features = sentence_features([fold("وبالقاهرة"), fold("اليوم")])
    assert "b=القاهره" in features[0]
    assert "1b=اليوم" in features[0] and "-1b=القاهره" in features[1]


@pytest.mark.parametrize("text, name, kind", [
    # Reuters-style report of an unknown official
    ("وقال المسؤول السلوفاكي ماريك تومانيك للصحفيين إن المحادثات بناءة .", "ماريك تومانيك", "PER"),
    # a Gulf paper's city news
    ("وصل وفد تجاري إلى مدينة فرايبورغ الألمانية أمس .", "فرايبورغ", "LOC"),
])
def test_the_crf_finds_names_that_no_list_contains(text, name, kind):
    assert (fold(name), kind) in crf(text)


def test_a_name_never_runs_over_punctuation():
    for name, _ in crf("التقى الوزير جان لوكا ، ثم غادر إلى باريس ."):
        assert "،" not in name and "." not in name


def test_the_array_decoder_gives_crfsuites_own_labels():
    """scorer().tag (numpy emissions + Viterbi, all sentences at once) == Tagger.tag per sentence."""
    text = ("قال وزير الخارجية الفرنسي جان إيف لودريان إن باريس تدعم المبادرة . "
            "وأعلنت شركة أرامكو السعودية عن نتائجها ! ثم التقى ماريك تومانيك رئيس بلدية فرايبورغ ؟ "
            "الأمم المتحدة")
    words = [t.text for t in tokenize(fold(text))]
    expected, start = [], 0
    for end, word in enumerate([*words, "."]):
        if word in SENTENCE_END:
            expected += tagger().tag(sentence_features(words[start:end])) if end > start else []
            expected += ["O"] if end < len(words) else []
            start = end + 1
    assert scorer().tag(words, [True] * len(words)) == expected
    assert any(label != "O" for label in expected)


def test_sentences_with_nothing_free_are_not_tagged():
    words = [t.text for t in tokenize(fold("قال ماريك تومانيك للصحفيين . ووصل جان لوكا إلى فرايبورغ ."))]
    free = [i > 5 for i in range(len(words))]  # the first sentence is all claimed
    labels = scorer().tag(words, free)
    assert labels[:5] == ["O"] * 5 and any(label != "O" for label in labels[6:])
