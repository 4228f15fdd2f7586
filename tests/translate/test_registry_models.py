from __future__ import annotations

import pytest

from analyzer.models import load_registry
from analyzer.translate.registry import normalize_language, registry, route


@pytest.mark.parametrize(
    ("code", "quality", "kind", "model", "low"),
    [
        ("en", "fast", "identity", None, False),
        ("EN", "fast", "identity", None, False),
        ("und", "fast", "skip", None, False),
        ("", "fast", "skip", None, False),
        ("ar", "fast", "model", "Helsinki-NLP/opus-mt-ar-en", False),
        ("ar", "best", "model", "Helsinki-NLP/opus-mt-tc-big-ar-en", False),
        ("arz", "fast", "model", "Helsinki-NLP/opus-mt-ar-en", False),
        ("ur", "best", "model", "Helsinki-NLP/opus-mt-ur-en", False),
        ("fa", "fast", "model", "Helsinki-NLP/opus-mt-mul-en", True),
        ("ps", "fast", "model", "Helsinki-NLP/opus-mt-mul-en", True),
        ("sw", "fast", "model", "Helsinki-NLP/opus-mt-mul-en", True),
        ("zh-cn", "fast", "model", "Helsinki-NLP/opus-mt-zh-en", False),
    ],
)
def test_route(code: str, quality: str, kind: str, model: str | None, low: bool) -> None:
    decision = route(code, quality=quality)
    assert decision.kind == kind
    if model is None:
        assert decision.spec is None
    else:
        assert decision.spec is not None
        assert decision.spec.model == model
        assert decision.spec.low_quality is low


def test_model_override_applies_to_every_non_english_language(tmp_path) -> None:
    for code in ("ar", "fa", "xx"):
        decision = route(code, model=str(tmp_path))
        assert decision.spec is not None and decision.spec.model == str(tmp_path)
    assert route("en", model=str(tmp_path)).kind == "identity"


def test_registry_entries_are_complete() -> None:
    data = load_registry()
    assert data == registry()
    entries = [e for q in data["languages"].values() for e in q.values()] + [data["fallback"]]
    for entry in entries:
        assert entry["model"].startswith("Helsinki-NLP/opus-mt-")
        assert entry["backend"] == "marian"
        assert "revision" in entry and isinstance(entry.get("scores", {}), dict)
    for code, entries_by_quality in data["languages"].items():
        assert "fast" in entries_by_quality, code
    for alias, target in data["aliases"].items():
        assert target in data["languages"], alias
    assert normalize_language("ar-EG") == "ar"
