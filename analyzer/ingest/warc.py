"""A small streaming WARC reader (ISO 28500): yields the HTML/text responses of a crawl.

Records are read one at a time from a binary stream (gzip handled by the caller), so a
multi-gigabyte WARC never sits in memory. Only ``response`` and ``resource`` records whose
payload looks like a document (HTML, XHTML, plain text) are yielded.

Every length is checked before anything is read: a ``Content-Length`` that is not a
non-negative number ends the file with a :class:`~analyzer.errors.DocumentError`; a record
longer than ``max_record_bytes`` is passed over a buffer at a time (a :class:`WarcProblem`
when it holds a document, silently when it is an image or video); header lines are bounded;
a compressed HTTP payload is inflated only up to the cap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from ..errors import DocumentError
from .bounded import inflate_capped

__all__ = ["WarcDocument", "WarcProblem", "iter_warc"]

_DOC_TYPES = ("text/html", "application/xhtml", "text/plain")
#: the longest header line, and the most header lines, of a WARC record
_MAX_HEADER_LINE = 1 << 16
_MAX_HEADERS = 1000
#: bytes of a record looked at (its HTTP head) before passing over one that is too long
_PEEK = 1 << 16
_SKIP_CHUNK = 1 << 20
_DIGITS = re.compile(r"\d{1,20}")


@dataclass(frozen=True, slots=True)
class WarcDocument:
    record_id: str
    url: str | None
    content_type: str | None
    charset: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class WarcProblem:
    """A document record that cannot be read (it is over the cap); the file goes on."""

    record_id: str
    url: str | None
    message: str


def _line(stream: IO[bytes]) -> bytes:
    line = stream.readline(_MAX_HEADER_LINE + 1)
    if len(line) > _MAX_HEADER_LINE:
        raise DocumentError(f"a WARC header line is longer than {_MAX_HEADER_LINE:,} bytes")
    return line


def _read_headers(stream: IO[bytes]) -> dict[str, str] | None:
    line = _line(stream)
    blank = 0
    while line in (b"\r\n", b"\n"):
        blank += 1
        if blank > _MAX_HEADERS:
            raise DocumentError("more than a thousand blank lines between WARC records")
        line = _line(stream)
    if not line:
        return None
    if not line.startswith(b"WARC/"):
        raise DocumentError(f"not a WARC record header: {line[:40]!r}")
    headers: dict[str, str] = {}
    for _ in range(_MAX_HEADERS):
        line = _line(stream)
        if not line or line in (b"\r\n", b"\n"):
            return headers
        name, _, value = line.decode("utf-8", "replace").partition(":")
        headers[name.strip().lower()] = value.strip()
    raise DocumentError(f"a WARC record has more than {_MAX_HEADERS} header lines")


def _split_http(block: bytes) -> tuple[dict[str, str], bytes]:
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    lines = head.decode("iso-8859-1").splitlines()
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers, body


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(body):
        end = body.find(b"\r\n", pos)
        if end < 0:
            break
        try:
            size = int(body[pos:end].split(b";")[0], 16)
        except ValueError:
            return body
        if size <= 0:
            break
        out += body[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)


def _payload(headers: dict[str, str], body: bytes, cap: int, what: str) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        body = inflate_capped(body, "deflate" if encoding == "deflate" else "gzip", cap, what)
    return body


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _length(headers: dict[str, str], record_id: str) -> int:
    raw = headers.get("content-length", "").strip()
    if raw.startswith("-") and _DIGITS.fullmatch(raw[1:]):
        raise DocumentError(f"WARC record {record_id or '?'} has a negative Content-Length ({raw})")
    if not _DIGITS.fullmatch(raw):
        shown = raw if len(raw) <= 30 else raw[:27] + "..."
        raise DocumentError(f"WARC record {record_id or '?'} has no valid Content-Length ({shown!r})")
    return int(raw)


def _skip(stream: IO[bytes], count: int) -> None:
    """Read past ``count`` bytes a buffer at a time (to the end when there are fewer)."""
    while count > 0:
        chunk = stream.read(min(count, _SKIP_CHUNK))
        if not chunk:
            return
        count -= len(chunk)


def _content_type(kind: str, record_type: str, head: bytes) -> str | None:
    if kind == "response" and record_type.startswith("application/http"):
        return _split_http(head)[0].get("content-type")
    return record_type or None


def _is_document(content_type: str | None) -> bool:
    return not content_type or content_type.lower().startswith(_DOC_TYPES)


def iter_warc(stream: IO[bytes], *, max_record_bytes: int) -> Iterator[WarcDocument | WarcProblem]:
    """Yield the document payloads of a WARC stream, one record at a time (and a
    :class:`WarcProblem` for each document record over ``max_record_bytes``)."""
    while True:
        headers = _read_headers(stream)
        if headers is None:
            return
        record_id = headers.get("warc-record-id", "").strip("<>")
        url = headers.get("warc-target-uri")
        length = _length(headers, record_id)
        kind = headers.get("warc-type", "")
        record_type = headers.get("content-type", "")
        wanted = kind in ("response", "resource")
        if length > max_record_bytes:
            head = stream.read(min(_PEEK, length)) if wanted else b""
            _skip(stream, length - len(head))
            if wanted and _is_document(_content_type(kind, record_type, head)):
                yield WarcProblem(
                    record_id,
                    url,
                    f"WARC record declares {length:,} bytes, over the cap of {max_record_bytes:,};"
                    " raise ANALYZE_POSTS_MAX_RECORD_BYTES if it is a real document",
                )
            continue
        block = stream.read(length)
        if len(block) < length:
            raise DocumentError("WARC file is truncated inside a record")
        if not wanted:
            continue
        if kind == "response" and record_type.startswith("application/http"):
            http_headers, body = _split_http(block)
            content_type = http_headers.get("content-type")
            if not _is_document(content_type):
                continue
            try:
                body = _payload(http_headers, body, max_record_bytes, f"WARC record {record_id}")
            except DocumentError as exc:
                yield WarcProblem(record_id, url, str(exc))
                continue
        else:
            content_type, body = record_type or None, block
        if not _is_document(content_type):
            continue
        yield WarcDocument(
            record_id=record_id,
            url=url,
            content_type=content_type,
            charset=_charset(content_type),
            body=body,
        )
