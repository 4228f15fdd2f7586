"""Persistent translation cache: SQLite in the user cache dir, and the wrapper that uses it.

The key is a hash of (cache format, model id, revision or local fingerprint, backend and device
settings, beam size, source language, post text), so a change of any of them misses. The file
is shared by concurrent processes: WAL journal, a busy timeout, one connection per process.
A cache that cannot be opened or written is turned off with a warning; the run goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ..records import Translation
from ..stages import Signature
from . import Translator

__all__ = ["TranslationCache", "CachedTranslator", "cache_key", "default_cache_path"]

log = logging.getLogger(__name__)

#: bump when pre/post-processing changes the output for the same model
FORMAT = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    model TEXT,
    revision TEXT,
    flags TEXT NOT NULL DEFAULT '[]',
    created REAL NOT NULL DEFAULT (julianday('now'))
)
"""


def default_cache_path() -> Path:
    from ..config import cache_dir

    return cache_dir() / "translations.sqlite3"


def cache_key(*parts: object) -> str:
    blob = json.dumps([FORMAT, *parts], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _contended(exc: BaseException) -> bool:
    """The error says another connection holds the file for now."""
    message = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in message or "busy" in message)


class TranslationCache:
    """Key → translated text (with model, revision, flags)."""

    def __init__(self, path: Path | str | None = None, *, timeout: float = 30.0) -> None:
        self.path = Path(path) if path else default_cache_path()
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self._lock = threading.Lock()
        self.disabled = False

    def _connect(self) -> sqlite3.Connection | None:
        if self.disabled:
            return None
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        deadline = time.monotonic() + self.timeout
        while True:
            conn: sqlite3.Connection | None = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=self.timeout, check_same_thread=False)
                conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
                if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute(_SCHEMA)
                conn.commit()
            except (sqlite3.Error, OSError) as exc:
                if conn is not None:
                    conn.close()
                # another process is setting the file up: the setup may be answered "locked"
                # at once, without waiting out the busy timeout; try again within the timeout
                if _contended(exc) and time.monotonic() < deadline:
                    time.sleep(random.uniform(0.02, 0.1))
                    continue
                log.warning("translation cache %s unusable (%s); caching is off", self.path, exc)
                self.disabled = True
                return None
            self._conn, self._pid = conn, os.getpid()
            return conn

    def get_many(self, keys: Sequence[str]) -> dict[str, Translation]:
        found: dict[str, Translation] = {}
        with self._lock:
            conn = self._connect()
            if conn is None or not keys:
                return found
            try:
                for start in range(0, len(keys), 500):
                    chunk = list(keys[start : start + 500])
                    marks = ",".join("?" * len(chunk))
                    rows = conn.execute(
                        f"SELECT key, text, model, revision, flags FROM translations WHERE key IN ({marks})",
                        chunk,
                    ).fetchall()
                    for key, text, model, revision, flags in rows:
                        found[key] = Translation(
                            text=text,
                            status="ok",
                            model=model,
                            revision=revision,
                            flags=tuple(json.loads(flags)),
                            cached=True,
                        )
            except (sqlite3.Error, ValueError) as exc:
                log.warning("translation cache read failed (%s)", exc)
        return found

    def put_many(self, items: Sequence[tuple[str, Translation]]) -> None:
        rows = [
            (key, t.text, t.model, t.revision, json.dumps(list(t.flags)))
            for key, t in items
            if t.status == "ok" and t.text is not None
        ]
        if not rows:
            return
        with self._lock:
            conn = self._connect()
            if conn is None:
                return
            try:
                with conn:
                    conn.executemany(
                        "INSERT OR REPLACE INTO translations (key, text, model, revision, flags) "
                        "VALUES (?, ?, ?, ?, ?)",
                        rows,
                    )
            except sqlite3.Error as exc:
                log.warning("translation cache write failed (%s)", exc)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None


class CachedTranslator:
    """Wraps a translator: hits come from the cache (``cached=True``), misses go to ``inner``
    and are stored when their status is ``ok``. ``key_parts`` name the model and settings."""

    def __init__(
        self,
        inner: Translator,
        cache: TranslationCache,
        key_parts: Sequence[object],
        *,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        self.inner = inner
        self.cache = cache
        self.key_parts = tuple(key_parts)
        self.on_progress = on_progress

    def signature(self) -> Signature:
        return {**self.inner.signature(), "cache": True}

    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        keys = [cache_key(*self.key_parts, source, text) for text in texts]
        hits = self.cache.get_many(keys)
        results: list[Translation | None] = [hits.get(key) for key in keys]
        if self.on_progress is not None and hits:
            self.on_progress(sum(r is not None for r in results))
        missing = [i for i, r in enumerate(results) if r is None]
        if missing:
            fresh = self.inner.translate([texts[i] for i in missing], source)
            self.cache.put_many([(keys[i], t) for i, t in zip(missing, fresh, strict=True)])
            for i, t in zip(missing, fresh, strict=True):
                results[i] = replace(t, cached=False)
        return [r for r in results if r is not None]
