"""The article's root on pages whose body is a run of entries (live blogs, story lists), and
embeds in wrappers named after what sits beside the article."""

from __future__ import annotations

import pytest

from analyzer.extract.page import read_page

_NAV = "<nav><a href='/'>Home</a> <a href='/world'>World news</a></nav>"
_FOOT = "<footer>Copyright footer text of the site.</footer>"


def _entry(i: int, words: int = 60) -> str:
    return f"Update number {i} on the flood. " + "The river rose again overnight. " * (words // 6)


def _page(inner: str) -> str:
    return f"<html><head><title>Live: floods</title></head><body>{_NAV}{inner}{_FOOT}</body></html>"


def _run(open_tag: str, close_tag: str, n: int = 5) -> str:
    return "".join(f"{open_tag}<h2>Entry {i}</h2><p>{_entry(i)}</p>{close_tag}" for i in range(n))


_TEASERS = "".join(
    f"<article class='story'><h3>Other story {i}</h3><p>A short teaser of another story, just a line.</p></article>"
    for i in range(6)
)


@pytest.mark.parametrize(
    ("name", "inner", "kept", "left_out"),
    [
        (
            "story list of <article> entries",
            f"<div class='stories'>{_run('<article class=story>', '</article>')}</div>",
            [0, 1, 2, 3, 4],
            [],
        ),
        (
            "liveBlogUpdate entries beside a lesser <article>",
            "<article class='card'><p>" + _entry(9) + "</p></article><div class='live'>"
            + _run("<div itemprop='liveBlogUpdate' class='block'>", "</div>", 6)
            + "</div>",
            [0, 1, 2, 3, 4, 5],
            [9],
        ),
        (
            "an articleBody in every entry",
            "<section>"
            + _run("<div class='post'><div itemprop='articleBody'>", "</div></div>", 4)
            + "</section>",
            [0, 1, 2, 3],
            [],
        ),
        (
            "liveblog-entry class beside a lesser <main>",
            "<main><p>" + _entry(9) + "</p></main><div class='lb'>"
            + _run("<div class='liveblog-entry pinned'>", "</div>", 3)
            + "</div><aside class='related'>Related reading</aside>",
            [0, 1, 2],
            [9],
        ),
        (
            "two entries are no run",
            "<div>"
            + "<article class='story'><p>" + _entry(0, 120) + "</p></article>"
            + "<article class='story'><p>" + _entry(1, 30) + "</p></article></div>",
            [0],
            [1],
        ),
    ],
)
def test_run_of_entries_is_read_whole(
    name: str, inner: str, kept: list[int], left_out: list[int]
) -> None:
    text = read_page(_page(inner)).text
    for i in kept:
        assert f"Update number {i} on the flood." in text, name
    for i in left_out:
        assert f"Update number {i} on the flood." not in text, name
    assert "World news" not in text and "Copyright footer" not in text, name


def test_one_story_and_the_teasers_of_others_is_no_run() -> None:
    main = "<article class='story'><p>" + _entry(0, 400) + "</p></article>"
    teasers = "".join(
        f"<article class='story'><h3>Other story {i}</h3><p>{_entry(i + 1, 40)}</p></article>"
        for i in range(6)
    )
    text = read_page(_page(f"<div>{main}{teasers}</div>")).text
    assert "Update number 0 on the flood." in text
    assert "Update number 1 on the flood." not in text


@pytest.mark.parametrize(
    "thread",
    [
        "<section class='comments'>{}</section>",
        "<section>{}</section>",
    ],
)
def test_long_comments_are_no_run(thread: str) -> None:
    main = "<article class='story'><p>" + _entry(0, 300) + "</p></article>"
    comments = "".join(
        f"<article class='comment'>{''.join(f'<p>{_entry(i + 1, 80)}</p>' for _ in range(3))}</article>"
        for i in range(5)
    )
    text = read_page(_page(f"<div>{main}{thread.format(comments)}</div>")).text
    assert "Update number 0 on the flood." in text
    assert "Update number 1 on the flood." not in text


def test_short_teasers_beside_a_story_are_left_out() -> None:
    main = "<article class='story'><p>" + _entry(0, 200) + "</p></article>"
    text = read_page(_page(f"<div>{main}<div class='more'>{_TEASERS}</div></div>")).text
    assert "Update number 0 on the flood." in text
    assert "Other story" not in text


_TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en">The bridge is closed until further notice.</p>'
    "&mdash; City Council (@citycouncil) "
    '<a href="https://twitter.com/citycouncil/status/1500000000000000000">May 1, 2024</a></blockquote>'
)
_PROSE = "".join(f"<p>{_entry(i)}</p>" for i in range(4))


@pytest.mark.parametrize(
    ("name", "html", "found"),
    [
        (
            "a wrapper named for the rail beside the article",
            "<html><body><main><p>Top stories and more links.</p>"
            + "<div>" + "<p>Other page text that is not the story. </p>" * 40 + "</div>"
            + f"<article><div class='content-and-right-rail-container'><div class='body'>{_PROSE}"
            f"<div class='embed'>{_TWEET}</div></div><div class='right-rail'>Ad</div></div></article>"
            "</main></body></html>",
            ["1500000000000000000"],
        ),
        (
            "a real rail inside the article",
            f"<html><body><article>{_PROSE}<div class='right-rail'>{_TWEET}</div>{_PROSE}</article></body></html>",
            [],
        ),
    ],
)
def test_embed_in_a_layout_wrapper_named_for_a_rail(name: str, html: str, found: list[str]) -> None:
    assert [p.post_id for p in read_page(html).posts] == found, name
