"""Patterns seen on real article pages and in real extractors' text output (each fixture is
hand-written to reproduce the pattern): markdown-quoted tweets, markdown links, Instagram and
TikTok embeds flattened into one paragraph, shop links, scare quotes, and indirect reports."""

from __future__ import annotations

import pytest

from analyzer.extract import get_extractor
from analyzer.extract.htmltext import parse_html_article
from analyzer.records import Article, Post


def _posts(text: str) -> list[Post]:
    return get_extractor().extract(Article(source="t", id="t", text=text))


def _html_posts(html: str) -> tuple[str, list[Post]]:
    text, title = parse_html_article(html)
    article = Article(source="t", id="t", text=text, html=html, title=title)
    return text, get_extractor().extract(article)


def _spanned(text: str, post: Post) -> str:
    assert post.span is not None
    return text[post.span.start : post.span.end]


# -- tweets in markdown output --------------------------------------------------------------


def test_markdown_quoted_tweet_keeps_its_text_and_id() -> None:
    text = (
        "The tool's author suggested a shortcut:\n\n"
        "> Bind this to a hotkey and run it at start-up: patch the open call to return zero.\n"
        ">\n"
        "> — Debug Tools (@debugtools) [March 2, 2018]"
        "(https://twitter.com/debugtools/status/969600000000000000?ref_src=twsrc%5Etfw)\n\n"
        "The rest of the post explains why."
    )
    (post,) = _posts(text)
    assert (
        post.text
        == "Bind this to a hotkey and run it at start-up: patch the open call to return zero."
    )
    assert (post.post_id, post.author.handle, post.author.name) == (
        "969600000000000000",
        "debugtools",
        "Debug Tools",
    )
    assert _spanned(text, post).startswith("Bind this to a hotkey")


def test_markdown_links_inside_tweet_text_keep_their_labels() -> None:
    text = (
        "Officials confirmed the closure.\n\n"
        "Road shut both ways after a crash, thanks [@CityPolice](https://twitter.com/CityPolice) "
        "for the help [pic.twitter.com/Zx81kLmQ](https://t.co/Zx81kLmQ)\n\n"
        "— Roads Office ([@RoadsOffice](https://twitter.com/RoadsOffice?ref_src=twsrc%5Etfw)) "
        "[May 9, 2021](https://twitter.com/RoadsOffice/status/1391300000000000000?ref_src=twsrc%5Etfw)\n\n"
        "Drivers were diverted."
    )
    (post,) = _posts(text)
    assert post.text == "Road shut both ways after a crash, thanks @CityPolice for the help"
    assert post.post_id == "1391300000000000000"
    assert "](" not in (post.text or "")
    assert _spanned(text, post).startswith("Road shut both ways")


# -- embeds flattened into one paragraph -------------------------------------------------------


def test_instagram_caption_flattened_inline() -> None:
    text = (
        "We asked the skipper about the voyage. View this post on Instagram Home after 40 days "
        "at sea, thank you to the whole crew! A post shared by Ana Ruiz (@ana.sails) on "
        "Jun 3, 2021 at 9:15am PDT Back on land, she said the hardest part was the storms."
    )
    (post,) = _posts(text)
    assert (post.platform, post.author.handle, post.date) == (
        "instagram",
        "ana.sails",
        "2021-06-03",
    )
    assert post.text == "Home after 40 days at sea, thank you to the whole crew!"
    assert _spanned(text, post) == post.text


@pytest.mark.parametrize(
    "text",
    [
        "Watch the clip: @chef.lou Ten-minute pasta for busy nights #recette #pasta "
        "♬ son original - Chef Lou The recipe went viral within hours.",
        "Watch the clip:\n\n@chef.lou\nTen-minute pasta for busy nights #recette #pasta\n"
        "♬ Originalton - Chef Lou\n\nThe recipe went viral within hours.",
    ],
)
def test_tiktok_flattened_inline_or_over_lines(text: str) -> None:
    (post,) = _posts(text)
    assert (post.platform, post.author.handle) == ("tiktok", "chef.lou")
    assert post.text == "Ten-minute pasta for busy nights #recette #pasta"


# -- links that are not posts --------------------------------------------------------------


def test_youtube_shop_link_is_not_a_post_but_an_embedded_trailer_is() -> None:
    html = (
        "<html><body><article><h3>5) The Long Summer</h3>"
        '<div><iframe src="https://www.youtube.com/embed/Q0CbN8sfihY?rel=0"></iframe></div>'
        "<p>A quiet film about a family farm.</p>"
        "<p><em>It is available to rent on</em> "
        '<a href="https://play.google.com/store/movies/details?id=fgPqJgZepxM">Google Play</a> and '
        '<a href="https://www.youtube.com/watch?v=fgPqJgZepxM"><em>YouTube</em></a>.</p>'
        "</article></body></html>"
    )
    _, posts = _html_posts(html)
    assert [(p.kind, p.platform, p.post_id) for p in posts] == [("embed", "youtube", "Q0CbN8sfihY")]


def test_youtube_link_on_a_described_video_stays_a_reference() -> None:
    html = (
        "<html><body><article><p>The mayor answered critics in "
        '<a href="https://www.youtube.com/watch?v=AbCdEfGhIjK">a video posted on Sunday</a>.</p>'
        "</article></body></html>"
    )
    _, posts = _html_posts(html)
    assert [(p.kind, p.platform, p.post_id) for p in posts] == [
        ("reference", "youtube", "AbCdEfGhIjK")
    ]


# -- prose ------------------------------------------------------------------------------------


def test_scare_quotes_before_a_tweet_verb_are_not_a_post() -> None:
    text = (
        "The writer, whose site will soon help label “fake news” alongside two other outlets, "
        "retweeted an article about the protest."
    )
    assert [p for p in _posts(text) if p.kind == "quote"] == []


def test_a_short_quote_with_its_punctuation_is_still_a_post() -> None:
    (post,) = _posts("“Disgraceful!” the senator tweeted on Friday.")
    assert (post.kind, post.platform, post.text) == ("quote", "twitter", "Disgraceful!")


def test_speaker_who_took_to_a_platform() -> None:
    (post,) = _posts(
        'The singer later took to Instagram to apologise, writing: "I let my fans down and I am sorry."'
    )
    assert (post.platform, post.author.name) == ("instagram", None)  # 'the singer': no name


@pytest.mark.parametrize(
    ("text", "platform", "name"),
    [
        (
            "The army's spokesman wrote on Telegram that three drones had been shot down.",
            "telegram",
            None,
        ),
        (
            "According to a tweet by the city's police department, the road stays closed.",
            "twitter",
            None,
        ),
        (
            "The ministry said in a post on Facebook that water had been restored.",
            "facebook",
            None,
        ),
    ],
)
def test_indirect_reports(text: str, platform: str, name: str | None) -> None:
    (post,) = _posts(text)
    assert (post.kind, post.platform, post.text, post.author.name) == (
        "reference",
        platform,
        None,
        name,
    )


@pytest.mark.parametrize(
    "text",
    [
        'In an interview with the BBC, the president said it was "distressing" not to have made progress.',
        '"We have received your letter and will respond in due course," a spokesperson said in a statement.',
        'The chief executive told reporters that "the numbers speak for themselves."',
        'Asked about the row, the senator told the BBC: "I stand by every word."',
        'Critics called the plan "a stunt" in comments to local radio.',
        "Photo: a crowd outside the court.\n\nFacebook\n\nThe hearing resumes on Monday.",
        "Follow our live coverage on Twitter and Facebook. Share this article.",
    ],
)
def test_speech_and_credits_are_not_posts(text: str) -> None:
    assert _posts(text) == []


# -- tweets copied as rendered, bare permalinks, credits ------------------------------------------


def test_rendered_tweet_copied_from_the_browser() -> None:
    text = (
        "The office replied within minutes.\n\n"
        "Harbour Office @HarbourOffice · Follow\n"
        "Ferries resume at noon. Thank you for your patience.\n"
        "10:45 AM · Aug 22, 2021\n"
        "Reply Copy link Read 120 replies\n\n"
        "— Port Watch (@PortWatch) August 23, 2021\n\n"
        "Passengers queued for hours."
    )
    rendered, image_only = _posts(text)
    assert (rendered.author.handle, rendered.author.name, rendered.date) == (
        "HarbourOffice",
        "Harbour Office",
        "2021-08-22",
    )
    assert rendered.text == "Ferries resume at noon. Thank you for your patience."
    assert _spanned(text, rendered) == rendered.text
    # a signature with no text of its own does not take the widget above as its text
    assert (image_only.author.handle, image_only.text) == ("PortWatch", None)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "The statement followed.\n\nhttps://twitter.com/PortWatch/status/1600000000000000123\n\nMore.",
            "embed",
        ),
        (
            "The statement, https://twitter.com/PortWatch/status/1600000000000000123, was deleted.",
            "reference",
        ),
    ],
)
def test_permalink_alone_on_its_line_is_an_unrendered_embed(text: str, kind: str) -> None:
    (post,) = _posts(text)
    assert (post.kind, post.post_id) == (kind, "1600000000000000123")


def test_photo_credits_naming_a_platform_are_not_posts() -> None:
    text = (
        "Protesters gathered outside parliament.\n\nImage: Instagram/@streetphotog\n\n"
        "Credit: Twitter/@citywatcher\n\n(Screenshot via X/@newsdesk)\n\nThe vote is on Monday."
    )
    assert _posts(text) == []


# -- who 'he' is: the subject of an earlier sentence, not the last capitalised word ---------------


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            'The Governor urged Floridians to vote early. "Lines are short and the system is safe," he tweeted.',
            [None],  # 'The Governor': a title the article gives no name
        ),
        (
            "Mr Vance says legal action is being taken against Mr Lowe and others. "
            '"Last night my car was followed by a stranger in LA," he tweeted.',
            ["Mr Vance"],
        ),
        (
            "The Nike-sponsored streamer stayed quiet until the clip surfaced. For a gamer with a "
            'family image, it was a nightmare. "Disgusted and so sorry," he tweeted on Friday.',
            [None],
        ),
        (
            "Freelance photographer Jo Mbeki no longer has the virus. The 33-year-old was working for "
            'ABC News in Liberia when he fell ill. "I fought and won, with lots of help," he tweeted.',
            ["Jo Mbeki"],
        ),
        (
            "Party leader Ravi Kumar targeted the BJP-led government over prices. "
            '"Prices are setting new records every day," he tweeted. "Wages are not," he added.',
            ["Ravi Kumar", "Ravi Kumar"],
        ),
    ],
)
def test_pronoun_speaker_is_the_subject_of_an_earlier_sentence(
    text: str, speakers: list[str | None]
) -> None:
    assert [p.author.name for p in _posts(text)] == speakers


def test_a_quote_with_its_own_speech_verb_is_not_a_continuation() -> None:
    text = (
        "A man shared pictures of glass he found in a pizza. "
        '"This says a lot about the food we get," he tweeted while tagging City Police. '
        '"Please write to customer care first," said Police.'
    )
    (post,) = _posts(text)
    assert (post.author.name, post.text) == (None, "This says a lot about the food we get")


def test_she_is_not_the_ministry_of_the_paragraph_before() -> None:
    text = (
        "The ministry said in a post on Facebook that water had been restored.\n\n"
        "“It was an honour to serve,” she wrote on Instagram alongside a photo of her team."
    )
    quote = next(p for p in _posts(text) if p.kind == "quote")
    assert (quote.platform, quote.author.name) == ("instagram", None)


@pytest.mark.parametrize(
    "text",
    [
        "Volunteers praised\nThe service thanked its volunteers after the floods.\n"
        "Proud of every volunteer who helped today.\n"
        "Posted by Shore Rescue on Monday, February 7, 2022\nMore volunteers are needed.",
        "# Volunteers praised\n\nThe service thanked its volunteers after the floods.\n\n"
        "Proud of every volunteer who helped today.\n\n"
        "Posted by[Shore Rescue](https://www.facebook.com/shorerescue) on "
        "[Monday, February 7, 2022](https://www.facebook.com/shorerescue/posts/1234567890123457)\n\n"
        "More volunteers are needed.",
    ],
)
def test_facebook_fallback_in_txt_and_markdown_output(text: str) -> None:
    (post,) = _posts(text)
    assert (post.platform, post.author.name, post.date) == (
        "facebook",
        "Shore Rescue",
        "2022-02-07",
    )
    assert post.text == "Proud of every volunteer who helped today."
    assert post.post_id in (None, "1234567890123457")
    assert ("](" in text) == (post.post_id is not None)
