"""Durable runs: a real ``analyze-posts`` process killed with SIGKILL at a random point, then
``--resume``: every document exactly once, nothing redone that was saved; and the translation
cache passes SQLite's ``integrity_check`` after a kill mid-translation."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_WORDS = "الحكومة قالت إن المحادثات ستستمر الأسبوع المقبل في العاصمة مع الوفد".split()


def _dump(path: Path, count: int) -> list[str]:
    """``count`` articles, each embedding one Arabic tweet; every third has no post."""
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            doc_id = f"doc-{n:05d}"
            ids.append(doc_id)
            tweet = " ".join(_WORDS[(n + i) % len(_WORDS)] for i in range(8)) + f" {n}"
            embed = (
                f'<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">{tweet}</p>&mdash; Ministry'
                f' (@ministry_{n % 50}) <a href="https://twitter.com/ministry_{n % 50}/status/{10**18 + n}">'
                "May 1, 2024</a></blockquote>"
            )
            html = (
                "<html><body><article><p>The ministry wrote on Twitter that the talks would go on.</p>"
                f"{embed if n % 3 else ''}</article></body></html>"
            )
            out.write(json.dumps({"id": doc_id, "html": html}, ensure_ascii=False) + "\n")
    return ids


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "ANALYZE_POSTS_CACHE_DIR": str(home / "cache")}


def _command(dump: Path, out: Path, *extra: str, verbose: bool = False) -> list[str]:
    loud = ["-v"] if verbose else []
    return [sys.executable, "-m", "analyzer", *loud, "analyze", str(dump), "-f", "jsonl", "-o", str(out),
            "-q", *extra]


def _saved(progress: Path) -> int:
    try:
        return int(json.loads(progress.read_text(encoding="utf-8"))["documents"])
    except (OSError, ValueError, KeyError):
        return 0


def _kill_after(proc: subprocess.Popen[bytes], ready: object, delay: float, limit: float = 120) -> None:
    """SIGKILL ``proc`` ``delay`` seconds after ``ready()`` first holds."""
    deadline = time.monotonic() + limit
    while not ready():  # type: ignore[operator]
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "the run never got going"
        time.sleep(0.02)
    time.sleep(delay)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def _ids(out: Path) -> Counter[str]:
    lines = out.read_text(encoding="utf-8").splitlines()
    docs: Counter[str] = Counter()
    seen = set()
    for line in lines:
        row = json.loads(line)  # a cut line would fail here
        key = (row["id"], row["record"], row["index"])
        assert key not in seen, f"duplicated line {key}"
        seen.add(key)
        if row["index"] in (0, None):  # one line per document opens it
            docs[row["id"]] += 1
    return docs


def test_a_run_killed_at_a_random_point_resumes_with_every_document_once(tmp_path: Path) -> None:
    ids = _dump(tmp_path / "dump.jsonl", 5000)
    out = tmp_path / "out.jsonl"
    progress = out.with_name(out.name + ".progress.json")
    flags = ("--no-translate", "--no-embeddings", "--window", "100")
    delay = random.Random().uniform(0.0, 1.5)

    proc = subprocess.Popen(_command(tmp_path / "dump.jsonl", out, *flags), env=_env(tmp_path),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _kill_after(proc, lambda: _saved(progress) >= 100, delay)
    saved = _saved(progress)
    assert 100 <= saved < 5000 and saved % 100 == 0, (saved, delay)

    resumed = subprocess.run(_command(tmp_path / "dump.jsonl", out, *flags, "--resume", verbose=True),
                             env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert f"after {saved} documents" in resumed.stderr
    docs = _ids(out)
    assert sorted(docs) == ids and set(docs.values()) == {1}, f"killed after {delay:.2f} s"

    again = subprocess.run(_command(tmp_path / "dump.jsonl", out, *flags, "--resume"),
                           env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "is complete (5,000 documents)" in again.stderr


def test_resume_with_other_settings_is_refused(tmp_path: Path) -> None:
    _dump(tmp_path / "dump.jsonl", 20)
    out = tmp_path / "out.jsonl"
    first = subprocess.run(_command(tmp_path / "dump.jsonl", out, "--no-translate", "--no-embeddings"),
                           env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    other = subprocess.run(_command(tmp_path / "dump.jsonl", out, "--no-translate", "--resume"),
                           env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert other.returncode == 2 and "other inputs or settings" in other.stderr
    assert other.stderr.count("\n") == 1


def _rows(cache: Path) -> int:
    if not cache.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM translations").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_the_translation_cache_survives_a_kill_mid_translation(tmp_path: Path, tiny_marian_dir: Path) -> None:
    _dump(tmp_path / "dump.jsonl", 300)
    cache = tmp_path / "cache" / "translations.sqlite3"
    flags = ("--model", str(tiny_marian_dir), "--no-embeddings", "--window", "10")
    proc = subprocess.Popen(_command(tmp_path / "dump.jsonl", tmp_path / "out.jsonl", *flags),
                            env=_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_after(proc, lambda: _rows(cache) > 0, random.Random().uniform(0.0, 1.0))

    with sqlite3.connect(cache) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        kept = conn.execute("SELECT count(*) FROM translations").fetchone()[0]
    assert kept > 0

    resumed = subprocess.run(_command(tmp_path / "dump.jsonl", tmp_path / "out.jsonl", *flags, "--resume"),
                             env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    with sqlite3.connect(cache) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
