"""Helpers shared by the reporters: the JSON shape of a document, the "best" paraphrase."""

from __future__ import annotations

import json
import math
from typing import Any, TextIO

from ..errors import OutputError
from ..records import DocumentResult, Paraphrase, PostResult, Rendering

__all__ = [
    "best_paraphrase",
    "best_rendering",
    "document_dict",
    "dumps",
    "error_dict",
    "GuardedOut",
    "post_label",
    "post_score",
    "run_version",
]


def run_version(signature: dict[str, Any]) -> str:
    """The package version named in a run's signature ("" when absent)."""
    return str(signature.get("analyze_posts") or signature.get("version") or "")


#: characters that str.splitlines() and some readers treat as line ends: escaped so that a
#: JSONL record is always exactly one line whoever splits it
_LINE_ENDS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def dumps(value: Any, *, indent: int | None = None) -> str:
    """Strict JSON text, UTF-8 kept as is (but for the Unicode line separators): values JSON
    cannot hold become strings, and NaN or infinite numbers become ``null``."""
    try:
        text = json.dumps(value, ensure_ascii=False, indent=indent, default=str, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(value), ensure_ascii=False, indent=indent, default=str)
    if "\x85" in text or "\u2028" in text or "\u2029" in text:  # rare: translate() is slow
        return text.translate(_LINE_ENDS)
    return text


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


class GuardedOut:
    """Wraps the output stream: a failed write (disk full, closed pipe) becomes
    :class:`OutputError`, while errors raised by the documents iterator pass unchanged."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        try:
            return self._out.write(text)
        except OSError as exc:
            raise OutputError(f"cannot write the report: {exc}") from exc

    def flush(self) -> None:
        try:
            self._out.flush()
        except OSError as exc:
            raise OutputError(f"cannot write the report: {exc}") from exc

    def isatty(self) -> bool:
        return bool(getattr(self._out, "isatty", lambda: False)())


def error_dict(error: Any) -> dict[str, Any]:
    d: dict[str, Any] = error.as_dict()
    return d


def document_dict(doc: DocumentResult) -> dict[str, Any]:
    """One document in the JSON contract's shape (key order fixed)."""
    return {
        "source": doc.source,
        "id": doc.id,
        "url": doc.url,
        "title": doc.title,
        "posts": [p.as_dict() for p in doc.posts],
        "errors": [error_dict(e) for e in doc.errors],
    }


def best_paraphrase(result: PostResult) -> Paraphrase | None:
    """The paraphrase with the highest fidelity score (the match score breaks ties and
    ranks paraphrases that were not scored)."""
    if not result.paraphrases:
        return None
    return max(
        result.paraphrases,
        key=lambda p: (p.fidelity is not None, p.fidelity.score if p.fidelity else 0.0, p.score),
    )


def best_rendering(result: PostResult) -> Rendering | None:
    if not result.renderings:
        return None
    return max(
        result.renderings,
        key=lambda r: (r.fidelity is not None, r.fidelity.score if r.fidelity else 0.0),
    )


def post_label(result: PostResult) -> str | None:
    """The fidelity label of a post's best paraphrase (else of its best rendering)."""
    for item in (best_paraphrase(result), best_rendering(result)):
        if item is not None and item.fidelity is not None:
            return item.fidelity.label
    return None


def post_score(result: PostResult) -> float | None:
    for item in (best_paraphrase(result), best_rendering(result)):
        if item is not None and item.fidelity is not None:
            return item.fidelity.score
    return None
