from __future__ import annotations

import pytest

from analyzer.translate import textproc
from analyzer.translate.textproc import assemble, find_repetition, prepare, tag_words


def fake_translate(prepared: textproc.Prepared, extra: dict[str, str] | None = None) -> str:
    mapping = {u: f"<T{i}>" for i, u in enumerate(prepared.model_inputs())}
    mapping.update(extra or {})
    return assemble(prepared, mapping)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "مئات من مجاهدي يتوجهون نحو ولاية. pic.twitter.com/FwAYBZeopq",
            ["pic.twitter.com/FwAYBZeopq"],
        ),
        ("شكرا @alemara_ar على المتابعة", ["@alemara_ar"]),
        (
            "خبر عاجل 😀🔥 اقرأ المزيد https://example.com/a?b=1.",
            ["😀🔥", "https://example.com/a?b=1"],
        ),
        ("انظر www.example.org/path، ثم t.co/AbC123 الآن", ["www.example.org/path", "t.co/AbC123"]),
        ("— الإمارة الإسلامية (@alemara_ar) August 22, 2021", ["@alemara_ar", "—"]),
        ("👍🏽 هذا جيد", ["👍🏽"]),
    ],
)
def test_protected_tokens_come_back_verbatim(text: str, kept: list[str]) -> None:
    prepared = prepare(text, "ar")
    inputs = " ".join(prepared.model_inputs())
    out = fake_translate(prepared)
    for token in kept:
        assert token in out
        assert token not in inputs


def test_hashtags_at_the_edges_are_translated_alone_and_returned_as_hashtags() -> None:
    prepared = prepare("بيان جديد للحركة. #الإمارة_الإسلامية #Kabul", "ar")
    assert "الإمارة الإسلامية" in prepared.model_inputs()
    out = fake_translate(prepared, {"الإمارة الإسلامية": "the Islamic Emirate."})
    assert out.endswith("#Islamic_Emirate #Kabul")


def test_inline_hashtags_are_read_as_words_and_marked_when_found() -> None:
    text = "مئات من مجاهدي #الإمارة_الإسلامية يتوجهون نحو ولاية #بنجشير للسيطرة عليها"
    prepared = prepare(text, "ar")
    sentence = [u for u in prepared.model_inputs() if "يتوجهون" in u]
    assert len(sentence) == 1 and "#" not in sentence[0] and "الإمارة الإسلامية" in sentence[0]
    out = assemble(
        prepared,
        {
            sentence[0]: "Hundreds of Mujahideen of the Islamic Emirate head to Panjshir",
            "الإمارة الإسلامية": "The Islamic Emirate.",
            "بنجشير": "Panjshir",
        },
    )
    assert out == "Hundreds of Mujahideen of the #Islamic_Emirate head to #Panjshir"


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("#الإمارة_الإسلامية", "الإمارة الإسلامية"),
        ("#FreeAfghanistan", "Free Afghanistan"),
        ("#COVID19", "COVID 19"),
    ],
)
def test_tag_words(tag: str, words: str) -> None:
    assert tag_words(tag) == words


def test_sentences_are_split_and_moses_normalised() -> None:
    prepared = prepare("قال «نعم» . ثم غادر؟ وعاد", "ar")
    inputs = prepared.model_inputs()
    assert len(inputs) == 3
    assert '"' in inputs[0] and "«" not in inputs[0]


def test_long_sentences_are_chunked_under_the_limit() -> None:
    text = " ".join(["كلمة"] * 300) + "، " + " ".join(["أخرى"] * 300)
    prepared = prepare(text, "ar", count=lambda s: len(s.split()) + 1, max_pieces=100)
    inputs = prepared.model_inputs()
    assert len(inputs) >= 6
    assert all(len(u.split()) + 1 <= 100 for u in inputs)
    assert sum(len(u.split()) for u in inputs) == 600


def test_text_without_letters_is_kept() -> None:
    prepared = prepare("🔥🔥 https://x.com/a 2021", "ar")
    assert prepared.model_inputs() == []
    assert fake_translate(prepared) == "🔥🔥 https://x.com/a 2021"


@pytest.mark.parametrize(
    ("tokens", "loop"),
    [
        ("no no no no no".split(), True),
        ("the cat sat on the mat".split(), False),
        ("a b a b a b a b".split(), True),
        ("we we we we we we we we we love it".split(), True),
        ("one two three four five six seven eight nine".split(), False),
    ],
)
def test_find_repetition(tokens: list[str], loop: bool) -> None:
    assert find_repetition(tokens) is loop
