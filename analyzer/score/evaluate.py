"""Evaluation of the fidelity scorer on labelled cases (the quality gate and
``scripts/eval_fidelity.py`` share it).

A case file is JSON Lines: ``{"id", "group", "type", "label", "flags", "reference",
"candidate"}``. ``label`` is the expected label; ``flags`` the hard flag kinds that must be
named; ``group`` gathers candidates of one reference, for ranking.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from ..records import DocumentResult, Fidelity, PostResult
from .fidelity import FidelityScorer

__all__ = [
    "Case",
    "LABEL_ORDER",
    "evaluate",
    "evaluate_finder",
    "evaluate_real",
    "load_cases",
    "load_real",
]

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


# -- real renderings (tests/data/fidelity-real) -----------------------------------------


def load_real(path: str | Path) -> list[dict[str, Any]]:
    """The items of a real-renderings set (``items.json``: posts, their hand-labelled
    article sentences; doubtful candidates are kept, marked)."""
    items: list[dict[str, Any]] = json.loads(Path(path).read_text(encoding="utf-8"))["items"]
    return items


def evaluate_real(items: Sequence[dict[str, Any]], scorer: FidelityScorer) -> dict[str, Any]:
    """Label accuracy (4 classes), rendering-vs-unrelated accuracy, ranking within an item,
    top-1 (the best-scored candidate of an item carries its best gold label) and flag recall,
    over the candidates not marked doubtful (the measures of the set's ``score.py``)."""
    n = lab = rend = rank_ok = rank_n = top_ok = top_n = 0
    flags_hit = flags_n = 0
    confusion: dict[str, int] = {}
    for it in items:
        scored: list[tuple[str, float]] = []
        for c in it["candidates"]:
            if c.get("doubtful"):
                continue
            f = scorer.score(it["reference"], c["text"], it.get("source"))
            kinds = {fl.kind for fl in f.flags}
            n += 1
            lab += f.label == c["label"]
            rend += (f.label == "unrelated") == (c["label"] == "unrelated")
            key = f"{c['label']}->{f.label}"
            confusion[key] = confusion.get(key, 0) + 1
            for kind in c.get("flags", ()):
                flags_n += 1
                flags_hit += kind in kinds or (kind == "polarity" and "negation" in kinds)
            scored.append((c["label"], f.score))
        for i, (a, sa) in enumerate(scored):
            for b, sb in scored[i + 1 :]:
                if LABEL_ORDER[a] != LABEL_ORDER[b]:
                    rank_n += 1
                    rank_ok += (sa > sb) == (LABEL_ORDER[a] > LABEL_ORDER[b])
        if len(scored) > 1 and any(a != "unrelated" for a, _ in scored):
            top_n += 1
            best = max(LABEL_ORDER[a] for a, _ in scored)
            top_ok += LABEL_ORDER[max(scored, key=lambda s: s[1])[0]] == best
    return {
        "candidates": n,
        "label_accuracy": lab / n if n else 0.0,
        "rendering_accuracy": rend / n if n else 0.0,
        "ranking_accuracy": rank_ok / rank_n if rank_n else 0.0,
        "top1": top_ok / top_n if top_n else 0.0,
        "flag_recall": flags_hit / flags_n if flags_n else 0.0,
        "confusion": dict(sorted(confusion.items())),
    }


def _words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def evaluate_finder(
    items: Sequence[dict[str, Any]], documents: Iterable[DocumentResult]
) -> dict[str, Any]:
    """The paraphrase finder against the real renderings: posts are matched by page file
    and post id; a reported paraphrase counts for a gold rendering when one holds the other
    (the finder may trim a reporting frame or take a clause), against it when it is a
    sentence judged unrelated, and not at all when it is a sentence nobody judged.
    ``recall_extracted`` is the recall over the posts extracted with their id only (a post
    the extractor misses, or finds without its id, caps ``recall`` whatever the finder does)."""
    posts: dict[tuple[str, str], PostResult] = {}
    for d in documents:
        name = Path(d.source).name.removesuffix(".gz")
        for r in d.posts:
            posts[(name, str(r.post.post_id or ""))] = r
    tp = fp = fn = fn_unfound = found = lab_ok = lab_n = 0
    for it in items:
        q = posts.get((str(it.get("file")), str(it.get("post_id") or "")))
        gold = [c for c in it["candidates"] if not c.get("doubtful")]
        rend = [c for c in gold if c["label"] != "unrelated"]
        if q is None:
            fn += len(rend)
            fn_unfound += len(rend)
            continue
        found += 1
        hit: set[int] = set()
        for p in q.paraphrases:
            text = _words(p.text)
            g = next(
                (c for c in gold if text and (text in _words(c["text"]) or _words(c["text"]) in text)),
                None,
            )
            if g is None:
                continue
            if g["label"] == "unrelated":
                fp += 1
            else:
                tp += 1
                hit.add(id(g))
                lab_n += 1
                lab_ok += p.fidelity is not None and p.fidelity.label == g["label"]
        fn += sum(id(c) not in hit for c in rend)
    return {
        "posts": len(items),
        "posts_found": found,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "recall_extracted": tp / (tp + fn - fn_unfound) if tp + fn - fn_unfound else 0.0,
        "renderings": tp + fn,
        "found_renderings": lab_n,
        "labelled_right": lab_ok / lab_n if lab_n else 0.0,
    }
