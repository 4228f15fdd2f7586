"""Reading within caps: streaming decompression that stops a bomb, bounded lines and reads.

Every reader of :mod:`analyzer.ingest` reads through these, so no input can make it hold
more than about one record (``settings.max_record_bytes``) or spin for long on bytes that
inflate without end:

- :class:`Inflating` decompresses gzip (one member or many, as a ``.warc.gz`` has) as it is
  read, a buffer at a time, and raises :class:`~analyzer.errors.DocumentError` once the
  output passes ``max_ratio`` times the compressed bytes read (after the first MiB, so
  small, repetitive files are fine);
- :func:`read_capped` reads a whole document, refusing one larger than the cap;
- :func:`inflate_capped` inflates an in-memory payload (HTTP ``Content-Encoding``) up to a cap;
- :func:`bounded_lines` yields the lines of a text stream, a line longer than the cap as one
  :class:`LineTooLong` (its bytes are skipped, never held), and stops at a run of blank lines
  longer than the cap.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from ..errors import DocumentError

__all__ = [
    "Inflating",
    "LineTooLong",
    "bounded_lines",
    "inflate_capped",
    "open_input",
    "read_capped",
]

#: compressed bytes read at a time
_CHUNK = 1 << 16
#: output allowed before the ratio is checked
_RATIO_FLOOR = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"


class Inflating(io.RawIOBase):
    """A gzip stream inflated as it is read, with a ratio cap (see the module docstring)."""

    def __init__(self, raw: IO[bytes], name: str, *, max_ratio: int) -> None:
        super().__init__()
        self._raw = raw
        self._name = name
        self._max_ratio = max_ratio
        self._inflater: zlib._Decompress | None = None
        self._pending = b""
        self.consumed = 0
        self.produced = 0

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()

    def _next_member(self, data: bytes) -> bool:
        """Start the next gzip member at ``data``; False at the end of the stream."""
        while len(data) < 2:
            more = self._raw.read(_CHUNK)
            self.consumed += len(more)
            if not more:
                break
            data += more
        if not data or not data.strip(b"\x00"):
            return False  # the end (or zero padding, which gzip tools write)
        if not data.startswith(_GZIP_MAGIC):
            raise DocumentError(f"{self._name}: not gzip data (or garbage after the last member)")
        self._inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        self._pending = data
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        size = len(buffer)
        if size == 0:
            return 0
        while True:
            inflater = self._inflater
            if inflater is None or inflater.eof:
                rest = inflater.unused_data if inflater is not None else b""
                if not self._next_member(rest):
                    return 0
                continue
            data = self._pending or inflater.unconsumed_tail
            if not data:
                data = self._raw.read(_CHUNK)
                self.consumed += len(data)
                if not data:
                    raise DocumentError(f"{self._name}: the gzip data ends early (truncated file)")
            self._pending = b""
            try:
                out = inflater.decompress(data, size)
            except zlib.error as exc:
                raise DocumentError(f"{self._name}: broken gzip data ({exc})") from None
            if not out:
                continue
            self.produced += len(out)
            if self.produced > _RATIO_FLOOR and self.produced > self._max_ratio * max(1, self.consumed):
                raise DocumentError(
                    f"{self._name}: inflates more than {self._max_ratio} times its compressed size"
                    " (a decompression bomb?); raise ANALYZE_POSTS_MAX_DECOMPRESSION_RATIO if it"
                    " is real"
                )
            buffer[: len(out)] = out
            return len(out)


class _Raw(io.RawIOBase):
    """Any object with ``read(n)`` (a pyarrow stream of a remote file) as a raw stream."""

    def __init__(self, inner: IO[bytes]) -> None:
        super().__init__()
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            super().close()


def open_input(path: str, *, max_ratio: int, raw: IO[bytes] | None = None) -> IO[bytes]:
    """A buffered binary stream of ``path`` (or of ``raw``, the file already opened, e.g. on
    a remote filesystem), inflated within the ratio cap when the name ends in ``.gz``."""
    if raw is None:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    elif not hasattr(raw, "peek"):
        raw = io.BufferedReader(_Raw(raw), buffer_size=_CHUNK)
    if path.lower().endswith(".gz"):
        return io.BufferedReader(Inflating(raw, path, max_ratio=max_ratio), buffer_size=_CHUNK)
    return raw


def read_capped(stream: IO[bytes], cap: int, what: str) -> bytes:
    """All of ``stream`` when it holds at most ``cap`` bytes; else a :class:`DocumentError`
    (having read ``cap + 1`` bytes, no more)."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise DocumentError(
            f"{what} is larger than {cap:,} bytes; raise ANALYZE_POSTS_MAX_RECORD_BYTES if it is a"
            " real document"
        )
    return data


def inflate_capped(data: bytes, encoding: str, cap: int, what: str) -> bytes:
    """``data`` inflated from ``gzip`` or ``deflate`` (zlib or raw), at most ``cap`` bytes;
    the raw data when it is not really compressed."""
    attempts = [16 + zlib.MAX_WBITS] if encoding == "gzip" else [zlib.MAX_WBITS, -zlib.MAX_WBITS]
    for wbits in attempts:
        inflater = zlib.decompressobj(wbits=wbits)
        try:
            out = inflater.decompress(data, cap + 1)
        except zlib.error:
            continue
        if len(out) > cap or inflater.unconsumed_tail:
            raise DocumentError(
                f"{what}: its {encoding} payload inflates past {cap:,} bytes (a decompression bomb?)"
            )
        return out
    return data  # not what it says: decoding shows what is readable


@dataclass(frozen=True, slots=True)
class LineTooLong:
    """A line longer than the cap: its number; its characters were skipped."""

    number: int
    cap: int


def bounded_lines(
    stream: IO[str], cap: int, source: str, *, first: str | None = None
) -> Iterator[tuple[int, str | LineTooLong]]:
    """``(number, line)`` for each non-blank line of ``stream`` (``first`` is a line already
    read from it); a :class:`LineTooLong` for a line over ``cap`` characters; a
    :class:`DocumentError` after more than ``cap`` blank characters in a row."""
    number = 0
    blank = 0
    while True:
        line = first if first is not None else stream.readline(cap + 1)
        first = None
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith("\n"):
            while line and not line.endswith("\n"):  # skip the rest, a buffer at a time
                line = stream.readline(_CHUNK)
            blank = 0
            yield number, LineTooLong(number, cap)
            continue
        if not line.strip():
            blank += len(line)
            if blank > cap:
                raise DocumentError(
                    f"{source}: more than {cap:,} characters of blank lines in a row after line"
                    f" {number - 1:,}; not a JSONL file?"
                )
            continue
        blank = 0
        yield number, line
