"""Score stage: fidelity of a paraphrase or rendering to the post's English text."""

from __future__ import annotations

from typing import Protocol

from ..records import Fidelity
from .fidelity import FidelityScorer, Thresholds, score_fidelity

__all__ = ["Scorer", "FidelityScorer", "Thresholds", "score_fidelity"]


class Scorer(Protocol):
    def score(self, reference: str, candidate: str, source: str | None = None) -> Fidelity: ...
