from data_prep.normalize import fold, folded


def test_fold_merges_spelling_variants():
    assert fold("إسرائيل") == fold("اسرائيل")
    assert fold("مستشفى") == fold("مستشفي")
    assert fold("غزة") == fold("غزه")
    assert fold("٢٠٢٣") == "2023" == fold("۲۰۲۳")
    assert fold("مُحَمَّد") == "محمد"
    assert fold("فلسطـــين") == "فلسطين"


def test_offsets_map_back_to_the_verbatim_text():
    original = "وصل الرئيسُ مُحَمَّد إلى غـزة"
    copy = folded(original)
    start = copy.text.index("محمد")
    s, e = copy.to_original(start, start + len("محمد"))
    assert original[s:e] == "مُحَمَّد"
    start = copy.text.index("غزه")
    s, e = copy.to_original(start, start + 3)
    assert original[s:e] == "غـزة"


def test_identity_map_when_nothing_is_dropped():
    copy = folded("أعلنت حماس")
    assert copy.to_original(6, 10) == (6, 10)
    assert copy.text == "اعلنت حماس"


def test_original_offsets_map_into_the_folded_copy():
    text = "قالَ الرئيسُ: غـزة ١٢"
    copy = folded(text)
    for word in (fold("الرئيس"), fold("غزة"), "12"):
        at = copy.text.index(word)
        start, end = copy.to_original(at, at + len(word))
        assert copy.to_folded(start) == at
        assert copy.text[copy.to_folded(start):copy.to_folded(end)] == word
    assert folded("غزة").to_folded(2) == 2  # nothing dropped: the same offsets
