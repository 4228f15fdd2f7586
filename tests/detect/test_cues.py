from __future__ import annotations

import pytest

from analyzer.detect.cues import marathi_evidence, pashto_evidence
from analyzer.detect.default import DefaultDetector
from analyzer.detect.script import arabic_script_rule


@pytest.mark.parametrize(
    ("text", "pashto"),
    [
        ("زه هم له تاسو سره یم", True),  # Pashto pronouns and postposition, no Pashto letters
        ("دا زما کور دی", True),
        ("د کابل ښار", True),  # "د" (of) is no word in Persian, Urdu or Arabic
        ("ماشومانو", True),  # -انو: animate plural, oblique case
        ("کتابونه", True),  # -ونه: masculine plural
        ("پوهنتونونو", True),
        ("اوارولای", True),  # potential form
        ("ايراني لیکوال", True),  # Arabic ي next to Persian-style ی/ک: Pashto spelling
        ("سلام دوستان عزیز", False),  # Persian
        ("این یک نمونه است", False),  # Persian -ونه word
        ("هرگونه", False),
        ("میلانو", False),  # a name, not a Pashto plural
        ("آپ کیسے ہیں", False),  # Urdu
        ("مرحبا بكم في المدينة", False),  # Arabic
        ("يعرفونه", False),  # Arabic verb + pronoun; Arabic ي alone is no cue
        ("وی گفت که امروز می‌آید", False),  # Persian وی (he)
        ("خورا ښه", True),  # خورا (very)
        ("هغوی خپل کور ته ولاړل", True),  # they, own
        ("دومره زیات", True),  # so much, more (Persian زیاد)
        ("زیاد خوب", False),  # Persian
    ],
)
def test_pashto_evidence(text: str, pashto: bool) -> None:
    assert (pashto_evidence(text.split()) >= 0.2) is pashto


def test_one_cue_in_a_long_persian_sentence_is_not_enough() -> None:
    text = "در این گزارش د. احمدی درباره وضعیت اقتصادی کشور و بازار کار صحبت کرد"
    assert pashto_evidence(text.split()) < 0.2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("आज पाऊस झाला आहे", "mr"),
        ("दिवाळीच्या शुभेच्छा", "mr"),  # ळ and the genitive -च्या
        ("आज बहुत बारिश हुई है", "hi"),
        ("भारत और पाकिस्तान", "hi"),
        ("सरकार", None),  # shared word: the models decide
        ("लोगों", "hi"),  # oblique plural -ों (Marathi: लोकांना)
        ("चाँदी", "hi"),  # chandrabindu: Marathi writes the anusvara
        ("घुमक्कड़", "hi"),  # flapped ड़ (nukta), no Marathi sound
        ("\u092a\u0939\u093e\u095c", "hi"),  # precomposed ड़ U+095C
        ("शाळा", "mr"),  # ळ wins over nothing
    ],
)
def test_marathi_evidence(text: str, expected: str | None) -> None:
    marathi, hindi = marathi_evidence(text.split())
    found = "mr" if marathi > hindi else "hi" if hindi > marathi else None
    assert found == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("شکریہ", "ur"),  # heh goal ہ: Urdu writes it where Persian writes ه
        ("قبیلۂ", "ur"),
        ("بھائی", "ur"),  # do-chashmi ھ without Arabic-only letters
        ("ھذا كتاب", None),  # Arabic ھ for ه next to Arabic ك: left to the models
        ("شکریه", None),  # Persian
    ],
)
def test_urdu_letters(text: str, code: str | None) -> None:
    assert arabic_script_rule(text) == code


def test_prior_only_breaks_near_ties() -> None:
    # a language outside the prior keeps weight 1; the prior never removes a language
    detector = DefaultDetector(prior={"pt": 0.0001})
    assert detector.detect("Não acredito nisso, que vergonha para o governo").code == "pt"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("محترم۔", "ur"),  # the Urdu full stop; the word alone is shared with Persian
        ("¡Olé!", "es"),  # inverted marks: Spanish
        ("¿Y ahora?", "es"),
    ],
)
def test_punctuation_cues(text: str, code: str) -> None:
    assert DefaultDetector().detect(text).code == code


def test_punctuation_cue_only_within_its_script() -> None:
    # an Urdu full stop after English text says nothing about the English
    assert DefaultDetector().detect("Thanks to everyone who came today۔").code == "en"


@pytest.mark.parametrize(
    ("text", "code"),
    [("lol", "en"), ("OMG 😱😱", "en"), ("lmao lmao", "en"), ("wtf", "en"), ("RIP", "en")],
)
def test_english_internet_abbreviations(text: str, code: str) -> None:
    assert DefaultDetector().detect(text).code == code


def test_abbreviation_inside_a_post_in_another_language_is_not_a_cue() -> None:
    assert DefaultDetector().detect("lol c'est vraiment n'importe quoi ce gouvernement").code == "fr"
