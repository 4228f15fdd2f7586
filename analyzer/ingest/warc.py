"""A small streaming WARC reader (ISO 28500): yields the HTML/text responses of a crawl.

Records are read one at a time from a binary stream (gzip handled by the caller), so a
multi-gigabyte WARC never sits in memory. Only ``response`` and ``resource`` records whose
payload looks like a document (HTML, XHTML, plain text) are yielded.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from ..errors import DocumentError

__all__ = ["WarcDocument", "iter_warc"]

_DOC_TYPES = ("text/html", "application/xhtml", "text/plain")


@dataclass(frozen=True, slots=True)
class WarcDocument:
    record_id: str
    url: str | None
    content_type: str | None
    charset: str | None
    body: bytes


def _read_headers(stream: IO[bytes]) -> dict[str, str] | None:
    line = stream.readline()
    while line in (b"\r\n", b"\n"):
        line = stream.readline()
    if not line:
        return None
    if not line.startswith(b"WARC/"):
        raise DocumentError(f"not a WARC record header: {line[:40]!r}")
    headers: dict[str, str] = {}
    while True:
        line = stream.readline()
        if not line or line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("utf-8", "replace").partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


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
        if size == 0:
            break
        out += body[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)


def _payload(headers: dict[str, str], body: bytes) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").lower()
    try:
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
    except (OSError, zlib.error):
        pass  # keep the raw body; decoding shows what is readable
    return body


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def iter_warc(stream: IO[bytes]) -> Iterator[WarcDocument]:
    """Yield the document payloads of a WARC stream, one record at a time."""
    while True:
        headers = _read_headers(stream)
        if headers is None:
            return
        try:
            length = int(headers.get("content-length", ""))
        except ValueError:
            raise DocumentError("WARC record without a valid Content-Length") from None
        block = stream.read(length)
        if len(block) < length:
            raise DocumentError("WARC file is truncated inside a record")
        kind = headers.get("warc-type", "")
        if kind not in ("response", "resource"):
            continue
        record_type = headers.get("content-type", "")
        if kind == "response" and record_type.startswith("application/http"):
            http_headers, body = _split_http(block)
            content_type = http_headers.get("content-type")
            body = _payload(http_headers, body)
        else:
            content_type, body = record_type or None, block
        if content_type and not content_type.lower().startswith(_DOC_TYPES):
            continue
        yield WarcDocument(
            record_id=headers.get("warc-record-id", "").strip("<>"),
            url=headers.get("warc-target-uri"),
            content_type=content_type,
            charset=_charset(content_type),
            body=body,
        )
