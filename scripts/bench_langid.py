"""Language-identification benchmark: every detector side by side; detection on one CPU core.

    python scripts/bench_langid.py [BENCH_DIR] [--detectors default,fasttext,...] [--reps 3]
                                   [--json OUT]

BENCH_DIR holds ``<kind>/<code>.txt`` files (kinds: sentences, word-pairs, single-words), one
sample per line (split on "\\n" only); it defaults to ``../shared/benchmarks/langid`` beside the
repository. Each detector runs in a fresh subprocess, so that load time and resident memory are
its own. Reported: accuracy per language × kind and the mean over languages (first pass);
texts/s per kind after loading, pinned to one core, best of ``--reps`` passes; load time
(construction plus one text per language file, so lazily loaded models count); peak RSS. Load
time is measured twice, each in its own fresh process: with the cores the machine gives the
process (as the tool runs; lingua loads its language models in parallel) and pinned to one
core. ``und`` counts as wrong. The ratio column compares each detector's speed with
langdetect's, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("sentences", "word-pairs", "single-words")
ALL = ("default", "fasttext", "lingua", "lingua-low", "langdetect", "cld2", "script")


def load_bench(root: Path, limit: int | None) -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = {}
    for kind in KINDS:
        data[kind] = {}
        for path in sorted((root / kind).glob("*.txt")):
            lines = [x for x in path.read_text(encoding="utf-8").split("\n") if x.strip()]
            data[kind][path.stem] = lines[:limit] if limit else lines
    return data


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worker(
    name: str, root: Path, limit: int | None, load_only: bool = False, reps: int = 1
) -> dict[str, object]:
    """Load ``name`` with the cores this process has, then (unless ``load_only``) pin to one
    core and time detection."""
    sys.path.insert(0, str(ROOT))
    data = load_bench(root, limit)
    rss_start = rss_mb()
    t0 = time.perf_counter()
    from analyzer.detect import get_detector

    detector = get_detector(name)
    load = getattr(detector, "load", None)
    if callable(load):  # models that load on first need are loaded before timing
        load()
    for kind in ("sentences",):
        for lines in data[kind].values():
            detector.detect(lines[0])
    load_s = time.perf_counter() - t0
    rss_loaded = rss_mb()
    if load_only:
        return {"name": name, "load_s": load_s, "cores": cores(), "rss_loaded_mb": rss_loaded}
    load_cores = cores()
    pin_to_one_core()
    accuracy: dict[str, dict[str, float]] = {}
    speed: dict[str, float] = {}
    for kind in KINDS:
        accuracy[kind] = {}
        n_total = 0
        elapsed = 0.0
        for code, lines in data[kind].items():
            t = time.perf_counter()
            found = [detector.detect(line).code for line in lines]
            elapsed += time.perf_counter() - t
            n_total += len(lines)
            accuracy[kind][code] = 100.0 * sum(f == code for f in found) / len(lines)
        for _ in range(reps - 1):  # speed: the best of ``reps`` passes (shared machines are noisy)
            t = time.perf_counter()
            for lines in data[kind].values():
                for line in lines:
                    detector.detect(line)
            elapsed = min(elapsed, time.perf_counter() - t)
        speed[kind] = n_total / elapsed if elapsed else 0.0
    return {
        "name": name,
        "load_s": load_s,
        "load_cores": load_cores,
        "rss_start_mb": rss_start,
        "rss_loaded_mb": rss_loaded,
        "rss_peak_mb": rss_mb(),
        "accuracy": accuracy,
        "texts_per_s": speed,
    }


def run_isolated(name: str, root: Path, limit: int | None, reps: int = 1) -> dict[str, object]:
    """One detector: the full run in a fresh process, then its load alone, pinned to one core,
    in another."""
    cmd = [sys.executable, __file__, str(root), "--worker", name]
    if limit:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(
        [*cmd, "--reps", str(reps)], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    out = subprocess.run(
        [*cmd, "--load-only", "--one-core"], check=True, capture_output=True, text=True
    ).stdout
    result["load_one_core_s"] = json.loads(out.strip().splitlines()[-1])["load_s"]
    return result


def table(results: list[dict[str, object]]) -> str:
    names = [str(r["name"]) for r in results]
    lines: list[str] = []
    for kind in KINDS:
        codes = sorted(results[0]["accuracy"][kind])  # type: ignore[index]
        lines += [f"#### {kind} (accuracy %)", ""]
        lines.append("| lang | " + " | ".join(names) + " |")
        lines.append("|---|" + "---:|" * len(names))
        for code in codes:
            row = [f"{r['accuracy'][kind][code]:.1f}" for r in results]  # type: ignore[index]
            lines.append(f"| {code} | " + " | ".join(row) + " |")
        means = [
            sum(r["accuracy"][kind].values()) / len(r["accuracy"][kind])  # type: ignore[index]
            for r in results
        ]
        lines.append("| **mean** | " + " | ".join(f"**{m:.1f}**" for m in means) + " |")
        lines.append("")
    base = next((r for r in results if r["name"] == "langdetect"), None)
    n = results[0].get("load_cores", "?")
    lines += [f"#### speed and size (detection on one core; load on {n} cores and on one)", ""]
    lines.append(
        f"| detector | load s ({n} cores) | load s (1 core) | peak RSS MB | sentences/s "
        "| word pairs/s | single words/s | sentences × langdetect |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        sp = r["texts_per_s"]
        ratio = (
            f"{sp['sentences'] / base['texts_per_s']['sentences']:.1f}"  # type: ignore[index]
            if base
            else "-"
        )
        lines.append(
            f"| {r['name']} | {r['load_s']:.2f} | {r['load_one_core_s']:.2f} | "
            f"{r['rss_peak_mb']:.0f} | "
            f"{sp['sentences']:.0f} | {sp['word-pairs']:.0f} | {sp['single-words']:.0f} | "  # type: ignore[index]
            f"{ratio} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "bench", nargs="?", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "langid"
    )
    parser.add_argument("--detectors", default=",".join(ALL))
    parser.add_argument("--limit", type=int, default=None, help="samples per file")
    parser.add_argument(
        "--reps", type=int, default=3, help="speed: best of this many passes per kind (default 3)"
    )
    parser.add_argument("--json", type=Path, default=None, help="write raw results here")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--one-core", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        if args.one_core:
            pin_to_one_core()
        print(
            json.dumps(worker(args.worker, args.bench, args.limit, args.load_only, args.reps))
        )
        return
    results = []
    for name in args.detectors.split(","):
        print(f"running {name} ...", file=sys.stderr)
        results.append(run_isolated(name, args.bench, args.limit, args.reps))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print(table(results))


if __name__ == "__main__":
    main()
