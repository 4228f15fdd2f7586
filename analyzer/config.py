"""One settings object, resolved once and checked when it is made.

Order: packaged defaults (the dataclass), then the user file
(``$ANALYZE_POSTS_CONFIG`` or ``<user config dir>/analyze-posts/config.toml``, table
``[analyze-posts]``), then environment variables ``ANALYZE_POSTS_<FIELD>``, then explicit
overrides (CLI options, keyword arguments of the library's functions). The result is a frozen
:class:`Settings` passed down to every stage.

Every value is checked when a :class:`Settings` is made (also by ``replace``): its type
(whole numbers where whole numbers are meant; ``True`` is not a number), its range and, for
names, the names there are (detectors from :mod:`analyzer.registry`). A bad value is a
:class:`~analyzer.errors.ConfigError` whose one-line message names the setting, where it came
from and what is allowed, before any document is read.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "cache_dir", "describe"]

_ENV_PREFIX = "ANALYZE_POSTS_"

#: devices a translation model may run on: ``auto``, ``cpu``, ``cuda`` or ``cuda:N``
_DEVICE = re.compile(r"auto|cpu|cuda(?::\d{1,3})?")
_INTEGER = re.compile(r"[+-]?\d[\d_]*")


def _rule(default: Any, **check: Any) -> Any:
    """A field whose value is checked against ``check``: ``low``/``high`` (inclusive bounds),
    ``choices`` (a tuple, or ``"detector"`` for the registry's names), ``pattern``
    (a compiled regex the whole value must match, with ``allowed`` saying it in words)."""
    return field(default=default, metadata=check)


@dataclass(frozen=True, slots=True)
class Settings:
    # ingest
    fetch_timeout: float = _rule(20.0, low=0.1, high=3600.0)
    fetch_max_bytes: int = _rule(20_000_000, low=1, high=1 << 40)
    fetch_max_redirects: int = _rule(5, low=0, high=100)
    #: characters of one document (its text or HTML), once decoded
    max_document_chars: int = _rule(5_000_000, low=1, high=1 << 36)
    #: bytes read for one record (a JSONL line, a JSON array element, a WARC record, a whole
    #: text or HTML file), after decompression; also the longest run of whitespace between
    #: JSON records and the longest line
    max_record_bytes: int = _rule(32_000_000, low=1024, high=1 << 38)
    #: a compressed input that inflates more than this many times (past the first MiB) is
    #: rejected as a decompression bomb
    max_decompression_ratio: int = _rule(200, low=2, high=100_000)
    # detect
    detector: str = _rule("default", choices="detector")
    # translate
    translate: bool = True
    model: str | None = None
    quality: str = _rule("fast", choices=("fast", "best"))
    device: str = _rule("auto", pattern=_DEVICE, allowed="auto, cpu, cuda or cuda:N")
    backend: str = _rule("auto", choices=("auto", "transformers", "ctranslate2"))
    batch_size: int = _rule(16, low=1, high=4096)
    num_beams: int = _rule(4, low=1, high=64)
    cache: bool = True
    cache_path: str | None = None
    # align / score
    embeddings: bool = True
    #: sentence-encoder (MiniLM) threads; 0: one per core, at most 4
    encoder_threads: int = _rule(0, low=0, high=1024)
    #: documents analysed together (detection and translation batches, cross-article links)
    window: int = _rule(1000, low=1, high=100_000)
    # general
    workers: int = _rule(1, low=1, high=1024)

    def __post_init__(self) -> None:
        for f in fields(self):
            _check(f, getattr(self, f.name))

    def replace(self, **changes: Any) -> Settings:
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise ConfigError(f"unknown setting {unknown[0]!r}; the settings are: {_names()}")
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _names() -> str:
    return ", ".join(f.name for f in fields(Settings))


def _kind(f: dataclasses.Field[Any]) -> str:
    """``bool``, ``int``, ``float``, ``str`` or ``str|None`` (from the annotation)."""
    kind = str(f.type).replace(" ", "")
    return "str|None" if "None" in kind else kind


def describe(name: str) -> str:
    """What the setting ``name`` allows, in words (for messages and docs)."""
    f = next(x for x in fields(Settings) if x.name == name)
    kind, meta = _kind(f), f.metadata
    if "choices" in meta:
        return "one of " + ", ".join(_choices(meta["choices"]))
    if "allowed" in meta:
        return str(meta["allowed"])
    if kind == "int":
        return f"a whole number from {meta.get('low', 0):,} to {meta.get('high', 0):,}"
    if kind == "float":
        return f"a number from {meta.get('low', 0):g} to {meta.get('high', 0):g}"
    if kind == "bool":
        return "true or false"
    return "text" + (" (or empty for none)" if kind == "str|None" else "")


def _choices(spec: Any) -> tuple[str, ...]:
    if spec == "detector":
        from .registry import names

        return names("detector")
    return tuple(spec)


def _check(f: dataclasses.Field[Any], value: Any, origin: str = "") -> None:
    kind, meta = _kind(f), f.metadata
    ok: bool
    if kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "float":
        ok = (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and math.isfinite(value)
        )
    elif kind == "str|None":
        ok = value is None or (isinstance(value, str) and value != "")
    else:
        ok = isinstance(value, str)
    if ok and "low" in meta:
        ok = meta["low"] <= value <= meta["high"]
    if ok and "choices" in meta:
        ok = value in _choices(meta["choices"])
    if ok and "pattern" in meta:
        ok = bool(meta["pattern"].fullmatch(value))
    if not ok:
        where = f" ({origin})" if origin else ""
        raise ConfigError(
            f"setting {f.name!r}{where} is {_shown(value)}; it must be {describe(f.name)}"
        )


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def cache_dir() -> Path:
    """The user cache directory (``$ANALYZE_POSTS_CACHE_DIR`` overrides)."""
    env = os.environ.get(_ENV_PREFIX + "CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("analyze-posts"))


def _coerce(f: dataclasses.Field[Any], raw: Any, origin: str) -> Any:
    """A value from a file or the environment, turned into the field's type (text is parsed;
    TOML values must already have the right type: ``window = 1.5`` is not a whole number)."""
    kind = _kind(f)
    value: Any = raw
    if isinstance(raw, str):
        text = raw.strip()
        if kind == "bool":
            lowered = text.lower()
            value = (
                True
                if lowered in {"1", "true", "yes", "on"}
                else False
                if lowered in {"0", "false", "no", "off"}
                else raw
            )
        elif kind == "int" and _INTEGER.fullmatch(text) and len(text) <= 40:
            value = int(text)
        elif kind == "float":
            try:
                value = float(text)
            except ValueError:
                value = raw
        elif kind == "str|None" and text == "":
            value = None
    _check(f, value, origin)
    return value


def _user_file() -> Path | None:
    env = os.environ.get(_ENV_PREFIX + "CONFIG")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    path = Path(user_config_dir("analyze-posts")) / "config.toml"
    return path if path.exists() else None


def _read_file(path: Path) -> Mapping[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the settings file {path}: {exc}") from exc
    table = data.get("analyze-posts", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [analyze-posts] must be a table of settings")
    return table


def load_settings(**overrides: Any) -> Settings:
    """Resolve defaults, user file, environment and ``overrides`` (None values are ignored).
    Raises :class:`ConfigError` (one line: which setting, where from, what is allowed)."""
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    path = _user_file()
    if path is not None:
        for key, raw in _read_file(path).items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(f"unknown setting {key!r} in {path}; the settings are: {_names()}")
            values[name] = _coerce(known[name], raw, f"in {path}")
    for name, f in known.items():
        raw = os.environ.get(_ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = _coerce(f, raw, f"from ${_ENV_PREFIX}{name.upper()}")
    for name, raw in overrides.items():
        if name not in known:
            raise ConfigError(f"unknown setting {name!r}; the settings are: {_names()}")
        if raw is not None:
            _check(known[name], raw)
            values[name] = raw
    return Settings(**values)
