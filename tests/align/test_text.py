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


#: texts with runs of every kind of space, repeated n-grams, punctuation and other scripts
_SPAN_TEXTS = [
    "We will never sit down at the negotiating table, never, with those who attack us.",
    "The  minister\tsaid:\n\"we have ever had\"\u00a0in 14 years — the most difficult failure.",
    "ليس لدينا أي نية للسيطرة على بنجشير ، قال المتحدث باسم الإمارة الإسلامية",
    "aaaa aaaa aaaa bbbb aaaa",
]


@pytest.mark.parametrize("text", _SPAN_TEXTS)
def test_chrf_spans_are_chrf_of_each_window(text: str) -> None:
    """chrf_spans grows windows that share a start one from another: every number must be
    the one chrf gives the window on its own (the quotation check picks its best window by
    these numbers, first best on a tie)."""
    from analyzer.text.chrf import chrf_spans

    words = tokenize(text)
    spans = [
        (words[i].start, words[j].end)
        for i in range(len(words))
        for j in range(i, min(len(words), i + 7))
    ]
    spans += [(0, 0), (3, 3), (0, len(text))]
    for quote in ("never sit down", "aaaa bbbb", "the most difficult failure we've had", "x", text):
        got = chrf_spans(text, spans, quote)
        assert got == [chrf(text[a:b], quote) for a, b in spans]
