"""The HTML report in a real browser (headless Chromium): hostile post text must not run,
the page's own script must (filters), and the page renders to a screenshot."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pytest

from analyzer.records import DocumentResult
from analyzer.report import get_reporter
from analyzer.report.browser import dump_dom, find_chromium, screenshot

from .test_html import Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None, reason="needs chromium on PATH"),
]


def _write(tmp_path: Path, signature: dict[str, Any], docs: list[DocumentResult]) -> Path:
    out = io.StringIO()
    get_reporter("html").write(signature, iter(docs), out)
    path = tmp_path / "report.html"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_injected_markup_does_not_run(
    tmp_path: Path, signature: dict[str, Any], hostile_documents: list[DocumentResult]
) -> None:
    dom = dump_dom(_write(tmp_path, signature, hostile_documents))
    page = Page(dom)
    title = "".join(page.text[: 1 + [t for t, _ in page.tags].index("title")])
    assert "PWNED" not in title
    assert dom.count("PWNED-") >= 3, "the hostile text is on the page as text"
    assert not page.find("img") and not page.find("svg")
    assert len(page.find("script")) == 1
    assert all(not any(k.startswith("on") for k in a) for _, a in page.tags)
    # the page's own script ran (its hash is allowed by the CSP): it marks <html class="js">
    (root,) = page.find("html")
    assert root.get("class") == "js"
    (controls,) = page.find("div", id="controls")
    assert "hidden" not in controls


def test_filters_from_the_address(
    tmp_path: Path, signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    path = _write(tmp_path, signature, seed_documents)
    page = Page(dump_dom(path, fragment="label=faithful"))
    posts = page.find("article")
    shown = [a for a in posts if "hidden" not in a]
    assert [a["data-label"] for a in shown] == ["faithful"]
    assert len(posts) == 2


def test_screenshot(
    tmp_path: Path, signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    png = screenshot(
        _write(tmp_path, signature, seed_documents), tmp_path / "shot.png", width=1000, height=700
    )
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1000, 700)
    assert len(data) > 20_000, "a blank page compresses to almost nothing"
