"""CLD2 as a backend of its own, and as the default's second opinion on Pashto."""

from __future__ import annotations

import pytest

from analyzer.detect import get_detector
from analyzer.detect.cld2_backend import Cld2Model
from analyzer.detect.default import DefaultDetector


def test_cld2_backend_by_name() -> None:
    detector = get_detector("cld2")
    assert detector.detect("زه په کابل کې اوسېږم او هره ورځ ښوونځي ته ځم").code == "ps"
    assert detector.detect("The minister said the talks would resume next week").code == "en"
    assert detector.detect("这是一个关于天气的句子").code == "zh"  # zh-Hant / zh-Hans → zh


def test_cld2_refuses_text_without_raising() -> None:
    assert Cld2Model().scores("\ud800 broken") == {}
    assert get_detector("cld2").detect("\ud800").code == "und"


class _Fixed:
    """A stand-in model that answers the same scores for every text."""

    def __init__(self, scores: dict[str, float]) -> None:
        self._scores = scores

    def scores(self, text: str) -> dict[str, float]:
        return dict(self._scores)


def _with_cld2(scores: dict[str, float]) -> DefaultDetector:
    detector = DefaultDetector()
    detector.cld2 = _Fixed(scores)  # type: ignore[assignment]
    return detector


def test_default_takes_cld2_pashto_on_three_words_or_more() -> None:
    # Persian-looking letters, no Pashto word cue: the default follows CLD2's Pashto
    text = "امروز هوا خوب است"
    assert _with_cld2({"ps": 0.95}).detect(text).code == "ps"
    assert _with_cld2({"fa": 0.95}).detect(text).code == "fa"


def test_cld2_pashto_is_ignored_when_a_letter_rules_pashto_out() -> None:
    # Arabic ة and ك: Pashto never writes them
    assert _with_cld2({"ps": 0.95}).detect("كانت المدينة جميلة جدا").code == "ar"


def test_cld2_alone_does_not_decide_one_or_two_words() -> None:
    # fastText sees no Pashto in a Persian greeting: CLD2's word is not enough
    assert _with_cld2({"ps": 0.95}).detect("سلام دوستان").code != "ps"


@pytest.mark.parametrize(
    "text",
    [
        "کریم وویل دا کار سم دی",  # "Karim said this work is right": no Pashto-only letter
        "دا کار سم دی",
    ],
)
def test_pashto_without_pashto_letters(text: str) -> None:
    assert DefaultDetector().detect(text).code == "ps"


@pytest.mark.parametrize(
    "text",
    ["امروز هوا خوب است و ما به پارک رفتیم", "این کار درست است", "سلام دوستان عزیز"],
)
def test_persian_stays_persian(text: str) -> None:
    assert DefaultDetector().detect(text).code == "fa"


def test_latin_language_outside_linguas_group_from_fasttext_and_cld2() -> None:
    # Galician is not among lingua's Latin languages; fastText leans Spanish, CLD2 is sure
    assert DefaultDetector().detect("Bo día a todos, hoxe chove moito en Santiago").code == "gl"
    assert DefaultDetector(cld2_outside=()).detect(
        "Bo día a todos, hoxe chove moito en Santiago"
    ).code == "es"


def test_cld2_outside_rule_is_latin_only() -> None:
    # CLD2 alone calling a Hindi sentence Nepali does not override fastText and lingua
    detector = _with_cld2({"ne": 0.98})
    assert detector.detect("समस्त मुख्य विकास अधिकारी, उत्तर प्रदेश।").code == "hi"
