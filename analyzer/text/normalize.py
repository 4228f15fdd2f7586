"""Small text helpers shared by the stages (no heavy imports)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["post_key", "normalize_space"]

_WS = re.compile(r"\s+")
_URL = re.compile(r"(?:https?://|pic\.(?:twitter|x)\.com/|t\.co/)\S+", re.I)


def normalize_space(text: str) -> str:
    return _WS.sub(" ", text).strip()


def post_key(text: str) -> str:
    """Key under which identical post texts are grouped (translation dedupe, renderings):
    NFKC, case-folded, URLs and media links dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _URL.sub(" ", text)
    return normalize_space(text).casefold()
