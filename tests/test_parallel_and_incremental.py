"""Worker processes, a Dask cluster and incremental rebuilds give the corpus a clean build gives."""
import json
import shutil

import pandas as pd
import pytest

import data_prep
from data_prep.frames import COLUMNS
from tests.conftest import SEED_FILE

PARAGRAPH = ("أعلنت وزارة الصحة في {place} يوم {day} {month} أن {n} أشخاص أصيبوا في حادث سير على الطريق "
             "الرئيسي، وقال المتحدث باسم الوزارة إن فرق الإسعاف نقلت المصابين إلى المستشفى القريب.")
PLACES = ["عمان", "بيروت", "الخرطوم", "صنعاء", "طرابلس", "بغداد"]
MONTHS = ["يناير", "مارس", "مايو", "يوليو", "سبتمبر", "نوفمبر"]


def write_inputs(folder, count):
    """A folder of varied inputs: a JSON export with many records, a JSONL feed, text pages, the seed."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [{"title": f"خبر رقم {i}", "text": PARAGRAPH.format(place=PLACES[i % 6], day=1 + i % 27, month=MONTHS[i % 6], n=2 + i),
                "date": f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}"} for i in range(count)]
    (folder / "export.json").write_text(json.dumps(records + [{"no": "text"}], ensure_ascii=False), encoding="utf-8")
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records[:7]) + "\n{bad\n", encoding="utf-8")
    shutil.copy(SEED_FILE, folder / "seed.txt")


def frames_of(corpus):
    """Every frame, rows in a canonical order (row order may differ between ways of building)."""
    out = {}
    for name in COLUMNS:
        frame = corpus[name].copy()
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
                frame[column] = frame[column].map(lambda v: tuple(v) if v is not None else None)
        out[name] = frame.sort_values(list(frame.columns)[:6] if name != "errors" else ["origin", "reason"]).reset_index(drop=True)
    return out


def assert_same_corpus(left, right):
    a, b = frames_of(left), frames_of(right)
    for name in COLUMNS:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    write_inputs(folder, 600)   # more entries than one slice, so the export spreads over workers
    return folder


@pytest.fixture(scope="module")
def clean(inputs, tmp_path_factory):
    return data_prep.build([inputs], out=tmp_path_factory.mktemp("clean") / "corpus")


def test_worker_processes_give_the_same_corpus(inputs, clean, tmp_path):
    parallel = data_prep.build([inputs], out=tmp_path / "corpus", workers=2)
    assert len(parallel["articles"]) == 2 + 600
    assert_same_corpus(parallel, clean)
    assert parallel["articles"]["article_id"].tolist() == clean["articles"]["article_id"].tolist()


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_same_corpus(inputs, clean, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = data_prep.build([inputs], out=tmp_path / "corpus", scheduler=cluster.scheduler_address)
    assert_same_corpus(on_dask, clean)


def test_rebuild_processes_only_new_or_changed_files_and_matches_a_clean_build(inputs, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(inputs, folder)
    out = tmp_path / "corpus"
    data_prep.build([folder], out=out)
    (folder / "later.txt").write_text(PARAGRAPH.format(place="غزة", day=3, month="يونيو", n=9), encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps({"text": PARAGRAPH.format(place="جنين", day=5, month="مايو", n=4)}, ensure_ascii=False) + "\n", encoding="utf-8")
    again = data_prep.build([folder], out=out)
    assert again.manifest["reused"] == 2          # export.json and seed.txt were not processed again
    assert_same_corpus(again, data_prep.build([folder], out=tmp_path / "fresh", incremental=False))
