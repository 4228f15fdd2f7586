from __future__ import annotations

import pytest

from analyzer.models import load_registry
from analyzer.translate.registry import normalize_language, route


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


def test_the_registry_is_package_data_inside_analyzer() -> None:
    from importlib import resources

    import analyzer.models

    shipped = resources.files("analyzer.models").joinpath("registry.json")
    assert shipped.is_file()
    assert analyzer.models.REGISTRY_PATH.parent.name == "models"
    assert analyzer.models.REGISTRY_PATH.parent.parent.name == "analyzer"


def test_registry_entries_are_complete() -> None:
    data = load_registry()
    assert set(data) >= {"identity", "skip", "aliases", "languages", "fallback"}
    assert "en" in data["identity"] and "und" in data["skip"]
    for alias, code in data["aliases"].items():
        assert code in data["languages"] or code in data["identity"], alias
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
