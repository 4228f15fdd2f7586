from __future__ import annotations

from typing import Any

import pytest

from analyzer.align import LexicalAligner, get_aligner
from analyzer.config import Settings
from analyzer.errors import ModelUnavailable
from analyzer.records import Alignment

REF = (
    "Hundreds of Mujahideen of the Islamic Emirate are heading towards the state of Panjshir "
    "to control it, after local state officials refused to hand it over peacefully"
)
PARA = 'hundreds of fighters were heading towards Panjshir "after local state officials refused to hand it over peacefully"'


def _texts(
    alignment: Alignment, ref: str, cand: str
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    pairs = [(p.reference, p.candidate) for p in alignment.pairs]
    return (
        pairs,
        [ref[s.start : s.end] for s in alignment.reference_unaligned],
        [cand[s.start : s.end] for s in alignment.candidate_unaligned],
    )


def _check_seed_alignment(alignment: Alignment) -> None:
    pairs, omitted, added = _texts(alignment, REF, PARA)
    assert ("heading towards", "heading towards") in pairs
    assert ("Panjshir", "Panjshir") in pairs
    assert any(
        "refused to hand it over peacefully" in r and "refused to hand it over peacefully" in c
        for r, c in pairs
    )
    # the substitution is visible as a low-scored pair
    sub = [p for p in alignment.pairs if "Mujahideen" in p.reference]
    assert sub and "fighters" in sub[0].candidate and sub[0].score <= 0.5
    assert "to control it" in omitted
    assert added == []
    for p in alignment.pairs:
        assert REF[p.reference_span.start : p.reference_span.end] == p.reference
        assert PARA[p.candidate_span.start : p.candidate_span.end] == p.candidate


def test_lexical_alignment_of_the_seed_paraphrase() -> None:
    alignment = LexicalAligner().align(REF, PARA)
    assert alignment.method == "lexical"
    _check_seed_alignment(alignment)


@pytest.mark.parametrize(
    ("cand", "ref_word", "cand_word"),
    [
        (REF.replace("Panjshir", "Kabul"), "Panjshir", "Kabul"),
        (REF.replace("refused", "agreed"), "refused", "agreed"),
    ],
)
def test_lexical_alignment_pairs_a_substituted_word(
    cand: str, ref_word: str, cand_word: str
) -> None:
    alignment = LexicalAligner().align(REF, cand)
    assert any(
        p.reference == ref_word and p.candidate == cand_word and p.score <= 0.5
        for p in alignment.pairs
    )
    assert not alignment.reference_unaligned and not alignment.candidate_unaligned


def test_lexical_alignment_keeps_reordered_clauses() -> None:
    ref = "The government will not raise taxes next year, the finance minister said on Monday."
    cand = "The finance minister said on Monday that the government will not raise taxes next year."
    alignment = LexicalAligner().align(ref, cand)
    pairs, omitted, added = _texts(alignment, ref, cand)
    assert omitted == [] and added == []


def test_lexical_alignment_of_unrelated_text() -> None:
    alignment = LexicalAligner().align(REF, "The weather in Paris was sunny all week.")
    assert alignment.pairs == ()
    assert len(alignment.reference_unaligned) == 1 and len(alignment.candidate_unaligned) == 1


def test_similarity_orders_related_and_unrelated() -> None:
    lex = LexicalAligner()
    assert (
        lex.similarity(REF, PARA)
        > lex.similarity(REF, "The weather in Paris was sunny all week.") + 0.3
    )
    assert lex.similarity(REF, REF) == pytest.approx(1.0)


def test_get_aligner_honours_settings() -> None:
    assert isinstance(get_aligner(Settings(embeddings=False)), LexicalAligner)


def test_get_aligner_falls_back_when_the_model_is_missing(caplog: pytest.LogCaptureFixture) -> None:
    def missing() -> Any:
        raise ModelUnavailable(
            "no sentence-transformers here", hint="pip install sentence-transformers"
        )

    aligner = get_aligner(Settings(embeddings=True), loader=missing)
    assert isinstance(aligner, LexicalAligner)
    assert "lexical aligner" in caplog.text and "pip install" in caplog.text


def test_embedding_alignment_of_the_seed_paraphrase(embedding_aligner: Any) -> None:
    alignment = embedding_aligner.align(REF, PARA)
    assert alignment.method == "embedding"
    _check_seed_alignment(alignment)
    assert (
        embedding_aligner.similarity(REF, PARA)
        > embedding_aligner.similarity(REF, "The weather in Paris was sunny.") + 0.4
    )


def test_embedding_model_loads_offline(minilm: Any) -> None:
    assert minilm.hidden_size == 384
    (encoded,) = minilm.encode([REF])
    assert encoded.sentence.shape == (384,) and len(encoded.pieces) == len(encoded.offsets)


def test_the_aligner_owns_its_model(minilm: Any) -> None:
    """No process-wide model: each aligner keeps the model it was given (or loaded)."""
    from analyzer.align.embedding import EmbeddingAligner

    first, second = EmbeddingAligner(minilm), EmbeddingAligner(minilm)
    assert first.model is minilm and second.model is minilm
    assert first.signature()["model"] == "sentence-transformers/all-MiniLM-L6-v2"


@pytest.mark.slow  # loads the sentence model
def test_embedding_model_runs_without_torch() -> None:
    """The model loads and encodes with ONNX Runtime alone: torch and transformers (seconds
    to import) and sentence-transformers stay out of the process."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from analyzer.align.embedding import load_model\n"
        "load_model(threads=1).encode(['One sentence.', 'Another one.'])\n"
        "heavy = ('torch', 'transformers', 'sentence_transformers', 'sklearn')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("reference", "candidate"),
    [
        ("Mujahideen of the Islamic Emirate took control of Panjshir.", "Taliban fighters seized Panjshir province"),
        ("The minister refused the illegal deal, an unhappy outcome", "The Minister agreed to a legal deal; happy outcome"),
        ("Officials said 300 people were killed", "Authorities stated that three hundred people died"),
        ("Mohammad protested in Kabul", "Mohammed protests; mohammedan Kabul protest"),
        ("", "Nothing on the other side"),
    ],
)
def test_lexical_matrix_is_every_pair_compared(reference: str, candidate: str) -> None:
    """The indexed lexical matrix gives lexical_similarity of every word pair."""
    from analyzer.align.core import lexical_matrix, lexical_similarity
    from analyzer.text.tokens import tokenize

    ref, cand = tokenize(reference), tokenize(candidate)
    assert lexical_matrix(ref, cand) == [[lexical_similarity(r, c) for c in cand] for r in ref]
