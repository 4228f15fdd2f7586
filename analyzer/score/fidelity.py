"""Fidelity of a paraphrase or rendering to the English text of a post.

The verdict is not a similarity score: similarity ranks a changed number or a flipped
polarity *above* a loose but faithful paraphrase. The score combines

- ``similarity``: meaning similarity from the aligner (MiniLM cosine blended with
  piece-alignment F1; the lexical aligner uses chrF and soft word F1),
- ``coverage`` / ``precision``: how much of the post's content words the candidate renders,
  and how much of the candidate is backed by the post (from the phrase alignment),
- ``chrf``: surface overlap, ``quote_support``: how well quoted words are backed,

and the invariant checks of :mod:`analyzer.score.checks`. A hard problem (number,
negation, entity, misquote) caps the label at ``divergent`` whatever the similarity.
The score lies in the band of its label (faithful 0.75–1, partial 0.5–0.75, divergent
0.25–0.5, unrelated 0–0.25), so ranking by score ranks by label first.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from .._version import __version__
from ..records import Alignment, Fidelity, FidelityLabel, Flag
from ..stages import Aligner
from ..text.chrf import chrf_sym
from ..text.sentences import content_sentences
from ..text.tokens import Token, is_content, tokenize
from . import checks

__all__ = ["FidelityScorer", "Thresholds", "score_fidelity", "HARD_KINDS"]

logger = logging.getLogger(__name__)

HARD_KINDS = frozenset({"number", "negation", "entity", "misquote"})
_BANDS = {
    "faithful": (0.75, 1.0),
    "partial": (0.5, 0.75),
    "divergent": (0.25, 0.5),
    "unrelated": (0.0, 0.25),
}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Label cut-offs on the aligner's similarity scale and on coverage."""

    unrelated: float  # similarity below this (and little coverage): unrelated
    faithful: float  # similarity at least this (and good coverage, no flags): faithful
    partial: float  # similarity at least this: partial, else divergent
    coverage_faithful: float = 0.75
    coverage_unrelated: float = 0.25
    precision_faithful: float = 0.65

    def as_pairs(self) -> tuple[tuple[str, str], ...]:
        return (
            ("threshold.unrelated", f"{self.unrelated:g}"),
            ("threshold.faithful", f"{self.faithful:g}"),
            ("threshold.partial", f"{self.partial:g}"),
            ("threshold.coverage_faithful", f"{self.coverage_faithful:g}"),
            ("threshold.precision_faithful", f"{self.precision_faithful:g}"),
        )


THRESHOLDS = {
    "embedding": Thresholds(unrelated=0.33, faithful=0.68, partial=0.5),
    "lexical": Thresholds(unrelated=0.2, faithful=0.55, partial=0.38),
}


def _weighted(tokens: Sequence[Token], spans: Sequence[tuple[int, int, float]]) -> float:
    content = [t for t in tokens if is_content(t)]
    if not content:
        return 1.0 if not tokens else 0.0
    total = 0.0
    for t in content:
        total += max((s for a, b, s in spans if a <= t.start and t.end <= b), default=0.0)
    return total / len(content)


def coverage_precision(reference: str, candidate: str, alignment: Alignment) -> tuple[float, float]:
    """Content-word recall (coverage) and precision of the alignment, each word weighted
    by the score of the phrase pair that covers it."""
    ref_spans = [(p.reference_span.start, p.reference_span.end, p.score) for p in alignment.pairs]
    cand_spans = [(p.candidate_span.start, p.candidate_span.end, p.score) for p in alignment.pairs]
    return _weighted(tokenize(reference), ref_spans), _weighted(tokenize(candidate), cand_spans)


class FidelityScorer:
    """Score candidates against the English text of a post (one aligner, one signature)."""

    def __init__(self, aligner: Aligner, thresholds: Thresholds | None = None) -> None:
        self.aligner = aligner
        self.thresholds = thresholds or THRESHOLDS.get(aligner.name, THRESHOLDS["lexical"])
        model = getattr(aligner, "model_id", None)
        self.signature: tuple[tuple[str, str], ...] = (
            ("package", f"analyze-posts {__version__}"),
            ("aligner", aligner.name),
            ("model", model or "none"),
            *self.thresholds.as_pairs(),
            ("quote_supported", f"{checks.QUOTE_SUPPORTED:g}"),
        )

    def score(
        self,
        reference: str,
        candidate: str,
        source: str | None = None,
        alignment: Alignment | None = None,
    ) -> Fidelity:
        """Fidelity of ``candidate`` to ``reference`` (the post's English text). ``source``
        (the post's original text) is used for the MT sanity flags when given."""
        if alignment is None:
            alignment = self.aligner.align(reference, candidate)
        return self.score_aligned(reference, candidate, alignment, source)

    def score_aligned(
        self, reference: str, candidate: str, alignment: Alignment, source: str | None = None
    ) -> Fidelity:
        if not reference.strip() or not candidate.strip():
            return Fidelity(
                0.0,
                "unrelated",
                (Flag("empty", "nothing to compare", "hard"),),
                (("similarity", 0.0),),
                self.signature,
            )
        sim = float(self.aligner.similarity(reference, candidate))
        part_sim = self._part_similarity(reference, candidate)
        coverage, precision = coverage_precision(reference, candidate, alignment)
        ctx = checks.Context.build(reference, candidate, alignment)
        found = checks.run_checks(ctx)
        evidence = dict(found.evidence)
        support = evidence.get("quote_support")
        flags: list[Flag] = list(found.flags)
        if source is not None:
            flags.extend(_source_flags(source, reference))
        components: list[tuple[str, float]] = [
            ("similarity", sim),
            ("coverage", coverage),
            ("precision", precision),
            ("chrf", chrf_sym(reference, candidate)),
        ]
        if part_sim is not None:
            components.append(("part_similarity", part_sim))
        if support is not None:
            components.append(("quote_support", support))
        claims = evidence.get("added_claims", 0.0) > 0
        added = claims or evidence.get("added_content", 0.0) > 0
        label, base = self._label(sim, coverage, precision, flags, claims, added, part_sim or 0.0)
        lo, hi = _BANDS[label]
        score = lo + (hi - lo) * base
        return Fidelity(
            round(score, 4),
            label,
            tuple(flags),
            tuple((k, round(v, 4)) for k, v in components),
            self.signature,
        )

    def _part_similarity(self, reference: str, candidate: str) -> float | None:
        """Best similarity of ``candidate`` to one sentence of a post of several sentences
        (None for a one-sentence post): an article often renders only part of a post."""
        parts = content_sentences(reference)
        if len(parts) < 2:
            return None
        return max(float(self.aligner.similarity(part, candidate)) for part in parts)

    def _label(
        self,
        sim: float,
        coverage: float,
        precision: float,
        flags: Sequence[Flag],
        added_claim: bool = False,
        added_content: bool = False,
        part_sim: float = 0.0,
    ) -> tuple[FidelityLabel, float]:
        """Label and the position in its band. Divergent means something is wrong (a hard
        flag, or a candidate that mostly says other things); a candidate that only leaves
        things out (its words backed by the post) is partial however short; one that adds
        a checkable claim (a name, a number) cannot be faithful."""
        t = self.thresholds
        base = max(0.0, min(1.0, 0.5 * sim + 0.35 * coverage + 0.15 * precision))
        hard = any(f.severity == "hard" and f.kind in HARD_KINDS for f in flags)
        misquote = any(f.severity == "hard" and f.kind == "misquote" for f in flags)
        certainty = any(f.kind == "certainty" for f in flags)
        if max(sim, part_sim) < t.unrelated and coverage < t.coverage_unrelated:
            # words put in the post's mouth about its subject are a misquote, not unrelated
            if not (misquote and sim >= t.unrelated / 2):
                return "unrelated", base
        if hard:
            return "divergent", base
        strong = (coverage >= t.coverage_faithful and precision >= t.precision_faithful) or (
            # a little under either cut-off, made up for by the whole (near-verbatim
            # meaning, small attribution or rewording around it)
            coverage >= t.coverage_faithful - 0.05
            and precision >= t.precision_faithful - 0.1
            and base >= 0.8
            and not added_content
        )
        if sim >= t.faithful and strong and not certainty and not added_claim:
            return "faithful", base
        if sim >= t.partial or coverage >= 0.5:
            return "partial", base
        if part_sim >= t.faithful:  # renders one sentence of a longer post closely
            return "partial", base
        if precision >= t.precision_faithful and coverage >= t.coverage_unrelated:
            return "partial", base
        return "divergent", base


def _source_flags(source: str, english: str) -> list[Flag]:
    """MT sanity checks between the post's original text and its English text: numbers
    written in the source (any digits) must reappear."""
    src = {n.value for n in checks.extract_numbers(source) if n.value is not None}
    eng = checks.extract_numbers(english)
    missing = [v for v in src if not any(e.value == v for e in eng)]
    return [
        Flag(
            "number",
            f"number {v:g} of the original post is not in its English text",
            "soft",
            None,
            None,
        )
        for v in missing
    ]


def score_fidelity(
    translation: str,
    candidate: str,
    source: str | None = None,
    *,
    aligner: Aligner,
) -> Fidelity:
    """Score how faithfully ``candidate`` (a paraphrase or a translator's rendering) conveys
    ``translation`` (the English text of a post) with ``aligner``. ``source`` is the post's
    original text. (:func:`analyzer.score_fidelity` picks the aligner from the settings.)"""
    return FidelityScorer(aligner).score(translation, candidate, source)
