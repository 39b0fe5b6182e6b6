"""Ingest: every format and encoding, from files the tests write, read through the real build."""
import json
import zipfile

import pytest

import data_prep

BODY = ("غزة - قالت وزارة الصحة في غزة إن عدد الضحايا ارتفع، وأضافت أن فرق الإنقاذ ما زالت تعمل "
        "في المناطق الشمالية من القطاع منذ ساعات الصباح الأولى.")
OTHER = ("بيروت - أعلن الجيش اللبناني أنه نشر وحدات إضافية على الحدود الجنوبية، وقال مصدر عسكري "
         "إن الانتشار يهدف إلى حماية القرى الحدودية من القصف.")


def build(tmp_path, *paths):
    return data_prep.build(list(paths), out=tmp_path / "corpus")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_text_file_in_each_encoding_is_decoded(tmp_path, encoding):
    path = tmp_path / "article.txt"
    path.write_bytes(BODY.encode(encoding))
    corpus = build(tmp_path, path)
    assert corpus["articles"]["text"].tolist() == [BODY]
    assert corpus["errors"].empty


def test_utf16_big_endian_with_bom(tmp_path):
    path = tmp_path / "be.txt"
    path.write_bytes("\ufeff".encode("utf-16-be") + BODY.encode("utf-16-be"))
    assert build(tmp_path, path)["articles"]["text"].tolist() == [BODY]


def test_html_keeps_the_article_and_drops_scripts_and_navigation(tmp_path):
    page = f"""<!doctype html><html><head><title>الموقع | خبر</title>
    <meta property="og:title" content="وزارة الصحة: ارتفاع عدد الضحايا">
    <meta property="article:published_time" content="2024-03-05T09:30:00+02:00">
    <script>var ads = "إعلان";</script><style>p {{color: red}}</style></head>
    <body><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav>
    <article><h1>وزارة الصحة: ارتفاع عدد الضحايا</h1><p>{BODY}</p><p>{OTHER}</p></article>
    <footer>جميع الحقوق محفوظة</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    article = build(tmp_path, path)["articles"].iloc[0]
    assert article["title"] == "وزارة الصحة: ارتفاع عدد الضحايا"
    assert str(article["published"]) == "2024-03-05"
    assert article["published_from"] == "metadata"
    assert BODY in article["text"] and OTHER in article["text"]
    for junk in ("إعلان", "الرئيسية", "جميع الحقوق", "color"):
        assert junk not in article["text"]


def test_json_object_list_and_container(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"headline": "خبر أول", "body": BODY, "date": "2024-01-02"}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([{"title": "خبر ثان", "content": OTHER, "source": "الأناضول"}, 7], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [{"النص": BODY + " وأكثر", "العنوان": "خبر ثالث"}]}, ensure_ascii=False), encoding="utf-8")
    corpus = build(tmp_path, tmp_path)
    articles = corpus["articles"].set_index("title")
    assert set(articles.index) == {"خبر أول", "خبر ثان", "خبر ثالث"}
    assert str(articles.loc["خبر أول", "published"]) == "2024-01-02"
    assert articles.loc["خبر ثان", "source"] == "الأناضول"
    errors = corpus["errors"]
    assert errors["origin"].tolist() == [str(tmp_path / "many.json") + "#record 2"]
    assert "not an article object" in errors["reason"].iloc[0]


def test_jsonl_reports_bad_lines_and_keeps_the_good_ones(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": BODY}, ensure_ascii=False) + "\n{not json\n\n" + json.dumps({"text": OTHER}, ensure_ascii=False) + "\n", encoding="utf-8")
    corpus = build(tmp_path, path)
    assert len(corpus["articles"]) == 2
    assert corpus["errors"]["origin"].tolist() == [f"{path}#line 2"]
    assert "not valid JSON" in corpus["errors"]["reason"].iloc[0]


def test_csv_with_recognised_columns_and_semicolons(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(f'title;body;published;url\n"خبر";"{BODY}";20/12/2023;http://example.org/a\n"خبر آخر";"{OTHER}";;\n', encoding="utf-8")
    articles = build(tmp_path, path)["articles"]
    assert articles["title"].tolist() == ["خبر", "خبر آخر"]
    assert str(articles["published"].iloc[0]) == "2023-12-20"
    assert articles["url"].iloc[0] == "http://example.org/a"


def test_csv_without_a_text_column_is_an_error_naming_the_columns(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,headline_only\n1,خبر\n", encoding="utf-8")
    corpus = build(tmp_path, path)
    assert corpus["articles"].empty
    assert "no text column" in corpus["errors"]["reason"].iloc[0]
    assert "headline_only" in corpus["errors"]["reason"].iloc[0]


def test_zip_and_nested_folders(tmp_path):
    folder = tmp_path / "in" / "deep" / "er"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(BODY, encoding="utf-8")
    archive = tmp_path / "in" / "batch.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("x/b.txt", OTHER.encode("cp1256"))
        z.writestr("x/notes.docx", b"PK..")
    corpus = build(tmp_path, tmp_path / "in")
    assert sorted(corpus["articles"]["text"]) == sorted([BODY, OTHER])
    origins = corpus["articles"]["origin"].tolist()
    assert f"{archive}!x/b.txt" in origins
    assert corpus["errors"]["origin"].tolist() == [f"{archive}!x/notes.docx"]
    assert "not read" in corpus["errors"]["reason"].iloc[0]


def test_bad_inputs_become_error_rows_with_plain_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t ", encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    (tmp_path / "broken.json").write_text('{"text": "نص', encoding="utf-8")
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    corpus = build(tmp_path, tmp_path, tmp_path / "missing.txt")
    reasons = dict(zip(corpus["errors"]["origin"], corpus["errors"]["reason"]))
    assert reasons[str(tmp_path / "empty.txt")] == "the file is empty"
    assert reasons[str(tmp_path / "blank.txt")] == "the file is empty"
    assert "PDF" in reasons[str(tmp_path / "scan.txt")]
    assert reasons[str(tmp_path / "broken.json")].startswith("not valid JSON")
    assert reasons[str(tmp_path / "missing.txt")] == "no such file or folder"
    assert not any("Traceback" in r for r in reasons.values())
    assert len(corpus["articles"]) == 1
