"""Reported speech of a post in an article: the attribution frame, hedging reporting verbs,
tense and person shifts, and the quotation and number checks they meet (lexical path)."""

from __future__ import annotations

import pytest

from analyzer.align import LexicalAligner
from analyzer.records import Fidelity
from analyzer.score.checks import Context, Speaker, extract_numbers
from analyzer.score.checks.coverage import is_reporting
from analyzer.score.checks.entity import frame_entities
from analyzer.score.fidelity import FidelityScorer
from analyzer.text.tokens import tokenize


def score(ref: str, cand: str, speaker: Speaker | None = None) -> Fidelity:
    return FidelityScorer(LexicalAligner()).score(ref, cand, speaker=speaker)


def kinds(f: Fidelity, severity: str | None = None) -> set[str]:
    return {fl.kind for fl in f.flags if severity is None or fl.severity == severity}


def _ctx(ref: str, cand: str, speaker: Speaker | None = None) -> Context:
    scorer = FidelityScorer(LexicalAligner())
    return Context.build(ref, cand, scorer.aligner.align(ref, cand), speaker)


@pytest.mark.parametrize(
    ("cand", "framed"),
    [
        ("The Taliban said that they would not allow foreign forces to enter.", ["Taliban"]),
        ("On Monday, Pakistan's foreign minister told reporters the talks were over.", ["Pakistan's"]),
        ('"It is over," said Saleh.', ["Saleh"]),
        ("According to the Kremlin, the talks were over.", ["Kremlin"]),
        ("“LOL it is broken,” wrote professor and attorney Seth Abramson.", ["Seth Abramson"]),
        ("On Monday, Zakharova said China would respond.", ["Zakharova"]),  # China: the words
        ("The minister met Zelensky in Lviv and said aid would come.", []),
        ("Thousands marched in Lima on Saturday to demand higher pensions.", []),
        ("Organisers thanked everyone in Manchester today, saying 10,000 came.", []),
        ("Forces are heading to the state of Panjshir.", []),  # "state" is a noun here
    ],
)
def test_frame_entities(cand: str, framed: list[str]) -> None:
    got = [e.text for e in frame_entities(_ctx("The talks are over.", cand))]
    assert got == framed


@pytest.mark.parametrize(
    ("text", "k", "reporting"),
    [
        ("He noted the delay.", 1, True),
        ("He did not go.", 2, False),  # the stem of "note" is "not": words, not stems
        ("She left a note.", 3, False),
        ("The state of Panjshir.", 1, False),
        ("The group argued that it was attacked.", 2, True),
    ],
)
def test_is_reporting(text: str, k: int, reporting: bool) -> None:
    assert is_reporting(tokenize(text), k) is reporting


@pytest.mark.parametrize(
    ("ref", "cand", "speaker", "label"),
    [
        (
            "We will never allow foreign forces to use our soil against any country.",
            "The Taliban said they would not allow foreign forces to use the soil against any country.",
            None,
            "faithful",
        ),
        (
            "Our forces have captured 20 checkpoints in Helmand province.",
            "The group said its forces had captured 20 checkpoints in Helmand province.",
            None,
            "faithful",
        ),
        (
            "I will travel to Moscow next week to meet President Putin.",
            "Erdogan said he would travel to Moscow next week to meet Putin.",
            Speaker("Recep Tayyip Erdogan", "RTErdogan"),
            "faithful",
        ),
        (
            "The enemy has suffered heavy losses, dozens of them were killed.",
            "The group claimed that the enemy had suffered heavy losses, with dozens of them killed.",
            None,
            "faithful",
        ),
    ],
)
def test_reported_speech_is_not_a_change(
    ref: str, cand: str, speaker: Speaker | None, label: str
) -> None:
    f = score(ref, cand, speaker)
    assert not kinds(f, "hard") and "certainty" not in kinds(f)
    assert f.label == label


@pytest.mark.parametrize(
    ("ref", "cand", "kind"),
    [
        (
            "We will never allow foreign forces to use our soil against any country.",
            "The Taliban said they would allow foreign forces to use the soil against any country.",
            "negation",
        ),
        (
            "Our forces have captured 20 checkpoints in Helmand province and the enemy fled.",
            "The group said its forces had captured 50 checkpoints in Helmand province.",
            "number",
        ),
    ],
)
def test_changes_in_reported_speech_are_divergent(ref: str, cand: str, kind: str) -> None:
    f = score(ref, cand)
    assert kind in kinds(f, "hard")
    assert f.label == "divergent"


def test_a_known_poster_credited_under_another_name_is_another_source() -> None:
    ref = "We will respond firmly to any attempt to seize our assets abroad."
    tail = " said Moscow would respond firmly to any attempt to seize its assets abroad."
    speaker = Speaker("Maria Zakharova", "MariaVZakharova")
    mine = score(ref, "The foreign ministry's Maria Zakharova" + tail, speaker)
    other = score(ref, "The Kremlin spokesman Dmitry Peskov" + tail, speaker)
    assert mine.label == "faithful"
    assert other.label != "faithful"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Helpline: 08000 858 531", [8000858531.0]),
        ("call 08000 858531", [8000858531.0]),
        ("call 0800-123-4567", [8001234567.0]),
        ("in 2019 1200 people", [2019.0, 1200.0]),
        ("Arsenal 2-1 Chelsea", [2.0, 1.0]),
    ],
)
def test_digit_groups_are_one_number(text: str, values: list[float]) -> None:
    assert [n.value for n in extract_numbers(text)] == values


def test_unclosed_quotation_is_checked() -> None:
    f = score(
        "There is no place for hate on our streets.",
        "He posted on X: “Plymouth is an amazing place to live, work and play. "
        "The people who bring violence do not represent our city.",
    )
    assert "misquote" in kinds(f, "hard")


def test_quotation_that_leaves_out_words_is_altered() -> None:
    ref = "Turning out to be the most difficult and complex failure we have ever had in 14 years."
    altered = score(ref, 'He called it "the most difficult and complex failure we\'ve had in 14 years."')
    verbatim = score(ref, 'He called it "the most difficult and complex failure we have ever had in 14 years."')
    assert any(fl.kind == "misquote" and fl.severity == "soft" and "ever" in fl.message
               for fl in altered.flags)
    assert "misquote" not in kinds(verbatim)
