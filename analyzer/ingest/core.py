"""Resolve inputs and read documents, streaming."""

from __future__ import annotations

import dataclasses
import glob
import io
import itertools
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from ..config import Settings
from ..errors import AnalyzerError, DocumentError, FetchError, InputError
from ..records import Article, ErrorRecord
from .bounded import LineTooLong, bounded_lines, open_input, read_capped
from .decode import decode_bytes, sniff_encoding, sniff_kind

__all__ = [
    "expand",
    "iter_articles",
    "kind_of",
    "make_article",
    "read_article",
    "read_file",
    "read_source",
]

#: opens one input file's raw bytes (a local path by default; a remote filesystem's stream)
Opener = Callable[[str], IO[bytes]]

log = logging.getLogger(__name__)

Item = Article | ErrorRecord

#: extensions (after stripping .gz) -> kind
_KINDS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".arc": "warc",
}
_TEXT_FIELDS = ("text", "content", "body", "article", "maintext", "raw_text")
_HTML_FIELDS = ("html", "raw_html", "content_html", "body_html", "page")
_ID_FIELDS = ("id", "_id", "doc_id", "document_id", "uuid", "key")


def kind_of(path: str) -> str | None:
    """The kind of document file ``path`` names (``txt``, ``html``, ``json``, ``jsonl``,
    ``warc``; a trailing ``.gz`` is looked through), or None."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return _KINDS.get(os.path.splitext(name)[1])


def _error(source: str, doc_id: str | None, exc: BaseException) -> ErrorRecord:
    code = exc.code if isinstance(exc, AnalyzerError) else type(exc).__name__
    return ErrorRecord(source=source, id=doc_id, stage="ingest", error=code, message=str(exc))


def make_article(
    source: str,
    doc_id: str,
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    title: str | None = None,
    settings: Settings,
) -> Article:
    """Build an :class:`Article`; HTML is kept raw and turned into text once.

    The page is read here, unless the run has worker processes (``settings.workers > 1``)
    and the record gives no text of its own: then its one parse is left to the extract
    stage, which runs in those workers (:func:`read_article`), and the article's text is
    empty until then."""
    size = len(html or "") + len(text or "")
    if size > settings.max_document_chars:
        raise DocumentError(
            f"document has {size:,} characters, over the limit of {settings.max_document_chars:,};"
            " raise it with ANALYZE_POSTS_MAX_DOCUMENT_CHARS if this is a real article"
        )
    markup = None
    if html and not html.isspace():  # (not blank: tested without copying the page)
        if settings.workers > 1 and (not text or text.isspace()):
            return Article(source=source, id=doc_id, text="", html=html, url=url, title=title)
        page = _read_page(html, url)  # one parse: the article text and the markup's posts
        if not text or text.isspace():
            text, markup = page.text, page.posts
        title = title or page.title
    elif html is not None:
        html = None
    if text is None:
        text = ""
    return Article(
        source=source, id=doc_id, text=text, html=html, url=url, title=title, markup=markup
    )


def read_article(article: Article) -> Article:
    """``article`` with its HTML page read, when :func:`make_article` left that to the
    extract stage (an HTML page, no text, its markup not scanned): its text, title and
    the posts of its markup, from one parse. Any other article is given back as it is.
    Raises :class:`~analyzer.errors.DocumentError` on a page that cannot be parsed."""
    html = article.html
    if html is None or article.markup is not None or html.isspace() or article.text.strip():
        return article
    page = _read_page(html, article.url)
    return dataclasses.replace(
        article, text=page.text, markup=page.posts, title=article.title or page.title
    )


def _read_page(html: str, url: str | None) -> Any:
    from ..extract.page import read_page

    try:
        return read_page(html, url)
    except AnalyzerError:
        raise
    except Exception as exc:  # a parser may raise many kinds on broken markup
        raise DocumentError(f"cannot parse HTML: {exc}") from exc


def _record_article(record: Any, source: str, fallback_id: str, settings: Settings) -> Article:
    if isinstance(record, str):
        return make_article(source, fallback_id, text=record, settings=settings)
    if not isinstance(record, dict):
        raise DocumentError(f"expected a JSON object, got {type(record).__name__}")
    text = next((record[k] for k in _TEXT_FIELDS if isinstance(record.get(k), str)), None)
    html = next((record[k] for k in _HTML_FIELDS if isinstance(record.get(k), str)), None)
    if text is None and html is None:
        raise DocumentError(
            "record has no text or html field (looked for: "
            + ", ".join(_TEXT_FIELDS + _HTML_FIELDS)
            + ")"
        )
    if html is None and text is not None and sniff_kind(text) == "html":
        html, text = text, None
    doc_id = next((str(record[k]) for k in _ID_FIELDS if record.get(k) not in (None, "")), None)
    url = record.get("url") or record.get("link") or record.get("source_url")
    title = record.get("title") or record.get("headline")
    return make_article(
        source,
        doc_id or fallback_id,
        text=text,
        html=html,
        url=str(url) if url else None,
        title=str(title) if title else None,
        settings=settings,
    )


def _record_item(record: Any, source: str, fallback_id: str, settings: Settings) -> Item:
    """One JSON record as an article, or as an error item when it is not one."""
    try:
        return _record_article(record, source, fallback_id, settings)
    except AnalyzerError as exc:
        return _error(source, fallback_id, exc)


def _stem(source: str) -> str:
    name = os.path.basename(source.rstrip("/")) or source
    for suffix in (".gz",):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return os.path.splitext(name)[0] or name


def _from_text(
    data: str, kind: str, source: str, settings: Settings, *, url: str | None = None
) -> Iterator[Item]:
    stem = _stem(source)
    if kind == "txt":
        yield make_article(source, stem, text=data, url=url, settings=settings)
    elif kind == "html":
        yield make_article(source, stem, html=data, url=url, settings=settings)
    elif kind == "json":
        value = _loads(data, "invalid JSON")
        records = value if isinstance(value, list) else [value]
        for number, record in enumerate(records, 1):
            fallback = stem if len(records) == 1 else f"{stem}:{number}"
            yield _record_item(record, source, fallback, settings)
    elif kind == "jsonl":
        yield from _from_lines(io.StringIO(data), source, settings)
    else:  # pragma: no cover - guarded by callers
        raise DocumentError(f"unknown document kind {kind!r}")


def _loads(text: str, what: str) -> Any:
    """``json.loads`` whose every failure is a :class:`DocumentError` (broken JSON, nesting
    too deep for the parser, a number too long to convert)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise DocumentError(f"{what}: nested too deeply") from None
    except ValueError as exc:
        raise DocumentError(f"{what}: {exc}") from None


def _from_lines(
    stream: IO[str], source: str, settings: Settings, *, first: str | None = None
) -> Iterator[Item]:
    """The records of a JSONL stream, one line at a time; each line within the record cap."""
    stem = _stem(source)
    cap = settings.max_record_bytes
    for number, line in bounded_lines(stream, cap, source, first=first):
        fallback = f"{stem}:{number}"
        if isinstance(line, LineTooLong):
            yield _error(
                source,
                fallback,
                DocumentError(
                    f"line {number} is longer than {cap:,} characters; raise"
                    " ANALYZE_POSTS_MAX_RECORD_BYTES if it is a real record"
                ),
            )
            continue
        try:
            record = _loads(line, f"line {number}: invalid JSON")
            yield _record_article(record, source, fallback, settings)
        except AnalyzerError as exc:
            yield _error(source, fallback, exc)


_JSON_CHUNK = 1 << 20
_WHITESPACE = re.compile(r"[ \t\r\n,]*")


def _from_json_array(
    head: str, stream: IO[str], source: str, settings: Settings
) -> Iterator[Item]:
    """The records of a JSON array file, decoded one by one as the file is read, so that a
    dump of any size streams. A record that is not an article becomes an error item; broken
    JSON ends the file with one error item (what came before it is kept). A one-record array
    takes the file's name as its id, as a single object does."""
    stem = _stem(source)
    values = _json_array_values(head, stream, settings.max_record_bytes)
    first = next(values, None)
    if first is None:
        return
    second = next(values, None)
    for number, value in itertools.chain([first], [second] if second is not None else [], values):
        fallback = stem if second is None and number == 1 else f"{stem}:{number}"
        if isinstance(value, DocumentError):
            yield _error(source, fallback, value)
        else:
            yield _record_item(value, source, fallback, settings)


def _json_array_values(
    buf: str, stream: IO[str], limit: int
) -> Iterator[tuple[int, Any]]:
    """``(number, value)`` for each element of the JSON array that ``buf`` starts and
    ``stream`` continues; a final ``(number, DocumentError)`` when the JSON breaks, when an
    element is longer than ``limit`` characters, or when more than ``limit`` characters of
    whitespace stand between two elements."""
    decoder = json.JSONDecoder()
    pos = buf.index("[") + 1
    eof = False
    number = 0
    while True:
        gap = 0
        while True:  # skip whitespace and the comma between elements, reading as needed
            end = _WHITESPACE.match(buf, pos).end()  # type: ignore[union-attr]
            gap += end - pos
            pos = end
            if gap > limit:
                yield number + 1, DocumentError(
                    f"more than {limit:,} characters of whitespace after element {number}"
                    " of the JSON array"
                )
                return
            if pos < len(buf) or eof:
                break
            buf, pos = stream.read(_JSON_CHUNK), 0
            eof = not buf
        number += 1
        if pos >= len(buf):
            yield number, DocumentError("invalid JSON: the array is not closed")
            return
        if buf[pos] == "]":
            return
        chunk = _JSON_CHUNK
        while True:
            try:
                value, end = decoder.raw_decode(buf, pos)
                if end < len(buf) or eof or buf[pos] in "{[\"":
                    break  # (a number at the end of the buffer may go on in the next chunk)
            except RecursionError:
                yield number, DocumentError(f"invalid JSON in element {number}: nested too deeply")
                return
            except ValueError as exc:
                if eof:
                    yield number, DocumentError(f"invalid JSON in element {number}: {exc}")
                    return
            if len(buf) - pos > limit:
                yield number, DocumentError(
                    f"element {number} of the JSON array is longer than {limit:,} characters;"
                    " raise ANALYZE_POSTS_MAX_RECORD_BYTES if it is a real record"
                )
                return
            more = stream.read(chunk)
            chunk = min(chunk * 2, 1 << 26)  # fewer re-parses of a long element
            eof = not more
            buf, pos = buf[pos:] + more, 0
        pos = end
        yield number, value


def _text_stream(handle: IO[bytes]) -> io.TextIOWrapper:
    """A text view of a binary input in the encoding its first bytes announce (UTF-8 else)."""
    peek = getattr(handle, "peek", None)
    head = peek(4096)[:4096] if peek is not None else b""
    encoding = sniff_encoding(head) or "utf-8-sig"
    return io.TextIOWrapper(handle, encoding=encoding, errors="replace")


def _rest(head: str, stream: IO[str], cap: int, too_big: str) -> str:
    """``head`` and the rest of ``stream`` as one document of at most ``cap`` characters (one
    more is read to tell); over the cap, a :class:`DocumentError` saying ``too_big``."""
    whole = head + stream.read(cap + 1 - len(head))
    if len(whole) > cap:
        raise DocumentError(too_big)
    return whole


def _skip_space(stream: IO[str], limit: int, source: str) -> str:
    """The stream's text from its first non-blank character (at least a buffer of it);
    more than ``limit`` blank characters first is a :class:`DocumentError`."""
    skipped = 0
    while True:
        chunk = stream.read(_JSON_CHUNK)
        if not chunk:
            return ""
        text = chunk.lstrip()
        if text:
            return text
        skipped += len(chunk)
        if skipped > limit:
            raise DocumentError(f"{source} starts with more than {limit:,} blank characters")


def _open(path: str, settings: Settings, opener: Opener | None) -> IO[bytes]:
    if opener is None and os.path.isdir(path):
        raise InputError(f"cannot read {path}: it is a directory")
    raw = opener(path) if opener is not None else None
    return open_input(path, max_ratio=settings.max_decompression_ratio, raw=raw)


def read_file(path: str, settings: Settings, *, opener: Opener | None = None) -> Iterator[Item]:
    """The documents of one file, its kind told by its name (sniffed when the name does not
    tell). ``opener`` opens the raw bytes (a remote filesystem's stream); every cap applies."""
    return _from_file(path, kind_of(path), settings, opener)


def _from_file(
    path: str, kind: str | None, settings: Settings, opener: Opener | None = None
) -> Iterator[Item]:
    cap = settings.max_record_bytes
    try:
        if kind == "warc":
            yield from _from_warc(path, settings, opener)
            return
        with _open(path, settings, opener) as handle:
            if kind == "jsonl":
                yield from _from_lines(_text_stream(handle), path, settings)
                return
            if kind == "json":
                text_stream = _text_stream(handle)
                head = _skip_space(text_stream, cap, path)
                if head.startswith("["):  # an array of records: one at a time
                    yield from _from_json_array(head, text_stream, path, settings)
                    return
                whole = _rest(
                    head,
                    text_stream,
                    cap,
                    f"{path} is larger than {cap:,} characters; raise"
                    " ANALYZE_POSTS_MAX_RECORD_BYTES if it is a real document",
                )
                yield from _from_text(whole, "json", path, settings)
                return
            data = read_capped(handle, cap, path)
        text = decode_bytes(data)
        yield from _from_text(text, kind or sniff_kind(text), path, settings)
    except (OSError, EOFError, UnicodeError) as exc:
        yield _error(path, _stem(path), InputError(f"cannot read {path}: {exc}"))
    except AnalyzerError as exc:
        yield _error(path, _stem(path), exc)


def _from_warc(path: str, settings: Settings, opener: Opener | None) -> Iterator[Item]:
    from .warc import WarcProblem, iter_warc

    with _open(path, settings, opener) as handle:
        records = iter_warc(handle, max_record_bytes=settings.max_record_bytes)
        for number, doc in enumerate(records, 1):
            doc_id = doc.record_id or f"{_stem(path)}:{number}"
            if isinstance(doc, WarcProblem):
                yield _error(path, doc_id, DocumentError(doc.message))
                continue
            try:
                text = decode_bytes(doc.body, doc.charset)
                kind = "txt" if (doc.content_type or "").startswith("text/plain") else "html"
                if kind == "html":
                    yield make_article(path, doc_id, html=text, url=doc.url, settings=settings)
                else:
                    yield make_article(path, doc_id, text=text, url=doc.url, settings=settings)
            except AnalyzerError as exc:
                yield _error(path, doc_id, exc)


def _fetch(url: str, settings: Settings, client: Any = None) -> Iterator[Item]:
    import httpx

    from .._version import __version__

    own = client is None
    if own:
        client = httpx.Client(
            timeout=settings.fetch_timeout,
            follow_redirects=True,
            max_redirects=settings.fetch_max_redirects,
            headers={"User-Agent": f"analyze-posts/{__version__} (+research)"},
        )
    try:
        try:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > settings.fetch_max_bytes:
                    raise FetchError(
                        f"{url}: {int(declared):,} bytes, over the size cap of"
                        f" {settings.fetch_max_bytes:,}"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > settings.fetch_max_bytes:
                        raise FetchError(
                            f"{url}: body exceeds the size cap of {settings.fetch_max_bytes:,} bytes"
                        )
                    chunks.append(chunk)
                final_url = str(response.url)
                content_type = response.headers.get("content-type", "")
                charset = response.charset_encoding
        except httpx.TooManyRedirects:
            raise FetchError(
                f"{url}: more than {settings.fetch_max_redirects} redirects"
            ) from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out after {settings.fetch_timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
        text = decode_bytes(b"".join(chunks), charset)
        lowered = content_type.lower()
        if "json" in lowered:
            kind = sniff_kind(text)
        elif "html" in lowered or "xml" in lowered:
            kind = "html"
        elif lowered.startswith("text/plain"):
            kind = "txt"
        else:
            kind = sniff_kind(text)
        for item in _from_text(text, kind, url, settings, url=final_url):
            if isinstance(item, Article) and item.id == _stem(url):
                item = dataclasses.replace(item, id=url)
            yield item
    except AnalyzerError as exc:
        yield _error(url, url, exc)
    finally:
        if own:
            client.close()


def expand(spec: str) -> Iterator[str] | None:
    """Files that ``spec`` names (a file, a directory walked recursively, or a glob);
    None when it names nothing."""
    if os.path.isdir(spec):
        return (
            os.path.join(root, name)
            for root, dirs, files in os.walk(spec)
            if not dirs.sort()  # walk in a stable order
            for name in sorted(files)
            if kind_of(name) is not None and not name.startswith(".")
        )
    if os.path.exists(spec):
        return iter([spec])
    if glob.has_magic(spec):
        matches = sorted(glob.iglob(spec, recursive=True))
        files = [m for m in matches if os.path.isfile(m)]
        dirs = [m for m in matches if os.path.isdir(m)]
        if not matches:
            return None
        return iter(files + [f for d in dirs for f in (expand(d) or ())])
    return None


def read_source(
    spec: str, settings: Settings, *, stdin: IO[str] | None = None, client: Any = None
) -> Iterator[Item]:
    """Documents of one input: a path, directory, glob, ``-`` (stdin) or http(s) URL."""
    if spec == "-":
        yield from _from_stdin(stdin if stdin is not None else sys.stdin, settings)
        return
    if spec.lower().startswith(("http://", "https://")):
        yield from _fetch(spec, settings, client)
        return
    files = expand(spec)
    if files is None:
        yield _error(spec, None, InputError(f"no such file, directory or glob match: {spec}"))
        return
    for path in files:
        yield from _from_file(path, kind_of(path), settings)


def _from_stdin(stream: IO[str] | None, settings: Settings) -> Iterator[Item]:
    cap = settings.max_record_bytes
    try:
        if stream is None:
            raise InputError("standard input is closed")
        first = stream.readline(cap + 1)
        if _is_json_line(first):
            yield from _from_lines(stream, "<stdin>", settings, first=first)
            return
        data = _rest(
            first,
            stream,
            cap,
            f"standard input holds more than {cap:,} characters of one document; raise"
            " ANALYZE_POSTS_MAX_RECORD_BYTES, or give JSONL (one record a line)",
        )
        yield from _from_text(data, sniff_kind(data), "<stdin>", settings)
    except (OSError, UnicodeError) as exc:
        yield _error("<stdin>", "stdin", InputError(f"cannot read standard input: {exc}"))
    except AnalyzerError as exc:
        yield _error("<stdin>", "stdin", exc)


def _is_json_line(line: str) -> bool:
    stripped = line.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except (ValueError, RecursionError):
        return False


def iter_articles(
    inputs: Iterable[str],
    settings: Settings,
    *,
    stdin: IO[str] | None = None,
    client: Any = None,
) -> Iterator[Item]:
    """Stream the documents of every input, in order. Unreadable documents become
    :class:`ErrorRecord` values; the stream goes on."""
    for spec in inputs:
        log.debug("reading %s", spec)
        yield from read_source(spec, settings, stdin=stdin, client=client)
