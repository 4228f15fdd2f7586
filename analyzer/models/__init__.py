"""The translation model registry, as packaged data (``registry.json``).

Only the path and a JSON loader live here; the logic that reads the registry is
:mod:`analyzer.translate.registry`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["REGISTRY_PATH", "load_registry"]

REGISTRY_PATH = Path(__file__).resolve().parent / "registry.json"


def load_registry(path: Path | None = None) -> dict[str, Any]:
    """The registry as a dict (``registry.json`` beside this file unless ``path`` is given)."""
    data: dict[str, Any] = json.loads((path or REGISTRY_PATH).read_text(encoding="utf-8"))
    return data
