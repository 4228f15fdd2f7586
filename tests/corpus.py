"""Digests of the evaluation corpora, so that a changed corpus is noticed (a gate's floors
mean something only on the corpus they were measured on)."""

from __future__ import annotations

import hashlib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def corpus_digest(folder: Path) -> str:
    """SHA-256 over every file under ``folder`` (relative path and bytes, in sorted order),
    first 16 hex digits. Files named ``baseline.json`` (the floors) are left out."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name == "baseline.json" or "__pycache__" in path.parts:
            continue
        h.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:16]
