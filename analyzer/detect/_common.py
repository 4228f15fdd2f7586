"""Helpers shared by the detector backends: codes, main script, building a Detection."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..records import Detection
from ..stages import JSONValue, Signature
from .clean import clean_text
from .facts import facts
from .script import script_counts

UNDETERMINED = "und"


def normalize_code(code: str) -> str:
    """ISO 639-1 where one exists (``zh-cn`` → ``zh``, ``nb``/``nn`` → ``no``, ``Arabic`` → ``ar``)."""
    code = code.strip().lower().replace("_", "-")
    f = facts()
    return f.names.get(code) or f.aliases.get(code, code)


def main_script(counts: Counter[str]) -> str | None:
    """The script most of the (weighted) letters are in; ``None`` without letters."""
    if not counts:
        return None
    f = facts()
    weights, other = f.script_weight, f.other_weight
    return max(counts, key=lambda s: counts[s] * weights.get(s, other))


def finish(
    code: str,
    confidence: float,
    candidates: tuple[tuple[str, float], ...],
    script: str | None,
    stated: str | None,
    detector: str,
    spans: tuple[tuple[int, int, str], ...] = (),
) -> Detection:
    """A Detection with the stated language recorded next to the detected one."""
    stated_code = normalize_code(stated) if stated else None
    disagrees = bool(
        stated_code and code != UNDETERMINED and stated_code != code
    )
    return Detection(
        code=code,
        confidence=float(confidence),
        candidates=candidates,
        script=script,
        stated=stated_code,
        disagrees=disagrees,
        spans=spans,
        detector=detector,
    )


def top(scores: dict[str, float], k: int = 3) -> tuple[tuple[str, float], ...]:
    """The ``k`` best (code, probability) pairs, probabilities normalised to sum to 1."""
    total = sum(scores.values())
    if total <= 0:
        return ()
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:k]
    return tuple((c, v / total) for c, v in ranked)


def detect_by_scores(
    scores_of: Callable[[str], dict[str, float]],
    text: str,
    stated: str | None,
    name: str,
    min_letters: int,
) -> Detection:
    """A single-model backend's answer: clean ``text``, ``und`` below ``min_letters``
    letters or without scores, else the model's likeliest language and its top candidates."""
    cleaned = clean_text(text)
    counts = script_counts(cleaned)
    script = main_script(counts)
    scores = scores_of(cleaned) if sum(counts.values()) >= min_letters else {}
    if not scores:
        return finish(UNDETERMINED, 0.0, (), script, stated, name)
    code, prob = max(scores.items(), key=lambda kv: kv[1])
    return finish(code, prob, top(scores), script, stated, name)


def detector_signature(name: str, packages: tuple[str, ...] = (), **knobs: JSONValue) -> Signature:
    """What a detector's answers depend on: its name, its settings and the versions of the
    packages whose models it runs."""
    from importlib import metadata

    versions: dict[str, JSONValue] = {}
    for package in packages:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    out: Signature = {"name": name, **knobs}
    if versions:
        out["packages"] = versions
    return out

