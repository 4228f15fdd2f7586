from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import httpx
import pytest

from analyzer.config import Settings
from analyzer.ingest import iter_articles, read_source
from analyzer.records import Article, ErrorRecord

S = Settings()


def _items(spec: str, settings: Settings = S, **kw: object) -> list[Article | ErrorRecord]:
    return list(read_source(spec, settings, **kw))  # type: ignore[arg-type]


def test_text_file_keeps_source_and_id(tmp_path: Path) -> None:
    path = tmp_path / "abc.txt"
    path.write_text("Hello world.", encoding="utf-8")
    [doc] = _items(str(path))
    assert isinstance(doc, Article)
    assert (doc.source, doc.id, doc.text, doc.html) == (str(path), "abc", "Hello world.", None)


def test_html_file_gives_text_and_keeps_raw_html(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    html = "<html><head><title>T</title></head><body><p>First para.</p><p>Second.</p></body></html>"
    path.write_text(html, encoding="utf-8")
    [doc] = _items(str(path))
    assert isinstance(doc, Article)
    assert doc.html == html
    assert "First para." in doc.text and "Second." in doc.text
    assert "<p>" not in doc.text
    assert doc.title == "T"


def test_gzip_and_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress("café — naïve".encode("cp1252")))
    [doc] = _items(str(path))
    assert isinstance(doc, Article)
    assert doc.text == "café — naïve"
    assert doc.id == "a"


def test_jsonl_streams_records_and_keeps_bad_lines_as_errors(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "r1", "url": "https://example.com/1", "title": "One", "text": "Body one"}),
        "{not json",
        json.dumps({"id": "r3", "html": "<p>Body three</p>"}),
        json.dumps({"id": "r4", "nothing": 1}),
        "",
        json.dumps({"text": "no id"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _items(str(path))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "ErrorRecord", "Article", "ErrorRecord", "Article"]
    first, bad, third, missing, last = items
    assert isinstance(first, Article) and first.url == "https://example.com/1" and first.title == "One"
    assert isinstance(bad, ErrorRecord) and bad.id == "dump:2" and "invalid JSON" in bad.message
    assert isinstance(third, Article) and "Body three" in third.text and third.html
    assert isinstance(missing, ErrorRecord) and "no text or html" in missing.message
    assert isinstance(last, Article) and last.id == "dump:6"


def test_json_array_and_object(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"id": "x", "text": "t"}), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([{"text": "a"}, {"text": "b"}]), encoding="utf-8")
    [one] = _items(str(tmp_path / "one.json"))
    assert isinstance(one, Article) and one.id == "x"
    many = _items(str(tmp_path / "many.json"))
    assert [a.id for a in many] == ["many:1", "many:2"]


def test_broken_json_file_is_an_error_record(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    [err] = _items(str(tmp_path / "bad.json"))
    assert isinstance(err, ErrorRecord) and err.error == "document"


def test_directory_recursive_sorted_and_glob(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("c", encoding="utf-8")
    (tmp_path / "b" / "skip.bin").write_bytes(b"\0")
    (tmp_path / ".hidden.txt").write_text("h", encoding="utf-8")
    assert [a.id for a in _items(str(tmp_path))] == ["a", "c"]
    assert [a.id for a in _items(str(tmp_path / "**" / "*.txt"))] == ["a", "c"]


def test_missing_path_is_an_error_and_the_stream_goes_on(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("fine", encoding="utf-8")
    items = list(iter_articles([str(tmp_path / "nope.txt"), str(tmp_path / "ok.txt")], S))
    assert isinstance(items[0], ErrorRecord) and "no such file" in items[0].message
    assert isinstance(items[1], Article)


def test_stdin_text_and_jsonl() -> None:
    [doc] = _items("-", stdin=io.StringIO("plain words here"))
    assert isinstance(doc, Article) and doc.text == "plain words here" and doc.source == "<stdin>"
    stream = io.StringIO("".join(json.dumps({"id": f"s{i}", "text": "x" * 3000}) + "\n" for i in range(5)))
    docs = _items("-", stdin=stream)
    assert [d.id for d in docs] == [f"s{i}" for i in range(5)]


def test_oversized_document_is_rejected_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2000, encoding="utf-8")
    [err] = _items(str(tmp_path / "big.txt"), Settings(max_document_chars=1000))
    assert isinstance(err, ErrorRecord) and "over the limit" in err.message


def _client(handler: object) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True, max_redirects=2)  # type: ignore[arg-type]


def test_url_fetch_html() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, html="<html><body><p>Fetched body</p></body></html>")

    [doc] = _items("https://news.example/story", client=_client(handler))
    assert isinstance(doc, Article)
    assert doc.id == "https://news.example/story" and doc.url == "https://news.example/story"
    assert "Fetched body" in doc.text


@pytest.mark.parametrize(
    ("handler", "needle"),
    [
        (lambda r: httpx.Response(404), "HTTP 404"),
        (lambda r: httpx.Response(200, content=b"x" * 5000, headers={"content-type": "text/html"}), "size cap"),
        (lambda r: httpx.Response(302, headers={"location": str(r.url) + "/again"}), "redirects"),
    ],
)
def test_url_failures_are_clear_error_records(handler: object, needle: str) -> None:
    settings = Settings(fetch_max_bytes=1000, fetch_max_redirects=2)
    [err] = _items("https://news.example/x", settings, client=_client(handler))
    assert isinstance(err, ErrorRecord) and err.error == "fetch" and needle in err.message


def test_url_timeout_is_an_error_record() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    [err] = _items("https://news.example/slow", client=_client(handler))
    assert isinstance(err, ErrorRecord) and "timed out" in err.message


def _warc_record(kind: str, uri: str, block: bytes, content_type: str) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri)) % 10**8}>\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def test_warc_gz_responses(tmp_path: Path) -> None:
    body = b"<html><body><p>Warc article</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"
    data = (
        _warc_record("warcinfo", "", b"software: test", "application/warc-fields")
        + _warc_record("response", "https://a.example/1", http, "application/http; msgtype=response")
        + _warc_record("response", "https://a.example/i.png", image, "application/http; msgtype=response")
    )
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(data))
    [doc] = _items(str(path))
    assert isinstance(doc, Article) and doc.url == "https://a.example/1" and "Warc article" in doc.text


def test_truncated_warc_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nshort")
    [err] = _items(str(path))
    assert isinstance(err, ErrorRecord) and "truncated" in err.message


def test_json_array_streams_record_by_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analyzer.ingest import core

    monkeypatch.setattr(core, "_JSON_CHUNK", 7)  # records cross many read boundaries
    records = [{"id": f"r{i}", "text": f"Body {i} " + "é" * i} for i in range(30)]
    records[5] = 42  # not an object: an error item, the rest goes on
    (tmp_path / "big.json").write_text(json.dumps(records, indent=1), encoding="utf-8")
    items = _items(str(tmp_path / "big.json"))
    assert len(items) == 30
    assert isinstance(items[5], ErrorRecord) and items[5].id == "big:6"
    assert [i.id for i in items if not isinstance(i, ErrorRecord)][:6] == [
        "r0", "r1", "r2", "r3", "r4", "r6"
    ]
    last = items[29]
    assert isinstance(last, Article) and last.text == "Body 29 " + "é" * 29


def test_json_array_breaking_midway_keeps_what_came_before(tmp_path: Path) -> None:
    (tmp_path / "cut.json").write_text('[{"text": "one"}, {"text": "two"}, {"text": "thr', encoding="utf-8")
    items = _items(str(tmp_path / "cut.json"))
    assert [i.text for i in items[:2] if isinstance(i, Article)] == ["one", "two"]
    assert isinstance(items[2], ErrorRecord) and "element 3" in items[2].message


def test_one_record_array_and_empty_array(tmp_path: Path) -> None:
    (tmp_path / "single.json").write_text('[{"text": "only"}]', encoding="utf-8")
    (tmp_path / "empty.json").write_text(" [ ] ", encoding="utf-8")
    [only] = _items(str(tmp_path / "single.json"))
    assert only.id == "single"
    assert _items(str(tmp_path / "empty.json")) == []


@pytest.mark.parametrize(
    ("data", "want"),
    [
        # UTF-8 but for one cut sequence: still UTF-8, the stray byte replaced
        ("Zażółć gęślą jaźń ".encode() * 20 + b"papieros\xc3...", "Zażółć gęślą jaźń"),
        # cp1252 throughout: every accented letter is invalid UTF-8
        ("Café déjà vu, naïve façade. ".encode("cp1252") * 5, "Café déjà vu"),
    ],
)
def test_bytes_are_decoded_as_the_charset_most_of_them_are_in(data: bytes, want: str) -> None:
    from analyzer.ingest.decode import decode_bytes

    assert decode_bytes(data).startswith(want)
