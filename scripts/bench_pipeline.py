#!/usr/bin/env python3
"""Whole-pipeline benchmark on real pages: documents/s, time per stage and peak memory.

    python scripts/bench_pipeline.py PAGES_DIR [--scales 1 4 16] [--workers 2]
                                     [--configs default no-embeddings] [--trafilatura]
                                     [--window N]

PAGES_DIR holds real article pages (``*.html`` or ``*.html.gz``, e.g. the shared real-pages
benchmark; the seed articles are added). For each scale N a JSONL dump of N copies of every
page is built (ids changed; the copies are still copies, which the paraphrase stage's content
caches make cheap: the 4× and 16× rows measure syndicated copies and the window's memory, the
1× row the distinct work), and each configuration runs in a fresh process of its own
(``--child``): ingest → pipeline (``--no-translate``) → the JSONL reporter into a file. It
reports documents/s, seconds per stage (ingest/parse, extract, detect, translate,
find/align/score, report), posts found, the CPU seconds of the run's process and its workers
together (``cpu_s``: on a machine shared with other work the one figure that load does not
move much) and peak RSS (the run's process and its largest worker), the find/align/score
stage's time over the extract stage's, and the ratio of every run to the ``no-embeddings`` run
and to trafilatura's ``extract`` on the same pages, all measured in this one invocation. The find stage's time includes what it loads on
first use in the process (the sentence encoder's session, the label model).

Each configuration also runs on a dump of the two seed articles alone: what starting costs
(imports, worker processes, models; seconds and CPU seconds). Subtracting it gives each row's
*marginal* rate, the documents/s and CPU seconds per document past start-up: what a long run
over distinct pages approaches (at 1×; at 4× and 16× the copies make it higher).

Speed is a ratio measured in one run, never a fixed number: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONFIGS: dict[str, dict[str, object]] = {
    "default": {"embeddings": True},
    "no-embeddings": {"embeddings": False},
}


def _pages(folder: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".html.gz"):
            out.append((path.name[: -len(".html.gz")], gzip.decompress(path.read_bytes()).decode("utf-8", "replace")))
        elif path.suffix in (".html", ".htm"):
            out.append((path.stem, path.read_text(encoding="utf-8", errors="replace")))
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        out.append((f"seed-{seed.stem}", ""))
    return out


def build_dump(pages: list[tuple[str, str]], scale: int, target: Path) -> int:
    """A JSONL dump of ``scale`` copies of ``pages`` (each copy with its own ids)."""
    seeds = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    n = 0
    with target.open("w", encoding="utf-8") as out:
        for copy in range(scale):
            for name, html in pages:
                record: dict[str, str] = {"id": f"{name}-{copy}"}
                if name.startswith("seed-"):
                    record["text"] = seeds[name[len("seed-") :]]
                else:
                    record["html"] = html
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    return n


def child(
    dump: Path, config: str, workers: int, out_path: Path, window: int | None = None
) -> dict[str, object]:
    """One configuration in this process: the numbers, as a dict."""
    from analyzer.config import load_settings
    from analyzer.ingest import iter_articles
    from analyzer.pipeline import Pipeline
    from analyzer.report import get_reporter

    settings = load_settings(translate=False, workers=workers, window=window, **CONFIGS[config])
    pipe = Pipeline(settings)
    spent = {"ingest": 0.0, "inside": 0.0}

    def articles():  # type: ignore[no-untyped-def]
        stream = iter_articles([str(dump)], settings)
        while True:
            t = time.perf_counter()
            try:
                item = next(stream)
            except StopIteration:
                spent["ingest"] += time.perf_counter() - t
                return
            spent["ingest"] += time.perf_counter() - t
            yield item

    def documents():  # type: ignore[no-untyped-def]
        stream = pipe.run(articles())
        while True:
            t = time.perf_counter()
            try:
                doc = next(stream)
            except StopIteration:
                spent["inside"] += time.perf_counter() - t
                return
            spent["inside"] += time.perf_counter() - t
            yield doc

    start = time.perf_counter()
    with out_path.open("w", encoding="utf-8") as out:
        get_reporter("jsonl").write(pipe.signature(), documents(), out)
    total = time.perf_counter() - start
    stages = pipe.times.as_dict()
    staged = sum(float(stages[s]) for s in pipe.times.STAGES)
    return {
        "config": config,
        "workers": workers,
        "window": settings.window,
        "documents": stages["documents"],
        "posts": stages["posts"],
        "seconds": round(total, 3),
        "docs_per_s": round(float(stages["documents"]) / total, 2) if total else 0.0,
        "ingest": round(spent["ingest"], 3),
        **{s: stages[s] for s in pipe.times.STAGES},
        "other": round(spent["inside"] - spent["ingest"] - staged, 3),
        "report": round(total - spent["inside"], 3),
        "cpu_s": round(_cpu_seconds(), 2),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def _cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of its worker processes, which
    have ended by now (the pipeline shuts its pool down at the end of its run)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def trafilatura_rate(pages: list[tuple[str, str]]) -> float | None:
    """trafilatura.extract on the same pages, one process: pages/s (None when not installed)."""
    try:
        import trafilatura
    except Exception:
        return None
    html_pages = [h for _, h in pages if h]
    start = time.perf_counter()
    for html in html_pages:
        trafilatura.extract(html)
    return len(html_pages) / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", type=Path, nargs="?")
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    ap.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--window", type=int, help="documents per window (default: the settings')")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    ap.add_argument("--child", nargs=3, metavar=("DUMP", "CONFIG", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        dump, config, out = a.child
        print(json.dumps(child(Path(dump), config, a.workers, Path(out), a.window)))
        return
    if a.pages is None:
        ap.error("PAGES_DIR is required")
    pages = _pages(a.pages)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in [0, *a.scales]:  # 0: the seeds alone, what starting costs
            dump = Path(tmp) / f"dump-{scale}.jsonl"
            chosen = pages if scale else [p for p in pages if p[0].startswith("seed-")]
            n = build_dump(chosen, max(scale, 1), dump)
            label = f"scale {scale}x" if scale else "start-up (the seeds alone)"
            for config in a.configs:
                print(f"{label} ({n} documents), {config} …", file=sys.stderr, flush=True)
                proc = subprocess.run(
                    [sys.executable, __file__, "--workers", str(a.workers),
                     *(["--window", str(a.window)] if a.window else []),
                     "--child", str(dump), config, str(Path(tmp) / "out.jsonl")],
                    capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
                )
                if proc.returncode != 0:
                    sys.exit(f"{config} at {scale}x failed:\n{proc.stderr[-2000:]}")
                row = json.loads(proc.stdout.strip().splitlines()[-1])
                rows.append({"scale": scale, **row})
    traf = None if a.no_trafilatura else trafilatura_rate(pages)
    startup = {r["config"]: r for r in rows if r["scale"] == 0}
    rows = [r for r in rows if r["scale"] != 0]

    base = {(r["scale"]): r for r in rows if r["config"] == "no-embeddings"}
    cols = ["scale", "config", "window", "documents", "posts", "docs_per_s", "seconds", "ingest", "extract",
            "detect", "translate", "find", "other", "report", "cpu_s", "rss_mb", "worker_rss_mb"]
    print("| " + " | ".join(cols) + " | find/extract | vs no-emb | vs trafilatura |")
    print("|" + "---|" * (len(cols) + 3))
    for r in rows:
        ref = base.get(r["scale"])
        vs_base = f"{float(r['docs_per_s']) / float(ref['docs_per_s']):.2f}×" if ref else "–"
        vs_traf = f"{float(r['docs_per_s']) / traf:.2f}×" if traf else "–"
        extract = float(r["extract"])
        find = f"{float(r['find']) / extract:.2f}" if extract else "–"
        print("| " + " | ".join(str(r[c]) for c in cols) + f" | {find} | {vs_base} | {vs_traf} |")
    if traf:
        print(f"\ntrafilatura.extract on the same pages, one process: {traf:.1f} pages/s")
    print()
    for config, s in startup.items():
        print(f"{config}: start-up (the {s['documents']} seeds alone) {s['seconds']} s, {s['cpu_s']} CPU-s")
    for r in rows:
        s = startup[str(r["config"])]
        docs = int(r["documents"]) - int(s["documents"])
        wall = float(r["seconds"]) - float(s["seconds"])
        cpu = float(r["cpu_s"]) - float(s["cpu_s"])
        if docs > 0 and wall > 0:
            print(f"{r['config']} at {r['scale']}x past start-up: {docs / wall:.2f} documents/s, "
                  f"{cpu / docs:.3f} CPU-s a document")
    for config in a.configs:
        series = [r for r in rows if r["config"] == config]
        if len(series) > 1:
            first, last = series[0], series[-1]
            growth = (float(last["seconds"]) / float(first["seconds"])) / (
                int(last["documents"]) / int(first["documents"])
            )
            print(f"{config}: time per document at {last['scale']}x is {growth:.2f}× that at "
                  f"{first['scale']}x (1.00 = linear)")
    if a.json:
        a.json.write_text(json.dumps({"rows": rows, "startup": startup, "trafilatura_pages_per_s": traf}, indent=1))


if __name__ == "__main__":
    main()
