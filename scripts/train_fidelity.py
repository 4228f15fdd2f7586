"""Train the fidelity label model (``analyzer/data/fidelity_model.json``).

Reads the pairs made by ``scripts/make_fidelity_data.py``, computes the scorer's evidence
features for each (with the embedding aligner and with the lexical one: one model each), fits
two logistic regressions per aligner (relatedness, then the grade of a rendering) with numpy,
and writes their weights. With ``--cv``, it first reports grouped cross-validation on the
hand-labelled real renderings (origin ``real``; one fold per post, then one per article
page: the group's pairs are scored by a model trained on everything else) beside the in-sample figures, and the
figures of a model trained without any real rendering.

    python scripts/make_fidelity_data.py --out build/fidelity-train.jsonl ...   # see there
    python scripts/train_fidelity.py build/fidelity-train.jsonl --cv

Features are cached in ``build/fidelity-features.json`` (``--fresh`` recomputes them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analyzer.score.checks import Speaker  # noqa: E402
from analyzer.score.features import FEATURES  # noqa: E402
from analyzer.score.model import GRADES, Head, LabelModel  # noqa: E402

OUT = ROOT / "analyzer" / "data" / "fidelity_model.json"
CACHE = ROOT / "build" / "fidelity-features.json"
VERSION = "4"
ORDER = {"faithful": 3, "partial": 2, "divergent": 1, "unrelated": 0}
#: how much each origin of pairs counts in the loss
WEIGHTS = {"real": 10.0, "cases": 1.0, "synthetic": 1.0, "sts": 0.5}
#: the grade head's: real renderings count less there (few, and most of them loose partial
#: ones, they would teach that low coverage is faithful)
GRADE_WEIGHTS = {**WEIGHTS, "real": 3.0}
L2 = 1.0


def _placeholder(kind: str) -> LabelModel:
    n = len(FEATURES)
    zero = Head((0.0,) * n, (1.0,) * n, ((0.0,) * n,), (0.0,))
    grade = Head((0.0,) * n, (1.0,) * n, tuple((0.0,) * n for _ in GRADES), (0.0,) * 3)
    return LabelModel(kind, FEATURES, zero, grade, "untrained", "")


def _code_digest() -> str:
    """What the features depend on: the scorer, aligner and text code and the tables (a
    cached feature row of older code is recomputed)."""
    h = hashlib.sha1(json.dumps(FEATURES).encode())
    for sub in ("score", "align", "text"):
        for path in sorted((ROOT / "analyzer" / sub).rglob("*.py")):
            h.update(path.read_bytes())
    for path in sorted((ROOT / "analyzer" / "data").glob("*.toml")):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _key(kind: str, e: dict[str, Any], code: str) -> str:
    raw = json.dumps([kind, code, e["reference"], e["candidate"], e.get("speaker")],
                     ensure_ascii=False)
    return hashlib.sha1(raw.encode()).hexdigest()


def compute_features(kind: str, examples: list[dict[str, Any]], cache: dict[str, Any]) -> np.ndarray:
    from analyzer.align import LexicalAligner
    from analyzer.score.fidelity import FidelityScorer

    code = _code_digest()
    if kind == "embedding":
        from analyzer.align.embedding import EmbeddingAligner

        aligner: Any = EmbeddingAligner()
        todo = [e for e in examples if _key(kind, e, code) not in cache]
        if todo:
            aligner.encode(sorted({t for e in todo for t in (e["reference"], e["candidate"])}))
    else:
        aligner = LexicalAligner()
    scorer = FidelityScorer(aligner, model=_placeholder(kind))
    rows = []
    for e in examples:
        k = _key(kind, e, code)
        if k not in cache:
            spk = e.get("speaker") or {}
            speaker = Speaker(spk.get("name"), spk.get("handle")) if spk else None
            alignment = aligner.align(e["reference"], e["candidate"])
            values, _ = scorer.evidence(e["reference"], e["candidate"], alignment, speaker)
            cache[k] = [values[f] for f in FEATURES]
        rows.append(cache[k])
    return np.asarray(rows, dtype=float)


# -- logistic regression ------------------------------------------------------------------

def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, classes: int, l2: float | None = None) -> Head:
    """Weighted (multinomial) logistic regression with an L2 penalty, by full-batch Newton
    steps for a binary head and gradient descent with momentum for several classes."""
    l2 = L2 if l2 is None else l2
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    n, d = z.shape
    w = w / w.sum() * n
    if classes == 1:
        beta = np.zeros(d + 1)
        za = np.hstack([z, np.ones((n, 1))])
        reg = np.eye(d + 1) * l2
        reg[-1, -1] = 0.0
        for _ in range(50):
            p = 1 / (1 + np.exp(-za @ beta))
            g = za.T @ (w * (p - y)) + reg @ beta
            h = (za * (w * p * (1 - p))[:, None]).T @ za + reg
            step = np.linalg.solve(h, g)
            beta -= step
            if np.abs(step).max() < 1e-8:
                break
        return Head(tuple(mean), tuple(scale), (tuple(beta[:-1]),), (float(beta[-1]),))
    onehot = np.eye(classes)[y.astype(int)]
    coef = np.zeros((classes, d))
    bias = np.zeros(classes)
    vc, vb = np.zeros_like(coef), np.zeros_like(bias)
    for _ in range(3000):
        logits = z @ coef.T + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        err = (p - onehot) * w[:, None]
        gc = err.T @ z / n + l2 * coef / n
        gb = err.sum(axis=0) / n
        vc = 0.9 * vc + gc
        vb = 0.9 * vb + gb
        coef -= 0.5 * vc
        bias -= 0.5 * vb
    return Head(tuple(mean), tuple(scale), tuple(tuple(r) for r in coef), tuple(bias))


def train(x: np.ndarray, examples: list[dict[str, Any]], kind: str) -> LabelModel:
    labels = np.array([e["label"] for e in examples])
    weights = np.array([WEIGHTS[e["origin"].split(":")[0]] for e in examples])
    related = (labels != "unrelated").astype(float)
    # balance renderings and non-renderings
    pos = weights[related == 1].sum()
    neg = weights[related == 0].sum()
    wr = np.where(related == 1, weights / pos, weights / neg)
    rel_head = fit(x, related, wr, 1)
    graded = np.array([e["label"] != "unrelated" and e["heads"] == "both" for e in examples])
    gy = np.array([GRADES.index(str(lab)) for lab in labels[graded]])
    gw = np.array([GRADE_WEIGHTS[e["origin"].split(":")[0]] for e in examples])[graded]
    counts = np.bincount(gy, weights=gw, minlength=3)
    gw = gw / counts[gy] * counts.sum() / 3  # balance the grades
    grade_head = fit(x[graded], gy.astype(float), gw, 3)
    return LabelModel(kind, FEATURES, rel_head, grade_head, VERSION, "")


# -- evaluation (the fidelity-real measures) ---------------------------------------------

_BANDS = {"faithful": 0.75, "partial": 0.5, "divergent": 0.25, "unrelated": 0.0}


def predict(model: LabelModel, x: np.ndarray) -> list[tuple[str, float]]:
    out = []
    for row in x:
        p = model.predict(dict(zip(FEATURES, row, strict=True)))
        out.append((p.label, _BANDS[p.label] + 0.25 * p.position))
    return out


def measures(examples: list[dict[str, Any]], preds: list[tuple[str, float]]) -> dict[str, float]:
    n = len(examples)
    lab = sum(p[0] == e["label"] for e, p in zip(examples, preds, strict=True))
    rend = sum((p[0] == "unrelated") == (e["label"] == "unrelated")
               for e, p in zip(examples, preds, strict=True))
    by: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for e, p in zip(examples, preds, strict=True):
        by[e["reference"] + "\0" + e["group"]].append((e["label"], p[1]))
    rk = rn = top = tn = 0
    for rows in by.values():
        for i, (a, sa) in enumerate(rows):
            for b, sb in rows[i + 1:]:
                if ORDER[a] != ORDER[b]:
                    rn += 1
                    rk += (sa > sb) == (ORDER[a] > ORDER[b])
        if len(rows) > 1 and any(r[0] != "unrelated" for r in rows):
            tn += 1
            best = max(ORDER[r[0]] for r in rows)
            top += ORDER[max(rows, key=lambda r: r[1])[0]] == best
    return {"label": lab / n, "rendering": rend / n, "rank": rk / max(rn, 1),
            "top1": top / max(tn, 1), "n": n}


def _grouped_cv(
    x: np.ndarray, examples: list[dict[str, Any]], real: list[int], kind: str,
    group: Callable[[dict[str, Any]], str],
) -> dict[int, tuple[str, float]]:
    """Predictions for the real pairs, each by a model trained on every pair outside its
    group (``group``: the post, or the article page); a fold leaves out all of the group's
    pairs, whatever their origin, so a post's other renderings teach nothing of it."""
    preds: dict[int, tuple[str, float]] = {}
    for g in sorted({group(examples[i]) for i in real}):
        train_idx = [i for i, e in enumerate(examples) if group(e) != g]
        fold = train(x[train_idx], [examples[i] for i in train_idx], kind)
        test_idx = [i for i in real if group(examples[i]) == g]
        for i, p in zip(test_idx, predict(fold, x[test_idx]), strict=True):
            preds[i] = p
    return preds


def _fmt(m: dict[str, float]) -> str:
    return (f"label={m['label']:.2f} rendering={m['rendering']:.2f} rank={m['rank']:.2f} "
            f"top1={m['top1']:.2f} (n={m['n']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--cv", action="store_true", help="grouped cross-validation on the real pairs")
    ap.add_argument("--fresh", action="store_true", help="recompute the cached features")
    ap.add_argument("--kinds", nargs="*", default=["embedding", "lexical"])
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    examples = [json.loads(line) for line in a.data.read_text(encoding="utf-8").splitlines() if line]
    cache: dict[str, Any] = {} if a.fresh or not CACHE.exists() else json.loads(CACHE.read_text())
    models: dict[str, Any] = {}
    for kind in a.kinds:
        t0 = time.perf_counter()
        x = compute_features(kind, examples, cache)
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(cache))
        t1 = time.perf_counter()
        model = train(x, examples, kind)
        t2 = time.perf_counter()
        print(f"[{kind}] {len(examples)} pairs: features {t1 - t0:.1f}s, fit {t2 - t1:.1f}s")
        real = [i for i, e in enumerate(examples) if e["origin"] == "real" and not e.get("speaker")]
        if a.cv and real:
            ev = [examples[i] for i in real]
            print(f"[{kind}] in-sample on real:       {_fmt(measures(ev, predict(model, x[real])))}")
            by_post = _grouped_cv(x, examples, real, kind, lambda e: e["reference"])
            print(f"[{kind}] grouped CV by post:      {_fmt(measures(ev, [by_post[i] for i in real]))}")
            preds = _grouped_cv(x, examples, real, kind, lambda e: e["group"])
            print(f"[{kind}] grouped CV by page:      {_fmt(measures(ev, [preds[i] for i in real]))}")
            no_real = [i for i, e in enumerate(examples) if e["origin"] != "real"]
            m0 = train(x[no_real], [examples[i] for i in no_real], kind)
            print(f"[{kind}] trained without real:   {_fmt(measures(ev, predict(m0, x[real])))}")
            conf: dict[tuple[str, str], int] = defaultdict(int)
            for i in real:
                conf[(examples[i]["label"], preds[i][0])] += 1
            print(f"[{kind}] CV confusion (gold, got): {dict(sorted(conf.items()))}")
        models[kind] = {"features": list(FEATURES), "related": model.related.as_dict(),
                        "grade": model.grade.as_dict(), "pairs": len(examples)}
    if set(a.kinds) == {"embedding", "lexical"}:
        doc = {"version": VERSION, "about": "fidelity label model: relatedness and grade "
               "logistic regressions over analyzer.score.features.FEATURES; written by "
               "scripts/train_fidelity.py (data: docs/fidelity.md)", "models": models}
        a.out.write_text(json.dumps(doc, indent=1) + "\n")
        print(f"wrote {a.out} ({a.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
