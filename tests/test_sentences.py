from data_prep.sentences import sentence_spans


def sentences(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_splits_on_arabic_and_latin_end_marks():
    text = "وصل الوفد إلى القاهرة. هل تنجح المفاوضات؟ نعم! ثم غادر؛ وانتهى الاجتماع"
    assert sentences(text) == ["وصل الوفد إلى القاهرة.", "هل تنجح المفاوضات؟", "نعم!", "ثم غادر؛", "وانتهى الاجتماع"]


def test_line_breaks_end_sentences_and_offsets_are_verbatim():
    text = "  الفقرة الأولى بلا نقطة\n\nالفقرة الثانية.  \n"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["الفقرة الأولى بلا نقطة", "الفقرة الثانية."]
    assert spans[0][0] == 2


def test_no_split_inside_numbers_in_either_digit_set():
    text = "ارتفع التضخم إلى 19.5 بالمئة، والنمو ٣٫٥ بالمئة. وانخفض الدينار."
    assert sentences(text) == ["ارتفع التضخم إلى 19.5 بالمئة، والنمو ٣٫٥ بالمئة.", "وانخفض الدينار."]


def test_no_split_after_list_markers_or_one_letter_abbreviations():
    text = "1. صون الدم أولوية. 2- وحدة الصف واجب.\nقال د. محمد إن الوضع خطير."
    assert sentences(text) == ["1. صون الدم أولوية.", "2- وحدة الصف واجب.", "قال د. محمد إن الوضع خطير."]


def test_no_split_inside_quotes():
    text = 'وقال المتحدث "وصلنا اليوم. وسنبقى" ثم غادر. وقالت «انتهى الأمر. لا عودة» أمس.'
    assert sentences(text) == ['وقال المتحدث "وصلنا اليوم. وسنبقى" ثم غادر.', "وقالت «انتهى الأمر. لا عودة» أمس."]


def test_ellipsis_and_repeated_marks_stay_with_their_sentence():
    assert sentences("والنصر حليفنا.. ستبقى التضحيات!! انتهى") == ["والنصر حليفنا..", "ستبقى التضحيات!!", "انتهى"]


def test_empty_and_blank_text_have_no_sentences():
    assert sentence_spans("") == []
    assert sentence_spans(" \n\t\n ") == []
