from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.errors import ModelError, ModelUnavailable
from analyzer.translate.manage import convert_model, download_model, list_models


def test_list_models_covers_the_registry() -> None:
    rows = list_models()
    by_key = {(r["language"], r["quality"]): r for r in rows}
    assert by_key[("ar", "fast")]["model"] == "Helsinki-NLP/opus-mt-ar-en"
    assert by_key[("ar", "best")]["model"] == "Helsinki-NLP/opus-mt-tc-big-ar-en"
    assert by_key[("fa", "fast")]["low_quality"] is True
    assert by_key[("*", "fallback")]["model"] == "Helsinki-NLP/opus-mt-mul-en"
    assert all(r["cached"] is False for r in rows)  # an empty HF cache in tests
    assert {
        "language",
        "quality",
        "model",
        "revision",
        "low_quality",
        "scores",
        "release",
        "cached",
    } <= set(rows[0])


@pytest.mark.parametrize("language", ["ar", "Helsinki-NLP/opus-mt-ur-en"])
def test_download_offline_raises_with_a_hint(language: str) -> None:
    with pytest.raises(ModelUnavailable) as info:
        download_model(language)
    assert info.value.hint


@pytest.mark.parametrize("language", ["en", "und"])
def test_download_for_a_language_needing_no_model(language: str) -> None:
    with pytest.raises(ModelError):
        download_model(language)


def test_convert_refuses_a_non_empty_output(tiny_marian_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(ModelError):
        convert_model(str(tiny_marian_dir), tmp_path)


def test_convert_an_uncached_hub_model_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable):
        convert_model("Helsinki-NLP/opus-mt-ar-en", tmp_path / "out")
