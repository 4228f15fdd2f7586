"""Posts quoted in prose: attribution gates, speakers, stated languages, and non-posts."""

from __future__ import annotations

import pytest

from analyzer.extract import get_extractor
from analyzer.records import Article, Post


def _posts(text: str) -> list[Post]:
    return get_extractor().extract(Article(source="t", id="t", text=text))


# (text, platform, speaker, quoted text, stated language)
QUOTES = [
    (
        'Musk said in a post on X: "We will fix this by Friday."',
        "twitter",
        "Musk",
        "We will fix this by Friday.",
        None,
    ),
    (
        '"The election was stolen," Trump wrote on Truth Social on Monday.',
        "truthsocial",
        "Trump",
        "The election was stolen",
        None,
    ),
    (
        'Zelensky posted on Telegram: "Our forces repelled the attack."',
        "telegram",
        "Zelensky",
        "Our forces repelled the attack.",
        None,
    ),
    (
        'In a tweet, Smith said "the vote is final and we accept it."',
        "twitter",
        "Smith",
        "the vote is final and we accept it.",
        None,
    ),
    (
        "Saleh tweeted: “I will not surrender to the militants.”",
        "twitter",
        "Saleh",
        "I will not surrender to the militants.",
        None,
    ),
    (
        'Zabihullah Mujahid, the Taliban spokesman, wrote in Pashto on Twitter: "The Islamic Emirate wants good relations."',
        "twitter",
        "Zabihullah Mujahid",
        "The Islamic Emirate wants good relations.",
        "ps",
    ),
    (
        'The president took to Twitter on Sunday. "This is a great day for America," he wrote.',
        "twitter",
        None,  # 'the president': a title the article gives no name
        "This is a great day for America",
        None,
    ),
    (
        "“Our hearts are with the victims,” the embassy posted on Facebook.",
        "facebook",
        None,
        "Our hearts are with the victims",
        None,
    ),
    (
        'Obama (@BarackObama) tweeted: "Congratulations to the team on a historic win."',
        "twitter",
        "Obama",
        "Congratulations to the team on a historic win.",
        None,
    ),
    (
        '"Hundreds of fighters are heading towards Panjshir," tweeted Zabihullah Mujahid.',
        "twitter",
        "Zabihullah Mujahid",
        "Hundreds of fighters are heading towards Panjshir",
        None,
    ),
    (
        '"We will rebuild. Every house. Every road," the mayor said in a video posted on YouTube.',
        "youtube",
        None,
        "We will rebuild. Every house. Every road",
        None,
    ),
    (
        '"Nous gagnerons," Macron wrote in French on his official Instagram account.',
        "instagram",
        "Macron",
        "Nous gagnerons",
        "fr",
    ),
    (
        '"Slava Ukraini. We stand," the ministry said in a Russian-language post on Telegram.',
        "telegram",
        None,
        "Slava Ukraini. We stand",
        "ru",
    ),
    (
        "„Wir stehen an der Seite der Ukraine“, schrieb Scholz auf X.",
        "twitter",
        "Scholz",
        "Wir stehen an der Seite der Ukraine",
        None,
    ),
    (
        "« Nous ne céderons pas », a écrit Macron sur X.",
        "twitter",
        "Macron",
        "Nous ne céderons pas",
        None,
    ),
    (
        '"No vamos a rendirnos", escribió Sánchez en X.',
        "twitter",
        "Sánchez",
        "No vamos a rendirnos",
        None,
    ),
    (
        "«Наши войска отразили атаку», — написал Зеленский в Telegram.",
        "telegram",
        "Зеленский",
        "Наши войска отразили атаку",
        None,
    ),
    (
        "'We will not back down,' the prime minister tweeted on Sunday.",
        "twitter",
        None,
        "We will not back down",
        None,
    ),
    (
        "‘We don’t negotiate with terrorists,’ Johnson wrote on Twitter.",
        "twitter",
        "Johnson",
        "We don’t negotiate with terrorists",
        None,
    ),
]


@pytest.mark.parametrize(("text", "platform", "speaker", "quote", "lang"), QUOTES)
def test_quoted_posts(
    text: str, platform: str, speaker: str | None, quote: str, lang: str | None
) -> None:
    posts = _posts(text)
    assert len(posts) == 1, posts
    post = posts[0]
    assert (post.kind, post.platform, post.author.name, post.text, post.stated_language) == (
        "quote",
        platform,
        speaker,
        quote,
        lang,
    )
    assert post.method == "prose:attribution"
    assert post.span is not None and text[post.span.start : post.span.end] == quote


def test_handle_from_attribution() -> None:
    (post,) = _posts(
        'Obama (@BarackObama) tweeted: "Congratulations to the team on a historic win."'
    )
    assert post.author.handle == "BarackObama"


def test_continued_quote_joins_the_post() -> None:
    text = '"We will not give up," Saleh tweeted. "Afghanistan is too big to swallow."'
    (post,) = _posts(text)
    assert post.text == "We will not give up. Afghanistan is too big to swallow."
    assert post.span is not None and text[post.span.start : post.span.end].endswith("swallow.")


@pytest.mark.parametrize(
    "text",
    [
        '"We are committed to safety," Twitter said in a statement.',
        '"We want peace," he told Reuters by telephone.',
        "Twitter said on Tuesday it would suspend the accounts of users who post threats.",
        '"No comment," the spokesman said.',
        '"Stop the war now," she said in an interview, adding that she had deleted her Twitter account.',
        'Elon Musk, who bought Twitter last year, said the company was "on track" to break even.',
        '"The Taliban will not last long," Massoud said, as reported by AFP.',
        'A Twitter spokesperson said: "We removed the accounts for violating our rules."',
        "Shares of Facebook fell 5% after the company said it would cut jobs.",
        '"This is a test," he wrote in a blog post.',
        '"We are ready," the commander said in a statement posted to the ministry website.',
        "The players' union said it was 'deeply concerned' about the plan.",
        '"It was a mistake," he told The New York Times, adding that he had since left X.',
    ],
)
def test_not_posts(text: str) -> None:
    assert _posts(text) == []


def test_indirect_report_without_an_embed_is_a_reference() -> None:
    (post,) = _posts(
        "The ministry’s official Telegram channel said troops had repelled all attacks overnight."
    )
    assert (post.kind, post.platform, post.text, post.method) == (
        "reference",
        "telegram",
        None,
        "prose:indirect",
    )
    assert post.author.name is None  # 'the ministry': no name


def test_indirect_report_of_an_embedded_post_is_not_a_second_post() -> None:
    text = (
        "The Alemarah Twitter feed said fighters were heading towards Panjshir.\n\n"
        "مئات من مجاهدي #الإمارة_الإسلامية يتوجهون نحو ولاية #بنجشير pic.twitter.com/FwAYBZeopq "
        "— الإمارة الإسلامية (@alemara_ar) August 22, 2021"
    )
    posts = _posts(text)
    assert [(p.kind, p.author.handle) for p in posts] == [("embed", "alemara_ar")]


@pytest.mark.parametrize(
    ("text", "platform", "speaker", "quote"),
    [
        (
            'The prime minister took to Twitter to say "we will not give in to threats."',
            "twitter",
            None,
            "we will not give in to threats.",
        ),
        (
            '"The border is closed until further notice." — Interior Ministry on X',
            "twitter",
            "Interior Ministry",
            "The border is closed until further notice.",
        ),
        (
            "According to a post on the ministry's Telegram channel, \"air defence systems are "
            'working over the capital."',
            "telegram",
            None,
            "air defence systems are working over the capital.",
        ),
        (
            '"We have taken Kabul," a Taliban commander wrote on Telegram. "The war is over."',
            "telegram",
            None,  # 'a Taliban commander': a role, not the Taliban
            "We have taken Kabul. The war is over.",
        ),
        ('Le président a écrit sur X : « Nous ne céderons rien. »', "twitter", None,
         "Nous ne céderons rien."),
        ('Il ministro ha scritto su X: "Siamo vicini alle famiglie delle vittime".', "twitter",
         None, "Siamo vicini alle famiglie delle vittime"),
        ('In een bericht op X schreef de premier: "We laten niemand in de steek."', "twitter",
         None, "We laten niemand in de steek."),
        ('O presidente escreveu no X: "Vamos reconstruir o estado".', "twitter", None,
         "Vamos reconstruir o estado"),
        ('On X, the president wrote: "We will rebuild every home."', "twitter", None,
         "We will rebuild every home."),
        ('On Twitter, Musk wrote: "We will fix this by Friday."', "twitter", "Musk",
         "We will fix this by Friday."),
    ],
)
def test_more_attribution_forms(text: str, platform: str, speaker: str | None, quote: str) -> None:
    (post,) = _posts(text)
    assert (post.platform, post.kind, post.author.name, post.text) == (
        platform, "quote", speaker, quote
    )


@pytest.mark.parametrize(
    "text",
    [
        'Thousands took to the streets to say "enough is enough" on Saturday.',
        '"The talks will resume next week." — a senior diplomat, speaking on condition of anonymity',
        "Officials declined to say on Twitter whether the talks had failed.",
    ],
)
def test_more_non_posts(text: str) -> None:
    assert _posts(text) == []
