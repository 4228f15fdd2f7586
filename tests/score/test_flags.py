"""One test per flag, on the Panjshir probe and beyond (lexical path: no model)."""

from __future__ import annotations

import pytest

from analyzer.align import LexicalAligner
from analyzer.records import Fidelity
from analyzer.score.checks import extract_numbers
from analyzer.score.fidelity import FidelityScorer

REF = (
    "Hundreds of Mujahideen of the Islamic Emirate are heading towards the state of Panjshir "
    "to control it, after local state officials refused to hand it over peacefully"
)
FAITHFUL = 'hundreds of fighters were heading towards Panjshir "after local state officials refused to hand it over peacefully"'


def score(ref: str, cand: str) -> Fidelity:
    return FidelityScorer(LexicalAligner()).score(ref, cand)


def hard(f: Fidelity) -> dict[str, tuple[str | None, str | None]]:
    return {fl.kind: (fl.reference, fl.candidate) for fl in f.flags if fl.severity == "hard"}


@pytest.mark.parametrize(
    ("cand", "kind", "evidence"),
    [
        (REF.replace("Hundreds", "Thousands"), "number", ("Hundreds", "Thousands")),
        (REF.replace("refused", "agreed"), "negation", ("refused", "agreed")),
        (REF.replace("Panjshir", "Kabul"), "entity", ("Panjshir", "Kabul")),
    ],
)
def test_probe_distortions_are_named_and_capped(
    cand: str, kind: str, evidence: tuple[str, str]
) -> None:
    f = score(REF, cand)
    assert hard(f) == {kind: evidence}
    assert f.label == "divergent"
    assert f.score < score(REF, FAITHFUL).score


def test_probe_omitted_clause() -> None:
    f = score(
        REF,
        "Hundreds of Mujahideen of the Islamic Emirate are heading towards the state of Panjshir to control it",
    )
    assert f.label == "partial"
    assert [fl.reference for fl in f.flags if fl.kind == "omission"] == [
        "after local state officials refused to hand it over peacefully"
    ]
    assert not hard(f)  # the "refused" inside an omitted clause is an omission, not a polarity flip


def test_probe_unrelated() -> None:
    f = score(REF, "The central bank raised interest rates by a quarter point on Wednesday.")
    assert f.label == "unrelated" and f.score < 0.25


def test_probe_faithful_paraphrase_names_its_changes_and_the_supported_quote() -> None:
    f = score(REF, FAITHFUL)
    kinds = [fl.kind for fl in f.flags]
    assert "substitution" in kinds and "quote_supported" in kinds and "misquote" not in kinds
    assert dict(f.components)["quote_support"] == pytest.approx(1.0)
    assert not hard(f)


@pytest.mark.parametrize(
    ("ref", "cand"),
    [
        ("The mayor refused to comment.", "The mayor declined to comment."),
        ("The mayor refused to comment.", "The mayor did not want to comment."),
        ("He will not surrender.", "He won't surrender."),
        (
            "Two dozen soldiers were wounded near Syria.",
            "24 soldiers were injured close to the Syrian border.",
        ),
        ("Prices rose by 20 percent.", "Prices rose 20%."),
        ("١٥ people were arrested.", "15 people were arrested."),
        (
            "We decided not to take part in the talks in Doha.",
            "We decided against taking part in the Doha talks.",
        ),
        ("The vote was not legal.", "The vote was illegal."),
        ("Officials refused to hand it over.", "Officials did not agree to hand it over."),
        ("Our team did not win.", "Our team lost."),
        ("The UN said aid will arrive.", "The United Nations said aid will arrive."),
        ("Troops left Kiev on Monday.", "Troops left Kyiv on Monday."),
        ("Fighters of the Islamic Emirate took the city.", "Taliban fighters took the city."),
    ],
)
def test_no_false_hard_flags_on_equivalents(ref: str, cand: str) -> None:
    assert hard(score(ref, cand)) == {}


@pytest.mark.parametrize(
    ("ref", "cand", "kind"),
    [
        (
            "The army said it had never used chemical weapons.",
            "The army said it had used chemical weapons.",
            "negation",
        ),
        ("Prices rose by 20 percent in March.", "Prices fell by 20 percent in March.", "negation"),
        ("Our team won the match.", "Our team lost the match.", "negation"),
        ("Protests for the third night.", "Protests for the fifth night.", "number"),
        ("At least 42 people were killed.", "At least 24 people were killed.", "number"),
        ("Talks resume in Istanbul next week.", "Talks resume in Geneva next week.", "entity"),
        (
            "Five journalists were detained in Cairo.",
            "Five journalists were freed in Cairo.",
            "negation",
        ),
        (
            "The strike is legal, the court said.",
            "The strike is illegal, the court said.",
            "negation",
        ),
        (
            "We decided to take part in the talks.",
            "We decided against taking part in the talks.",
            "negation",
        ),
        (
            "More than 2,000 people died and thousands fled.",
            "More than 200 people died and thousands fled.",
            "number",
        ),
        (
            "Afghanistan is too big for Talibs to govern.",
            'He said Afghanistan is "too big for them to rule".',
            "misquote",
        ),
    ],
)
def test_hard_flags(ref: str, cand: str, kind: str) -> None:
    f = score(ref, cand)
    assert kind in hard(f)
    assert f.label in ("divergent", "unrelated")


def test_certainty_flag_caps_at_partial() -> None:
    f = score(
        "The vaccine may be available by the end of the year.",
        "The vaccine will be available by the end of the year.",
    )
    (flag,) = [fl for fl in f.flags if fl.kind == "certainty"]
    assert (flag.reference, flag.candidate) == ("may", "will")
    assert f.label == "partial"


def test_hashtags_and_handles() -> None:
    f = score("Fighters head to #Panjshir says @alemara_ar", "Fighters head to Panjshir")
    msgs = [fl.message for fl in f.flags if fl.kind == "hashtag"]
    assert len(msgs) == 1 and "@alemara_ar" in msgs[0]


def test_addition_is_flagged_and_lowers_the_label() -> None:
    ref = "Protesters gathered outside parliament for the third night."
    f = score(ref, ref[:-1] + ", and police used tear gas and water cannon to disperse the crowds.")
    assert [fl.candidate for fl in f.flags if fl.kind == "addition"] == [
        "and police used tear gas and water cannon to disperse the crowds"
    ]
    # added context that does not conflict with the post: flagged, and still a rendering
    # (faithful with an addition, or partial; never divergent without a conflict)
    assert f.label in ("faithful", "partial")
    assert f.score < score(ref, ref).score


def test_evidence_spans_point_into_the_texts() -> None:
    cand = REF.replace("Panjshir", "Kabul")
    for fl in score(REF, cand).flags:
        if fl.reference_span is not None:
            assert REF[fl.reference_span.start : fl.reference_span.end] == fl.reference
        if fl.candidate_span is not None:
            assert cand[fl.candidate_span.start : fl.candidate_span.end] == fl.candidate


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("At least 42 people, more than 1,000 injured", [42, 1000]),
        ("١٥٠ مقاتل و ۲۰ آخرين", [150, 20]),
        ("1.5 million dollars and 20 percent", [1_500_000, 20]),
        ("two hundred and fifty men, a dozen trucks", [250, 12]),
        ("hundreds of fighters and dozens of recruits", ["hundreds", "dozens"]),
        ("one of the leaders", []),
        ("for the third night", [3]),
    ],
)
def test_extract_numbers(text: str, values: list[object]) -> None:
    got = [n.value if n.vague in (None, "ordinal") else n.vague for n in extract_numbers(text)]
    assert got == values


@pytest.mark.parametrize(
    ("ref", "cand"),
    [
        # reported speech backshifts the modal: not a certainty change
        (
            "The UK will provide an additional 2.5 billion pounds in military aid.",
            "The prime minister said the UK would provide an extra 2.5 billion pounds in military aid.",
        ),
        # a title dropped, an acronym for the full name
        (
            "President Biden has approved the disaster declaration.",
            "Biden approved the disaster declaration.",
        ),
        ("The Federal Reserve kept rates unchanged.", "The Fed kept rates unchanged."),
        # one negator over a coordination ("denied ever meeting ... or having")
        (
            "I have never met this man and have never had any business dealings with him.",
            "The senator denied ever meeting the man or having any business dealings with him.",
        ),
        # a negated clause left out is an omission, not a flipped polarity
        (
            "I'm not retiring. I just need some time off to be with my family.",
            "The singer said she needed some time off.",
        ),
    ],
)
def test_no_false_flags_on_equivalents(ref: str, cand: str) -> None:
    f = score(ref, cand)
    assert hard(f) == {}
    assert not [fl for fl in f.flags if fl.kind == "certainty"]
    assert f.label in ("faithful", "partial")


@pytest.mark.parametrize(
    ("ref", "cand", "kind"),
    [
        (
            "Foreign Minister Wang Yi will visit Berlin next week.",
            "Foreign Minister Li Qiang will visit Berlin next week.",
            "entity",
        ),
        (
            "Five goals in five games for Lauren James this season.",
            "Lauren Hemp has five goals in five games this season.",
            "entity",
        ),
        (
            "Masks will no longer be required on public transport.",
            'The minister said the pandemic was "finally over" and masks will no longer be required on public transport.',
            "misquote",
        ),
        (
            "Police used water cannon to disperse the crowd.",
            "Police did not use water cannon to disperse the crowd.",
            "negation",
        ),
        (
            "Arsenal beat Chelsea 2-1 on Sunday.",
            "Arsenal lost 2-1 to Chelsea on Sunday.",
            "negation",
        ),
    ],
)
def test_hard_flags_beyond_the_probe(ref: str, cand: str, kind: str) -> None:
    f = score(ref, cand)
    assert kind in hard(f)
    assert f.label == "divergent"


def test_added_claim_with_a_name_is_not_faithful() -> None:
    ref = "Our forces shot down 14 drones overnight over the Kharkiv region."
    cand = (
        "Our forces shot down 14 drones overnight over the Kharkiv region, "
        "all of them launched from Russia's Belgorod region."
    )
    assert score(ref, cand).label == "partial"
    assert score(ref, ref).label == "faithful"


@pytest.mark.parametrize(
    ("ref", "cand", "same"),
    [
        ("Changes to buses in Plymouth from 1530.", "Buses in Plymouth change from 3.30pm.", True),
        ("Changes to buses in Plymouth from 15:30.", "Buses in Plymouth change from 3:30 p.m.", True),
        ("Changes to buses in Plymouth from 1530.", "Buses in Plymouth change from 4.30pm.", False),
        ("The polls close at 8pm tonight.", "The polls close at 20:00 tonight.", True),
        ("The polls close at 8pm tonight.", "The polls close at 8am tonight.", False),
    ],
)
def test_times_of_day(ref: str, cand: str, same: bool) -> None:
    assert ("number" not in hard(score(ref, cand))) is same


@pytest.mark.parametrize(
    ("cand", "hedged"),
    [
        ("The operator explained that from 3.30pm no buses would travel down Royal Parade.", False),
        ("From 3.30pm no buses would travel down Royal Parade.", True),
        ("The operator said that from 3.30pm no buses might travel down Royal Parade.", True),
    ],
)
def test_would_in_reported_speech_is_not_a_hedge(cand: str, hedged: bool) -> None:
    f = score("From 3.30pm no buses travel down Royal Parade.", cand)
    assert any(fl.kind == "certainty" for fl in f.flags) is hedged


def test_epithet_beside_a_quotation_of_the_post_is_not_a_misquote() -> None:
    ref = "the app is broken and no one can get in"
    cand = '"The app is broken and no one can get in," wrote self-described "internet loudmouth" Jo Bloggs.'
    f = score(ref, cand)
    assert "misquote" not in hard(f)
    assert f.label == "faithful"  # the post's words credited to a name: the poster's


@pytest.mark.parametrize(
    ("quote", "altered"),
    [
        ('"the hardest failure we have had in years, damn it"', True),  # "ever" left out
        ('"the hardest failure we have ever had in years, d--- it"', False),  # masked, not dropped
        ('"the hardest failure we have ever had in years, d*** it"', False),
        ('"the hardest failure we have ever had in years, damn it"', False),
    ],
)
def test_a_masked_word_in_a_quotation_is_not_left_out(quote: str, altered: bool) -> None:
    post = "Still at it. The hardest failure we have ever had in years, damn it. More soon."
    f = score(post, f"The founder called it {quote}, on Twitter.")
    left_out = [x for x in f.flags if x.kind == "misquote" and "left out" in x.message]
    assert bool(left_out) is altered, f.flags


@pytest.mark.parametrize(
    ("reference", "candidate"),
    [
        ("The deal is legal and the result was happy", "The deal is illegal and an unhappy result"),
        ("An unlawful, disloyal and irregular move", "A lawful, loyal move; regular and nonlawful"),
        ("nothing here", "nothing there"),
    ],
)
def test_prefixed_pairs_are_every_pair_compared(reference: str, candidate: str) -> None:
    """The indexed search for negative-prefix pairs finds what comparing every word pair
    finds, in reading order."""
    from analyzer.score.checks.negation import _p, _prefixed
    from analyzer.text.tokens import tokenize

    ref, cand = tokenize(reference), tokenize(candidate)
    ref_stems, cand_stems = {t.stem for t in ref}, {t.stem for t in cand}
    naive = []
    for r in ref:
        for c in cand:
            if len(r.stem) < 4 or len(c.stem) < 4 or not (r.content and c.content):
                continue
            longer, shorter = (r.stem, c.stem) if len(r.stem) > len(c.stem) else (c.stem, r.stem)
            prefix = longer[: len(longer) - len(shorter)]
            if prefix in _p().prefixes and longer.endswith(shorter):
                if c.stem not in ref_stems and r.stem not in cand_stems:
                    naive.append((r, c))
    assert _prefixed(ref, cand, ref_stems, cand_stems) == naive
    assert reference == "nothing here" or naive


def test_a_long_run_swapped_for_a_few_words_flips_no_polarity() -> None:
    """A slot pair (a long run of the post between two anchors, and the few words of the
    candidate between the same anchors) is not a word-for-word rendering: a negation inside
    the run is left out with it, neither flipped nor lost."""
    from analyzer.align.core import SUBSTITUTION_MAX
    from analyzer.records import AlignedPair, Alignment, Span
    from analyzer.score.checks import Context
    from analyzer.score.checks.negation import check

    ref = "There is no room for hatred on our streets, anyone who brings trouble will face the law. Follow Harbourton council on the march"
    cand = "Officers in Harbourton are at the march"
    run = ref.index("Harbourton")
    pairs = (
        AlignedPair(ref[: run - 1], "Officers in", Span(0, run - 1), Span(0, 11), SUBSTITUTION_MAX),
        AlignedPair("Harbourton", "Harbourton", Span(run, run + 10), Span(12, 22), 1.0),
        AlignedPair("the march", "the march", Span(len(ref) - 9, len(ref)), Span(len(cand) - 9, len(cand)), 1.0),
    )
    ctx = Context.build(ref, cand, Alignment(pairs, (), (Span(run + 11, len(ref) - 10),), "embedding"))
    assert not [f for f in check(ctx).flags if f.kind == "negation"]

    # a short pair still renders its words: "no room" for "room" is a flip
    short = "There is room for them"
    pairs = (AlignedPair("no room", "room", Span(9, 16), Span(9, 13), SUBSTITUTION_MAX),)
    ctx = Context.build("There is no room for them", short, Alignment(pairs, (), (), "embedding"))
    assert [f.kind for f in check(ctx).flags] == ["negation"]
