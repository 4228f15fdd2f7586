from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from analyzer.records import DocumentResult
from analyzer.report import get_reporter
from analyzer.report.htmlpage import HtmlReporter, _Mark, highlight

from .conftest import HINT, HOSTILE, TWEET_AR, arabic_tweet


class Page(HTMLParser):
    """Tags, attributes and text of a page, as a browser's tokenizer sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)

    def all_text(self) -> str:
        return "".join(self.text)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def render(signature: dict[str, Any], docs: list[DocumentResult], **kw: Any) -> str:
    out = io.StringIO()
    reporter = HtmlReporter(**kw) if kw else get_reporter("html")
    reporter.write(signature, iter(docs), out)
    return out.getvalue()


def test_hostile_text_is_shown_as_text_and_never_markup(
    signature: dict[str, Any], hostile_documents: list[DocumentResult]
) -> None:
    signature = {**signature, "note": "</pre><script>alert('sig')</script>"}
    html = render(signature, hostile_documents)
    page = Page(html)
    # the page's own script is the only script, and no tag the data tried to inject exists
    assert len(page.find("script")) == 1
    assert not page.find("img") and not page.find("svg")
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith("javascript:"), (tag, attrs)
    text = page.all_text()
    assert HOSTILE in text, "the post text is shown verbatim"
    for shown in (
        "<script>document.title='PWNED-TITLE'</script>",
        '"><svg onload="document.title=1">',
        "javascript:document.title='PWNED-URL'",
        "</pre><script>alert('sig')</script>",
        "<b>bold</b>",
        "<img src=x onerror=alert(1)>",
        "</a><script>alert(1)</script>",
    ):
        assert shown in text, shown
    assert "PWNED" not in "".join(page.scripts)


def test_hostile_language_code_gives_no_lang_attribute(
    signature: dict[str, Any], hostile_documents: list[DocumentResult]
) -> None:
    page = Page(render(signature, hostile_documents))
    langs = {a.get("lang") for _, a in page.tags if "lang" in a}
    assert langs == {"en", "ar"}


def test_content_security_policy_allows_only_the_page_itself(
    signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    page = Page(render(signature, seed_documents))
    (meta,) = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    csp = meta["content"] or ""
    assert "default-src 'none'" in csp
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", csp)
    assert "unsafe-inline" not in csp and "http" not in csp


def test_seed_post_reads_right_to_left_with_its_language(
    signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    html = render(signature, seed_documents)
    page = Page(html)
    (block,) = [a for t, a in page.tags if t == "p" and a.get("lang") == "ar"]
    assert block["dir"] == "rtl"
    assert TWEET_AR in page.all_text()
    assert "No machine translation: " + HINT in page.all_text()
    assert 'href="https://twitter.com/alemara_ar/status/1429460523567140867"' in html
    (post,) = page.find("article", **{"data-platform": "twitter", "data-label": "faithful"})
    assert post["data-score"] == "0.9700"
    assert page.find("article", **{"data-label": "none"}), "Saleh's tweet has no paraphrase"


def test_paraphrase_alignment_is_highlighted(
    signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    html = render(signature, seed_documents)
    # the loose paraphrase: the pair "Mujahideen of the Islamic Emirate" ↔ "fighters" shares
    # a colour, and "to control it" is marked as omitted
    assert re.search(r'<mark class="a1"[^>]*>Mujahideen of the Islamic Emirate</mark>', html)
    assert re.search(r'<mark class="a1"[^>]*>fighters</mark>', html)
    assert re.search(r'<mark class="omit"[^>]*>to control it</mark>', html)
    page = Page(html)
    text = page.all_text()
    assert "omission" in text and "The paraphrase drops the purpose" in text
    assert "0.62" in text and "partial" in text
    # the paraphrase's document is in the run: it links to it
    assert '<a href="#doc-1">seeds/001_e895ed4f9abc13c8.txt</a>' in html


def test_documents_without_posts_and_errors(
    signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    text = Page(render(signature, seed_documents)).all_text()
    assert "cannot parse HTML: unexpected end of file" in text
    assert "1 document without posts" in text and "dump/weather.txt" in text


def test_large_runs_are_capped_with_a_note(signature: dict[str, Any]) -> None:
    docs = [DocumentResult(f"d{i}.txt", str(i), posts=(arabic_tweet(),)) for i in range(5)]
    page = Page(render(signature, iter(docs), max_posts=3))  # type: ignore[arg-type]
    assert len(page.find("article")) == 3
    assert "shows the first 3 of 5 posts" in page.all_text()


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("abc", [], "abc"),
        ("a<b>c", [_Mark(1, 4, "a0", "t")], 'a<mark class="a0" title="t">&lt;b&gt;</mark>c'),
        (
            "abcd",
            [_Mark(0, 4, "omit", "o"), _Mark(1, 2, "a0", "p", 1)],
            '<mark class="omit" title="o">a</mark><mark class="a0" title="p" data-n="1">b</mark>'
            '<mark class="omit" title="o">cd</mark>',
        ),
        ("ab", [_Mark(1, 99, "add", '"x"')], 'a<mark class="add" title="&quot;x&quot;">b</mark>'),
        ("ab", [_Mark(5, 9, "add", "x")], "ab"),
    ],
)
def test_highlight(text: str, marks: list[_Mark], expected: str) -> None:
    assert highlight(text, marks) == expected


def test_spans_that_do_not_fit_are_not_highlighted(signature: dict[str, Any]) -> None:
    from analyzer.records import AlignedPair, Alignment, Paraphrase, Span

    base = arabic_tweet()
    para = Paraphrase(
        "fighters",
        Span(0, 8),
        "x",
        alignment=Alignment(
            pairs=(AlignedPair("nothing", "fighters", Span(900, 990), Span(0, 8), 0.3),)
        ),
    )
    doc = DocumentResult(
        "a", "a", posts=(type(base)(post=base.post, paraphrases=(para,), english=base.english),)
    )
    html = render(signature, [doc])
    assert "<mark" not in html.split('id="posts"')[1]
    assert "fighters" in Page(html).all_text()
