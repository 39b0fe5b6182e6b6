"""The command line, run as a user runs it."""
import subprocess
import sys

from tests.conftest import ROOT, SEED_FILE


def run(*args):
    return subprocess.run([sys.executable, "-m", "data_prep", *args], capture_output=True, text=True, cwd=ROOT)


def test_build_prints_a_summary_and_the_one_line_account(tmp_path):
    result = run("build", str(SEED_FILE), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    assert "files read: 2 (1 with articles, 1 without), records: 1, articles: 2, errors: 1" in result.stdout
    assert "related" in result.stdout and "10" in result.stdout
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "c" / "articles.parquet").exists()


def test_build_fails_only_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "c"), "--quiet")
    assert result.returncode == 1
    assert "articles: 0, errors: 1" in result.stdout


def test_help_documents_every_option():
    result = run("build", "--help")
    assert result.returncode == 0
    for option in ("--out", "--workers", "--scheduler", "--full", "--quiet", "--show-errors", "PATH"):
        assert option in result.stdout


def test_info_prints_counts_of_a_built_corpus(tmp_path):
    run("build", str(SEED_FILE), "--out", str(tmp_path / "c"), "--quiet")
    result = run("info", str(tmp_path / "c"))
    assert result.returncode == 0
    assert "articles" in result.stdout and "sentences" in result.stdout
    assert run("info", str(tmp_path)).returncode == 2
