"""Quality gate on real article pages (each corpus under tests/data/real-pages, see its SOURCE.md): embedded
posts (precision, recall, F1), the language of text-bearing embeds, and the posts quoted in
prose (precision, recall, speaker accuracy), against the floors pinned in ``baseline.json``.

Lowering a floor is a deliberate, reviewed change: edit baseline.json in the same commit that
explains why. ``python scripts/eval_real_pages.py`` prints what is missed.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from .real_pages import DEV, HELD_OUT, REAL_PAGES, Score, evaluate

METRICS = ("precision", "recall", "f1", "language", "quote_precision", "quote_recall",
           "speaker_accuracy")  # fmt: skip


def _corpora() -> list[Path]:
    return sorted(p.parent for p in REAL_PAGES.rglob("baseline.json"))


@pytest.fixture(scope="module", params=_corpora(), ids=lambda p: p.relative_to(REAL_PAGES.parent).as_posix())
def scored(request: pytest.FixtureRequest) -> tuple[Path, Score, list[str]]:
    folder: Path = request.param
    failures: list[str] = []

    class _Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.exc_info:  # a reader that raised is a bug, not an odd page
                failures.append(self.format(record))

    handler = _Catch(level=logging.DEBUG)
    logger = logging.getLogger("analyzer.extract")
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        score = evaluate(folder)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    return folder, score, failures


def test_the_gate_has_its_corpora() -> None:
    assert {DEV, HELD_OUT} <= set(_corpora())


@pytest.mark.parametrize("metric", METRICS)
def test_metric_is_above_its_floor(scored: tuple[Path, Score, list[str]], metric: str) -> None:
    folder, score, _ = scored
    floors = json.loads((folder / "baseline.json").read_text(encoding="utf-8"))["floors"]
    assert score.metrics()[metric] >= floors[metric], (
        metric,
        score.summary(),
        "\n".join(score.misses[:40]),
    )


def test_no_reader_raised(scored: tuple[Path, Score, list[str]]) -> None:
    _, _, failures = scored
    assert failures == []
