"""The MarianMT translator: one checkpoint, loaded once, many posts.

``translate(texts, source)``: identical texts are translated once; each post is cut into parts
(:mod:`.textproc`); the distinct sentences of all posts are sorted by length and decoded in
batches of ``batch_size`` (length buckets waste no padding); sentences already seen in this run
are not decoded again. A missing model gives status ``unavailable`` with a hint for every post,
found out once (the failure is remembered, no retry per post); a decoding error gives ``failed``.

Flags on a :class:`Translation`: ``low_quality`` (a fallback checkpoint, e.g. mul→en for
Persian), ``length_ratio`` (an output sentence hit its length cap, or is far shorter than its
source: likely hallucination or omission), ``repetition`` (a decoding loop).
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from ..errors import ModelError, ModelUnavailable
from ..records import Translation
from ..stages import Signature
from . import textproc
from .engines import DecodeOptions, Engine, Generated, load_engine
from .loading import Checkpoint, resolve_checkpoint
from .registry import ModelSpec

__all__ = ["MarianTranslator", "POOL_BATCHES"]

log = logging.getLogger(__name__)

#: posts are handled in pools of ``POOL_BATCHES × batch_size`` (progress granularity)
POOL_BATCHES = 8
_MEMO_LIMIT = 100_000

EngineLoader = Callable[[Checkpoint], Engine]


def _dedupe_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


class MarianTranslator:
    def __init__(
        self,
        spec: ModelSpec,
        *,
        backend: str = "auto",
        device: str = "auto",
        batch_size: int = 16,
        num_beams: int = 4,
        on_progress: Callable[[int], None] | None = None,
        resolve: Callable[[ModelSpec], Checkpoint] = resolve_checkpoint,
        loader: EngineLoader | None = None,
    ) -> None:
        self.spec = spec
        self.backend = backend
        self.device = device
        self.batch_size = max(1, batch_size)
        self.options = DecodeOptions(num_beams=max(1, num_beams))
        self.on_progress = on_progress
        self._resolve = resolve
        self._loader = loader or (lambda cp: load_engine(cp, backend, device, self.batch_size))
        self._engine: Engine | None = None
        self._checkpoint: Checkpoint | None = None
        self._error: ModelError | None = None
        self._memo: dict[str, Generated] = {}
        self._lock = threading.Lock()

    # -- loading (once) ---------------------------------------------------------------------
    def engine(self) -> Engine:
        """The loaded backend; raises the (remembered) :class:`ModelError` when it cannot load."""
        with self._lock:
            if self._engine is not None:
                return self._engine
            if self._error is not None:
                raise self._error
            try:
                self._checkpoint = self._resolve(self.spec)
                self._engine = self._loader(self._checkpoint)
            except ModelError as exc:
                self._error = exc
                # the post's Translation carries the hint; the CLI prints it once
                log.info("translation model %s: %s", self.spec.model, exc)
                raise
            except Exception as exc:  # a broken install or file: the run goes on without MT
                self._error = ModelError(f"cannot load {self.spec.model}: {exc}")
                log.warning("translation model %s: %s", self.spec.model, exc, exc_info=True)
                raise self._error from exc
            log.info("loaded %s (%s %s)", self.spec.model, self._engine.name, self._engine.detail)
            return self._engine

    @property
    def revision(self) -> str | None:
        return self._checkpoint.revision if self._checkpoint else self.spec.revision

    def signature(self) -> Signature:
        """The checkpoint, its revision, the loaded backend and the decoding settings."""
        engine = self._engine
        return {
            "model": self.spec.model,
            "revision": self.revision,
            "backend": f"{engine.name} {engine.detail}" if engine is not None else None,
            "low_quality": self.spec.low_quality,
            "num_beams": self.options.num_beams,
        }

    # -- translate --------------------------------------------------------------------------
    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        try:
            engine = self.engine()
        except ModelUnavailable as exc:
            self._progress(len(texts))
            return [self._status("unavailable", exc.hint or str(exc)) for _ in texts]
        except ModelError as exc:
            self._progress(len(texts))
            return [self._status("failed", str(exc)) for _ in texts]

        keys = [_dedupe_key(text) for text in texts]
        unique = list(dict.fromkeys(k for k in keys if k))
        done: dict[str, Translation] = {}
        pool = self.batch_size * POOL_BATCHES
        for start in range(0, len(unique), pool):
            group = unique[start : start + pool]
            done.update(self._translate_group(engine, group, source))
            self._progress(sum(1 for k in keys if k in group))
        empty = sum(1 for k in keys if not k)
        if empty:
            self._progress(empty)
        return [done[k] if k else self._status("skipped", "the post has no text") for k in keys]

    def _translate_group(
        self, engine: Engine, texts: list[str], source: str
    ) -> dict[str, Translation]:
        prepared = {
            text: textproc.prepare(
                text, source, count=engine.count, max_pieces=engine.max_pieces - 2
            )
            for text in texts
        }
        wanted = list(dict.fromkeys(u for p in prepared.values() for u in p.model_inputs()))
        todo = [u for u in wanted if u not in self._memo]
        failure: str | None = None
        try:
            self._decode(engine, todo)
        except (RuntimeError, ValueError, IndexError, MemoryError) as exc:
            log.warning("translation with %s failed: %s", self.spec.model, exc)
            failure = f"{type(exc).__name__}: {exc}"[:300]
        out: dict[str, Translation] = {}
        for text, prep in prepared.items():
            units = prep.model_inputs()
            if failure is not None and any(u not in self._memo for u in units):
                out[text] = self._status("failed", failure)
                continue
            generated = {u: self._memo[u] for u in units}
            english = textproc.assemble(prep, {u: g.text for u, g in generated.items()})
            out[text] = Translation(
                text=english,
                status="ok",
                model=self.spec.model,
                revision=self.revision,
                flags=self._flags(generated.values()),
            )
        if len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
        return out

    def _decode(self, engine: Engine, units: list[str]) -> None:
        if not units:
            return
        ordered = sorted(units, key=engine.count)  # length buckets: little padding per batch
        for start in range(0, len(ordered), self.batch_size):
            batch = ordered[start : start + self.batch_size]
            for unit, result in zip(batch, engine.generate(batch, self.options), strict=True):
                self._memo[unit] = result

    def _flags(self, generated: Iterable[Generated]) -> tuple[str, ...]:
        flags: list[str] = []
        items = list(generated)
        if self.spec.low_quality:
            flags.append("low_quality")
        if any(
            g.limit_hit or (g.source_len >= 12 and len(g.tokens) < 0.3 * g.source_len)
            for g in items
        ):
            flags.append("length_ratio")
        if any(textproc.find_repetition(g.tokens) for g in items):
            flags.append("repetition")
        return tuple(flags)

    def _status(self, status: str, hint: str) -> Translation:
        return Translation(
            text=None,
            status=status,  # type: ignore[arg-type]
            model=self.spec.model,
            revision=self.revision,
            hint=hint,
        )

    def _progress(self, n: int) -> None:
        if self.on_progress is not None and n:
            self.on_progress(n)
