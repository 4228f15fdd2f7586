"""Shared set-up for Hugging Face libraries (imported only by stages that load models)."""

from __future__ import annotations

__all__ = ["quiet_progress_bars"]


def quiet_progress_bars() -> None:
    """The library never prints: turn off the progress bars transformers and the hub draw
    on stderr while loading weights (their log messages still go through logging)."""
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    except ImportError:  # pragma: no cover - transformers is a dependency
        pass
    try:
        from huggingface_hub.utils import disable_progress_bars  # type: ignore[attr-defined]

        disable_progress_bars()
    except ImportError:  # pragma: no cover
        pass
