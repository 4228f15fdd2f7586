from __future__ import annotations

import pytest

from analyzer.extract.dates import id_time, parse_date
from analyzer.extract.urls import classify_url


@pytest.mark.parametrize(
    ("url", "platform", "post_id", "handle"),
    [
        (
            "https://twitter.com/alemara_ar/status/1429417046236176387?ref_src=twsrc%5Etfw",
            "twitter",
            "1429417046236176387",
            "alemara_ar",
        ),
        (
            "https://x.com/elonmusk/status/1585341984679469056/photo/1",
            "twitter",
            "1585341984679469056",
            "elonmusk",
        ),
        ("https://mobile.twitter.com/jack/statuses/1234567", "twitter", "1234567", "jack"),
        (
            "https://twitter.com/i/web/status/1500000000000000000",
            "twitter",
            "1500000000000000000",
            None,
        ),
        ("https://twitter.com/#!/user/status/12345678", "twitter", "12345678", "user"),
        (
            "https://fxtwitter.com/user/status/1500000000000000000",
            "twitter",
            "1500000000000000000",
            "user",
        ),
        ("twitter.com/user/status/1500000000000000000", "twitter", "1500000000000000000", "user"),
        (
            "https://platform.twitter.com/embed/Tweet.html?dnt=false&id=1390000000000000000",
            "twitter",
            "1390000000000000000",
            None,
        ),
        (
            "https://www.instagram.com/p/B0abcDEFghi/?utm_source=ig_embed",
            "instagram",
            "B0abcDEFghi",
            None,
        ),
        (
            "https://www.instagram.com/reel/C5xyzABCdef/embed/captioned",
            "instagram",
            "C5xyzABCdef",
            None,
        ),
        (
            "https://www.facebook.com/zuck/posts/10112681480907401",
            "facebook",
            "10112681480907401",
            "zuck",
        ),
        (
            "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fzuck%2Fposts%2F10112681480907401&width=500",
            "facebook",
            "10112681480907401",
            "zuck",
        ),
        (
            "https://www.facebook.com/permalink.php?story_fbid=123456&id=99999",
            "facebook",
            "123456",
            None,
        ),
        ("https://www.facebook.com/watch/?v=987654321", "facebook", "987654321", None),
        (
            "https://www.tiktok.com/@scout2015/video/6718335390845095173",
            "tiktok",
            "6718335390845095173",
            "scout2015",
        ),
        (
            "https://www.tiktok.com/embed/v2/6718335390845095173",
            "tiktok",
            "6718335390845095173",
            None,
        ),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "youtube", "dQw4w9WgXcQ", None),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", None),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", None),
        ("https://t.me/durov/43", "telegram", "durov/43", "durov"),
        ("https://t.me/s/durov/43", "telegram", "durov/43", "durov"),
        (
            "https://bsky.app/profile/bsky.app/post/3kqmfaqcm2k2x",
            "bluesky",
            "3kqmfaqcm2k2x",
            "bsky.app",
        ),
        (
            "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kqmfaqcm2k2x",
            "bluesky",
            "3kqmfaqcm2k2x",
            None,
        ),
        ("https://www.threads.net/@zuck/post/C8abcDEFghi", "threads", "C8abcDEFghi", "zuck"),
        ("https://www.threads.com/@zuck/post/C8abcDEFghi", "threads", "C8abcDEFghi", "zuck"),
        (
            "https://www.reddit.com/r/worldnews/comments/p9abcd/some_title/",
            "reddit",
            "p9abcd",
            None,
        ),
        (
            "https://truthsocial.com/@realDonaldTrump/112233445566778899",
            "truthsocial",
            "112233445566778899",
            "realDonaldTrump",
        ),
        (
            "https://mastodon.social/@Gargron/113000000000000000",
            "mastodon",
            "mastodon.social/113000000000000000",
            "Gargron@mastodon.social",
        ),
    ],
)
def test_post_urls(url: str, platform: str, post_id: str, handle: str | None) -> None:
    ref = classify_url(url)
    assert ref is not None
    assert (ref.platform, ref.post_id, ref.handle) == (platform, post_id, handle)


@pytest.mark.parametrize(
    "url",
    [
        "https://twitter.com/intent/tweet?text=hello&url=https%3A%2F%2Fx.com",
        "https://twitter.com/share?url=x",
        "https://twitter.com/nytimes",
        "https://x.com/",
        "https://twitter.com/hashtag/News",
        "https://t.co/abcdEF",
        "https://pic.twitter.com/XyZ123",
        "https://t.me/durov",
        "https://t.me/share/url?url=x",
        "https://t.me/joinchat/AAAA",
        "https://www.instagram.com/nytimes/",
        "https://www.facebook.com/nytimes",
        "https://www.facebook.com/sharer/sharer.php?u=x",
        "https://www.youtube.com/embed/videoseries?list=PL123",
        "https://www.youtube.com/@nytimes",
        "https://www.tiktok.com/@nytimes",
        "https://bsky.app/profile/nytimes.com",
        "https://www.threads.net/@nytimes",
        "https://www.reddit.com/r/worldnews/",
        "https://medium.com/@user/123456789",
        "https://example.com/@user/123456789",
        "",
    ],
)
def test_not_post_urls(url: str) -> None:
    assert classify_url(url) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("August 22, 2021", "2021-08-22"),
        ("Aug 22, 2021", "2021-08-22"),
        ("25. September 2018", "2018-09-25"),
        ("27 de agosto de 2018", "2018-08-27"),
        ("21 août 2021", "2021-08-21"),
        ("Jun 16, 2019 at 7:30am PDT", "2019-06-16"),
        ("Monday, February 7, 2022", "2022-02-07"),
        ("2026-05-03T01:46:20.000Z", "2026-05-03T01:46:20Z"),
        ("2019-06-16T14:30:05+00:00", "2019-06-16T14:30:05Z"),
        ("2021年8月22日", "2021-08-22"),
        ("February 30, 2021", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_snowflake_time() -> None:
    tid = 1429417046236176387
    ms = (tid >> 22) + 1288834974657
    assert ms == 1629634555764
    assert id_time("twitter", str(tid)) == "2021-08-22T12:15:55.764Z"


def test_id_times_of_other_platforms() -> None:
    assert id_time("tiktok", "6718335390845095173") == "2019-07-27T13:32:33Z"
    assert id_time("twitter", "20") is None  # pre-snowflake IDs carry no time
    assert id_time("bluesky", "3kqmfaqcm2k2x") is not None
    assert id_time("youtube", "dQw4w9WgXcQ") is None
    assert id_time("twitter", None) is None
