"""Building the translator a run uses from its :class:`~analyzer.config.Settings`.

``build_translator(settings, on_progress=None)`` returns a :class:`RoutingTranslator`:

* English (``en``) → :class:`IdentityTranslator` (status ``identity``, the text itself);
* undetermined (``und``) → status ``skipped`` (no guessing a model for unknown text);
* any other language → the registry's checkpoint (``--model`` overrides it for all), through
  :class:`~.marian.MarianTranslator`, wrapped in :class:`~.cache.CachedTranslator` unless
  ``settings.cache`` is off. One translator per checkpoint per run: a model is loaded, or found
  missing, once.
* ``settings.translate`` false → every post that needs a model ``skipped``.

This is the one place where a post's route is decided; the pipeline hands every post with
text to it, grouped by detected language.

``on_progress(n)`` is called with the number of input texts just finished (cached, identity
and skipped ones included); over one ``translate`` call the calls add up to ``len(texts)``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from ..config import Settings
from ..records import Translation
from ..stages import JSONValue, Signature
from . import Translator
from .cache import CachedTranslator, TranslationCache
from .loading import HubProbe, resolve_checkpoint
from .marian import MarianTranslator
from .registry import ModelSpec, route

__all__ = [
    "build_translator",
    "RoutingTranslator",
    "IdentityTranslator",
    "SkippingTranslator",
    "ProgressCallback",
]

ProgressCallback = Callable[[int], None]


class IdentityTranslator:
    """English posts: the text is its own translation."""

    def __init__(self, on_progress: ProgressCallback | None = None) -> None:
        self.on_progress = on_progress

    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        if self.on_progress is not None and texts:
            self.on_progress(len(texts))
        return [Translation(text=text, status="identity") for text in texts]

    def signature(self) -> Signature:
        return {"name": "identity"}


class SkippingTranslator:
    """Posts that are not translated: status ``skipped`` with the reason as hint."""

    def __init__(self, reason: str, on_progress: ProgressCallback | None = None) -> None:
        self.reason = reason
        self.on_progress = on_progress

    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        if self.on_progress is not None and texts:
            self.on_progress(len(texts))
        return [Translation(text=None, status="skipped", hint=self.reason) for _ in texts]

    def signature(self) -> Signature:
        return {"name": "skip", "reason": self.reason}


class RoutingTranslator:
    """Sends each call to the translator for its source language (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        *,
        on_progress: ProgressCallback | None = None,
        make: Callable[[ModelSpec], Translator] | None = None,
        probe: HubProbe | None = None,
    ) -> None:
        self.settings = settings
        self.probe = probe or HubProbe()
        self.on_progress = on_progress
        self._make = make or self._make_marian
        self._identity = IdentityTranslator(on_progress)
        self._translators: dict[ModelSpec, Translator] = {}
        self._cache: TranslationCache | None = None

    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        if not texts:
            return []
        decision = route(source, quality=self.settings.quality, model=self.settings.model)
        if decision.kind == "identity":
            return self._identity.translate(texts, source)
        if decision.kind == "skip" or decision.spec is None:
            return SkippingTranslator(decision.reason, self.on_progress).translate(texts, source)
        if not self.settings.translate:
            return SkippingTranslator(
                "translation turned off (--no-translate)", self.on_progress
            ).translate(texts, source)
        spec = ModelSpec(decision.spec.model, decision.spec.revision, decision.spec.low_quality)
        translator = self._translators.get(spec)
        if translator is None:
            translator = self._translators[spec] = self._make(decision.spec)
        return translator.translate(texts, source)

    def signature(self) -> Signature:
        """The models this run used: id -> revision and loaded backend."""
        models: dict[str, JSONValue] = {
            spec.model: t.signature() for spec, t in self._translators.items()
        }
        return {"models": models, "cache": self.settings.cache}

    def _make_marian(self, spec: ModelSpec) -> Translator:
        s = self.settings
        marian = MarianTranslator(
            spec,
            backend=s.backend,
            device=s.device,
            batch_size=s.batch_size,
            num_beams=s.num_beams,
            on_progress=self.on_progress,
            resolve=functools.partial(resolve_checkpoint, probe=self.probe),
        )
        if not s.cache:
            return marian
        if self._cache is None:
            self._cache = TranslationCache(s.cache_path)

        def key_model() -> str:
            if not spec.is_local:
                return spec.model
            try:  # a local folder is keyed by what is in it, not by its name
                return "local:" + resolve_checkpoint(spec).fingerprint
            except Exception:
                return "local:" + spec.model

        parts = (key_model(), spec.revision, s.backend, s.device, s.num_beams)
        return CachedTranslator(marian, self._cache, parts, on_progress=self.on_progress)


def build_translator(
    settings: Settings, on_progress: ProgressCallback | None = None
) -> RoutingTranslator:
    """The translator for a run (see the module docstring)."""
    return RoutingTranslator(settings, on_progress=on_progress)
