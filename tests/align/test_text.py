from __future__ import annotations

import pytest

from analyzer.text.chrf import chrf, chrf_sym
from analyzer.text.tokens import quoted_spans, stem, synonyms, tokenize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("refused", "refuses"),
        ("fighters", "fighter"),
        ("heading", "heads"),
        ("agreed", "agrees"),
        ("controlled", "control"),
        ("officials", "official"),
        ("rose", "rise"),
        ("won", "win"),
        ("Taliban's", "Taliban"),
    ],
)
def test_stem_matches_inflections(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize(
    ("a", "b"), [("refused", "agreed"), ("news", "new"), ("Panjshir", "Kabul")]
)
def test_stem_keeps_different_words_apart(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_tokenize_keeps_spans_hashtags_and_handles() -> None:
    text = "Taliban's @alemara_ar posted #Panjshir 20% news"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "Taliban's",
        "@alemara_ar",
        "posted",
        "#Panjshir",
        "20",
        "%",
        "news",
    ]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokens[5].stem == "percent"


def test_synonyms_lexicon() -> None:
    assert synonyms(stem("fighters"), stem("militants"))
    assert not synonyms(stem("fighters"), stem("bread"))


def test_quoted_spans_ignore_apostrophes() -> None:
    text = "Saleh's aide said he is the 'caretaker' and \u201ctoo big for them to rule\u201d, it's true"
    assert [text[a:b] for a, b in quoted_spans(text)] == ["caretaker", "too big for them to rule"]


def test_chrf_matches_sacrebleu() -> None:
    sacrebleu = pytest.importorskip("sacrebleu")
    a, b = "The cat sat on the mat today", "A cat was sitting on a mat"
    assert chrf(a, b) == pytest.approx(sacrebleu.sentence_chrf(a, [b]).score / 100, abs=1e-6)
    assert chrf_sym(a, a) == pytest.approx(1.0)
