from __future__ import annotations

from typing import Any

import pytest

import analyzer
from analyzer.align import LexicalAligner
from analyzer.config import Settings
from analyzer.score import FidelityScorer, score_fidelity

REF = (
    "Hundreds of Mujahideen of the Islamic Emirate are heading towards the state of Panjshir "
    "to control it, after local state officials refused to hand it over peacefully"
)
CANDIDATES = {
    "faithful": "Hundreds of Islamic Emirate fighters are moving toward Panjshir province to take control of it, "
    "after local officials refused to surrender it peacefully",
    "partial": "Hundreds of Mujahideen of the Islamic Emirate are heading towards the state of Panjshir",
    "number": REF.replace("Hundreds", "Thousands"),
    "negation": REF.replace("refused", "agreed"),
    "entity": REF.replace("Panjshir", "Kabul"),
    "unrelated": "The museum reopened after a two-year renovation.",
}


def test_score_fidelity_lexical_settings() -> None:
    f = analyzer.score_fidelity(REF, CANDIDATES["number"], settings=Settings(embeddings=False))
    scorer = FidelityScorer(LexicalAligner())
    sig = scorer.signature()
    assert (
        sig["aligner"] == "lexical"
        and sig["model"] == "none"
        and sig["package"].startswith("analyze-posts ")
    )
    assert sig["label_model"].startswith("lexical ") and len(sig["label_model_digest"]) == 16
    assert f.scorer == sig["id"] == scorer.id  # each record refers to its scorer's signature
    assert {"similarity", "coverage", "precision", "chrf"} <= dict(f.components).keys()
    assert f.as_dict()["label"] == "divergent"


def test_score_fidelity_with_source_checks_digits_of_the_original() -> None:
    f = analyzer.score_fidelity(
        "Fighters are heading to Panjshir",
        "Fighters are heading to Panjshir",
        source="٣٠٠ مقاتل يتوجهون",
        settings=Settings(embeddings=False),
    )
    assert any(fl.kind == "number" and "300" in fl.message for fl in f.flags)


def test_empty_candidate_is_unrelated() -> None:
    f = score_fidelity(REF, "  ", aligner=LexicalAligner())
    assert f.label == "unrelated" and f.score == 0.0


def _ranking(scorer: FidelityScorer) -> dict[str, Any]:
    return {k: scorer.score(REF, c) for k, c in CANDIDATES.items()}


def _check_ranking(got: dict[str, Any]) -> None:
    assert got["faithful"].label == "faithful"
    assert got["partial"].label == "partial"
    for k in ("number", "negation", "entity"):
        assert got[k].label == "divergent"
        assert got[k].score < got["partial"].score < got["faithful"].score
    assert got["unrelated"].label == "unrelated"
    assert got["unrelated"].score < min(got[k].score for k in ("number", "negation", "entity"))


def test_ranking_lexical() -> None:
    _check_ranking(_ranking(FidelityScorer(LexicalAligner())))


def test_ranking_embedding(embedding_aligner: Any) -> None:
    got = _ranking(FidelityScorer(embedding_aligner))
    _check_ranking(got)
    sig = FidelityScorer(embedding_aligner).signature()
    assert got["faithful"].scorer == sig["id"]
    assert (
        sig["aligner"] == "embedding" and sig["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    )


def test_score_fidelity_uses_the_given_aligner(embedding_aligner: Any) -> None:
    f = score_fidelity(REF, CANDIDATES["entity"], aligner=embedding_aligner)
    assert [fl.kind for fl in f.flags if fl.severity == "hard"] == ["entity"]


@pytest.mark.parametrize("label", ["faithful", "partial", "divergent", "unrelated"])
def test_score_lies_in_the_band_of_its_label(label: str) -> None:
    bands = {
        "faithful": (0.75, 1.0),
        "partial": (0.5, 0.75),
        "divergent": (0.25, 0.5),
        "unrelated": (0.0, 0.25),
    }
    scorer = FidelityScorer(LexicalAligner())
    scored = [scorer.score(REF, cand) for cand in CANDIDATES.values()]
    of_label = [f.score for f in scored if f.label == label]
    assert of_label, f"no candidate is labelled {label}: the band is not checked"
    lo, hi = bands[label]
    assert all(lo <= score <= hi for score in of_label), (label, of_label)


def test_a_close_rendering_of_one_sentence_of_a_longer_post_is_partial(embedding_aligner: Any) -> None:
    post = (
        "Today I have offered my resignation to the Prime Minister. The recovery must continue "
        "without distraction. Thank you to every volunteer."
    )
    result = score_fidelity(
        post, 'she was stepping down "to let the recovery continue without distraction"',
        aligner=embedding_aligner,
    )
    assert result.label == "partial"
    components = dict(result.components)
    assert components["part_similarity"] > components["similarity"]
    assert any(f.kind == "omission" for f in result.flags)
