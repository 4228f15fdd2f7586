"""The bad-input corpus: files a hostile user (or a broken crawler) hands the tool.

Each case is built in a directory at test time (the bombs are a few hundred KiB on disk and
would be gigabytes inflated) next to one good article, so that a run over the directory shows
both that the bad file becomes one error record naming it and that the run goes on.

``python tests/robust/badinput.py DIR`` builds every case under DIR, runs the library over
each (ingest, extract, detect; no translation, no sentence model) in this one process and
prints one JSON object: per case the seconds it took and the records it gave, and the peak
RSS of the whole process (so every case's peak is at most that).
"""

from __future__ import annotations

import codecs
import gzip
import json
import resource
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD = (
    "<html><body><article><p>The minister wrote on Twitter that the talks would go on.</p>"
    '<blockquote class="twitter-tweet"><p lang="en">Talks go on tomorrow.</p>&mdash; A Minister'
    ' (@a_minister) <a href="https://twitter.com/a_minister/status/1234567890123456789">'
    "May 1, 2024</a></blockquote></article></body></html>"
)
ARTICLE = "The spokesman said the talks would resume next week in the capital, officials confirmed."
MIB = 1 << 20


def _gzip_stream(path: Path, unit: bytes, total: int) -> None:
    """``total`` bytes of ``unit`` repeated, gzipped into ``path`` without holding them."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = unit * (4 * MIB // len(unit))
    with path.open("wb") as out:
        for _ in range(total // len(block)):
            out.write(deflate.compress(block))
        out.write(deflate.flush())


def _warc(kind: str, block: bytes, *, length: str | None = None, uri: str = "https://bad.example/a") -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:bad-{len(block)}>\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {length if length is not None else len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def _http(body: bytes, *extra: str) -> bytes:
    head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + "".join(
        f"{h}\r\n" for h in extra
    )
    return head.encode() + b"\r\n" + body


def huge_content_length(d: Path) -> Path:
    p = d / "huge-length.warc"
    p.write_bytes(_warc("response", _http(GOOD.encode()), length="99999999999999999999"))
    return p


def negative_content_length(d: Path) -> Path:
    p = d / "negative-length.warc"
    p.write_bytes(_warc("response", _http(GOOD.encode()), length="-5000"))
    return p


def newline_bomb_jsonl_gz(d: Path) -> Path:
    p = d / "newlines.jsonl.gz"
    _gzip_stream(p, b"\n", 256 * MIB)
    return p


def gzip_bomb_warc_member(d: Path) -> Path:
    """A .warc.gz whose one member inflates to 256 MiB of one record's payload."""
    p = d / "bomb.warc.gz"
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
        "WARC-Target-URI: https://bad.example/bomb\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {20 * MIB}\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    ).encode()
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    with p.open("wb") as out:
        out.write(deflate.compress(head))
        block = b" " * (4 * MIB)
        for _ in range(64):
            out.write(deflate.compress(block))
        out.write(deflate.flush())
    return p


def gzip_bomb_http_payload(d: Path) -> Path:
    """A plain WARC whose HTTP payload says Content-Encoding: gzip and inflates to 1 GiB."""
    p = d / "payload-bomb.warc"
    tmp = d / "payload.gz.tmp"
    _gzip_stream(tmp, b"<p>", 1024 * MIB)
    p.write_bytes(_warc("response", _http(tmp.read_bytes(), "Content-Encoding: gzip")))
    tmp.unlink()
    return p


def whitespace_bomb_json(d: Path) -> Path:
    p = d / "spaces.json"
    with p.open("wb") as out:
        out.write(b"[")
        for _ in range(64):
            out.write(b" " * MIB)
        out.write(b'{"text": "x"}]')
    return p


def whitespace_inside_json_array(d: Path) -> Path:
    p = d / "spaces-inside.json"
    with p.open("wb") as out:
        out.write(b'[{"text": "first record"},')
        for _ in range(64):
            out.write(b" " * MIB)
        out.write(b'{"text": "x"}]')
    return p


def long_jsonl_line(d: Path) -> Path:
    p = d / "long-line.jsonl"
    with p.open("wb") as out:
        out.write(b'{"id": "long", "text": "')
        for _ in range(40):
            out.write(b"a" * MIB)
        out.write(b'"}\n')
        out.write(json.dumps({"id": "after", "text": ARTICLE}).encode() + b"\n")
    return p


def truncated_gzip(d: Path) -> Path:
    p = d / "truncated.jsonl.gz"
    lines = "".join(json.dumps({"id": f"t{n}", "text": f"{ARTICLE} {n * 7919}"}) + "\n" for n in range(40))
    data = gzip.compress(lines.encode())
    p.write_bytes(data[: len(data) // 2])
    return p


def garbage_gzip(d: Path) -> Path:
    p = d / "garbage.jsonl.gz"
    p.write_bytes(b"\x1f\x8b" + bytes(range(256)) * 64)
    return p


def binary_html(d: Path) -> Path:
    p = d / "binary.html"
    p.write_bytes(bytes(range(256)) * 4096)
    return p


def oversized_text(d: Path) -> Path:
    p = d / "oversized.txt"
    with p.open("wb") as out:
        for _ in range(40):
            out.write(b"word " * (MIB // 5))
    return p


def not_a_warc(d: Path) -> Path:
    p = d / "not.warc"
    p.write_bytes(b"GIF89a" + bytes(1000))
    return p


def warc_header_bomb(d: Path) -> Path:
    p = d / "header-bomb.warc"
    p.write_bytes(b"WARC/1.0\r\n" + b"X-Pad: y\r\n" * 200_000)
    return p


def deep_json(d: Path) -> Path:
    p = d / "deep.json"
    p.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    return p


def _encoded(name: str, codec: str) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        p = d / name
        p.write_bytes(codecs.encode(ARTICLE, codec))
        return p

    build.__name__ = name.replace(".", "_").replace("-", "_")
    return build


@dataclass(frozen=True, slots=True)
class Case:
    """One bad input: how to build it, and whether it must be an error record (else one
    article whose text must hold ``text``)."""

    name: str
    build: Callable[[Path], Path]
    error: bool = True
    text: str = ""


CASES: tuple[Case, ...] = (
    Case("huge Content-Length", huge_content_length),
    Case("negative Content-Length", negative_content_length),
    Case("newline gzip bomb in .jsonl.gz", newline_bomb_jsonl_gz),
    Case("gzip bomb in a .warc.gz member", gzip_bomb_warc_member),
    Case("gzip bomb in a WARC HTTP payload", gzip_bomb_http_payload),
    Case("whitespace bomb before a JSON array", whitespace_bomb_json),
    Case("whitespace bomb inside a JSON array", whitespace_inside_json_array),
    Case("JSONL line over the record cap", long_jsonl_line),
    Case("truncated gzip", truncated_gzip),
    Case("garbage after a gzip magic", garbage_gzip),
    Case("binary bytes as .html", binary_html, error=False),
    Case("text over the document cap", oversized_text),
    Case("not a WARC", not_a_warc),
    Case("WARC header bomb", warc_header_bomb),
    Case("deeply nested JSON", deep_json),
    Case("UTF-16-LE without a BOM", _encoded("utf16le.txt", "utf-16-le"), error=False, text=ARTICLE),
    Case("UTF-16-BE without a BOM", _encoded("utf16be.txt", "utf-16-be"), error=False, text=ARTICLE),
    Case("UTF-32-LE without a BOM", _encoded("utf32le.txt", "utf-32-le"), error=False, text=ARTICLE),
    Case("UTF-32-BE without a BOM", _encoded("utf32be.txt", "utf-32-be"), error=False, text=ARTICLE),
)


def peak_rss_mb() -> float:
    """This process's peak RSS: ``VmHWM`` (its own, reset by exec) where /proc has it, else
    ``ru_maxrss`` (which Linux keeps across exec, so a child of a big process reads big)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(root: Path) -> dict[str, object]:
    """Build and run every case (see the module docstring)."""
    from analyzer.api import analyze_paths
    from analyzer.config import load_settings

    settings = load_settings(translate=False, embeddings=False, cache=False)
    cases: dict[str, object] = {}
    for number, case in enumerate(CASES):
        folder = root / f"case-{number:02d}"
        folder.mkdir(parents=True)
        bad = case.build(folder)
        (folder / "zz-good.html").write_text(GOOD, encoding="utf-8")
        started = time.perf_counter()
        docs = list(analyze_paths([str(folder)], settings=settings))
        seconds = time.perf_counter() - started
        cases[case.name] = {
            "file": str(bad),
            "seconds": round(seconds, 3),
            "peak_rss_mb_so_far": peak_rss_mb(),
            "records": [
                {
                    "source": doc.source,
                    "id": doc.id,
                    "posts": len(doc.posts),
                    "errors": [e.as_dict() for e in doc.errors],
                }
                for doc in docs
            ],
        }
        bad.unlink()
    return {"cases": cases, "peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]))))  # noqa: T201 - a script's one output
