"""The evidence the label model reads: similarity, coverage, overlap, the checks' findings
and the attribution of the candidate, as one vector of named numbers.

The same function computes the features at run time (:class:`~.fidelity.FidelityScorer`) and
at training time (``scripts/train_fidelity.py``), so the model sees what it was trained on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from ..records import Flag
from ..tables import table
from ..text.tokens import Token, is_content, quoted_spans, stem, synonyms
from .checks import Context, Speaker
from .checks.coverage import is_reporting
from .checks.entity import Entity, extract_entities, frame_entities, is_speaker

__all__ = ["FEATURES", "HARD_KINDS", "Similarity", "attribution", "conflict", "features", "speaker_of"]

#: The features, in the order of the model's weights.
FEATURES: tuple[str, ...] = (
    "sim",  # the aligner's meaning similarity
    "cos",  # sentence cosine (embedding) or the lexical similarity again
    "part_sim",  # best similarity to one sentence of the post
    "soft_recall",  # how much of the post's words the candidate's words render (soft)
    "soft_precision",  # how much of the candidate's words the post backs (soft)
    "coverage",  # content-word recall through the phrase alignment
    "precision",  # content-word precision through the phrase alignment
    "chrf",  # surface overlap
    "shared",  # log(1 + content words of the post matched in the candidate)
    "len_ratio",  # log((candidate content words + 1) / (post content words + 1))
    "post_len",  # log(1 + content words of the post)
    "number",  # a number changed (hard flag)
    "negation",  # polarity flipped
    "entity",  # a name changed
    "misquote",  # quoted words the post does not contain (hard)
    "misquote_soft",  # quoted words that differ from the post
    "quote_ok",  # quoted words the post supports
    "certainty",  # a hedge lost or added
    "claim",  # an added claim with a name or a number
    "added",  # added content (three content words or more)
    "substitution",  # a name rendered by other words
    "reported",  # the candidate has a reporting verb (said, tweeted, wrote …)
    "speaker_named",  # the candidate names the poster
    "other_source",  # the candidate credits its words to a name that is not the (known) poster's
    "third_party",  # a name the post does not hold stands before the reporting verb (poster known or not)
    "credited",  # the candidate credits words to the poster (a reporting verb and the poster named)
    "platform",  # the candidate speaks of a post or a platform ("tweeted", "on Twitter", "in a post")
    "distinct",  # share of the post's distinctive words (names, numbers, long words) in the candidate
    "gist",  # the candidate credits or places the words (poster, reporting verb, platform) and
    # renders a distinctive word of the post: a summary of what the post claims
)

HARD_KINDS = frozenset({"number", "negation", "entity", "misquote"})


@dataclass(frozen=True, slots=True)
class Similarity:
    """Meaning similarity of the pair, from the aligner (see :func:`features`)."""

    sim: float
    cos: float
    part_sim: float
    soft_recall: float
    soft_precision: float


@cache
def _platform_words() -> frozenset[str]:
    """Stems of the words that name a post or a platform (``lexicon_reporting.toml``)."""
    return frozenset(stem(w) for w in table("lexicon_reporting")["platform_words"])


def _word_match(a: Token, b: Token) -> bool:
    return a.lower == b.lower or a.stem == b.stem or synonyms(a.stem, b.stem)


def _shared(ref: Sequence[Token], cand: Sequence[Token]) -> int:
    stems = [t for t in cand if is_content(t)]
    return sum(1 for a in ref if is_content(a) and any(_word_match(a, b) for b in stems))


def _distinctive(tokens: Sequence[Token], text: str) -> list[Token]:
    """The post's distinctive words: numbers, names (a capital inside a sentence) and long
    words (``lexicon_reporting.toml`` ``distinctive_length`` letters or more)."""
    long = int(table("lexicon_reporting").get("distinctive_length", 8))
    out = []
    for k, t in enumerate(tokens):
        if not is_content(t):
            continue
        before = text[tokens[k - 1].end : t.start] if k else "."
        inside = k > 0 and not any(c in ".!?:\n" for c in before + tokens[k - 1].text[-1:])
        if (
            any(c.isdigit() for c in t.text)
            or (inside and t.text[:1].isupper())
            or len(t.lower) >= long
        ):
            out.append(t)
    return out


def _distinct(ctx: Context) -> tuple[float, int]:
    """(share, count) of the post's distinctive words that the candidate holds (a word
    matches by form, stem, synonym or its first five letters)."""
    rare = _distinctive(ctx.ref, ctx.reference)
    if not rare:
        return 0.0, 0
    cand = [t for t in ctx.cand if is_content(t)]
    seen = {t.stem for t in rare if any(
        _word_match(t, b) or (len(t.stem) >= 5 and b.stem[:5] == t.stem[:5]) for b in cand
    )}
    total = {t.stem for t in rare}
    return len(seen) / len(total), len(seen)


def attribution(ctx: Context) -> tuple[bool, bool, bool, bool]:
    """(reported, speaker_named, other_source, third_party) for the candidate: does it
    report words (a reporting verb), does it name the poster, does it credit the words to a
    name that is neither the poster nor anyone the post itself names (``third_party``).
    Another source (a conflict) needs a known poster: with none, the name a rendering credits
    its words to may be the poster's ("The Taliban said that they would …"), so it is only
    ``third_party``, which keeps someone's quoted words from being credited to the poster."""
    cand = ctx.cand
    reported = any(is_reporting(cand, k) for k in range(len(cand)))
    keys = ctx.speaker.keys() if ctx.speaker else frozenset()
    stems = {t.stem for t in cand}
    named = bool(keys & stems) or any(
        len(k) >= 5 and len(s) >= 5 and k[:5] == s[:5] for k in keys for s in stems
    )
    other = third = False
    if reported:
        ref_stems = {t.stem for t in ctx.ref}

        def foreign(e: Entity) -> bool:
            return not (e.stems & ref_stems) and not is_speaker(ctx, e)

        other = any(foreign(e) for e in frame_entities(ctx))
        # a name ahead of the reporting verb, however far ("Saleh, who was the first vice
        # president …, has also declared … and said that …"), outside quotation marks
        verbs = [t.start for k, t in enumerate(cand) if is_reporting(cand, k)]
        quoted = quoted_spans(ctx.candidate)
        third = other or any(
            foreign(e)
            and e.end <= verbs[-1]
            and not any(a <= e.start < b for a, b in quoted)
            for e in extract_entities(ctx.candidate, cand, ctx.reference)
        )
    return reported, named, other and bool(keys), third


def features(
    ctx: Context,
    similarity: Similarity,
    alignment_cover: tuple[float, float],
    chrf: float,
    flags: Sequence[Flag],
    evidence: Mapping[str, float],
) -> dict[str, float]:
    """The feature vector of one pair (names in :data:`FEATURES`)."""
    ref_content = sum(1 for t in ctx.ref if is_content(t))
    cand_content = sum(1 for t in ctx.cand if is_content(t))
    hard = {f.kind for f in flags if f.severity == "hard"}
    kinds = {f.kind for f in flags}
    reported, named, other, third = attribution(ctx)
    if "quote_supported" in kinds and "misquote" not in hard:
        other = third = False  # the words credited are the post's own: the name is the poster's
    coverage, precision = alignment_cover
    platform = any(t.stem in _platform_words() for t in ctx.cand)
    distinct, rare = _distinct(ctx)
    return {
        "sim": similarity.sim,
        "cos": similarity.cos,
        "part_sim": similarity.part_sim,
        "soft_recall": similarity.soft_recall,
        "soft_precision": similarity.soft_precision,
        "coverage": coverage,
        "precision": precision,
        "chrf": chrf,
        "shared": math.log1p(_shared(ctx.ref, ctx.cand)),
        "len_ratio": math.log((cand_content + 1) / (ref_content + 1)),
        "post_len": math.log1p(ref_content),
        "number": float("number" in hard),
        "negation": float("negation" in hard),
        "entity": float("entity" in hard),
        "misquote": float("misquote" in hard),
        "misquote_soft": float(any(f.kind == "misquote" and f.severity == "soft" for f in flags)),
        "quote_ok": float("quote_supported" in kinds),
        "certainty": float("certainty" in kinds),
        "claim": float(evidence.get("added_claims", 0.0) > 0),
        "added": float(evidence.get("added_content", 0.0) > 0),
        "substitution": float("substitution" in kinds),
        "reported": float(reported),
        "speaker_named": float(named),
        "other_source": float(other),
        "third_party": float(third),
        "credited": float(reported and named),
        "platform": float(platform),
        "distinct": distinct,
        "gist": float(rare > 0 and (reported or named or platform)),
    }


def speaker_of(name: str | None, handle: str | None, organisation: str | None = None) -> Speaker:
    """A :class:`Speaker` from whatever is known of the poster."""
    return Speaker(name or None, handle or None, organisation or None)


def conflict(values: Mapping[str, float]) -> bool:
    """True when the evidence holds a conflict that can make a rendering divergent: a
    changed number, name or polarity, a misquote, a certainty shift, an added claim, or
    words credited to someone other than the poster."""
    return any(
        values.get(k, 0.0) > 0
        for k in ("number", "negation", "entity", "misquote", "certainty", "claim", "other_source")
    )
