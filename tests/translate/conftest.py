from __future__ import annotations

from pathlib import Path

import pytest
from tiny_model import build_tiny_marian  # tests/ is on sys.path (rootdir conftest)


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random MarianMT checkpoint in the hub opus-mt layout (built once per session)."""
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian") / "opus-mt-tiny-ar-en")


@pytest.fixture(scope="package", autouse=True)
def _one_thread():
    """Tiny models decode far faster on one thread, above all on a busy machine."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
