"""Segmentation of scraped pages: the seed, and pages of other shapes written here."""
import datetime as dt

import data_prep
from data_prep.segment import segment_page

PARA_1 = ("أعلنت وزارة الداخلية في بيان صدر مساء الخميس أنها أوقفت عددا من المشتبه بهم في قضية تهريب "
          "الوقود عبر الحدود الشرقية، وأكدت أن التحقيقات ما زالت جارية لمعرفة جميع المتورطين فيها.")
PARA_2 = ("وقال المتحدث باسم الوزارة في مؤتمر صحفي إن الأجهزة الأمنية ضبطت كميات كبيرة من الوقود المهرب "
          "في مستودعات قريبة من المعبر، مشيرا إلى أن العملية جاءت بعد أسابيع من الرصد والمتابعة الميدانية.")
PARA_3 = ("وفي سياق آخر، افتتح وزير النقل الطريق الدائري الجديد الذي يربط الأحياء الجنوبية بوسط المدينة، "
          "وقال في كلمة خلال حفل الافتتاح إن المشروع سيخفف الازدحام المروري بنسبة كبيرة خلال ساعات الذروة.")


def test_seed_page_gives_two_articles_and_ten_related_headlines(seed_page):
    first, second = segment_page(seed_page)
    assert first.dateline == "القاهرة"
    assert first.source == "شبكة الأمة برس"
    assert first.tags == ["قطاع غزة"]
    assert first.text.startswith("القاهرة - وصل رئيس المكتب")
    assert first.text.endswith("أكثر من 52 ألف مصاب.")
    assert second.title == "حماس للسلطة الفلسطينية: سلاح المقاومة\xa0موجه للاحتلال أوقفوا التصعيد الأمني في جنين"
    assert second.text.startswith("أعلنت حركة حماس، مساء اليوم السبت")
    assert second.text.endswith("والنصر حليف شعبنا ومقاومتنا..")
    assert len(first.related) == 10 and second.related == []
    assert first.related[0].startswith("في بيان للقسام")
    for article in (first, second):
        assert seed_page[article.start:article.start + len(article.text)] == article.text


def test_seed_publication_date_comes_from_the_text_and_stays_with_the_first_article(seed_page):
    first, second = segment_page(seed_page)
    assert first.published == dt.date(2023, 12, 20)
    assert first.published_from == "text"
    assert second.published is None


def test_page_without_related_list_or_markers_is_one_article():
    page = f"{PARA_1}\n\n{PARA_2}\n"
    [article] = segment_page(page)
    assert article.text == f"{PARA_1}\n\n{PARA_2}"
    assert article.related == [] and article.title is None and article.source is None


def test_short_first_line_is_the_title():
    page = f"الداخلية توقف مهربي وقود على الحدود\n\n{PARA_1}\n{PARA_2}"
    [article] = segment_page(page)
    assert article.title == "الداخلية توقف مهربي وقود على الحدود"
    assert article.text.startswith(PARA_1[:20])


def test_several_read_also_blocks_make_several_articles():
    page = (f"{PARA_1}\n\nاقرأ أيضا:\nوزير النقل يفتتح الطريق الدائري\n{PARA_3}\n\n"
            f"اقرأ أيضاً: الأمطار تغلق طرقا في الشمال\n{PARA_2}\n")
    main, second, third = segment_page(page)
    assert main.text == PARA_1
    assert (second.title, second.text) == ("وزير النقل يفتتح الطريق الدائري", PARA_3)
    assert (third.title, third.text) == ("الأمطار تغلق طرقا في الشمال", PARA_2)


def test_read_also_followed_by_short_lines_is_a_headline_list():
    page = f"{PARA_1}\n\nاقرأ أيضا\n- الأمطار تغلق طرقا في الشمال\n- افتتاح الطريق الدائري الجديد\n"
    [article] = segment_page(page)
    assert article.related == ["الأمطار تغلق طرقا في الشمال", "افتتاح الطريق الدائري الجديد"]


def test_related_list_with_other_marker_and_bullets():
    page = f"{PARA_1}\nأخبار ذات صلة:\n▪ عنوان أول\n▪ عنوان ثان\n* عنوان ثالث\nالوسوم: الحدود، الوقود، التهريب\n"
    [article] = segment_page(page)
    assert article.related == ["عنوان أول", "عنوان ثان", "عنوان ثالث"]
    assert article.tags == ["الحدود", "الوقود", "التهريب"]


def test_datelines_with_agency_and_either_digit_set():
    western = segment_page(f"رام الله 20/12/2023 (وفا) - {PARA_1}")[0]
    assert western.dateline == "رام الله"
    assert western.published == dt.date(2023, 12, 20)
    eastern = segment_page(f"غزة، ٢٠-١٢-٢٠٢٣ - {PARA_1}")[0]
    assert eastern.dateline == "غزة"
    assert eastern.published == dt.date(2023, 12, 20)
    agency = segment_page(f"بيروت (الأناضول) - {PARA_2}")[0]
    assert agency.dateline == "بيروت" and agency.published is None


def test_a_byline_is_not_a_dateline():
    assert segment_page(f"أحمد علي - {PARA_1}")[0].dateline is None
    assert segment_page(f"خاص - {PARA_1}")[0].dateline is None
    assert segment_page(f"الخليل - {PARA_1}")[0].dateline == "الخليل"


def test_metadata_date_wins_and_is_never_today():
    [article] = segment_page(PARA_1, published=dt.date(2021, 5, 1))
    assert article.published == dt.date(2021, 5, 1) and article.published_from == "metadata"
    [undated] = segment_page(PARA_1)
    assert undated.published is None


def test_html_page_with_related_list(tmp_path):
    html = f"""<html><head><meta property="og:title" content="توقيف مهربين"></head><body>
    <article><p>القدس - {PARA_1}</p><p>{PARA_2}</p>
    <h3>مقالات ذات صلة</h3><ul><li><a href="/1">عنوان أول</a></li><li><a href="/2">عنوان ثان</a></li></ul>
    </article></body></html>"""
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    corpus = data_prep.build([tmp_path / "p.html"], out=tmp_path / "c")
    article = corpus["articles"].iloc[0]
    assert article["title"] == "توقيف مهربين" and article["dateline"] == "القدس"
    assert corpus["related"]["text"].tolist() == ["عنوان أول", "عنوان ثان"]


def test_marker_lines_are_recognised_through_diacritics_tatweel_and_odd_spaces():
    """Marker lines are read on the page's folded copy: diacritics, tatweel, a no-break space or a
    tab, on the marker line or on the lines around it, change nothing."""
    page = (f"{PARA_1.replace('الداخلية', 'الدَّاخِلِيَّة')}\n\tالمـصـدر:\u00a0وكالة الأنباء\n"
            "كَلِمَاتٌ\u00a0دلالية: الحدود، الوقود\n\nمقالات ذات صلة\n• عنوانٌ أول\n")
    [article] = segment_page(page)
    assert article.source == "وكالة الأنباء"
    assert article.tags == ["الحدود", "الوقود"]
    assert article.related == ["عنوانٌ أول"]
    assert article.text == PARA_1.replace("الداخلية", "الدَّاخِلِيَّة")
