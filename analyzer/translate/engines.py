"""Backends that run a Marian checkpoint: transformers and CTranslate2.

Both take already-prepared sentences and return :class:`Generated` (text, output pieces,
source length, whether the length cap was hit). Both use the checkpoint's own
``MarianTokenizer`` (SentencePiece + ``vocab.json``), and the same decoding settings:
beam size from the settings, ``no_repeat_ngram_size`` 4, and a per-sentence output cap of
``2 × source pieces + 10`` (never past the model's position limit).

Choosing (``backend="auto"``): on CPU, CTranslate2 int8 (the checkpoint is converted once into
the user cache dir); on CUDA, CTranslate2 float16 when its CUDA libraries load, else
transformers float16. ``backend="transformers"`` runs fp32 on CPU, fp16 on CUDA.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import ModelError
from .loading import Checkpoint

__all__ = [
    "Engine",
    "Generated",
    "DecodeOptions",
    "load_engine",
    "convert_checkpoint",
    "resolve_device",
]

log = logging.getLogger(__name__)

NO_REPEAT_NGRAM = 4
CT2_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json")


@dataclass(frozen=True, slots=True)
class Generated:
    text: str
    tokens: tuple[str, ...]
    source_len: int
    limit_hit: bool


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    num_beams: int = 4
    no_repeat_ngram_size: int = NO_REPEAT_NGRAM
    ratio: float = 2.0
    extra: int = 10


class Engine(Protocol):
    name: str
    detail: str
    max_pieces: int

    def count(self, text: str) -> int: ...

    def generate(self, texts: Sequence[str], options: DecodeOptions) -> list[Generated]: ...


def output_cap(source_len: int, options: DecodeOptions, max_pieces: int) -> int:
    return max(1, min(max_pieces - 2, int(source_len * options.ratio) + options.extra))


def _quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]


def _tokenizer(path: Path) -> Any:
    from transformers import MarianTokenizer

    return MarianTokenizer.from_pretrained(str(path))


def resolve_device(device: str) -> str:
    if device not in {"auto", "cpu", "cuda"}:
        raise ModelError(f"unknown device {device!r}: use auto, cpu or cuda")
    if device == "cpu":
        return device
    import torch

    if device == "cuda" and not torch.cuda.is_available():
        raise ModelError(
            "--device cuda was asked for but no CUDA device is usable; use auto or cpu"
        )
    return "cuda" if torch.cuda.is_available() else "cpu"


class TransformersEngine:
    name = "transformers"

    def __init__(self, checkpoint: Checkpoint, device: str, dtype: str | None = None) -> None:
        import torch
        from transformers import MarianMTModel

        _quiet_transformers()
        self.tokenizer = _tokenizer(checkpoint.path)
        dtype = dtype or ("float16" if device == "cuda" else "float32")
        model: Any = MarianMTModel.from_pretrained(
            str(checkpoint.path), dtype=getattr(torch, dtype), trust_remote_code=False
        )
        model.eval()
        self.model: Any = model.to(device)
        self.device = device
        self.detail = f"{device}/{dtype}"
        self.max_pieces = int(model.config.max_position_embeddings)
        self.pad_id = int(model.config.pad_token_id)
        self._check_tied()

    def _check_tied(self) -> None:
        # transformers has had weight-tying regressions for Marian (garbage output): warn loudly
        config = self.model.config
        if getattr(config, "tie_word_embeddings", True) is False:
            return
        head = self.model.get_output_embeddings().weight
        embed = self.model.get_input_embeddings().weight
        if head.shape == embed.shape and head.data_ptr() != embed.data_ptr():
            import torch

            if not torch.equal(head, embed):
                log.warning("lm_head and embeddings of %s are not tied", self.detail)

    def count(self, text: str) -> int:
        return len(self.tokenizer.tokenize(text)) + 1

    def generate(self, texts: Sequence[str], options: DecodeOptions) -> list[Generated]:
        import torch

        batch = self.tokenizer(
            list(texts),
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_pieces,
        )
        lengths = [int(n) for n in batch["attention_mask"].sum(dim=1)]
        caps = [output_cap(n, options, self.max_pieces) for n in lengths]
        batch = {k: v.to(self.device) for k, v in batch.items()}
        with torch.inference_mode():
            out = self.model.generate(
                **batch,
                num_beams=options.num_beams,
                max_new_tokens=max(caps),
                min_new_tokens=0,
                no_repeat_ngram_size=options.no_repeat_ngram_size,
                forced_eos_token_id=None,
                renormalize_logits=True,
                do_sample=False,
                early_stopping=True,
            )
        special = set(self.tokenizer.all_special_ids)
        results: list[Generated] = []
        for row, n, cap in zip(out.tolist(), lengths, caps, strict=True):
            ids = row[1:] if row and row[0] == self.pad_id else row
            eos = (
                ids.index(self.tokenizer.eos_token_id) if self.tokenizer.eos_token_id in ids else -1
            )
            ids = ids[:eos] if eos >= 0 else ids
            ids = [i for i in ids if i not in special]
            hit = len(ids) >= cap and eos < 0 or len(ids) > cap
            ids = ids[:cap]
            pieces = tuple(self.tokenizer.convert_ids_to_tokens(ids))
            text = self.tokenizer.convert_tokens_to_string(list(pieces))
            results.append(Generated(text, pieces, n, hit))
        return results


class CTranslate2Engine:
    name = "ctranslate2"

    def __init__(
        self,
        ct2_dir: Path,
        device: str,
        compute_type: str,
        max_pieces: int,
        batch_size: int = 16,
    ) -> None:
        import ctranslate2
        import torch

        _quiet_transformers()
        self.tokenizer = _tokenizer(ct2_dir)
        threads = torch.get_num_threads()  # one knob for both backends (OMP_NUM_THREADS)
        # Full batches decode faster as one sub-batch per core than as one batch over all
        # cores (scripts/bench_translate.py, 2 cores, batch 16: 1.0-1.1x beam 4, 1.4-1.9x greedy);
        # small batches are better served by intra-op threads.
        self.parallel = (
            threads if device == "cpu" and threads > 1 and batch_size >= 2 * threads else 1
        )
        self.translator = ctranslate2.Translator(
            str(ct2_dir),
            device=device,
            compute_type=compute_type,
            inter_threads=self.parallel,
            intra_threads=(threads // self.parallel) if device == "cpu" else 0,
        )
        self.detail = f"{device}/{compute_type}/{self.parallel}x{threads // self.parallel}"
        self.max_pieces = max_pieces

    def count(self, text: str) -> int:
        return len(self.tokenizer.tokenize(text)) + 1

    def generate(self, texts: Sequence[str], options: DecodeOptions) -> list[Generated]:
        tok = self.tokenizer
        sources: list[list[str]] = []
        for text in texts:
            ids = tok(text, truncation=True, max_length=self.max_pieces)["input_ids"]
            sources.append(tok.convert_ids_to_tokens(ids))
        caps = [output_cap(len(s), options, self.max_pieces) for s in sources]
        results = self.translator.translate_batch(
            sources,
            beam_size=options.num_beams,
            max_decoding_length=max(caps),
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            return_scores=False,
            max_batch_size=-(-len(sources) // self.parallel) if self.parallel > 1 else 0,
        )
        out: list[Generated] = []
        unk = tok.unk_token
        for source, cap, result in zip(sources, caps, results, strict=True):
            pieces = [p for p in result.hypotheses[0] if p not in {"</s>", "<pad>"}]
            hit = len(pieces) >= cap
            pieces = pieces[:cap]
            text = tok.convert_tokens_to_string([p for p in pieces if p != unk] or [""])
            out.append(Generated(text, tuple(pieces), len(source), hit))
        return out


def convert_checkpoint(source: Path, output_dir: Path, quantization: str = "int8") -> Path:
    """Convert a transformers Marian folder to CTranslate2 (with the tokenizer files copied).
    Written to a temporary folder first, then renamed: safe with concurrent processes."""
    from ctranslate2.converters import TransformersConverter

    _quiet_transformers()
    output_dir = Path(output_dir)
    if (output_dir / "model.bin").exists():
        return output_dir
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = output_dir.with_name(f".{output_dir.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    copy = [name for name in CT2_FILES if (source / name).exists()]
    try:
        TransformersConverter(str(source), copy_files=copy).convert(
            str(tmp), quantization=quantization, force=True
        )
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"cannot convert {source} to CTranslate2: {exc}") from exc
    try:
        os.replace(tmp, output_dir)
    except OSError:  # another process won the race
        shutil.rmtree(tmp, ignore_errors=True)
    return output_dir


def _max_positions(path: Path) -> int:
    import json

    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 512
    return int(config.get("max_position_embeddings", 512))


def _ct2_engine(checkpoint: Checkpoint, device: str, batch_size: int = 16) -> CTranslate2Engine:
    from ..config import cache_dir

    compute = "float16" if device == "cuda" else "int8"
    if (checkpoint.path / "model.bin").exists():  # a converted folder: keep its own weights' type
        ct2_dir = checkpoint.path
        max_pieces = 512
        compute = "float16" if device == "cuda" else "default"
    else:
        slug = checkpoint.model.replace("/", "--").strip(".-") or "model"
        slug = Path(slug).name if Path(checkpoint.model).is_absolute() else slug
        quantization = "float16" if device == "cuda" else "int8"
        ct2_dir = cache_dir() / "ct2" / f"{slug}-{checkpoint.fingerprint}-{quantization}"
        convert_checkpoint(checkpoint.path, ct2_dir, quantization)
        max_pieces = _max_positions(checkpoint.path)
    engine = CTranslate2Engine(ct2_dir, device, compute, max_pieces, batch_size)
    if device == "cuda":  # the CUDA libraries load lazily: make them load now
        engine.generate(["."], DecodeOptions(num_beams=1))
    return engine


def load_engine(
    checkpoint: Checkpoint, backend: str = "auto", device: str = "auto", batch_size: int = 16
) -> Engine:
    """Load a backend for ``checkpoint`` (the caller keeps it: a translator loads its engine
    once); raises :class:`ModelError`."""
    if backend not in {"auto", "transformers", "ctranslate2"}:
        raise ModelError(f"unknown backend {backend!r}: use auto, transformers or ctranslate2")
    return _load(checkpoint, resolve_device(device), backend, batch_size)


def _load(checkpoint: Checkpoint, device: str, backend: str, batch_size: int) -> Engine:
    is_ct2_dir = (checkpoint.path / "model.bin").exists()
    if backend in {"auto", "ctranslate2"} or is_ct2_dir:
        try:
            import ctranslate2  # noqa: F401
        except ImportError as exc:
            if backend == "ctranslate2" or is_ct2_dir:
                raise ModelError("the ctranslate2 backend needs 'pip install ctranslate2'") from exc
        else:
            try:
                return _ct2_engine(checkpoint, device, batch_size)
            except (RuntimeError, ValueError, OSError) as exc:
                if backend == "ctranslate2" or is_ct2_dir:
                    raise ModelError(f"CTranslate2 cannot run {checkpoint.model}: {exc}") from exc
                log.warning("CTranslate2 unusable on %s (%s); using transformers", device, exc)
    try:
        return TransformersEngine(checkpoint, device)
    except (OSError, RuntimeError, ValueError) as exc:
        raise ModelError(f"cannot load {checkpoint.model}: {exc}") from exc

