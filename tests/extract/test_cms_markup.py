"""Embeds as content systems and page builders write them (WordPress/Gutenberg, Elementor, Divi,
Drupal, Ghost, Substack, Medium, Arc XP, Next.js, Nuxt, AMP), lazy-load and consent
placeholders, and the page chrome around them. Each fixture reproduces the system's published
markup shape with made-up posts."""

from __future__ import annotations

import base64
import html

import pytest

from analyzer.config import Settings
from analyzer.extract import get_extractor
from analyzer.ingest.core import make_article
from analyzer.records import Post

TWEET = (
    '<blockquote class="twitter-tweet" data-width="550" data-dnt="true"><p lang="en" dir="ltr">'
    "Polls close at eight tonight, results after midnight</p>&mdash; Election Desk (@electiondesk) "
    '<a href="https://twitter.com/electiondesk/status/1700000000000000001?ref_src=twsrc%5Etfw">'
    "September 8, 2023</a></blockquote>"
)
TWEET_ID = "1700000000000000001"
PARA = "<p>" + "The council met again on Tuesday to discuss the budget and the new bus lanes. " * 6 + "</p>"


def _page(body: str, *, head: str = "", around: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Story</title>{head}</head><body>"
        f"<header class='site-header'><nav><a href='/'>Home</a></nav></header>"
        f"<main><article class='post'><h1>Story</h1>{PARA}{body}{PARA}</article>{around}</main>"
        "<footer class='site-footer'><a href='https://twitter.com/site'>X</a></footer></body></html>"
    )


def _embeds(html_page: str, url: str | None = None) -> list[tuple[str, str | None]]:
    article = make_article("t", "t", html=html_page, url=url, settings=Settings())
    posts: list[Post] = get_extractor().extract(article)
    return [(p.platform, p.post_id) for p in posts if p.kind == "embed"]


YT = "dQw4w9WgXcQ"
CASES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "gutenberg": (
        '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
        f'<div class="wp-block-embed__wrapper">{TWEET}</div></figure>'
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube '
        'wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">'
        f'<iframe loading="lazy" title="Budget" width="500" height="281" src="https://www.youtube.com/embed/{YT}?feature=oembed" '
        'frameborder="0" allowfullscreen></iframe></div></figure>',
        [("twitter", TWEET_ID), ("youtube", YT)],
    ),
    "elementor widgets hold the article": (
        '<div class="elementor-element elementor-widget elementor-widget-theme-post-content" '
        'data-element_type="widget" data-widget_type="theme-post-content.default">'
        f'<div class="elementor-widget-container">{TWEET}</div></div>'
        '<div class="elementor-element elementor-widget elementor-widget-video" data-element_type="widget" '
        f'data-settings="{{&quot;youtube_url&quot;:&quot;https:\\/\\/www.youtube.com\\/watch?v={YT}&quot;,'
        '&quot;video_type&quot;:&quot;youtube&quot;}" data-widget_type="video.default">'
        '<div class="elementor-widget-container"><div class="elementor-wrapper elementor-open-inline">'
        '<div class="elementor-video"></div></div></div></div>',
        [("twitter", TWEET_ID), ("youtube", YT)],
    ),
    "divi": (
        '<div class="et_pb_section et_pb_section_0"><div class="et_pb_row et_pb_row_0"><div class="et_pb_column">'
        f'<div class="et_pb_module et_pb_text"><div class="et_pb_text_inner">{TWEET}</div></div>'
        '<div class="et_pb_module et_pb_video et_pb_video_0"><div class="et_pb_video_box">'
        f'<iframe title="Budget" src="https://www.youtube.com/embed/{YT}?feature=oembed"></iframe></div></div>'
        "</div></div></div>",
        [("twitter", TWEET_ID), ("youtube", YT)],
    ),
    "drupal remote video through its oembed proxy": (
        '<div class="field field--name-body"><div class="media media--type-remote-video">'
        '<div class="field field--name-field-media-oembed-video">'
        f'<iframe src="/media/oembed?url=https%3A//www.youtube.com/watch%3Fv%3D{YT}&amp;max_width=0&amp;max_height=0" '
        'class="media-oembed-content" title="Budget"></iframe></div></div></div>',
        [("youtube", YT)],
    ),
    "ghost cards": (
        f'<figure class="kg-card kg-embed-card">{TWEET}</figure>'
        '<figure class="kg-card kg-embed-card"><iframe width="200" height="113" '
        f'src="https://www.youtube.com/embed/{YT}?feature=oembed" allowfullscreen></iframe></figure>',
        [("twitter", TWEET_ID), ("youtube", YT)],
    ),
    "substack components keep the post in data-attrs": (
        '<div class="tweet" data-attrs="{&quot;url&quot;:&quot;https://twitter.com/electiondesk/status/'
        f'{TWEET_ID}&quot;,&quot;full_text&quot;:&quot;Polls close at eight&quot;,&quot;username&quot;:'
        '&quot;electiondesk&quot;}" data-component-name="Twitter2ToDOM"><a class="tweet-link-top" '
        f'href="https://twitter.com/electiondesk/status/{TWEET_ID}" target="_blank"><div class="tweet-header">'
        '<span class="tweet-author-name">Election Desk</span></div></a><div class="tweet-text">Polls close at eight</div></div>'
        f'<div id="youtube2-{YT}" class="youtube-wrap" data-attrs="{{&quot;videoId&quot;:&quot;{YT}&quot;,'
        '&quot;startTime&quot;:null}" data-component-name="Youtube2ToDOM"><div class="youtube-inner"></div></div>',
        [("twitter", TWEET_ID), ("youtube", YT)],
    ),
    "medium through embedly": (
        '<figure class="graf graf--figure graf--iframe"><iframe data-width="854" data-height="480" '
        'src="https://cdn.embedly.com/widgets/media.html?src=https%3A%2F%2Fwww.youtube.com%2Fembed%2F'
        f'{YT}%3Ffeature%3Doembed&amp;url=http%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{YT}&amp;type=text%2Fhtml" '
        'frameborder="0" scrolling="no"></iframe></figure>',
        [("youtube", YT)],
    ),
    "embedly cards": (
        '<blockquote class="embedly-card"><h4><a href="https://www.instagram.com/p/CzAbCdEfGhI/">'
        "A photo</a></h4></blockquote>"
        '<a class="embedly-card" href="https://twitter.com/desk/status/1700000000000000012">Tweet</a>',
        [("instagram", "CzAbCdEfGhI"), ("twitter", "1700000000000000012")],
    ),
    "amp": (
        '<amp-twitter width="375" height="472" layout="responsive" data-tweetid="1700000000000000002"></amp-twitter>'
        '<amp-instagram data-shortcode="CxYzAbCdEfG" data-captioned width="400" height="400" layout="responsive"></amp-instagram>'
        f'<amp-youtube data-videoid="{YT}" layout="responsive" width="480" height="270"></amp-youtube>'
        '<amp-facebook width="552" height="310" layout="responsive" data-href="https://www.facebook.com/citycouncil/posts/1234567890123456"></amp-facebook>'
        '<amp-tiktok width="325" height="575" data-src="7300000000000000001"></amp-tiktok>'
        '<amp-reddit layout="responsive" width="300" height="400" data-embedtype="post" '
        'data-src="https://www.reddit.com/r/city/comments/abc123/bus_lanes/"></amp-reddit>',
        [("twitter", "1700000000000000002"), ("instagram", "CxYzAbCdEfG"), ("youtube", YT),
         ("facebook", "1234567890123456"), ("tiktok", "7300000000000000001"), ("reddit", "abc123")],
    ),
    "lazy-load players": (
        f'<iframe class="lazyload" src="about:blank" data-src="https://www.youtube.com/embed/{YT}"></iframe>'
        '<div class="rll-youtube-player" data-src="https://www.youtube.com/embed/9bZkp7q19f0" data-id="9bZkp7q19f0"></div>'
        '<lite-youtube videoid="M7lc1UVf-VE"></lite-youtube>',
        [("youtube", YT), ("youtube", "9bZkp7q19f0"), ("youtube", "M7lc1UVf-VE")],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_content_systems(name: str) -> None:
    body, expected = CASES[name]
    assert _embeds(_page(body)) == expected


@pytest.mark.parametrize(
    "state",
    [
        # Arc XP (Fusion): an oEmbed record, its HTML escaped in a JS string
        'window.Fusion=window.Fusion||{};Fusion.globalContent={"content_elements":[{"type":"oembed_response",'
        '"subtype":"twitter","raw_oembed":{"html":"\\u003cblockquote class=\\"twitter-tweet\\"\\u003e\\u003cp\\u003eHi\\u003c/p\\u003e'
        '\\u0026mdash; A (@a) \\u003ca href=\\"https://twitter.com/a/status/1700000000000000003\\"\\u003eSeptember 8, 2023'
        '\\u003c/a\\u003e\\u003c/blockquote\\u003e"}}]};',
        # Next.js page props: an embed record with the post's URL
        '{"props":{"pageProps":{"article":{"body":[{"type":"embed","provider":"twitter",'
        '"url":"https://twitter.com/a/status/1700000000000000003"}]}}}}',
        # Nuxt: markup in a string of the state function
        'window.__NUXT__=(function(a){return {data:[{body:"\\u003Cp\\u003EText\\u003C/p\\u003E\\u003Cblockquote '
        'class=\\"twitter-tweet\\"\\u003E\\u003Ca href=\\"https:\\u002F\\u002Ftwitter.com\\u002Fa\\u002Fstatus\\u002F1700000000000000003\\"'
        '\\u003E\\u003C/a\\u003E\\u003C/blockquote\\u003E"}]}}(1));',
    ],
    ids=["arc-fusion", "next-data", "nuxt"],
)
def test_page_state(state: str) -> None:
    kind = 'type="application/json" id="__NEXT_DATA__"' if state.startswith("{") else ""
    page = _page("", head=f"<script {kind}>{state}</script>")
    assert _embeds(page) == [("twitter", "1700000000000000003")]


@pytest.mark.parametrize(
    "holder",
    [
        # the embed's markup escaped in an attribute of a consent layer
        f'<div class="consent-layer" data-embed-html="{html.escape(TWEET)}"><p>Accept to see this post</p></div>',
        # in base64 (Borlabs-style content blockers)
        '<div class="_brlbs-content-blocker"><div class="_brlbs-embed" data-borlabs-cookie-content="'
        + base64.b64encode(TWEET.encode()).decode()
        + '"><p>Load content</p></div></div>',
        # only the URL, on a placeholder hidden until consent
        f'<div class="embed-consent" style="display:none" data-consent-src="https://twitter.com/electiondesk/status/{TWEET_ID}"></div>',
    ],
    ids=["escaped", "base64", "url"],
)
def test_consent_walls_hold_the_embed(holder: str) -> None:
    assert _embeds(_page(holder)) == [("twitter", TWEET_ID)]


@pytest.mark.parametrize(
    "around",
    [
        f'<aside id="secondary" class="widget-area"><section class="widget widget_text">{TWEET}</section></aside>',
        f'<div class="et_pb_widget_area et_pb_widget_area_right" id="sidebar"><div class="et_pb_widget">{TWEET}</div></div>',
        f'<div class="related-posts"><iframe src="https://www.youtube.com/embed/{YT}"></iframe></div>',
        f'<div class="OUTBRAIN" data-widget-id="AR_1"><iframe src="https://www.youtube.com/embed/{YT}"></iframe></div>',
        f'<section class="c-rail"><div class="c-rail__video"><iframe src="https://www.youtube.com/embed/{YT}"></iframe></div></section>',
    ],
)
def test_embeds_in_page_chrome_are_not_the_articles(around: str) -> None:
    assert _embeds(_page("", around=around)) == []


def test_layout_wrappers_named_after_a_sidebar_hold_the_article() -> None:
    page = (
        "<html><body><div class='l-sidebar-fixed l-segment'><div class='c-entry-content'>"
        f"{PARA}{TWEET}{PARA}</div><div class='l-sidebar'>Most read</div></div></body></html>"
    )
    assert _embeds(page) == [("twitter", TWEET_ID)]


def test_generated_class_names_are_no_chrome() -> None:
    page = _page(f'<div class="css-1x2y3z4 sc-rail9 x7QwE">{TWEET}</div>')
    assert _embeds(page) == [("twitter", TWEET_ID)]


@pytest.mark.parametrize(
    ("url", "markup"),
    [
        # a platform's own post page: its other posts are the platform's, not an article's embeds
        ("https://twitter.com/electiondesk/status/1700000000000000009",
         '<div class="tweet" data-tweet-id="1700000000000000008">A reply</div>'),
        ("https://t.me/s/citynews",
         '<div class="tgme_widget_message" data-post="citynews/120"><div class="tgme_widget_message_text">Post</div></div>'),
        (f"https://www.youtube.com/watch?v={YT}",
         '<iframe src="https://www.youtube.com/embed/9bZkp7q19f0"></iframe>'),
    ],
)
def test_a_platforms_own_page_embeds_none_of_its_posts(url: str, markup: str) -> None:
    page = _page(markup, head=f'<link rel="canonical" href="{url}">')
    assert _embeds(page) == []
    assert _embeds(_page(markup), url=url) == []
