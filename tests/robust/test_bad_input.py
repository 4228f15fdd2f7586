"""The bad-input corpus (tests/robust/badinput.py), run in a process of its own so that its
peak RSS is measured, then each case checked: one error record naming the file (or, for the
cases that are good input in disguise, a clean read), within seconds, and the good article
beside it still analysed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from analyzer.config import load_settings
from analyzer.ingest import iter_articles
from analyzer.records import Article

from .badinput import ARTICLE, CASES, Case

ROOT = Path(__file__).resolve().parents[2]
#: a case must be done within this many seconds (the bombs took minutes, or never ended)
SECONDS = 15.0
#: the whole corpus in one process stays under this peak RSS
PEAK_RSS_MB = 600.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("bad-input")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("badinput.py")), str(root / "cases")],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_corpus_stays_within_the_memory_bound(corpus: dict[str, Any]) -> None:
    assert corpus["peak_rss_mb"] < PEAK_RSS_MB
    assert set(corpus["cases"]) == {case.name for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_bad_input_is_one_error_record_and_the_run_goes_on(corpus: dict[str, Any], case: Case) -> None:
    got = corpus["cases"][case.name]
    assert got["seconds"] < SECONDS
    records = got["records"]
    mine = [r for r in records if r["source"] == got["file"]]
    good = [r for r in records if r["source"].endswith("zz-good.html")]
    assert len(mine) + len(good) == len(records) and mine
    assert good and good[0]["posts"] == 1 and not good[0]["errors"]
    failed = [r for r in mine if r["errors"]]
    if case.error:
        assert len(failed) == 1, failed
        [error] = failed[0]["errors"]
        assert error["stage"] == "ingest" and error["message"] and "\n" not in error["message"]
        assert failed[0]["id"]  # the record names the document
    else:
        assert not failed, failed


@pytest.mark.parametrize("case", [c for c in CASES if c.text], ids=lambda c: c.name)
def test_wide_encodings_without_a_bom_are_read_as_text(tmp_path: Path, case: Case) -> None:
    path = case.build(tmp_path)
    [doc] = iter_articles([str(path)], load_settings())
    assert isinstance(doc, Article) and doc.text.strip() == ARTICLE
