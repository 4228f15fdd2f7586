"""Embed markup from each platform's official embed code (positives) and the look-alikes
that are not posts (negatives)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from analyzer.extract import get_extractor
from analyzer.extract.htmltext import parse_html_article
from analyzer.records import Article, Post

DATA = Path(__file__).resolve().parent.parent / "data" / "extract" / "html"

# file -> expected posts in document order: (platform, post_id, {field: value})
CASES: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "twitter_full.html": [
        (
            "twitter",
            "1429417046236176387",
            {
                "kind": "embed",
                "author.name": "Jane Doe",
                "author.handle": "janedoe",
                "text": "Quoting this one #News with @nasa",
                "hashtags": ("News",),
                "mentions": ("nasa",),
                "media": ("pic.twitter.com/XyZ123",),
                "links": ("https://t.co/abcdEF",),
                "html_lang": "en",
                "date": "2021-08-22T12:15:55.764Z",
                "url": "https://twitter.com/janedoe/status/1429417046236176387",
                "method": "html:twitter-blockquote",
            },
        )
    ],
    "twitter_quoted.html": [
        (
            "twitter",
            "1429000000000000000",
            {"author.handle": "marie_fr", "text": "Exactement ça", "html_lang": "fr"},
        )
    ],
    "twitter_bare.html": [
        ("twitter", "1234567890123456789", {"text": None, "author.handle": "bob", "kind": "embed"})
    ],
    "twitter_video.html": [
        (
            "twitter",
            "1500000000000000001",
            {"method": "html:twitter-video", "text": "Mirad esto", "html_lang": "es"},
        )
    ],
    "twitter_old.html": [
        (
            "twitter",
            "266031293945503744",
            {"text": "Four more years.", "author.name": "Barack Obama", "html_lang": None},
        )
    ],
    "twitter_iframe.html": [
        ("twitter", "1390000000000000000", {"author.handle": None, "text": None})
    ],
    "twitter_amp.html": [
        (
            "twitter",
            "885634330868850689",
            {"author.handle": "someone", "method": "html:amp-twitter"},
        )
    ],
    "twitter_wp_bare_url.html": [
        ("twitter", "1585341984679469056", {"author.handle": "elonmusk", "text": None})
    ],
    "twitter_iframely.html": [("twitter", "1400000000000000000", {"author.handle": "nasa"})],
    "instagram_v12.html": [
        (
            "instagram",
            "B0abcDEFghi",
            {
                "text": "Sunset over the bay #travel",
                "author.name": "Travel Bug",
                "author.handle": "travelbug",
                "date": "2019-06-16T14:30:05Z",
                "url": "https://www.instagram.com/p/B0abcDEFghi/",
            },
        )
    ],
    "instagram_v14.html": [
        (
            "instagram",
            "C5xyzABCdef",
            {
                "text": None,
                "author.handle": "somebody",
                "url": "https://www.instagram.com/reel/C5xyzABCdef/",
            },
        )
    ],
    "instagram_iframe.html": [("instagram", "CgHiJkLmNoP", {"text": None})],
    "facebook_sdk.html": [
        (
            "facebook",
            "10154009990506729",
            {
                "text": "Today we are announcing new things.",
                "author.name": "Facebook",
                "date": "2015-08-27",
            },
        )
    ],
    "facebook_iframe.html": [
        ("facebook", "10112681480907401", {"author.handle": "zuck", "text": None}),
        (
            "facebook",
            "10153231379946729",
            {"url": "https://www.facebook.com/nytimes/videos/10153231379946729"},
        ),
    ],
    "tiktok.html": [
        (
            "tiktok",
            "6718335390845095173",
            {
                "author.handle": "scout2015",
                "hashtags": ("foryoupage", "petsoftiktok"),
                "date": "2019-07-27T13:32:33Z",
            },
        ),
        ("tiktok", "7106594312292453675", {"text": None}),
    ],
    "youtube.html": [
        ("youtube", "dQw4w9WgXcQ", {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}),
        ("youtube", "M7lc1UVf-VE", {}),
        ("youtube", "9bZkp7q19f0", {}),
    ],
    "telegram.html": [
        ("telegram", "durov/43", {"url": "https://t.me/durov/43", "text": None}),
        ("telegram", "nexta_tv/12345", {}),
    ],
    "bluesky.html": [
        (
            "bluesky",
            "3kqmfaqcm2k2x",
            {
                "text": "こんにちは世界、ブルースカイです",
                "author.name": "Bluesky",
                "author.handle": "bsky.app",
                "html_lang": "ja",
            },
        )
    ],
    "mastodon.html": [
        (
            "mastodon",
            "mastodon.social/113000000000000000",
            {"author.handle": "Gargron@mastodon.social", "text": None},
        ),
        ("mastodon", "social.example.org/109876543210987654", {}),
        ("truthsocial", "112233445566778899", {"author.handle": "realDonaldTrump"}),
    ],
    "threads.html": [("threads", "C8abcDEFghi", {"author.handle": "zuck", "text": None})],
    "reddit.html": [
        (
            "reddit",
            "p9abcd",
            {"text": "Taliban forces head to Panjshir", "author.handle": "newsbot"},
        ),
        ("reddit", "ivx1yz", {"text": "My cat"}),
    ],
    "hidden.html": [
        ("twitter", "1100000000000000000", {"text": "Hallo Welt", "author.handle": "max"}),
        ("twitter", "1200000000000000000", {"text": None}),
        ("instagram", "TEXTAREA1", {"method": "html:textarea:instagram-blockquote"}),
        ("youtube", "abcdefghijk", {}),
        (
            "twitter",
            "1300000000000000000",
            {"text": "Bonjour", "method": "json:twitter-blockquote"},
        ),
        ("instagram", "JSONpost12", {"method": "json:url"}),
    ],
    "negatives.html": [],
}


def _field(post: Post, name: str) -> Any:
    obj: Any = post
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _extract(html: str) -> tuple[str, list[Post]]:
    text, title = parse_html_article(html)
    return text, get_extractor().extract(
        Article(source="t", id="t", text=text, html=html, title=title)
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_embed_markup(name: str) -> None:
    text, posts = _extract((DATA / name).read_text(encoding="utf-8"))
    expected = CASES[name]
    assert [(p.platform, p.post_id) for p in posts] == [(pl, pid) for pl, pid, _ in expected]
    for post, (_, _, fields) in zip(posts, expected, strict=True):
        for key, value in fields.items():
            assert _field(post, key) == value, (name, key)
        if post.span is not None and post.text:
            assert text[post.span.start : post.span.end].startswith(post.text[:10])


def _body(inner: str) -> str:
    return f"<html><body><article><p>Intro paragraph of the story.</p>{inner}<p>More text.</p></article></body></html>"


@pytest.mark.parametrize(
    "inner",
    [
        '<a class="twitter-share-button" href="https://twitter.com/intent/tweet?text=x">Tweet</a>',
        '<a href="https://twitter.com/share?url=https%3A%2F%2Fexample.com">Share</a>',
        '<a class="twitter-follow-button" href="https://twitter.com/nytimes">Follow @nytimes</a>',
        '<a href="https://x.com/nytimes">X</a> <a href="https://t.me/nytimes">Telegram</a>',
        '<a href="https://t.me/share/url?url=x&text=y">Share on Telegram</a>',
        '<a href="https://t.me/joinchat/AAAAAE">Join</a> <a href="https://t.me/+AbCdEf">Join</a>',
        '<a class="twitter-timeline" href="https://twitter.com/nytimes?ref_src=twsrc%5Etfw">Tweets by nytimes</a>',
        '<a href="https://www.instagram.com/nytimes/">Instagram</a> <a href="https://www.tiktok.com/@nytimes">TikTok</a>',
        '<a href="https://www.facebook.com/nytimes">Facebook</a> <a href="https://www.youtube.com/@nytimes">YouTube</a>',
        '<a href="https://twitter.com/">Twitter</a> <a href="https://www.threads.net/@nytimes">Threads</a>',
        '<iframe src="https://www.youtube.com/embed/videoseries?list=PL123"></iframe>',
        '<aside class="sidebar"><iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe></aside>',
        '<div class="related-videos"><iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe></div>',
        '<footer><blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/1500000000000000000"></a></blockquote></footer>',
        '<div class="instagram-media"><p>Body text with the wrong class.</p></div>',
        '<div class="social-share twitter"><a href="https://twitter.com/intent/tweet?url=x">X</a></div>',
        '<template><blockquote class="twitter-tweet"><a href="https://twitter.com/{{h}}/status/{{id}}"></a></blockquote></template>',
        '<script type="application/ld+json">{"sameAs":["https://twitter.com/nyt"],"url":"https://twitter.com/nyt/status/1500000000000000000"}</script>',
        '<footer><a href="https://twitter.com/nyt/status/1500000000000000000">Our latest tweet</a></footer>',
        '<div class="author-bio">Follow <a href="https://twitter.com/me/status/1500000000000000000">me</a></div>',
        '<div class="fb-like" data-href="https://www.facebook.com/nytimes" data-layout="button_count"></div>',
        '<div class="fb-comments" data-href="https://news.example.com/story" data-numposts="5"></div>',
        '<p>Read more on <a href="https://www.reddit.com/r/worldnews/">r/worldnews</a>.</p>',
        '<p>Contact <a href="mailto:x@twitter.com">x@twitter.com</a> or see https://example.com/@user/123456789.</p>',
    ],
)
def test_not_posts(inner: str) -> None:
    _, posts = _extract(_body(inner))
    assert posts == []


def test_status_link_in_prose_is_a_reference() -> None:
    html = _body(
        "<p>The minister thanked the rescuers in a "
        '<a href="https://twitter.com/minister/status/1500000000000000000">tweet</a> on Sunday.</p>'
    )
    text, posts = _extract(html)
    assert len(posts) == 1
    post = posts[0]
    assert (post.kind, post.platform, post.post_id, post.author.handle) == (
        "reference",
        "twitter",
        "1500000000000000000",
        "minister",
    )
    assert post.text is None
    assert post.span is not None and text[post.span.start : post.span.end] == "tweet"


def test_status_link_on_a_quote_gives_the_quote_its_id() -> None:
    html = _body(
        '<p>"We will rebuild every house," the mayor '
        '<a href="https://x.com/mayor/status/1500000000000000000">wrote on X</a>.</p>'
    )
    _, posts = _extract(html)
    assert len(posts) == 1
    assert (posts[0].kind, posts[0].post_id, posts[0].text) == (
        "quote",
        "1500000000000000000",
        "We will rebuild every house",
    )


def test_same_post_twice_is_merged_keeping_the_richest_record() -> None:
    full = (DATA / "twitter_full.html").read_text(encoding="utf-8")
    bare = '<blockquote class="twitter-tweet"><a href="https://twitter.com/janedoe/status/1429417046236176387"></a></blockquote>'
    amp = '<amp-twitter data-tweetid="1429417046236176387" width="1" height="1"></amp-twitter>'
    _, posts = _extract(_body(bare + full + amp))
    assert len(posts) == 1
    assert posts[0].text == "Quoting this one #News with @nasa"
    assert posts[0].author.name == "Jane Doe"


def test_quoted_tweet_link_is_not_the_embedding_tweet() -> None:
    _, posts = _extract((DATA / "twitter_quoted.html").read_text(encoding="utf-8"))
    assert [p.post_id for p in posts] == ["1429000000000000000"]
    assert "https://twitter.com/other/status/1111111111111111111" in posts[0].links


def test_embed_text_is_located_in_article_text() -> None:
    text, posts = _extract(_body((DATA / "instagram_v12.html").read_text(encoding="utf-8")))
    (post,) = posts
    assert post.span is not None
    assert text[post.span.start : post.span.end] == "Sunset over the bay #travel"


@pytest.mark.parametrize(
    ("inner", "post_id", "handle", "text", "method"),
    [
        (
            '<div class="embed embed--twitter"><blockquote><p lang="en">Classless blockquote tweet text</p>&mdash; '
            'Some One (@someone) <a href="https://twitter.com/someone/status/1500000000000000000">March 5, 2022</a>'
            "</blockquote></div>",
            "1500000000000000000",
            "someone",
            "Classless blockquote tweet text",
            "text:tweet-signature",
        ),
        (
            '<blockquote class="twitter-tweet"><p lang="en">Signature inside p &mdash; Other (@other) '
            '<a href="https://twitter.com/other/status/1500000000000000001">March 5, 2022</a></p></blockquote>',
            "1500000000000000001",
            "other",
            "Signature inside p",
            "html:twitter-blockquote",
        ),
        (
            '<blockquote class="twitter-tweet">Old text no signature '
            '<a href="https://twitter.com/old/status/1500000000000000002">March 5, 2022</a></blockquote>',
            "1500000000000000002",
            "old",
            "Old text no signature",
            "html:twitter-blockquote",
        ),
    ],
)
def test_tweet_markup_variants(
    inner: str, post_id: str, handle: str, text: str, method: str
) -> None:
    _, posts = _extract(_body(inner))
    assert [(p.post_id, p.author.handle, p.text, p.method, p.kind) for p in posts] == [
        (post_id, handle, text, method, "embed")
    ]


def test_emoji_images_keep_their_characters() -> None:
    inner = (
        '<blockquote class="twitter-tweet"><p lang="en">Fire <img class="emoji" alt="🔥" src="x.png"></p>&mdash; '
        'A (@a) <a href="https://twitter.com/a/status/1500000000000000003">March 5, 2022</a></blockquote>'
    )
    text, posts = _extract(_body(inner))
    assert posts[0].text == "Fire 🔥"
    assert posts[0].span is not None


def test_status_link_in_a_quoting_sentence_is_a_quote() -> None:
    html = _body(
        '<p>The general was defiant. "No retreat, no surrender," he '
        '<a href="https://twitter.com/general/status/1500000000000000004">said on Sunday</a>.</p>'
    )
    text, posts = _extract(html)
    assert [(p.kind, p.post_id, p.text, p.method) for p in posts] == [
        ("quote", "1500000000000000004", "No retreat, no surrender", "html:link-quote")
    ]
    assert (
        posts[0].span is not None
        and text[posts[0].span.start : posts[0].span.end] == "No retreat, no surrender"
    )
