"""The label model: two small logistic regressions over the evidence features
(:mod:`.features`), evaluated with numpy-free arithmetic.

1. **relatedness** — does the candidate render the post at all? (binary)
2. **grade** — for a rendering: faithful, partial or divergent (multinomial). Divergent
   needs a conflict in the evidence (:func:`~.features.conflict`); without one the grade
   is the better of faithful and partial, so an omission alone is partial. A hard problem
   (a changed number, polarity or name, a misquote) or a soft conflict (a certainty shift,
   an added claim, another speaker) rules faithful out; a misquote credited to the poster
   (a reporting verb, no other source named) is a rendering (a distorted one), not an
   unrelated sentence.

The weights are data, ``analyzer/data/fidelity_model.json``, written by
``scripts/train_fidelity.py`` (its data and provenance: ``docs/fidelity.md``); one set per
aligner kind (``embedding``, ``lexical``). The file's version and digest go into the
scorer's signature.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..errors import ConfigError
from .features import FEATURES, conflict

__all__ = ["GRADES", "Head", "LabelModel", "Prediction", "load_model"]

MODEL_FILE = "fidelity_model.json"
GRADES: tuple[str, ...] = ("faithful", "partial", "divergent")
#: hard problems: a rendering with one is never faithful
HARD = ("number", "negation", "entity", "misquote")
_SOFT_CONFLICTS = ("certainty", "claim", "other_source")
#: changes that make a rendering divergent whatever else it renders (names and polarity are
#: left to the model: on real renderings their flags are often a paraphrase's own wording)
_CHANGES = ("number",)


@dataclass(frozen=True, slots=True)
class Head:
    """One logistic regression: standardisation, then ``classes`` rows of weights (one row
    for a binary head: the log-odds of the positive class)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]
    bias: tuple[float, ...]

    def logits(self, x: Sequence[float]) -> list[float]:
        z = [(v - m) / s for v, m, s in zip(x, self.mean, self.scale, strict=True)]
        return [
            b + sum(w * v for w, v in zip(row, z, strict=True))
            for row, b in zip(self.weights, self.bias, strict=True)
        ]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Head:
        return cls(
            tuple(float(v) for v in d["mean"]),
            tuple(float(v) or 1.0 for v in d["scale"]),
            tuple(tuple(float(v) for v in row) for row in d["weights"]),
            tuple(float(v) for v in d["bias"]),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": [list(r) for r in self.weights],
            "bias": list(self.bias),
        }


@dataclass(frozen=True, slots=True)
class Prediction:
    related: float  # P(the candidate renders the post)
    grades: dict[str, float]  # P(grade | rendering), over GRADES
    label: str
    position: float  # where the score lies in the label's band, in [0, 1]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _softmax(z: Sequence[float]) -> list[float]:
    top = max(z)
    e = [math.exp(v - top) for v in z]
    total = sum(e)
    return [v / total for v in e]


@dataclass(frozen=True, slots=True)
class LabelModel:
    """Relatedness and grade heads for one aligner kind."""

    kind: str
    features: tuple[str, ...]
    related: Head
    grade: Head
    version: str
    digest: str

    def predict(self, values: Mapping[str, float]) -> Prediction:
        x = [float(values.get(name, 0.0)) for name in self.features]
        related = _sigmoid(self.related.logits(x)[0])
        probs = dict(zip(GRADES, _softmax(self.grade.logits(x)), strict=True))
        if not conflict(values):
            probs["divergent"] = 0.0  # an omission alone is partial
        elif any(values.get(k, 0.0) > 0 for k in HARD):
            probs["faithful"] = 0.0  # a hard problem is never faithful
            if any(values.get(k, 0.0) > 0 for k in _CHANGES):
                probs["partial"] = 0.0  # a wrong number changes the meaning
            if values.get("misquote", 0.0) > 0:
                # words in quotation marks that the post does not contain: divergent, and
                # credited to the poster a misquote, not an unrelated sentence (quoted words
                # of someone else about the same story are left to relatedness)
                probs["partial"] = 0.0
                credited = values.get("reported", 0.0) > 0 and not (
                    values.get("other_source", 0.0) or values.get("third_party", 0.0)
                )
                if credited:
                    related = max(related, 0.5)
        elif any(values.get(k, 0.0) > 0 for k in _SOFT_CONFLICTS):
            probs["faithful"] = 0.0  # a certainty shift or an added claim: at most partial
        total = sum(probs.values()) or 1.0
        probs = {k: v / total for k, v in probs.items()}
        if related < 0.5:
            return Prediction(related, probs, "unrelated", related / 0.5)
        label = max(GRADES, key=probs.__getitem__)
        # within a band: the expected grade (faithful 1, partial 0.5, divergent 0) and how
        # sure the candidate is a rendering, weighed alike
        quality = probs["faithful"] + 0.5 * probs["partial"]
        position = 0.5 * quality + 0.5 * (related - 0.5) / 0.5
        return Prediction(related, probs, label, max(0.0, min(1.0, position)))


def _raw() -> bytes:
    try:
        return resources.files("analyzer.data").joinpath(MODEL_FILE).read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise ConfigError(
            f"the packaged fidelity model is missing (analyzer/data/{MODEL_FILE});"
            " reinstall analyze-posts"
        ) from exc


@cache
def load_model(kind: str) -> LabelModel:
    """The packaged label model for aligner kind ``kind`` (``embedding`` or ``lexical``;
    another kind gets the lexical one)."""
    raw = _raw()
    data = json.loads(raw)
    digest = hashlib.sha256(raw).hexdigest()[:16]
    models = data["models"]
    entry = models.get(kind) or models["lexical"]
    names = tuple(entry["features"])
    unknown = set(names) - set(FEATURES)
    if unknown:
        raise ConfigError(f"the fidelity model names unknown features: {sorted(unknown)}")
    return LabelModel(
        kind if kind in models else "lexical",
        names,
        Head.from_dict(entry["related"]),
        Head.from_dict(entry["grade"]),
        str(data["version"]),
        digest,
    )
