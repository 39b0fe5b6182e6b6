"""The CRF alone: shipped in the package, loaded without network, finds names no list holds."""
from __future__ import annotations

import pytest

import numpy as np

from data_prep.extract.entities.decoder import decode
from data_prep.extract.entities.model import (
    MODEL, _word_features, model_spans, model_weights, read_weights, scorer, sentence_features, tagger,
)
from data_prep.extract.entities.tokens import BREAK, SENTENCE_END
from data_prep.extract.entities.vocabulary import Vocabulary, read, vocabulary
from data_prep.normalize import fold


def crf(text: str) -> list[tuple[str, str]]:
    tokens = read(fold(text))
    return [(" ".join(tokens.words[s.first:s.last]), s.type) for s in model_spans(tokens, np.ones(len(tokens), bool))]


def labels(tokens, free) -> list[str]:
    """The decoder's labels; compiled by numba and run as plain Python (where numba is missing), they must agree."""
    args = tokens.table, tokens.ids, (tokens.flags & BREAK).astype(bool), np.asarray(free)
    found = scorer().tag(*args)
    assert (found == scorer().tag(*args, decode=decode)).all()
    return [scorer().labels[k] for k in found]


def test_the_model_ships_with_the_package_and_is_small():
    assert MODEL.exists() and MODEL.stat().st_size < 5_000_000
    assert tagger() is not None


def test_the_weights_kept_beside_the_model_are_the_models(tmp_path):
    """The first process reads the dump and keeps the arrays; the next loads them: the same weights."""
    copy = tmp_path / MODEL.name
    copy.write_bytes(MODEL.read_bytes())
    expected = read_weights(tagger())
    for _ in range(2):  # written, then loaded
        found = model_weights(copy)
        assert found.labels == expected.labels and found.attributes == expected.attributes
        assert (found.state == expected.state).all() and (found.transitions == expected.transitions).all()
    assert len(list((tmp_path / "__pycache__").glob("*.npz"))) == 1


def test_damaged_kept_weights_are_read_again_from_the_model(tmp_path):
    copy = tmp_path / MODEL.name
    copy.write_bytes(MODEL.read_bytes())
    model_weights(copy)
    kept = next((tmp_path / "__pycache__").glob("*.npz"))
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short, as by a full disk or a partial copy
    assert model_weights(copy).attributes == read_weights(tagger()).attributes
    assert model_weights(copy).state.shape == read_weights(tagger()).state.shape  # written anew, loaded


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


def test_the_decoder_gives_crfsuites_own_labels():
    """scorer().tag (emissions + Viterbi, all sentences at once) == Tagger.tag per sentence."""
    text = ("قال وزير الخارجية الفرنسي جان إيف لودريان إن باريس تدعم المبادرة . "
            "وأعلنت شركة أرامكو السعودية عن نتائجها ! ثم التقى ماريك تومانيك رئيس بلدية فرايبورغ ؟ "
            "الأمم المتحدة")
    tokens = read(fold(text))
    expected = crfsuite_labels(tokens.words)
    assert labels(tokens, [True] * len(tokens)) == expected
    assert any(label != "O" for label in expected)


def crfsuite_labels(words: list[str]) -> list[str]:
    """pycrfsuite's own labels, sentence by sentence; sentence ends are O."""
    expected, start = [], 0
    for end, word in enumerate([*words, "."]):
        if word in SENTENCE_END:
            expected += tagger().tag(sentence_features(words[start:end])) if end > start else []
            expected += ["O"] if end < len(words) else []
            start = end + 1
    return expected


@pytest.mark.parametrize("sentence_words", [1, 2, 3, 4, 7, 12, 25, 60])
def test_the_decoder_meets_crfsuite_on_stretches_of_every_length(sentence_words):
    """Stretches of every length: a token alone, names at the edges and in the middle of a long sentence."""
    pool = fold("ووصل المبعوث الأممي مارتن غريفيث إلى صنعاء حيث التقى رئيس المجلس السياسي مهدي المشاط "
                "وبحث معه الأوضاع في مدينة الحديدة ومطار صنعاء الدولي بحضور السفير محمد آل جابر").split()
    words = [pool[(i * 7) % len(pool)] for i in range(sentence_words)] + ["."]
    words += pool[:sentence_words] + ["؟"] + pool[-sentence_words:]
    tokens = read(" ".join(words))
    assert labels(tokens, [True] * len(tokens)) == crfsuite_labels(tokens.words)


def test_sentences_with_nothing_free_are_not_tagged():
    tokens = read(fold("قال ماريك تومانيك للصحفيين . ووصل جان لوكا إلى فرايبورغ ."))
    free = [i > 5 for i in range(len(tokens))]  # the first sentence is all claimed
    found = labels(tokens, free)
    assert found[:5] == ["O"] * 5 and any(label != "O" for label in found[6:])


def test_table_rows_are_the_weights_of_the_training_features():
    """Scorer.word_rows looks the features up by family; the sums must be those of _word_features' strings."""
    crf = scorer()
    words = fold("وبالقاهرة للأمم المتحدة وقال الرئيس ماريك تومانيك ، 2024 . «حماس» والجيش كتائب فرايبورغ").split()
    words += [w for w in ("وزارة", "الصحة", "والمستشفيات", "لحركة", "ببرشلونة", "؟", "%") if w not in words]
    rows = crf.word_rows(words)
    for row, word in zip(rows, words):
        own, near = _word_features(word)
        expected_own = sum(crf.weights[crf.attributes.get(f, crf.none)] for f in own)
        expected_near = sum(crf.lent[crf.near.get(f, crf.near_none)] for f in near)
        assert np.allclose(row[0], expected_own, atol=1e-9), word
        assert np.allclose(row[1:], expected_near, atol=1e-9), word


def test_a_full_vocabulary_keeps_its_most_read_words_and_the_same_answers():
    texts = ["قال وزير الخارجية الفرنسي جان إيف لودريان إن باريس تدعم المبادرة .",
             "وصل وفد تجاري إلى مدينة فرايبورغ الألمانية أمس .",
             "وقال المسؤول السلوفاكي ماريك تومانيك للصحفيين إن المحادثات بناءة ."]
    small = Vocabulary(scorer())
    small.CAPACITY = 40  # forgets several times over these texts
    for _ in range(3):
        for text in texts:
            tokens, expected = small.read(fold(text)), vocabulary().read(fold(text))
            assert [small.words[i] for i in tokens.ids] == tokens.words
            assert (tokens.flags == expected.flags).all()
            assert labels(tokens, [True] * len(tokens)) == labels(expected, [True] * len(expected))
    assert len(small.words) <= small.CAPACITY


def test_numbers_share_one_row_that_holds_their_own_scores_and_flags():
    """Numbers are not learnt one by one: they share a row, which must be what each of them would get."""
    from data_prep.extract.entities.vocabulary import word_flags

    small = Vocabulary(scorer())
    first = small.read(fold("قتل 12 شخصا وأصيب 345 آخرون في 2024 ."))
    second = small.read(fold("وصل 7 وزراء إلى الرياض في 1999 ."))
    numbers = [(tokens, i) for tokens in (first, second) for i, w in enumerate(tokens.words) if w[0].isdigit()]
    assert len(numbers) == 5 and len({int(tokens.ids[i]) for tokens, i in numbers}) == 1
    assert len(small.words) == 1 + len(set(first.words + second.words)) - 4  # padding + words + one number
    for tokens, i in numbers:
        assert (small.table[tokens.ids[i]] == scorer().word_rows([tokens.words[i]])[0]).all()
        assert tokens.flags[i] == word_flags(tokens.words[i])
