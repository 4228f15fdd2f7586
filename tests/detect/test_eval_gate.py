"""Quality gate: the default detector's accuracy on the project's labelled cases may not fall
below the floors pinned in ``tests/data/eval/langid/baseline.json``."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from analyzer.detect import detect_texts

DATA = Path(__file__).resolve().parents[1] / "data" / "eval" / "langid"
BASELINE = json.loads((DATA / "baseline.json").read_text(encoding="utf-8"))


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")[1:]  # "\n" only: see SOURCE.md
    return [line.split("\t") for line in lines if line]


@pytest.mark.parametrize(("name", "size"), [("posts", 90), ("posts-2", 60)])
def test_held_out_posts(name: str, size: int) -> None:
    rows = _rows(f"{name}.tsv")
    assert len(rows) >= size
    found = [d.code for d in detect_texts((text for _, text in rows), BASELINE["detector"])]
    misses = [(code, got, text) for (code, text), got in zip(rows, found, strict=False) if got != code]
    accuracy = 1 - len(misses) / len(rows)
    assert accuracy >= BASELINE[name], misses


@pytest.mark.parametrize("kind", ["sentences", "word-pairs", "single-words"])
def test_benchmark_sample(kind: str) -> None:
    rows = [(code, text) for k, code, text in _rows("benchmark_sample.tsv") if k == kind]
    found = [d.code for d in detect_texts((text for _, text in rows), BASELINE["detector"])]
    per_lang: dict[str, list[bool]] = defaultdict(list)
    for (code, _), got in zip(rows, found, strict=False):
        per_lang[code].append(got == code)
    assert len(per_lang) == 12
    mean = sum(sum(v) / len(v) for v in per_lang.values()) / len(per_lang)
    assert mean >= BASELINE["benchmark_sample"][kind]
