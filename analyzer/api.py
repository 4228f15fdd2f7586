"""The library's public functions. Each returns data; nothing here prints."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .config import Settings, load_settings
from .errors import ConfigError
from .pipeline import Pipeline, Renderings, load_renderings
from .records import Detection, DocumentResult, Fidelity

if TYPE_CHECKING:
    from .score.fidelity import FidelityScorer

__all__ = [
    "analyze_paths",
    "analyze_text",
    "clear_caches",
    "detect_language",
    "load_renderings",
    "read_renderings",
    "score_fidelity",
]


def _settings(settings: Settings | None, overrides: dict[str, Any]) -> Settings:
    if settings is not None and not isinstance(settings, Settings):
        raise ConfigError(f"settings must be a Settings object, got {type(settings).__name__}")
    if settings is None:
        return load_settings(**overrides)
    changes = {k: v for k, v in overrides.items() if v is not None}
    return settings.replace(**changes) if changes else settings


def analyze_paths(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    renderings: Renderings | None = None,
    stdin: IO[str] | None = None,
    pipeline: Pipeline | None = None,
    skip: int = 0,
    **overrides: Any,
) -> Iterator[DocumentResult]:
    """Analyse files, directories, globs, ``-`` (stdin) and http(s) URLs, streaming one
    :class:`DocumentResult` per document (errors included, as error records).

    ``skip`` passes over the first ``skip`` input documents unanalysed (a resumed run: they
    are already in its output); inputs are read in a stable order, so they are the same ones.
    Raises :class:`~analyzer.errors.ConfigError` for a bad setting or argument."""
    from .ingest import iter_articles

    paths = _paths(paths)
    if isinstance(skip, bool) or not isinstance(skip, int) or skip < 0:
        raise ConfigError(f"skip must be a whole number of documents (0 or more), got {skip!r}")
    resolved = pipeline.settings if pipeline else _settings(settings, overrides)
    pipe = pipeline or Pipeline(resolved, renderings=renderings)
    items = iter_articles(paths, resolved, stdin=stdin)
    yield from pipe.run(islice(items, skip, None))


def _paths(paths: Any) -> list[str]:
    if isinstance(paths, (str, Path)):
        return [str(paths)]  # one path given bare
    try:
        items = list(paths)
    except TypeError:
        raise ConfigError(
            f"paths must be a list of paths or URLs, got {type(paths).__name__}"
        ) from None
    bad = next((p for p in items if not isinstance(p, (str, Path))), None)
    if bad is not None:
        raise ConfigError(f"paths must be strings or pathlib.Path objects, got {type(bad).__name__}")
    return [str(p) for p in items]


def _text(name: str, value: Any, *, optional: bool = False) -> None:
    """A :class:`ConfigError` when ``value`` is not a string (None allowed when optional)."""
    if isinstance(value, str) or (optional and value is None):
        return
    kind = "a string or None" if optional else "a string"
    raise ConfigError(f"{name} must be {kind}, got {type(value).__name__}")


def analyze_text(
    text: str,
    *,
    html: str | None = None,
    source: str = "<text>",
    doc_id: str = "text",
    settings: Settings | None = None,
    renderings: Renderings | None = None,
    **overrides: Any,
) -> DocumentResult:
    """Analyse one article given as text (or as raw HTML with ``html=``)."""
    from .ingest.core import make_article

    _text("text", text)
    _text("html", html, optional=True)
    _text("source", source)
    _text("doc_id", doc_id)
    resolved = _settings(settings, overrides)
    article = make_article(source, doc_id, text=text if html is None else None, html=html,
                           settings=resolved)
    return _pipeline(resolved).analyze(article, renderings or {})


@lru_cache(maxsize=4)
def _pipeline(settings: Settings) -> Pipeline:
    """One pipeline per settings for :func:`analyze_text`, so that a script calling it in a
    loop loads each model once (:func:`clear_caches` drops them)."""
    return Pipeline(settings)


def detect_language(text: str, *, stated: str | None = None, detector: str = "default") -> Detection:
    """Language of one short text (a post): ISO 639-1 code, confidence, candidates."""
    from .detect import get_detector

    _text("text", text)
    _text("stated", stated, optional=True)
    _text("detector", detector)
    return get_detector(detector).detect(text, stated=stated)


def score_fidelity(
    translation: str,
    candidate: str,
    source: str | None = None,
    *,
    settings: Settings | None = None,
    author: str | None = None,
    handle: str | None = None,
) -> Fidelity:
    """Score how faithfully ``candidate`` (a paraphrase or rendering) conveys
    ``translation`` (the post's English text); ``source`` is the original post. ``author``
    and ``handle`` name who posted, as the pipeline knows them from the embed: the poster
    named in the candidate is then reported speech, and words credited to someone else a
    wrong speaker (the same evidence as the pipeline's, so the same label).

    The scorer (and the sentence model in its aligner) is built on the first call for given
    settings and kept for later calls with equal settings (:func:`clear_caches` drops it)."""
    _text("translation", translation)
    _text("candidate", candidate)
    _text("source", source, optional=True)
    _text("author", author, optional=True)
    _text("handle", handle, optional=True)
    settings = _settings(settings, {})
    from .score.checks import Speaker

    speaker = Speaker(author, handle) if author or handle else None
    scorer = _scorer(settings)
    result: Fidelity = scorer.score(translation, candidate, source, speaker=speaker)
    return result


#: pairs whose texts :func:`score_fidelities` encodes in one call
FIDELITY_BATCH = 128


def score_fidelities(
    pairs: Iterable[tuple[str, str] | tuple[str, str, str | None]],
    *,
    settings: Settings | None = None,
    author: str | None = None,
    handle: str | None = None,
) -> list[Fidelity]:
    """:func:`score_fidelity` for many pairs, ``(translation, candidate)`` or
    ``(translation, candidate, source)``, in order, with ``author`` and ``handle`` for
    all of them: the same results, several times faster on pairs not scored before (their
    texts go through the sentence model together, :data:`FIDELITY_BATCH` pairs at a time)."""
    items: list[tuple[str, str, str | None]] = []
    for number, pair in enumerate(pairs):
        if not isinstance(pair, tuple) or len(pair) not in (2, 3):
            raise ConfigError(
                f"pair {number}: expected (translation, candidate) or (translation, candidate,"
                f" source), got {type(pair).__name__}"
            )
        translation, candidate = pair[0], pair[1]
        source = pair[2] if len(pair) == 3 else None
        _text("translation", translation)
        _text("candidate", candidate)
        _text("source", source, optional=True)
        items.append((translation, candidate, source))
    _text("author", author, optional=True)
    _text("handle", handle, optional=True)
    from .paraphrase.pairs import encode_ahead
    from .score.checks import Speaker

    speaker = Speaker(author, handle) if author or handle else None
    scorer = _scorer(_settings(settings, {}))
    out: list[Fidelity] = []
    for start in range(0, len(items), FIDELITY_BATCH):
        batch = items[start : start + FIDELITY_BATCH]
        encode_ahead(scorer.aligner, [(r, c) for r, c, _ in batch])
        out.extend(scorer.score(r, c, src, speaker=speaker) for r, c, src in batch)
    return out


@lru_cache(maxsize=4)
def _scorer(settings: Settings) -> FidelityScorer:
    from .align import get_aligner
    from .score.fidelity import FidelityScorer as _FidelityScorer

    return _FidelityScorer(get_aligner(settings))


def clear_caches() -> None:
    """Drop the pipelines, scorers and models that :func:`analyze_text` and
    :func:`score_fidelity` keep between calls."""
    _pipeline.cache_clear()
    _scorer.cache_clear()


def read_renderings(path: str | Path) -> dict[str, list[tuple[str, str | None]]]:
    """Read a translators' renderings JSONL file (``{"post_text", "rendering", "translator"?}``)."""
    from .errors import InputError

    try:
        with open(path, encoding="utf-8") as handle:
            return load_renderings(handle, str(path))
    except OSError as exc:
        raise InputError(f"cannot read renderings file {path}: {exc}") from exc
