"""Which checkpoint translates which language (``analyzer/models/registry.json``).

A post's language code is first mapped through the registry's aliases (``arz`` → ``ar``,
``zh-cn`` → ``zh``), then to a :class:`ModelSpec`. Languages without their own entry use the
multilingual fallback (``Helsinki-NLP/opus-mt-mul-en``), marked ``low_quality``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = ["ModelSpec", "Route", "route", "registry", "normalize_language", "spec_for_model"]

RouteKind = Literal["identity", "skip", "model"]


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """One checkpoint: a hub id or a local directory, with its pinned revision."""

    model: str
    revision: str | None = None
    low_quality: bool = False
    language: str | None = None
    quality: str | None = None

    @property
    def is_local(self) -> bool:
        return Path(self.model).expanduser().is_dir()


@dataclass(frozen=True, slots=True)
class Route:
    kind: RouteKind
    spec: ModelSpec | None = None
    reason: str = ""


@functools.lru_cache(maxsize=1)
def registry() -> dict[str, Any]:
    from ..models import load_registry

    return load_registry()


def normalize_language(code: str | None) -> str:
    """Lower-cased ISO code with the registry's aliases applied (``"AR-eg"`` → ``"ar"``)."""
    if not code:
        return ""
    code = code.strip().lower().replace("_", "-")
    aliases: dict[str, str] = registry()["aliases"]
    if code in aliases:
        return aliases[code]
    base = code.split("-")[0]
    return aliases.get(base, base)


def _spec(entry: dict[str, Any], language: str | None, quality: str | None) -> ModelSpec:
    return ModelSpec(
        model=entry["model"],
        revision=entry.get("revision"),
        low_quality=bool(entry.get("low_quality", False)),
        language=language,
        quality=quality,
    )


def route(language: str | None, *, quality: str = "fast", model: str | None = None) -> Route:
    """How to translate a post in ``language``: identity (English), skip (undetermined), or a
    model. ``model`` (``--model``: a hub id or a directory) overrides the registry for every
    non-English language."""
    data = registry()
    code = normalize_language(language)
    if code in data["identity"]:
        return Route("identity")
    if code in data["skip"]:
        return Route("skip", reason="the post's language could not be determined")
    if model:
        return Route("model", ModelSpec(model=model, language=code, quality=quality))
    entries: dict[str, Any] = data["languages"].get(code, {})
    if entries:
        entry = entries.get(quality) or entries["fast"]
        chosen = quality if quality in entries else "fast"
        return Route("model", _spec(entry, code, chosen))
    return Route("model", _spec(data["fallback"], code, "fallback"))


def spec_for_model(model: str) -> ModelSpec:
    """The registry's entry for a hub id (revision, low_quality), or a bare spec."""
    data = registry()
    for code, entries in data["languages"].items():
        for quality, entry in entries.items():
            if entry["model"] == model:
                return _spec(entry, code, quality)
    if data["fallback"]["model"] == model:
        return _spec(data["fallback"], None, "fallback")
    return ModelSpec(model=model)
