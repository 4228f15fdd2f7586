from __future__ import annotations

import pytest


@pytest.fixture(scope="package", autouse=True)
def _one_thread():
    """Tiny models decode far faster on one thread, above all on a busy machine."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
