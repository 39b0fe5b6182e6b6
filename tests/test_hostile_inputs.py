"""Hostile and broken inputs, generated here: the build never crashes, never writes outside its
output folder, and accounts for every input as articles or as an error row with a plain reason."""
from __future__ import annotations

import json
import os
import zipfile

import pytest

import data_prep

GOOD = ("الخرطوم - قالت منظمة الصحة العالمية إن الوضع الصحي في السودان يتدهور بسرعة، وأضافت أن "
        "المستشفيات في عدة ولايات خرجت عن الخدمة بسبب القتال ونقص الوقود والأدوية.")


def article(n: int) -> str:
    return f"{GOOD} وهذا التقرير رقم {n} من سلسلة تقارير ميدانية."


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A folder of every kind of bad input beside a few good ones; returns (folder, expectations)."""
    root = tmp_path_factory.mktemp("hostile")
    inputs = root / "inputs"
    inputs.mkdir()
    write = lambda name, data: (inputs / name).write_bytes(data)  # noqa: E731
    write("empty.txt", b"")
    write("spaces.txt", b" \n\t\r\n  ")
    write("binary.txt", os.urandom(2048).replace(b"\xef\xbb\xbf", b"") + b"\x00" * 64)
    write("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj")
    write("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write("truncated.json", json.dumps([{"text": article(1)}, {"text": article(2)}], ensure_ascii=False).encode()[:-30])
    write("mixed.json", json.dumps([{"text": article(3)}, {"title": "بلا نص"}, "سطر", None, {"body": article(4)}],
                                   ensure_ascii=False).encode())
    write("missing_columns.csv", f"title,text\nعنوان,{article(5)}\nفقط عنوان\n".encode())
    write("extra_columns.csv", f"text,title,a,b\n{article(6)},عنوان,1,2,3,4\n".encode())
    write("no_text_column.csv", "id,title\n1,عنوان\n".encode())
    write("cp1256_as_txt.txt", article(7).encode("cp1256"))
    write("latin1.txt", "Café résumé naïve - Zürich".encode("latin-1"))
    write("utf16_no_bom.txt", article(8).encode("utf-16-le"))
    write("line_endings.txt", (article(9) + "\r\n\r\n" + article(10) + "\r" + article(11) + "\n").encode())
    write("dup_a.txt", article(12).encode())
    write("dup_b.txt", article(12).encode())
    with zipfile.ZipFile(inputs / "slip.zip", "w") as archive:
        archive.writestr("../../escaped.txt", article(13))
        archive.writestr("/abs/escaped2.txt", article(14))
    with zipfile.ZipFile(inputs / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"\x00" * (60 * 1024 * 1024))
    loop = inputs / "loop"
    loop.mkdir()
    (loop / "self").symlink_to(loop, target_is_directory=True)
    (loop / "inside.txt").write_bytes(article(15).encode())
    return root, inputs


@pytest.fixture(scope="module")
def built(hostile):
    root, inputs = hostile
    corpus = data_prep.build([inputs], out=root / "out" / "corpus")
    return root, inputs, corpus


def reason_of(corpus, suffix: str) -> str:
    errors = corpus["errors"]
    found = errors[errors["origin"].str.endswith(suffix)]
    assert len(found), f"no error row for {suffix}: {errors.to_dict('records')}"
    return " | ".join(found["reason"])


def test_every_bad_file_has_a_plain_reason(built):
    _, _, corpus = built
    assert reason_of(corpus, "empty.txt") == "the file is empty"
    assert reason_of(corpus, "spaces.txt") == "the file is empty"
    assert "binary" in reason_of(corpus, "binary.txt") or "not text" in reason_of(corpus, "binary.txt")
    assert "PDF" in reason_of(corpus, "report.pdf") or "'.pdf' files are not read" in reason_of(corpus, "report.pdf")
    assert "PNG" in reason_of(corpus, "photo.txt")
    assert reason_of(corpus, "truncated.json").startswith("not valid JSON")
    assert "no text column" in reason_of(corpus, "no_text_column.csv")
    assert "zip bomb" in reason_of(corpus, "bomb.zip!bomb.txt")
    assert "duplicate of an article already read from" in reason_of(corpus, "dup_b.txt")
    assert not corpus["errors"]["reason"].str.contains("Traceback|Error:", regex=True).any()


def test_readable_parts_of_broken_files_are_kept(built):
    _, inputs, corpus = built
    texts = set(corpus["articles"]["text"])
    for n in (3, 4, 5, 6, 7, 8, 12, 13, 14, 15):
        assert article(n) in texts, n
    mixed = corpus["errors"][corpus["errors"]["origin"].str.startswith(str(inputs / "mixed.json"))]
    assert len(mixed) == 3   # the object without text, the string, the null
    assert any("Café" in t for t in texts)  # Latin-1 read as text, not refused


def test_line_endings_are_unified_and_paragraphs_kept(built):
    _, _, corpus = built
    [text] = [t for t in corpus["articles"]["text"] if article(9) in t]
    assert "\r" not in text and text.count("\n") >= 2


def test_nothing_is_written_outside_the_output_folder(built):
    root, inputs, _ = built
    assert sorted(p.name for p in root.iterdir()) == ["inputs", "out"]
    assert sorted(p.name for p in (root / "out").iterdir()) == ["corpus"]
    assert not list(root.rglob("escaped*.txt"))


def test_counts_add_up(built):
    _, inputs, corpus = built
    manifest = corpus.manifest
    assert manifest["files"] == manifest["files_with_articles"] + manifest["files_without_articles"]
    inputs_seen = manifest["inputs"]
    assert manifest["records"] == sum(i["records"] for i in inputs_seen)
    assert sum(i["records_with_articles"] for i in inputs_seen) + sum(
        i["records"] - i["records_with_articles"] for i in inputs_seen) == manifest["records"]
    assert manifest["counts"]["articles"] == sum(len(i["articles"]) for i in inputs_seen)
    assert manifest["counts"]["errors"] == len(corpus["errors"])
    assert manifest["counts"]["articles"] == len(corpus["articles"]) == corpus["articles"]["article_id"].nunique()


def test_a_file_of_a_hundred_thousand_tiny_articles(tmp_path):
    lines = "\n".join(json.dumps({"text": f"خبر قصير رقم {n}."}, ensure_ascii=False) for n in range(100_000))
    (tmp_path / "tiny.jsonl").write_text(lines, encoding="utf-8")
    corpus = data_prep.build([tmp_path / "tiny.jsonl"], out=tmp_path / "corpus")
    assert len(corpus["articles"]) == 100_000
    assert corpus.manifest["records"] == 100_000


def test_a_fifty_megabyte_article_is_refused_with_a_reason_not_a_crash(tmp_path):
    paragraph = (GOOD + "\n").encode()
    (tmp_path / "huge.txt").write_bytes(paragraph * (50 * 2**20 // len(paragraph)))
    (tmp_path / "fine.txt").write_text(article(1), encoding="utf-8")
    corpus = data_prep.build([tmp_path], out=tmp_path / "corpus")
    assert "over the 2,000,000 limit" in reason_of(corpus, "huge.txt")
    assert corpus["articles"]["text"].tolist() == [article(1)]
