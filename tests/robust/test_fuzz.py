"""Fuzzing ingest and extract: whatever bytes a file holds, under whatever name, reading it
gives articles and error records only, and extracting an article never raises."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest

from analyzer.config import load_settings
from analyzer.extract import get_extractor
from analyzer.ingest import iter_articles
from analyzer.records import Article, ErrorRecord

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: small caps so that the fuzzer reaches them
SETTINGS = load_settings(max_record_bytes=4096, max_document_chars=2048, max_decompression_ratio=4)
EXTRACTOR = get_extractor()
SUFFIXES = ("txt", "html", "json", "jsonl", "warc", "txt.gz", "jsonl.gz", "warc.gz", "html.gz", "bin")

_pieces = st.sampled_from(
    [
        b"WARC/1.0\r\n", b"Content-Length: ", b"-1", b"99999999999", b"\r\n\r\n", b"WARC-Type: response\r\n",
        b"Content-Type: application/http; msgtype=response\r\n", b"HTTP/1.1 200 OK\r\n",
        b"Content-Encoding: gzip\r\n", b"\x1f\x8b", b"\x00", b"\xff\xfe", b"\xfe\xff", b"[", b"]", b"{", b"}",
        b'"text": ', b'"html": ', b'"id": ', b",", b"\n", b" " * 50, b'"',
        b'<blockquote class="twitter-tweet"><p lang="ar">', b"</p></blockquote>",
        b'<a href="https://twitter.com/someone/status/1234567890123456789">', b"</a>",
        b"pic.twitter.com/AbCdEf", b" \xe2\x80\x94 Name (@handle) May 1, 2024", b"<script>", b"<iframe src=\"",
        "نص عربي".encode(), "ترجمة".encode("utf-16-le"),
    ]
)
_bytes = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.one_of(_pieces, st.binary(max_size=40)), max_size=60).map(b"".join),
    st.lists(
        st.fixed_dictionaries(
            {}, optional={"text": st.text(max_size=300), "html": st.text(max_size=300), "id": st.text(max_size=8),
                          "url": st.text(max_size=30)}
        ),
        max_size=5,
    ).map(lambda rows: "\n".join(json.dumps(r) for r in rows).encode()),
)


@settings(max_examples=1000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_bytes, suffix=st.sampled_from(SUFFIXES), gzipped=st.booleans())
def test_any_file_reads_to_articles_and_error_records(data: bytes, suffix: str, gzipped: bool) -> None:
    if gzipped and suffix.endswith(".gz"):
        data = gzip.compress(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc.{suffix}"
        path.write_bytes(data)
        for item in iter_articles([str(path)], SETTINGS):
            assert isinstance(item, (Article, ErrorRecord))
            if isinstance(item, ErrorRecord):
                assert item.source == str(path) and item.message
                continue
            assert len(item.text) <= SETTINGS.max_document_chars
            for post in EXTRACTOR.extract(item):
                assert post.platform
