"""Library side of ``analyze-posts models list|download|convert``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..errors import ModelError, ModelUnavailable
from .loading import (
    _cached_snapshot,
    check_marian_dir,
    download_snapshot,
    hint_for,
    hub_offline,
    resolve_checkpoint,
)
from .registry import ModelSpec, normalize_language, registry, route, spec_for_model

__all__ = ["list_models", "download_model", "convert_model"]

log = logging.getLogger(__name__)


def list_models() -> list[dict[str, Any]]:
    """One row per registry entry: ``language``, ``quality``, ``model``, ``revision``,
    ``low_quality``, ``scores`` (published), ``release``, ``cached`` (in the HF cache here)."""
    data = registry()
    rows: list[dict[str, Any]] = []
    entries = [
        (code, quality, entry)
        for code, qualities in data["languages"].items()
        for quality, entry in qualities.items()
    ]
    entries.append(("*", "fallback", data["fallback"]))
    for code, quality, entry in entries:
        rows.append(
            {
                "language": code,
                "quality": quality,
                "model": entry["model"],
                "revision": entry.get("revision"),
                "low_quality": bool(entry.get("low_quality", False)),
                "scores": entry.get("scores", {}),
                "release": entry.get("release", ""),
                "cached": _cached_snapshot(entry["model"], entry.get("revision")) is not None,
            }
        )
    return rows


def download_model(language: str, quality: str = "fast", revision: str | None = None) -> Path:
    """Download the registry's checkpoint for ``language`` (or a hub id given as ``language``)
    into the Hugging Face cache; returns its folder. Raises :class:`ModelUnavailable` (with a
    hint) when offline or the download fails, :class:`ModelError` for English/undetermined."""
    if "/" in language:
        spec = spec_for_model(language)
    else:
        decision = route(language, quality=quality)
        if decision.spec is None:
            raise ModelError(
                f"no translation model is needed for language {normalize_language(language)!r}"
            )
        spec = decision.spec
    model_revision = revision or spec.revision
    cached = _cached_snapshot(spec.model, model_revision)
    if cached is not None:
        return cached
    if hub_offline():
        raise ModelUnavailable(
            f"cannot download {spec.model}: HF_HUB_OFFLINE is set",
            "unset HF_HUB_OFFLINE on a networked machine, or copy the Hugging Face cache here",
        )
    try:
        path = download_snapshot(spec.model, model_revision)
    except Exception as exc:
        raise ModelUnavailable(f"cannot download {spec.model}: {exc}", hint_for(spec)) from exc
    check_marian_dir(path)
    return path


def convert_model(model: str, output_dir: Path, quantization: str = "int8") -> Path:
    """Convert ``model`` (hub id, cached or downloadable, or a local folder) to a CTranslate2
    folder usable with ``--model OUTPUT_DIR --backend ctranslate2``; the SentencePiece and
    vocabulary files are copied beside ``model.bin``. ``quantization``: int8, int8_float16,
    int8_bfloat16, int16, float16, bfloat16, float32."""
    from .engines import convert_checkpoint

    spec = ModelSpec(model) if Path(model).expanduser().is_dir() else spec_for_model(model)
    checkpoint = resolve_checkpoint(spec)
    if (checkpoint.path / "model.bin").exists():
        raise ModelError(f"{model} is already a CTranslate2 folder")
    output_dir = Path(output_dir)
    if output_dir.exists() and any(output_dir.iterdir()):
        raise ModelError(f"{output_dir} exists and is not empty")
    if output_dir.exists():
        output_dir.rmdir()
    return convert_checkpoint(checkpoint.path, output_dir, quantization)
