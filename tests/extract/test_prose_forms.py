"""Posts quoted in prose as articles in several languages write them, and what is not one.

The speaker is a person or organisation name, resolved through the article for a pronoun or a
title, or None; never a pronoun, a time expression, a platform or a generic noun."""

from __future__ import annotations

import pytest

from analyzer.extract import get_extractor
from analyzer.records import Article, Post


def _quotes(text: str) -> list[Post]:
    posts = get_extractor().extract(Article(source="t", id="t", text=text))
    return [p for p in posts if p.kind == "quote"]


# (text, platform, speaker, the quote's first words)
FORMS = [
    ('Greta Lind wrote on Instagram: "We will keep striking until they listen."',
     "instagram", "Greta Lind", "We will keep striking"),
    ('"We are safe and the power is back," Maria Lopez wrote on Facebook on Monday night.',
     "facebook", "Maria Lopez", "We are safe"),
    ('Mayor Anne Hidalgo took to X on Sunday. "Paris will not close its parks," she wrote.',
     "twitter", "Anne Hidalgo", "Paris will not close"),
    ("The city's housing chief Omar Said posted a video on TikTok. In the caption he wrote: "
     '"Day three of asking the council to fix this roof."',
     "tiktok", "Omar Said", "Day three of asking"),
    ('"The results are in and we won," the union said in a post on X, after the vote.',
     "twitter", None, "The results are in"),
    ("„Wir lassen niemanden zurück“, schrieb Kanzler Olaf Wendt auf X.",
     "twitter", "Olaf Wendt", "Wir lassen niemanden zurück"),
    ("« Nous restons mobilisés », a écrit la maire de Lyon sur Instagram.",
     "instagram", None, "Nous restons mobilisés"),
    ('"No vamos a parar", publicó la alcaldesa Ana Torres en su cuenta de X.',
     "twitter", "Ana Torres", "No vamos a parar"),
    ("«Ситуация под контролем», — написал губернатор Иван Петров в своём Telegram-канале.",
     "telegram", "Иван Петров", "Ситуация под контролем"),
    ('"Estamos prontos para a reconstrução", escreveu o governador João Silva no Instagram.',
     "instagram", "João Silva", "Estamos prontos"),
    ('Bakan Ali Yılmaz X hesabından "Çalışmalar aralıksız sürüyor" diye paylaştı.',
     "twitter", "Ali Yılmaz", "Çalışmalar aralıksız sürüyor"),
    ('وكتب المتحدث باسم الوزارة على منصة إكس: "سنواصل العمل حتى النهاية"',
     "twitter", None, "سنواصل العمل"),
    ("首相は自身のXで「全力で復旧に取り組む」と投稿した。",
     "twitter", None, "全力で復旧に取り組む"),
    ("وزیر خارجه در ایکس نوشت: «ما به مذاکره ادامه می‌دهیم»", "twitter", None, "ما به مذاکره"),
    ('وزیر اعظم نے ایکس پر لکھا: "ہم آگے بڑھیں گے اور جیتیں گے"', "twitter", None, "ہم آگے بڑھیں"),
    ("Dışişleri Bakanı Hakan Demir X'te \"Görüşmeler olumlu geçti\" dedi.",
     "twitter", "Hakan Demir", "Görüşmeler olumlu geçti"),
    ('Saleh Ahmadi, a former minister, tweeted: "The roads to the north are closed tonight."',
     "twitter", "Saleh Ahmadi", "The roads to the north"),
    # verb-second: a fronted phrase, the subject (a pronoun) after the verb
    ('Die Sängerin Anna Berg teilte ein Foto. In ihrer Story schrieb sie auf Instagram: '
     '"Bis bald, ihr lieben Leute, wir sehen uns."', "instagram", "Anna Berg", "Bis bald"),
    ('Der Schauspieler Max Kurz meldete sich. Weiter schrieb er auf X: '
     '"Das war die wichtigste Folge unserer Serie, danke an alle."', "twitter", "Max Kurz",
     "Das war die wichtigste"),
    # the subject after the verb and the platform phrase (an article or auxiliary between)
    ("«Siamo pronti a collaborare con tutti», ha scritto su X il ministro Marco Bianchi.",
     "twitter", "Marco Bianchi", "Siamo pronti"),
    ("„Nie pozwolimy nikomu nas zastraszyć” – napisał na Twitterze minister Jan Kowalski.",
     "twitter", "Jan Kowalski", "Nie pozwolimy"),
    ("„Hvala svima koji su danas došli na utakmicu“, objavio je na Instagramu Ivan Marić.",
     "instagram", "Ivan Marić", "Hvala svima"),
    ("«Ми продовжуємо працювати над відновленням мережі», — написав у Telegram міністр Олег Бондар.",
     "telegram", "Олег Бондар", "Ми продовжуємо"),
    ("Міністр Олег Бондар заявив у Telegram: «Світло повернеться до ранку в усіх районах».",
     "telegram", "Олег Бондар", "Світло повернеться"),
    ("Die Ministerin Lena Vogt äußerte sich am Abend auf X: „Wir werden die Hilfen verlängern.“",
     "twitter", "Lena Vogt", "Wir werden die Hilfen"),
    ("Der Verein teilte auf X mit: „Unser Kapitän fällt mit einer Knieverletzung aus.“",
     "twitter", None, "Unser Kapitän"),
    ("Der Politiker Karl Brandt schrieb auf X: „Das ist ein guter Tag für alle.“",
     "twitter", "Karl Brandt", "Das ist ein guter Tag"),
    # across a sentence boundary: the subject dropped or a pronoun, named in the sentence before
    ('La cantante Elena Ríos publicó una foto en Instagram. "Gracias por tanto amor, nos vemos '
     'pronto", escribió junto a la imagen.', "instagram", "Elena Ríos", "Gracias por tanto"),
    ("L’actrice Julie Blanc a réagi sur Instagram. « Merci pour tous vos messages, je vais "
     "bien », a-t-elle écrit.", "instagram", "Julie Blanc", "Merci pour tous"),
    ("Певица Анна Белова опубликовала фото в Instagram. «Спасибо всем за поддержку», — написала она.",
     "instagram", "Анна Белова", "Спасибо всем"),
    # a dotted capital I ('İnstagram') is the platform's name to a search ignoring case, and
    # a dateline before the subject is not a speaker
    ('İSTANBUL - Bakan Ali Yılmaz İnstagram hesabından "Bugün yeni bir dönem başlıyor" diye paylaştı.',
     "instagram", "Ali Yılmaz", "Bugün yeni bir dönem"),
    ('WASHINGTON (AP) — Senator Ruth Gale wrote on X: "The vote is tomorrow and we have the numbers."',
     "twitter", "Ruth Gale", "The vote is tomorrow"),
    # the subject before the quote, the verb after it; 'と' is a particle, not a name
    ("田中氏はXで「今日の会議は非常に重要な議論になったと思います」とツイートした。",
     "twitter", "田中氏", "今日の会議は"),
]


@pytest.mark.parametrize(("text", "platform", "speaker", "first"), FORMS)
def test_quoted_post_forms(text: str, platform: str, speaker: str | None, first: str) -> None:
    (post,) = _quotes(text)
    assert (post.platform, post.author.name) == (platform, speaker)
    assert post.text is not None and post.text.startswith(first)


@pytest.mark.parametrize(
    "text",
    [
        '"We did it," he wrote on X.',
        'On Saturday, he tweeted that the report was "a total disgrace to the whole nation".',
        '"Welcome to a new era of sharing," Instagram wrote on its Instagram account.',
        '"We stand with every family tonight," the group posted on Facebook.',
        'Earlier this week, "the vote was rigged from the start," they claimed on Telegram.',
    ],
)
def test_a_speaker_is_never_a_pronoun_time_platform_or_generic_noun(text: str) -> None:
    (post,) = _quotes(text)
    assert post.author.name is None


@pytest.mark.parametrize(
    "text",
    [
        '"The tweet was a mistake and I apologise," she told reporters on Monday.',
        '"I deleted my account years ago," he said in an interview with the BBC.',
        '"We will publish the full report," a spokesman told Reuters, adding that the company posts updates on X.',
        'In a statement, the ministry said: "The border stays open for trucks."',
        'The senator, who often posts on Instagram, said: "This bill will pass next week."',
        '"Thank you all for the years together," she wrote in an email to staff.',
        'He wrote in his memoir: "I never wanted the job in the first place."',
        'Twitter said on Tuesday it would "review the policy on political ads".',
        '"It is time to go home," Ahmed Nuri, a resident who tweeted photos of the flood, said.',
        'The company, known for its viral TikTok ads, said it was "very proud of the team".',
        'Unter dem Foto auf Instagram schrieb sie in den Kommentaren: "Bis bald, ihr Lieben!"',
        'The teacher said the boy had been “posting angry messages” on Facebook for months, Ms Dale said.',
        '“He was always on Twitter arguing with people,” his brother Tom Reed said.',
        'One fan wrote in the comments on her Instagram post: "This made my whole week, thank you."',
    ],
)
def test_speech_is_not_a_post(text: str) -> None:
    assert _quotes(text) == []


def test_the_speaker_of_a_title_is_the_name_the_article_gives_it() -> None:
    text = (
        "The pop singer Lina Marr announced a new album on Friday.\n\n"
        '"Thank you for waiting so long," the singer wrote on Instagram.'
    )
    (post,) = _quotes(text)
    assert post.author.name == "Lina Marr"


def test_an_unnamed_describer_gives_no_name() -> None:
    text = (
        "Jane Doe said the road would reopen. A man filmed the flood from his balcony. "
        '"The whole street is under water," he tweeted.'
    )
    (post,) = _quotes(text)
    assert post.author.name is None


def test_a_second_post_introduced_after_the_first_is_its_own_post() -> None:
    text = (
        'The rapper Kay Dee posted on Instagram: "New album Friday." '
        'He added in a second post: "Tour dates coming soon, stay tuned."'
    )
    posts = _quotes(text)
    assert [(p.author.name, p.text) for p in posts] == [
        ("Kay Dee", "New album Friday."),
        ("Kay Dee", "Tour dates coming soon, stay tuned."),
    ]
