"""The pipeline: ingest -> extract -> detect -> translate -> align -> score.

Documents stream through in windows of ``settings.window`` documents: each window is
extracted (in worker processes when ``settings.workers > 1``), its posts are detected and
translated in batches (identical texts once), then the paraphrase stage links posts across
the window's articles and scores every paraphrase. Nothing holds more than one window.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import IO

from ._version import __version__
from .config import Settings
from .errors import AnalyzerError
from .memo import Memo
from .records import (
    Article,
    Detection,
    DocumentResult,
    ErrorRecord,
    Post,
    PostResult,
    Translation,
)
from .stages import (
    Aligner,
    Detector,
    Extractor,
    ParaphraseFinder,
    Renderings,
    Signature,
    Translator,
)

__all__ = ["Pipeline", "Renderings", "StageTimes", "Window"]

log = logging.getLogger(__name__)

SCHEMA = "analyze-posts/1"

#: posts' texts whose detected language a pipeline keeps (the least recently used go first)
DETECT_MEMO = 8192

#: the extractor of a worker process (built once per process by the pool's initializer)
_worker_extractor: Extractor | None = None


def _start_worker(name: str) -> None:
    global _worker_extractor
    from .extract import get_extractor

    _worker_extractor = get_extractor(name)


def _extract_in_worker(article: Article) -> Extracted:
    assert _worker_extractor is not None, "the worker pool starts its extractor first"
    return _extract_safely(_worker_extractor, article)


def _failure(article: Article | None, stage: str, exc: BaseException) -> ErrorRecord:
    code = exc.code if isinstance(exc, AnalyzerError) else type(exc).__name__
    return ErrorRecord(
        source=article.source if article else "",
        id=article.id if article else None,
        stage=stage,
        error=code,
        message=str(exc) or type(exc).__name__,
    )


class StageTimes:
    """Wall-clock seconds spent in each stage of a pipeline's runs (``extract`` includes the
    wait for worker processes), plus documents and posts seen. For benchmarks and ``-v``."""

    STAGES = ("extract", "detect", "translate", "find")

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(self.STAGES, 0.0)
        self.documents = 0
        self.posts = 0

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start

    def as_dict(self) -> dict[str, float | int]:
        return {**{k: round(v, 4) for k, v in self.seconds.items()},
                "documents": self.documents, "posts": self.posts}


#: one article past extraction: the article as the window keeps it (its page read, its HTML
#: and markup let go), its posts, and the error that stopped its reading or extraction
Extracted = tuple[Article, list[Post], ErrorRecord | None]


def _extract_safely(extractor: Extractor, article: Article) -> Extracted:
    """Read ``article``'s page if ingest left that to this stage (in a worker process, the
    parse is the bulk of a page's cost), extract its posts, and let its HTML go. A broken
    document gives an error record, never an exception."""
    from .ingest import read_article

    try:
        article = read_article(article)
    except Exception as exc:  # one broken document must not stop the run
        log.warning("cannot read %s (%s): %s", article.source, article.id, exc)
        return _lean(article), [], _failure(article, "ingest", exc)
    try:
        posts = list(extractor.extract(article))
    except Exception as exc:
        log.warning("extraction failed on %s (%s): %s", article.source, article.id, exc)
        return _lean(article), [], _failure(article, "extract", exc)
    return _lean(article), posts, None


def _lean(article: Article) -> Article:
    """Past extraction an article is its text: its HTML (most of a page's bytes) and its
    markup are let go, so a window holds one copy of each page's text and no markup."""
    if article.html is None and not article.markup:
        return article
    return dataclasses.replace(article, html=None, markup=None)


@dataclass(frozen=True, slots=True)
class Window:
    """One window between the steps of :class:`Pipeline`: its items (articles and ingest
    errors, in order), the articles, each post with its detection (``entries``: index, post,
    detection), which article owns each post, the errors so far per article, and the
    translations once made. Plain records only, so a window can travel between processes."""

    items: tuple[Article | ErrorRecord, ...]
    articles: tuple[Article, ...]
    entries: tuple[tuple[int, Post, Detection | None], ...]
    owner: dict[int, int]
    errors: dict[int, list[ErrorRecord]]
    translations: dict[int, Translation]


#: pages read and extracted at a time within a window: their HTML is held only this long
EXTRACT_CHUNK = 64


def _merge(states: Sequence[Window]) -> Window:
    """One window of consecutive analysed chunks (entries, owners and errors renumbered)."""
    if len(states) == 1:
        return states[0]
    items: list[Article | ErrorRecord] = []
    articles: list[Article] = []
    entries: list[tuple[int, Post, Detection | None]] = []
    owner: dict[int, int] = {}
    errors: dict[int, list[ErrorRecord]] = {}
    for state in states:
        base_doc, base_entry = len(articles), len(entries)
        items.extend(state.items)
        articles.extend(state.articles)
        for index, post, detection in state.entries:
            entries.append((base_entry + index, post, detection))
            owner[base_entry + index] = base_doc + state.owner[index]
        for doc_index, found in state.errors.items():
            errors[base_doc + doc_index] = list(found)
    return Window(tuple(items), tuple(articles), tuple(entries), owner, errors, {})


class Pipeline:
    """Composes the stages. Stages are built on first need, so a run that finds no
    posts never loads a detector, and ``translate=False`` never loads a model.

    Stage objects may be injected (tests, research scripts); any left as None are built
    from ``settings``.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        extractor: Extractor | None = None,
        detector: Detector | None = None,
        translator: Translator | None = None,
        aligner: Aligner | None = None,
        finder: ParaphraseFinder | None = None,
        renderings: Renderings | None = None,
    ) -> None:
        self.settings = settings
        self._extractor = extractor
        self._detector = detector
        self._translator = translator
        self._aligner = aligner
        self._aligner_given = aligner is not None  # else built from the settings
        self._finder = finder
        self.renderings: Renderings = renderings or {}
        self.times = StageTimes()
        self._pool: Executor | None = None
        self._detected: Memo[tuple[str, str | None], Detection] = Memo(DETECT_MEMO)

    # -- stages, built lazily ------------------------------------------------------------
    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            from .extract import get_extractor

            self._extractor = get_extractor()
        return self._extractor

    @property
    def detector(self) -> Detector:
        if self._detector is None:
            from .detect import get_detector

            self._detector = get_detector(self.settings.detector)
        return self._detector

    @property
    def translator(self) -> Translator:
        if self._translator is None:
            from .translate import get_translator

            self._translator = get_translator(self.settings)
        return self._translator

    @property
    def aligner(self) -> Aligner:
        """The run's aligner, shared by the paraphrase finder and the fidelity scorer."""
        if self._aligner is None:
            from .align import get_aligner

            self._aligner = get_aligner(self.settings)
        return self._aligner

    @property
    def finder(self) -> ParaphraseFinder:
        if self._finder is None:
            from .paraphrase import DefaultParaphraseFinder

            pairs = None
            if self.settings.workers > 1 and not self._aligner_given:
                # the workers build the aligner the settings name; one given here stays here
                from .paraphrase.pairs import PoolScorer

                pairs = PoolScorer(self._workers, self.settings.workers, self.settings)
            self._finder = DefaultParaphraseFinder(self.settings, aligner=self.aligner, pairs=pairs)
        return self._finder

    def signature(self) -> Signature:
        """What produced the numbers: the version, the settings, and each stage that ran
        (its own ``signature()``: names, versions, model ids, thresholds, table digests)."""
        from . import tables

        sig: Signature = {
            "analyze_posts": __version__,
            "schema": SCHEMA,
            "settings": self.settings.as_dict(),
            "tables": tables.digest(),
        }
        s = self.settings
        translation: Signature = {
            "enabled": s.translate,
            "model": s.model,
            "quality": s.quality,
            "backend": s.backend,
            "num_beams": s.num_beams,
        }
        if self._translator is not None and s.translate:
            translation.update(self._translator.signature())
        sig["translation"] = translation
        if self._extractor is not None:
            sig["extractor"] = self._extractor.signature()
        if self._detector is not None:
            sig["detector"] = self._detector.signature()
        if self._finder is not None:
            sig["fidelity"] = self._finder.signature()
        return sig

    # -- running ---------------------------------------------------------------------------
    def run(self, items: Iterable[Article | ErrorRecord]) -> Iterator[DocumentResult]:
        """Analyse a stream of articles (and pass ingest errors through), window by window."""
        stream = iter(items)
        try:
            size = max(1, self.settings.window)
            while state := self._analyse_in_chunks(stream, size):
                yield from self.link_window(self.translate_window(state), self.renderings)
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None

    def _analyse_in_chunks(
        self, stream: Iterator[Article | ErrorRecord], size: int
    ) -> Window | None:
        """The next window of ``size`` items, read and extracted :data:`EXTRACT_CHUNK` at a
        time, so that only one chunk's pages are held as HTML (a page is its text past
        extraction); None at the end of the stream."""
        states: list[Window] = []
        left = size
        while left > 0:
            chunk = list(islice(stream, min(left, EXTRACT_CHUNK)))
            if not chunk:
                break
            left -= len(chunk)
            states.append(self.analyse_window(chunk))
            chunk.clear()
        return _merge(states) if states else None

    def analyze(self, article: Article, renderings: Renderings | None = None) -> DocumentResult:
        """One article (with ``renderings`` instead of the pipeline's own, when given)."""
        return next(self._run_window([article], self.renderings if renderings is None else renderings))

    def _workers(self) -> Executor:
        """The run's worker processes (``settings.workers`` of them), started on first use:
        they read and extract pages and score the paraphrase stage's pairs."""
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=self.settings.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.extractor.name,),
            )
        return self._pool

    def _extract_all(self, articles: list[Article]) -> list[Extracted]:
        if self.settings.workers > 1 and len(articles) > 1:
            chunk = max(1, len(articles) // (self.settings.workers * 4))
            return list(self._workers().map(_extract_in_worker, articles, chunksize=chunk))
        return [_extract_safely(self.extractor, a) for a in articles]

    def _detect(self, post: Post) -> Detection | None:
        """The post's language; the answer for a text (and stated language) already seen
        in the run is taken again, not worked out anew (syndicated copies of a post)."""
        if not post.text:
            return None
        key = (post.text, post.stated_language)
        found = self._detected.get(key)
        if found is None:
            found = self._detected.put(key, self.detector.detect(post.text, stated=post.stated_language))
        return found

    def _translate(
        self, entries: list[tuple[int, Post, Detection | None]]
    ) -> tuple[dict[int, Translation], list[tuple[int, ErrorRecord]]]:
        """Translations for the window's posts, batched per language."""
        out: dict[int, Translation] = {}
        errors: list[tuple[int, ErrorRecord]] = []
        by_language: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for index, post, detection in entries:
            if not post.text:
                out[index] = Translation(None, "skipped", hint="the post's text is not in the article")
            else:  # the translator routes by language (English, undetermined, a model)
                by_language[detection.code if detection else "und"].append((index, post.text))
        for code, items in by_language.items():
            texts = [text for _, text in items]
            try:
                results = self.translator.translate(texts, code)
            except Exception as exc:  # a broken model must not stop the run
                log.error("translation from %s failed: %s", code, exc)
                results = [Translation(None, "failed", hint=str(exc)) for _ in texts]
                for index, _ in items:
                    errors.append((index, ErrorRecord("", None, "translate", type(exc).__name__, str(exc))))
            for (index, _), result in zip(items, results, strict=True):
                out[index] = result
        return out, errors

    def _run_window(
        self, window: list[Article | ErrorRecord], renderings: Renderings
    ) -> Iterator[DocumentResult]:
        yield from self.link_window(self.translate_window(self.analyse_window(window)), renderings)

    # -- one window in three steps (the Ray engine runs each step where it belongs) ---------
    def analyse_window(self, window: Sequence[Article | ErrorRecord]) -> Window:
        """Extract and detect: CPU work, no model but the detector."""
        articles = [item for item in window if isinstance(item, Article)]
        with self.times.measure("extract"):
            extracted = self._extract_all(articles)
        if self.settings.workers > 1 and any(posts for _, posts, _ in extracted):
            # the workers make ready to score the window's pairs while this process detects
            warm = getattr(self.finder, "warm", None)
            if callable(warm):
                warm()

        errors: dict[int, list[ErrorRecord]] = defaultdict(list)
        entries: list[tuple[int, Post, Detection | None]] = []
        owner: dict[int, int] = {}
        articles = [article for article, _, _ in extracted]  # read, and lean (_lean)
        lean = iter(articles)
        window = [item if isinstance(item, ErrorRecord) else next(lean) for item in window]
        with self.times.measure("detect"):
            for doc_index, (article, posts, error) in enumerate(extracted):
                if error is not None:
                    errors[doc_index].append(error)
                for post in posts:
                    try:
                        detection = self._detect(post)
                    except Exception as exc:
                        log.warning("language detection failed on %s: %s", article.id, exc)
                        errors[doc_index].append(_failure(article, "detect", exc))
                        detection = None
                    owner[len(entries)] = doc_index
                    entries.append((len(entries), post, detection))
        self.times.documents += len(window)
        self.times.posts += len(entries)
        return Window(tuple(window), tuple(articles), tuple(entries), owner, dict(errors), {})

    def translate_window(self, state: Window) -> Window:
        """Translate the window's posts, batched per language (the model's work)."""
        with self.times.measure("translate"):
            translations, translate_errors = self._translate(list(state.entries))
        errors = {k: list(v) for k, v in state.errors.items()}
        for index, record in translate_errors:
            doc_index = state.owner[index]
            article = state.articles[doc_index]
            bucket = errors.setdefault(doc_index, [])
            if not any(e.stage == "translate" for e in bucket):
                bucket.append(dataclasses.replace(record, source=article.source, id=article.id))
        return dataclasses.replace(state, errors=errors, translations=translations)

    def link_window(self, state: Window, renderings: Renderings | None = None) -> list[DocumentResult]:
        """Link posts with paraphrases across the window's articles, score them, and give
        one result per item of the window, in order (``renderings``: the pipeline's own when
        None)."""
        if renderings is None:
            renderings = self.renderings
        articles = list(state.articles)
        errors: dict[int, list[ErrorRecord]] = defaultdict(list)
        for key, value in state.errors.items():
            errors[key] = list(value)
        results: list[list[PostResult]] = [[] for _ in articles]
        for index, post, detection in state.entries:
            results[state.owner[index]].append(
                PostResult(post=post, language=detection, translation=state.translations.get(index))
            )

        with self.times.measure("find"):
            linked = self._paraphrase(articles, results, errors, renderings)

        out: list[DocumentResult] = []
        position = 0
        for item in state.items:
            if isinstance(item, ErrorRecord):
                out.append(DocumentResult(source=item.source, id=item.id or item.source, errors=(item,)))
                continue
            article = articles[position]
            out.append(
                DocumentResult(
                    source=article.source,
                    id=article.id,
                    posts=tuple(linked[position]),
                    errors=tuple(errors.get(position, ())),
                    url=article.url,
                    title=article.title,
                )
            )
            position += 1
        return out

    def _paraphrase(
        self,
        articles: list[Article],
        results: list[list[PostResult]],
        errors: dict[int, list[ErrorRecord]],
        renderings: Renderings,
    ) -> list[list[PostResult]]:
        if not any(results):
            return results
        from .align import one_blas_thread

        with one_blas_thread():  # the stage's matrix products are small: one thread each
            return self._paraphrase_window(articles, results, errors, renderings)

    def _paraphrase_window(
        self,
        articles: list[Article],
        results: list[list[PostResult]],
        errors: dict[int, list[ErrorRecord]],
        renderings: Renderings,
    ) -> list[list[PostResult]]:
        try:
            return list(self.finder.run(list(zip(articles, results, strict=True)), renderings))
        except Exception as exc:
            log.warning("paraphrase stage failed on a window (%s); retrying per document", exc)
        linked: list[list[PostResult]] = []
        for doc_index, (article, posts) in enumerate(zip(articles, results, strict=True)):
            if not posts:
                linked.append(posts)
                continue
            try:
                linked.append(list(self.finder.run([(article, posts)], renderings)[0]))
            except Exception as exc:
                errors[doc_index].append(_failure(article, "align", exc))
                linked.append(posts)
        return linked


def load_renderings(stream: IO[str], source: str = "renderings") -> dict[str, list[tuple[str, str | None]]]:
    """Read translators' renderings (JSONL ``{"post_text", "rendering", "translator"?}``)."""
    import json

    from .errors import InputError
    from .text.normalize import post_key

    out: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, rendering = record["post_text"], record["rendering"]
            if not isinstance(text, str) or not isinstance(rendering, str):
                raise TypeError("post_text and rendering must be strings")
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"{source}, line {number}: expected a JSON object with string fields"
                f' "post_text" and "rendering" ({exc})'
            ) from exc
        translator = record.get("translator")
        out[post_key(text)].append((rendering, str(translator) if translator else None))
    return dict(out)
