"""The lexical aligner: words matched by form, stem and a small synonym lexicon.
Needs no model; it is the fallback when the embedding model cannot be loaded."""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Alignment
from ..stages import Signature
from ..text.chrf import chrf_sym
from ..text.tokens import Token, is_content, tokenize
from .core import build_alignment, lexical_matrix

__all__ = ["LexicalAligner", "token_f1"]


def token_f1(ref: Sequence[Token], cand: Sequence[Token]) -> float:
    """Soft F1 of content words: each word's best lexical match on the other side."""
    from .core import lexical_similarity

    r = [t for t in ref if is_content(t)] or list(ref)
    c = [t for t in cand if is_content(t)] or list(cand)
    if not r or not c:
        return 0.0
    recall = sum(max(lexical_similarity(a, b) for b in c) for a in r) / len(r)
    precision = sum(max(lexical_similarity(a, b) for a in r) for b in c) / len(c)
    return 0.0 if recall + precision == 0 else 2 * recall * precision / (recall + precision)


class LexicalAligner:
    """Align by surface form (identical words, stems, synonyms, transliteration prefixes)."""

    name = "lexical"
    model_id: str | None = None
    threshold = 0.65

    def align(self, reference: str, candidate: str) -> Alignment:
        ref, cand = tokenize(reference), tokenize(candidate)
        sim = lexical_matrix(ref, cand)
        return build_alignment(
            reference, candidate, ref, cand, sim, threshold=self.threshold, method=self.name
        )

    def similarity(self, reference: str, candidate: str) -> float:
        """Meaning similarity in [0, 1] from surface overlap: mean of symmetric chrF
        and the soft content-word F1."""
        ref, cand = tokenize(reference), tokenize(candidate)
        return 0.5 * chrf_sym(reference, candidate) + 0.5 * token_f1(ref, cand)

    def signature(self) -> Signature:
        return {"name": self.name, "model": None, "threshold": self.threshold}

    def similarities(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        return [self.similarity(a, b) for a, b in pairs]
