#!/usr/bin/env python
"""Translation speed: transformers vs CTranslate2 on the opus-mt-ar-en architecture.

Builds a random-weight MarianMT model with the exact Helsinki-NLP/opus-mt-ar-en dimensions
(d_model 512, 6+6 layers, 8 heads, FFN 2048, swish, vocab 62834, static sinusoidal positions,
tied embeddings), converts it with CTranslate2, and reports output tokens/s at a fixed output
length (min = max new tokens) for every backend × batch × beam, with the ratio to transformers
fp32 measured in the same run. Token ids are fed directly (tokenizer speed and quality are not
measured; the weights are random, so only speed means anything).

    python scripts/bench_translate.py                      # CPU, 2 threads
    python scripts/bench_translate.py --threads 4 --reps 5
    python scripts/bench_translate.py --device cuda        # GPU: batches 1, 16, 64
    python scripts/bench_translate.py --json results.json

On a shared machine the numbers move with other load: the script waits (up to
``--wait`` seconds) for the 1-minute load average to drop below ``--idle`` before each
measurement and prints the load it measured under.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

VOCAB = 62834
PAD = 62833


def build_model(out: Path) -> Path:
    """Random opus-mt-ar-en-shaped checkpoint (+ a synthetic vocab.json and small spm files,
    which CTranslate2's converter needs) saved like a hub folder."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from tiny_model import _train_spm, seed_lines  # noqa: PLC0415

    out.mkdir(parents=True, exist_ok=True)
    spm = _train_spm(seed_lines(), 200)
    (out / "source.spm").write_bytes(spm)
    (out / "target.spm").write_bytes(spm)
    vocab = {"</s>": 0, "<unk>": 1}
    vocab.update({f"▁t{i}": i for i in range(2, PAD)})
    vocab["<pad>"] = PAD
    (out / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (out / "tokenizer_config.json").write_text('{"source_lang":"ar","target_lang":"en"}')
    config = MarianConfig(
        vocab_size=VOCAB,
        decoder_vocab_size=VOCAB,
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
        activation_function="swish",
        max_position_embeddings=512,
        pad_token_id=PAD,
        decoder_start_token_id=PAD,
        eos_token_id=0,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        static_position_embeddings=True,
        normalize_before=False,
        normalize_embedding=False,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    with torch.no_grad():
        model.get_input_embeddings().weight[PAD].zero_()
    model.generation_config = GenerationConfig(
        bad_words_ids=[[PAD]],
        decoder_start_token_id=PAD,
        eos_token_id=0,
        pad_token_id=PAD,
        max_length=512,
        num_beams=4,
    )
    model.save_pretrained(out)
    return out


def sources(batch: int, length: int, seed: int = 1) -> list[list[int]]:
    import random

    rng = random.Random(seed)
    return [[rng.randrange(2, PAD) for _ in range(length - 1)] + [0] for _ in range(batch)]


def wait_idle(idle: float, limit: float) -> float:
    start = time.time()
    while os.getloadavg()[0] > idle and time.time() - start < limit:
        time.sleep(2)
    return os.getloadavg()[0]


def hf_runner(path: Path, device: str, dtype: str, compile_: bool = False) -> Callable[..., None]:
    import torch
    from transformers import MarianMTModel

    model = MarianMTModel.from_pretrained(str(path), dtype=getattr(torch, dtype)).eval().to(device)
    kwargs: dict[str, Any] = {}
    if compile_:
        model.generation_config.cache_implementation = "static"
        model.forward = torch.compile(model.forward, mode="reduce-overhead", fullgraph=False)

    def run(src: list[list[int]], beam: int, new: int) -> None:
        ids = torch.tensor(src, device=device)
        with torch.inference_mode():
            model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                num_beams=beam,
                max_new_tokens=new,
                min_new_tokens=new,
                do_sample=False,
                **kwargs,
            )
        if device == "cuda":
            torch.cuda.synchronize()

    return run


def ct2_runner(
    ct2_dir: Path, device: str, compute: str, threads: int, inter: int = 1
) -> Callable[..., None]:
    import ctranslate2

    translator = ctranslate2.Translator(
        str(ct2_dir),
        device=device,
        compute_type=compute,
        inter_threads=inter,
        intra_threads=max(1, threads // inter) if device == "cpu" else 0,
    )
    names = {i: f"▁t{i}" for i in range(2, PAD)}
    names[0] = "</s>"

    def run(src: list[list[int]], beam: int, new: int) -> None:
        tokens = [[names[i] for i in s] for s in src]
        max_batch = max(1, len(tokens) // inter) if inter > 1 else 0
        translator.translate_batch(
            tokens,
            beam_size=beam,
            max_decoding_length=new,
            min_decoding_length=new,
            max_batch_size=max_batch,
            return_scores=False,
        )

    return run


def measure(
    run: Callable[..., None],
    batch: int,
    beam: int,
    new: int,
    length: int,
    reps: int,
    idle: float,
    wait: float,
) -> tuple[float, float]:
    src = sources(batch, length)
    run(src[:1], beam, 4)  # warm-up
    times = []
    load = 0.0
    for _ in range(reps):
        load = max(load, wait_idle(idle, wait))
        start = time.perf_counter()
        run(src, beam, new)
        times.append(time.perf_counter() - start)
    return batch * new / min(times), load


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batches", type=int, nargs="*")
    parser.add_argument("--beams", type=int, nargs="*", default=[1, 4])
    parser.add_argument("--new-tokens", type=int, default=40)
    parser.add_argument("--source-tokens", type=int, default=48)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--idle", type=float, default=1.5, help="wait for a load average below this"
    )
    parser.add_argument("--wait", type=float, default=30.0, help="longest wait for idle, seconds")
    parser.add_argument("--backends", nargs="*", help="subset of backend names to run")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    from ctranslate2.converters import TransformersConverter

    batches = args.batches or ([1, 16, 64] if args.device == "cuda" else [1, 16])
    work = Path(tempfile.mkdtemp(prefix="bench-marian-"))
    t0 = time.time()
    model_dir = build_model(work / "hf")
    copy = ["source.spm", "target.spm", "vocab.json", "tokenizer_config.json"]
    ct2_dirs = {}
    for quant in ("int8", "float32") if args.device == "cpu" else ("float16", "int8_float16"):
        ct2_dirs[quant] = Path(
            TransformersConverter(str(model_dir), copy_files=copy).convert(
                str(work / f"ct2-{quant}"), quantization=quant
            )
        )
    print(f"# model built and converted in {time.time() - t0:.0f}s ({work})", file=sys.stderr)

    backends: dict[str, Callable[[], Callable[..., None]]] = {}
    if args.device == "cpu":
        t = args.threads
        backends = {
            "transformers fp32": lambda: hf_runner(model_dir, "cpu", "float32"),
            "transformers bf16": lambda: hf_runner(model_dir, "cpu", "bfloat16"),
            "ct2 int8": lambda: ct2_runner(ct2_dirs["int8"], "cpu", "int8", t),
            "ct2 int8 (2x1 threads)": lambda: ct2_runner(
                ct2_dirs["int8"], "cpu", "int8", t, inter=2
            ),
            "ct2 int8_bfloat16": lambda: ct2_runner(ct2_dirs["int8"], "cpu", "int8_bfloat16", t),
            "ct2 float32": lambda: ct2_runner(ct2_dirs["float32"], "cpu", "float32", t),
        }
    else:
        backends = {
            "transformers fp32": lambda: hf_runner(model_dir, "cuda", "float32"),
            "transformers fp16": lambda: hf_runner(model_dir, "cuda", "float16"),
            "transformers fp16 static+compile": lambda: hf_runner(
                model_dir, "cuda", "float16", True
            ),
            "ct2 float16": lambda: ct2_runner(ct2_dirs["float16"], "cuda", "float16", 0),
            "ct2 int8_float16": lambda: ct2_runner(
                ct2_dirs["int8_float16"], "cuda", "int8_float16", 0
            ),
        }
    if args.backends:
        backends = {
            k: v for k, v in backends.items() if k in set(args.backends) | {"transformers fp32"}
        }

    results: list[dict[str, Any]] = []
    for name, make in backends.items():
        try:
            run = make()
        except Exception as exc:  # e.g. CTranslate2 without its CUDA 12 libraries
            print(
                f"# {name}: unavailable ({type(exc).__name__}: {str(exc)[:120]})", file=sys.stderr
            )
            continue
        for batch in batches:
            for beam in args.beams:
                try:
                    tps, load = measure(
                        run,
                        batch,
                        beam,
                        args.new_tokens,
                        args.source_tokens,
                        args.reps,
                        args.idle,
                        args.wait,
                    )
                except Exception as exc:
                    print(f"# {name} b{batch} beam{beam}: failed ({exc})", file=sys.stderr)
                    continue
                results.append(
                    {
                        "backend": name,
                        "batch": batch,
                        "beam": beam,
                        "tokens_per_s": round(tps, 1),
                        "load": round(load, 2),
                    }
                )
                print(
                    f"# {name:34s} b{batch:<3d} beam{beam}: {tps:8.1f} tok/s (load {load:.1f})",
                    file=sys.stderr,
                )
        del run

    base = {
        (r["batch"], r["beam"]): r["tokens_per_s"]
        for r in results
        if r["backend"] == "transformers fp32"
    }
    print(
        f"\ndevice={args.device} threads={args.threads} source={args.source_tokens} "
        f"new={args.new_tokens} reps={args.reps} (best of)"
    )
    cols = [(b, m) for b in batches for m in args.beams]
    print("| backend | " + " | ".join(f"b{b} beam{m}" for b, m in cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for name in dict.fromkeys(r["backend"] for r in results):
        cells = []
        for key in cols:
            row = next(
                (r for r in results if r["backend"] == name and (r["batch"], r["beam"]) == key),
                None,
            )
            if row is None:
                cells.append("–")
                continue
            ratio = row["tokens_per_s"] / base[key] if key in base else float("nan")
            row["ratio_vs_fp32"] = round(ratio, 2)
            cells.append(f"{row['tokens_per_s']:.0f} ({ratio:.2f}×)")
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"args": {k: str(v) for k, v in vars(args).items()}, "results": results}, indent=1
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
