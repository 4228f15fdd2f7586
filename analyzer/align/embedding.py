"""The embedding aligner: contextual word vectors from all-MiniLM-L6-v2 (:mod:`.minilm`,
run by ONNX Runtime), argmax alignment, phrase grouping.

The aligner owns its model (loaded on first use when none is given) and a bounded cache of
encoded texts (a post's English text is compared with many candidates).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..records import Alignment
from ..stages import Signature
from ..text.tokens import Token, tokenize
from .core import build_alignment, lexical_matrix
from .minilm import MAX_PIECES, MODEL_ID, Encoded, MiniLM, SentenceEncoder, load_model

__all__ = [
    "EmbeddingAligner",
    "one_blas_thread",
    "Encoded",
    "MAX_PIECES",
    "MODEL_ID",
    "MiniLM",
    "SentenceEncoder",
    "load_model",
]

logger = logging.getLogger(__name__)


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with numpy's BLAS on one thread. The aligner's products are small (a
    post's word pieces against a sentence's, a few dozen rows each); handing each to a pool
    of BLAS threads costs far more than the product itself, most of all on a busy machine.
    Without threadpoolctl the block runs as it is."""
    import numpy  # noqa: F401  (loaded first: only a loaded BLAS can be limited)

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a core dependency
        yield
        return
    with threadpool_limits(1, user_api="blas"):
        yield


class EmbeddingAligner:
    """Align with MiniLM contextual word vectors; identical words and stems still count."""

    name = "embedding"
    model_id = MODEL_ID
    threshold = 0.55
    #: weight of sentence cosine in :meth:`similarity` (the rest is piece-alignment F1)
    cosine_weight = 0.5

    def __init__(
        self,
        model: SentenceEncoder | None = None,
        *,
        threads: int = 0,
        cache_size: int = 4096,
        cache_bytes: int = 64 << 20,
    ) -> None:
        self._model = model
        self._threads = threads
        self._cache: OrderedDict[str, Encoded] = OrderedDict()
        self._cache_size = cache_size
        # a text's word-piece vectors are tens of kilobytes: the cache is bounded in bytes too
        self._cache_bytes = cache_bytes
        self._held = 0
        # word vectors of recent texts (a post's text is aligned with many candidates)
        self._vectors: OrderedDict[str, Any] = OrderedDict()
        self._last_match: tuple[Encoded, Encoded, tuple[float, float]] | None = None

    def signature(self) -> Signature:
        return {
            "name": self.name,
            "model": self.model_id,
            "threshold": self.threshold,
            "cosine_weight": self.cosine_weight,
        }

    @property
    def model(self) -> SentenceEncoder:
        """The sentence encoder, loaded on first use (with the aligner's thread count)."""
        if self._model is None:
            self._model = load_model(threads=self._threads)
        return self._model

    # -- encoding ---------------------------------------------------------------------
    def encode(self, texts: Iterable[str]) -> list[Encoded]:
        """Encode texts: those in the cache are taken from it, the others are encoded
        together (batched by length) and cached; the least recently used drop out past
        ``cache_size`` texts or ``cache_bytes`` of vectors."""
        texts = list(texts)
        found: dict[str, Encoded] = {}
        for text in texts:
            if text not in found and text in self._cache:
                self._cache.move_to_end(text)
                found[text] = self._cache[text]
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            for text, value in zip(missing, self.model.encode(missing), strict=True):
                found[text] = value
                self._cache[text] = value
                self._held += _size(value)
            while len(self._cache) > self._cache_size or (
                self._held > self._cache_bytes and len(self._cache) > 1
            ):
                self._held -= _size(self._cache.popitem(last=False)[1])
        return [found[t] for t in texts]

    # -- similarity -------------------------------------------------------------------
    def piece_match(self, a: Encoded, b: Encoded) -> tuple[float, float]:
        """Greedy piece alignment of two encoded texts (BERTScore-style): the recall of
        ``a``'s pieces in ``b`` and the precision of ``b``'s in ``a``. The last pair is kept
        (the scorer asks again for the pair it has just compared)."""
        last = self._last_match
        if last is not None and last[0] is a and last[1] is b:
            return last[2]
        if not len(a.pieces) or not len(b.pieces):
            value = (0.0, 0.0)
        else:
            m = a.pieces @ b.pieces.T
            value = (float(m.max(axis=1).mean()), float(m.max(axis=0).mean()))
        self._last_match = (a, b, value)
        return value

    def _piece_f1(self, a: Encoded, b: Encoded) -> float:
        if not len(a.pieces) or not len(b.pieces):
            return 0.0
        r, p = self.piece_match(a, b)
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

        out = np.zeros((len(tokens), enc.sentence.shape[-1]), dtype="float32")
        k = 0
        for t_i, tok in enumerate(tokens):
            while k < len(enc.offsets) and enc.offsets[k][1] <= tok.start:
                k += 1
            q = k
            while q < len(enc.offsets) and enc.offsets[q][0] < tok.end:
                q += 1
            if q == k + 1:  # one piece: its vector is normalised already
                v = enc.pieces[k]
            elif q > k:
                v = enc.pieces[k:q].mean(axis=0)
            else:
                continue
            norm = float(np.linalg.norm(v))
            out[t_i] = v / norm if norm else v
        return out

    def _text_vectors(self, text: str, enc: Encoded, tokens: Sequence[Token]) -> Any:
        """:meth:`_word_vectors` of ``text``, kept for the most recent texts."""
        found = self._vectors.get(text)
        if found is not None and found[0] is enc:
            self._vectors.move_to_end(text)
            return found[1]
        vectors = self._word_vectors(enc, tokens)
        self._vectors[text] = (enc, vectors)
        while len(self._vectors) > 64:
            self._vectors.popitem(last=False)
        return vectors

    def align(self, reference: str, candidate: str) -> Alignment:
        ref, cand = tokenize(reference), tokenize(candidate)
        a, b = self.encode([reference, candidate])
        va, vb = self._text_vectors(reference, a, ref), self._text_vectors(candidate, b, cand)
        lex = lexical_matrix(ref, cand)
        if len(ref) and len(cand):
            import numpy as np

            emb = np.minimum(1.0, (va @ vb.T).astype(np.float64))
            sim = np.maximum(np.asarray(lex, dtype=np.float64), emb).tolist()
        else:
            sim = [[] for _ in ref]

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


def _size(value: Encoded) -> int:
    """Bytes of an encoded text's vectors (0 for a stand-in without numpy arrays)."""
    return int(getattr(value.sentence, "nbytes", 0)) + int(getattr(value.pieces, "nbytes", 0))
