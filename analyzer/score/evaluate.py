"""Evaluation of the fidelity scorer on labelled cases (the quality gate and
``scripts/eval_fidelity.py`` share it).

A case file is JSON Lines: ``{"id", "group", "type", "label", "flags", "reference",
"candidate"}``. ``label`` is the expected label; ``flags`` the hard flag kinds that must be
named; ``group`` gathers candidates of one reference, for ranking.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from ..records import Fidelity
from .fidelity import FidelityScorer

__all__ = ["Case", "load_cases", "evaluate", "LABEL_ORDER"]

LABEL_ORDER = {"faithful": 3, "partial": 2, "divergent": 1, "unrelated": 0}


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    group: str
    type: str
    label: str
    reference: str
    candidate: str
    flags: tuple[str, ...] = field(default=())


def load_cases(path: str | Path) -> list[Case]:
    cases = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            cases.append(
                Case(
                    d["id"],
                    d["group"],
                    d["type"],
                    d["label"],
                    d["reference"],
                    d["candidate"],
                    tuple(d.get("flags", ())),
                )
            )
    return cases


def evaluate(cases: Sequence[Case], scorer: FidelityScorer) -> dict[str, Any]:
    """Label accuracy, ranking accuracy (within each group, every pair of cases whose
    expected labels differ must be ordered by score), recall of the expected hard flags
    per kind, the share of faithful cases given a hard (or certainty) flag, and the cases
    that missed (wrong label or an expected flag not named)."""
    results: list[tuple[Case, Fidelity]] = [
        (c, scorer.score(c.reference, c.candidate)) for c in cases
    ]
    correct = sum(1 for c, f in results if f.label == c.label)
    pairs = ranked = 0
    by_group: dict[str, list[tuple[Case, Fidelity]]] = {}
    for c, f in results:
        by_group.setdefault(c.group, []).append((c, f))
    for members in by_group.values():
        for (c1, f1), (c2, f2) in combinations(members, 2):
            o1, o2 = LABEL_ORDER[c1.label], LABEL_ORDER[c2.label]
            if o1 == o2:
                continue
            pairs += 1
            if (f1.score - f2.score) * (o1 - o2) > 0:
                ranked += 1
    recall: dict[str, list[int]] = {}
    for c, f in results:
        named = {fl.kind for fl in f.flags if fl.severity == "hard"} | {
            fl.kind for fl in f.flags if fl.kind == "certainty"
        }
        for kind in c.flags:
            hit = recall.setdefault(kind, [0, 0])
            hit[1] += 1
            hit[0] += kind in named
    faithful = [(c, f) for c, f in results if c.label == "faithful"]
    false_flagged = [
        c.id
        for c, f in faithful
        if any(fl.severity == "hard" or fl.kind == "certainty" for fl in f.flags)
    ]
    misses = [
        {
            "id": c.id,
            "type": c.type,
            "expected": c.label,
            "got": f.label,
            "score": f.score,
            "want": list(c.flags),
            "flags": [fl.kind for fl in f.flags if fl.severity == "hard" or fl.kind == "certainty"],
        }
        for c, f in results
        if f.label != c.label or set(c.flags) - {fl.kind for fl in f.flags}
    ]
    return {
        "cases": len(cases),
        "label_accuracy": correct / len(cases) if cases else 0.0,
        "ranking_pairs": pairs,
        "ranking_accuracy": ranked / pairs if pairs else 0.0,
        "flag_recall": {k: v[0] / v[1] for k, v in sorted(recall.items())},
        "false_flag_rate": len(false_flagged) / len(faithful) if faithful else 0.0,
        "false_flagged": false_flagged,
        "misses": misses,
    }


def spearman(xs: Iterable[float], ys: Iterable[float]) -> float:
    """Spearman rank correlation (average ranks for ties), no scipy needed."""
    xs, ys = list(xs), list(ys)

    def ranks(v: list[float]) -> list[float]:
        order = sorted(range(len(v)), key=v.__getitem__)
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return r

    rx, ry = ranks(xs), ranks(ys)
    n = len(rx)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0
