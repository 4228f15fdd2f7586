from __future__ import annotations

import pytest

from analyzer.errors import DocumentError
from analyzer.extract import get_extractor
from analyzer.extract.htmltext import parse_html_article
from analyzer.records import Article

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Taliban head to Panjshir | News Site</title><meta property="og:title" content="Taliban head to Panjshir">
<style>p{color:red}</style><script>var tracking = "do not show";</script></head>
<body><nav class="main-menu"><a href="/">Home</a><a href="/world">World</a></nav>
<div class="share-bar"><a href="https://twitter.com/intent/tweet?text=x">Share on X</a></div>
<article><h1>Taliban head to Panjshir</h1>
<p>First paragraph with <b>bold</b> and <a href="/x">a link</a>.</p>
<p>Line one<br>line two</p>
<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">نص التغريدة <a href="https://t.co/x">pic.twitter.com/FwAYBZeopq</a></p>&mdash; الإمارة الإسلامية (@alemara_ar) <a href="https://twitter.com/alemara_ar/status/1429417046236176387">August 22, 2021</a></blockquote>
<script async src="https://platform.twitter.com/widgets.js"></script>
<template><p>template text</p></template><noscript>Enable JavaScript</noscript>
<p>Last paragraph.</p></article>
<footer>Copyright footer</footer></body></html>"""


def test_article_text_and_title() -> None:
    text, title = parse_html_article(PAGE)
    assert title == "Taliban head to Panjshir"
    assert text == (
        "Taliban head to Panjshir\n\n"
        "First paragraph with bold and a link.\n\n"
        "Line one\nline two\n\n"
        "نص التغريدة pic.twitter.com/FwAYBZeopq\n\n"
        "— الإمارة الإسلامية (@alemara_ar) August 22, 2021\n\n"
        "Last paragraph."
    )
    for junk in (
        "tracking",
        "color:red",
        "template text",
        "Enable JavaScript",
        "Copyright",
        "Share on X",
        "World",
    ):
        assert junk not in text


def test_embed_span_points_into_article_text() -> None:
    text, _ = parse_html_article(PAGE)
    (post,) = get_extractor().extract(Article(source="p", id="p", text=text, html=PAGE))
    assert post.post_id == "1429417046236176387"
    assert post.text == "نص التغريدة"
    assert post.span is not None and text[post.span.start : post.span.end] == "نص التغريدة"
    assert post.media == ("pic.twitter.com/FwAYBZeopq",)


@pytest.mark.parametrize("html", ["", "   \n\t "])
def test_empty_input(html: str) -> None:
    assert parse_html_article(html) == ("", None)


def test_binary_junk_is_a_document_error_or_text() -> None:
    with pytest.raises(DocumentError):
        parse_html_article("\x00\x01\x02\x03")
    text, _ = parse_html_article("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR garbage bytes here")
    assert "garbage bytes" in text


@pytest.mark.parametrize(
    "html",
    [
        "plain text without tags",
        "<p>unclosed <b>bold <i>italic",
        "</div></div><p>stray closers</p></body></html></html>",
        '<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>déclaration</p></body></html>',
        '<html><head><meta charset="windows-1251"></head><body><p>Привет</p></body></html>',
        "<p>lone surrogate \ud800 and nul \x00 chars</p>",
        "<div>" * 5000 + "deep" + "</div>" * 5000,
    ],
)
def test_broken_html_does_not_raise(html: str) -> None:
    text, _ = parse_html_article(html)
    assert isinstance(text, str) and text
    get_extractor().extract(Article(source="b", id="b", text=text, html=html))


def test_huge_page() -> None:
    para = "<p>" + "word " * 200 + "</p>"
    tweet = (
        '<blockquote class="twitter-tweet"><p lang="en">Hello there</p>&mdash; A (@a) '
        '<a href="https://twitter.com/a/status/1500000000000000000">March 5, 2022</a></blockquote>'
    )
    html = "<html><body><article>" + para * 2500 + tweet + para * 2500 + "</article></body></html>"
    assert len(html) > 5_000_000
    text, _ = parse_html_article(html)
    posts = get_extractor().extract(Article(source="h", id="h", text=text, html=html))
    assert [p.post_id for p in posts] == ["1500000000000000000"]
    assert posts[0].span is not None


def test_article_body_is_preferred_over_page_chrome() -> None:
    body = "<p>" + "Real article sentence. " * 20 + "</p>"
    html = f"<html><body><div class='promo'>Subscribe now!</div><div>Teaser block</div><article>{body}</article></body></html>"
    text, _ = parse_html_article(html)
    assert text.startswith("Real article sentence.")
    assert "Teaser" not in text
