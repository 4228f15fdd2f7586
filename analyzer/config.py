"""One settings object, resolved once.

Order: packaged defaults (the dataclass), then the user file
(``$ANALYZE_POSTS_CONFIG`` or ``<user config dir>/analyze-posts/config.toml``, table
``[analyze-posts]``), then environment variables ``ANALYZE_POSTS_<FIELD>``, then explicit
overrides (CLI options). The result is a frozen :class:`Settings` passed down to every stage.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "cache_dir"]

_ENV_PREFIX = "ANALYZE_POSTS_"


@dataclass(frozen=True, slots=True)
class Settings:
    # ingest
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 20_000_000
    fetch_max_redirects: int = 5
    max_document_chars: int = 5_000_000
    # detect
    detector: str = "default"
    # translate
    translate: bool = True
    model: str | None = None
    quality: str = "fast"
    device: str = "auto"
    backend: str = "auto"
    batch_size: int = 16
    num_beams: int = 4
    cache: bool = True
    cache_path: str | None = None
    # align / score
    embeddings: bool = True
    encoder_threads: int = 0  # sentence-encoder (MiniLM) threads; 0: one per core, at most 4
    window: int = 1000
    # general
    workers: int = 1

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def cache_dir() -> Path:
    """The user cache directory (``$ANALYZE_POSTS_CACHE_DIR`` overrides)."""
    env = os.environ.get(_ENV_PREFIX + "CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("analyze-posts"))


def _coerce(name: str, raw: Any, kind: Any) -> Any:
    text = str(raw)
    kind = str(kind)
    try:
        if "bool" in kind:
            if isinstance(raw, bool):
                return raw
            if text.lower() in {"1", "true", "yes", "on"}:
                return True
            if text.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(text)
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"setting {name!r} has an invalid value {raw!r} (expected {kind})") from exc
    return None if text == "" and "None" in kind else text


def _user_file() -> Path | None:
    env = os.environ.get(_ENV_PREFIX + "CONFIG")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    path = Path(user_config_dir("analyze-posts")) / "config.toml"
    return path if path.exists() else None


def load_settings(**overrides: Any) -> Settings:
    """Resolve defaults, user file, environment and ``overrides`` (None values are ignored)."""
    known = {f.name: f.type for f in fields(Settings)}
    values: dict[str, Any] = {}
    path = _user_file()
    if path is not None:
        try:
            import tomllib
        except ModuleNotFoundError:  # pragma: no cover - python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("analyze-posts", {})
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read the settings file {path}: {exc}") from exc
        for key, raw in data.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(f"unknown setting {key!r} in {path}")
            values[name] = _coerce(name, raw, known[name])
    for name, kind in known.items():
        raw = os.environ.get(_ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = _coerce(name, raw, kind)
    for name, raw in overrides.items():
        if name not in known:
            raise ConfigError(f"unknown setting {name!r}")
        if raw is not None:
            values[name] = raw
    return Settings(**values)
