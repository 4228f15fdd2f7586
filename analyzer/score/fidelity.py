"""Fidelity of a paraphrase or rendering to the English text of a post.

The verdict is not a similarity score: similarity ranks a changed number or a flipped
polarity *above* a loose but faithful paraphrase, and a same-story sentence about other
facts close to a loose rendering. The scorer therefore

1. aligns the pair and measures it: meaning similarity from the aligner (MiniLM sentence
   cosine and piece alignment, or chrF and soft word overlap for the lexical aligner),
   coverage and precision of the phrase alignment, shared words, lengths;
2. runs the invariant checks (:mod:`analyzer.score.checks`: numbers, polarity, names, quotes,
   certainty, hashtags, omissions, additions), aware of who posted (:class:`Speaker`): the
   poster named in the article and third person for the post's first person are reported
   speech, not changes;
3. decides with the label model (:mod:`.model`), first whether the candidate renders the post
   at all (relatedness), then how faithfully (faithful / partial / divergent). Divergent
   needs a conflict (a changed number, name or polarity, a misquote, a certainty shift, an
   added claim, another speaker); an omission alone is partial.

The score lies in the band of its label (faithful 0.75–1, partial 0.5–0.75, divergent
0.25–0.5, unrelated 0–0.25), so ranking by score ranks by label first.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from .._version import __version__
from ..align.minilm import SentenceEncoder
from ..records import Alignment, Fidelity, FidelityLabel, Flag
from ..stages import Aligner, Signature
from ..text.chrf import chrf_sym
from ..text.sentences import content_sentences
from ..text.tokens import Token, is_content, tokenize
from . import checks
from .checks import Speaker
from .features import HARD_KINDS, Similarity, features
from .model import LabelModel, load_model

__all__ = ["FidelityScorer", "HARD_KINDS", "Speaker", "coverage_precision", "score_fidelity"]

logger = logging.getLogger(__name__)

_BANDS: dict[str, tuple[float, float]] = {
    "faithful": (0.75, 1.0),
    "partial": (0.5, 0.75),
    "divergent": (0.25, 0.5),
    "unrelated": (0.0, 0.25),
}
#: the components reported with each score (a subset of the features)
_COMPONENTS = ("similarity", "coverage", "precision", "chrf", "related")


@runtime_checkable
class _PieceMatcher(Protocol):
    """An encoder aligner that gives the piece recall and precision of two encoded texts."""

    def piece_match(self, a: Any, b: Any) -> tuple[float, float]: ...


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


def _soft_lexical(reference: str, candidate: str) -> tuple[float, float]:
    from ..align.core import lexical_similarity

    r = [t for t in tokenize(reference) if is_content(t)]
    c = [t for t in tokenize(candidate) if is_content(t)]
    if not r or not c:
        return 0.0, 0.0
    recall = sum(max(lexical_similarity(a, b) for b in c) for a in r) / len(r)
    precision = sum(max(lexical_similarity(a, b) for a in r) for b in c) / len(c)
    return recall, precision


class FidelityScorer:
    """Score candidates against the English text of a post (one aligner, one label model,
    one signature)."""

    def __init__(self, aligner: Aligner, model: LabelModel | None = None) -> None:
        self.aligner = aligner
        self.model = model or load_model(aligner.name)
        self._parts: dict[str, list[str]] = {}
        sig = self.signature()
        self.id = str(sig["id"])

    def signature(self) -> Signature:
        """What produces the scores: the package, the aligner, the label model (version and
        digest) and the packaged tables; ``id`` is a short digest of all of it, which every
        fidelity record carries (``Fidelity.scorer``)."""
        from .. import tables

        sig: dict[str, Any] = {
            "package": f"analyze-posts {__version__}",
            "aligner": self.aligner.name,
            "model": getattr(self.aligner, "model_id", None) or "none",
            "label_model": f"{self.model.kind} {self.model.version}",
            "label_model_digest": self.model.digest,
            "tables": tables.digest(),
        }
        sig["id"] = hashlib.sha256(json.dumps(sig, sort_keys=True).encode()).hexdigest()[:12]
        return sig

    def score(
        self,
        reference: str,
        candidate: str,
        source: str | None = None,
        *,
        speaker: Speaker | None = None,
        alignment: Alignment | None = None,
    ) -> Fidelity:
        """Fidelity of ``candidate`` to ``reference`` (the post's English text). ``source``
        (the post's original text) is used for the MT sanity flags when given; ``speaker``
        (who posted) makes the comparison aware of reported speech."""
        if not reference.strip() or not candidate.strip():
            return Fidelity(
                0.0,
                "unrelated",
                (Flag("empty", "nothing to compare", "hard"),),
                (("similarity", 0.0),),
                self.id,
            )
        if alignment is None:
            alignment = self.aligner.align(reference, candidate)
        return self.score_aligned(reference, candidate, alignment, source, speaker)

    def score_aligned(
        self,
        reference: str,
        candidate: str,
        alignment: Alignment,
        source: str | None = None,
        speaker: Speaker | None = None,
    ) -> Fidelity:
        if not reference.strip() or not candidate.strip():
            return self.score(reference, candidate)
        values, flags = self.evidence(reference, candidate, alignment, speaker)
        if source is not None:
            flags.extend(_source_flags(source, reference))
        prediction = self.model.predict(values)
        label: FidelityLabel = prediction.label  # type: ignore[assignment]
        lo, hi = _BANDS[label]
        score = lo + (hi - lo) * prediction.position
        components = {
            "similarity": values["sim"],
            "coverage": values["coverage"],
            "precision": values["precision"],
            "chrf": values["chrf"],
            "related": prediction.related,
        }
        if values["part_sim"] != values["sim"]:
            components["part_similarity"] = values["part_sim"]
        if "quote_support" in values:
            components["quote_support"] = values["quote_support"]
        return Fidelity(
            round(score, 4),
            label,
            tuple(flags),
            tuple((k, round(v, 4)) for k, v in components.items()),
            self.id,
        )

    def evidence(
        self,
        reference: str,
        candidate: str,
        alignment: Alignment,
        speaker: Speaker | None = None,
    ) -> tuple[dict[str, float], list[Flag]]:
        """The feature values of the pair (:data:`~.features.FEATURES`) and the checks'
        flags (what the label model reads; the training script calls this too)."""
        ctx = checks.Context.build(reference, candidate, alignment, speaker)
        found = checks.run_checks(ctx)
        values = features(
            ctx,
            self._similarity(reference, candidate),
            coverage_precision(reference, candidate, alignment),
            chrf_sym(reference, candidate),
            found.flags,
            dict(found.evidence),
        )
        evidence = dict(found.evidence)
        if "quote_support" in evidence:  # reported with the score (not a model feature)
            values["quote_support"] = evidence["quote_support"]
        return values, list(found.flags)

    def _post_parts(self, reference: str) -> list[str]:
        parts = self._parts.get(reference)
        if parts is None:
            if len(self._parts) > 4096:
                self._parts.clear()
            parts = self._parts[reference] = content_sentences(reference)
        return parts

    def _similarity(self, reference: str, candidate: str) -> Similarity:
        parts = self._post_parts(reference)
        parts = parts if len(parts) > 1 else []
        aligner = self.aligner
        sim = float(aligner.similarity(reference, candidate))
        if isinstance(aligner, SentenceEncoder):
            a, b = aligner.encode([reference, candidate])
            cos = float(a.sentence @ b.sentence)
            if not len(a.pieces) or not len(b.pieces):
                recall = precision = 0.0
            elif isinstance(aligner, _PieceMatcher):  # the pair just compared: kept
                recall, precision = aligner.piece_match(a, b)
            else:
                m = a.pieces @ b.pieces.T
                recall, precision = float(m.max(axis=1).mean()), float(m.max(axis=0).mean())
            part = max([sim, *(float(aligner.similarity(p, candidate)) for p in parts)])
            return Similarity(sim, cos, part, recall, precision)
        part = max([sim, *(float(aligner.similarity(p, candidate)) for p in parts)])
        recall, precision = _soft_lexical(reference, candidate)
        return Similarity(sim, sim, part, recall, precision)


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
    speaker: Speaker | None = None,
) -> Fidelity:
    """Score how faithfully ``candidate`` (a paraphrase or a translator's rendering) conveys
    ``translation`` (the English text of a post) with ``aligner``. ``source`` is the post's
    original text. (:func:`analyzer.score_fidelity` picks the aligner from the settings.)"""
    return FidelityScorer(aligner).score(translation, candidate, source, speaker=speaker)
