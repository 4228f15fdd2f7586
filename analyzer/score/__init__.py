"""Score stage: fidelity of a paraphrase or rendering to the post's English text.

:class:`FidelityScorer` takes an aligner (:mod:`analyzer.align`) and satisfies
:class:`analyzer.stages.FidelityScorer`."""

from __future__ import annotations

from .fidelity import FidelityScorer, Thresholds, score_fidelity

__all__ = ["FidelityScorer", "Thresholds", "score_fidelity"]
