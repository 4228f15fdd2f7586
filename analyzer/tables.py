"""Heuristics as data: the hand-made tables (lexicons, vocabularies, patterns) live in
packaged TOML files under ``analyzer/data/`` and are loaded once, on first use.

>>> from analyzer.tables import table
>>> reporting = table("example")          # analyzer/data/example.toml, parsed once

Every loaded table takes part in :func:`digest`, which goes into the run's signature, so a
changed table changes the signature of every number it produced.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from .errors import ConfigError

__all__ = ["digest", "names", "table"]

_PACKAGE = "analyzer.data"


def _toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


@cache
def _raw(name: str) -> bytes:
    try:
        return resources.files(_PACKAGE).joinpath(f"{name}.toml").read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise ConfigError(
            f"the packaged table {name!r} is missing (analyzer/data/{name}.toml);"
            " reinstall analyze-posts"
        ) from exc


@cache
def table(name: str) -> Mapping[str, Any]:
    """The parsed table ``analyzer/data/<name>.toml`` (cached; treat it as read-only)."""
    try:
        return _toml(_raw(name).decode("utf-8"))
    except ValueError as exc:
        raise ConfigError(f"the packaged table {name!r} is not valid TOML: {exc}") from exc


def names() -> list[str]:
    """Names of every packaged table."""
    root = resources.files(_PACKAGE)
    return sorted(
        p.name[: -len(".toml")] for p in root.iterdir() if p.name.endswith(".toml")
    )


def digest() -> str:
    """SHA-256 (first 16 hex digits) over every packaged table, name and bytes."""
    h = hashlib.sha256()
    for name in names():
        h.update(name.encode("utf-8") + b"\0" + _raw(name) + b"\0")
    return h.hexdigest()[:16]
