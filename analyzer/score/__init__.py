"""Score stage: fidelity of a paraphrase or rendering to the post's English text.

:class:`FidelityScorer` takes an aligner (:mod:`analyzer.align`) and satisfies
:class:`analyzer.stages.FidelityScorer`; :mod:`.checks` holds the invariant checks,
:mod:`.features` the evidence, :mod:`.model` the label model."""

from __future__ import annotations

from .checks import Speaker
from .fidelity import FidelityScorer, score_fidelity

__all__ = ["FidelityScorer", "Speaker", "score_fidelity"]
