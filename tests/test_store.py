"""The corpus on disk: every frame written, ids from content, rebuild detection, atomic replace."""
import json
import shutil

import pandas as pd
import pytest

import data_prep
from data_prep.frames import COLUMNS
from tests.conftest import SEED_FILE


def test_build_writes_every_frame_with_its_columns_and_a_manifest(tmp_path):
    corpus = data_prep.build([SEED_FILE.parent], out=tmp_path / "corpus")
    for name, columns in COLUMNS.items():
        frame = pd.read_parquet(tmp_path / "corpus" / f"{name}.parquet")
        assert frame.columns.tolist() == columns
    manifest = json.loads((tmp_path / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["articles"] == 2 and manifest["counts"]["related"] == 10
    assert manifest["inputs"][0]["origin"].endswith(SEED_FILE.name)
    assert manifest["version"] and manifest["seconds"] >= 0
    reloaded = data_prep.load(tmp_path / "corpus")
    pd.testing.assert_frame_equal(reloaded["articles"], corpus["articles"])


def test_offsets_of_every_span_frame_point_into_the_article_text(tmp_path):
    corpus = data_prep.build([SEED_FILE], out=tmp_path / "c")
    texts = corpus["articles"].set_index("article_id")["text"]
    for name in ("sentences", "mentions", "dates", "figures"):
        for row in corpus[name].itertuples():
            text = texts[row.article_id]
            assert 0 <= row.start < row.end <= len(text)
            assert text[row.start:row.end] == row.text


def test_ids_derive_from_content_not_from_order_or_path(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two" / "nested"
    one.mkdir()
    two.mkdir(parents=True)
    shutil.copy(SEED_FILE, one / "b.txt")
    (one / "a.txt").write_text("خبر قصير عن الطقس في عمان اليوم.", encoding="utf-8")
    shutil.copy(SEED_FILE, two / "z_renamed.txt")
    first = data_prep.build([one], out=tmp_path / "c1")["articles"]
    second = data_prep.build([two, one / "a.txt"], out=tmp_path / "c2")["articles"]
    assert sorted(first["article_id"]) == sorted(second["article_id"])
    again = data_prep.build([one], out=tmp_path / "c1")["sentences"]
    assert again.equals(data_prep.load(tmp_path / "c1")["sentences"])


def test_duplicate_articles_are_kept_once_and_reported(tmp_path):
    shutil.copy(SEED_FILE, tmp_path / "a.txt")
    shutil.copy(SEED_FILE, tmp_path / "b.txt")
    corpus = data_prep.build([tmp_path], out=tmp_path / "c")
    assert len(corpus["articles"]) == 2
    assert len(corpus["errors"]) == 2
    assert all("duplicate of an article already read from" in r for r in corpus["errors"]["reason"])
    assert corpus["sentences"].duplicated(["article_id", "sentence_id"]).sum() == 0


def test_is_current_follows_inputs_and_version(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED_FILE, inputs / "seed.txt")
    out = tmp_path / "corpus"
    assert not data_prep.is_current(out, [inputs])
    data_prep.build([inputs], out=out)
    assert data_prep.is_current(out, [inputs])
    (inputs / "new.txt").write_text("خبر جديد عن افتتاح مدرسة في الخليل.", encoding="utf-8")
    assert not data_prep.is_current(out, [inputs])
    data_prep.build([inputs], out=out)
    assert data_prep.is_current(out, [inputs])
    monkeypatch.setattr("data_prep.pipeline.pipeline_version", lambda: "another")
    assert not data_prep.is_current(out, [inputs])


def test_failed_build_leaves_the_previous_corpus_intact(tmp_path, monkeypatch):
    out = tmp_path / "corpus"
    data_prep.build([SEED_FILE], out=out)
    before = (out / "articles.parquet").read_bytes()

    def explode(*args, **kwargs):
        raise RuntimeError("killed midway")

    monkeypatch.setattr("data_prep.pipeline.entity_table", explode)
    with pytest.raises(RuntimeError):
        data_prep.build([SEED_FILE, tmp_path], out=out)
    assert (out / "articles.parquet").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".corpus")] == []


def test_load_of_a_folder_that_is_not_a_corpus_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a corpus folder"):
        data_prep.load(tmp_path)


def test_a_killed_build_leaves_no_partial_corpus_and_a_rerun_completes(tmp_path):
    """SIGKILL a real build process midway; the next build gives the same corpus as a clean one."""
    import json as _json
    import signal
    import subprocess
    import sys
    import time

    inputs = tmp_path / "in"
    inputs.mkdir()
    body = open(SEED_FILE, encoding="utf-8").read()
    for n in range(120):   # enough work to be killed in the middle of it
        (inputs / f"page-{n:02d}.txt").write_text(body.replace("52 ألف", f"{n + 10} ألف"), encoding="utf-8")
    out = tmp_path / "corpus"
    build = subprocess.Popen([sys.executable, "-m", "data_prep", "build", str(inputs), "--out", str(out), "--quiet"],
                             cwd=SEED_FILE.parents[1], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".corpus.building") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert not out.exists()                     # nothing half-written where the corpus goes
    corpus = data_prep.build([inputs], out=out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".corpus")] == []  # the killed build's folder is gone
    clean = data_prep.build([inputs], out=tmp_path / "clean", incremental=False)
    for name in COLUMNS:
        assert len(corpus[name]) == len(clean[name]), name
    assert sorted(corpus["articles"]["article_id"]) == sorted(clean["articles"]["article_id"])
    assert _json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]["articles"] == 121
