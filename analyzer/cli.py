"""The ``analyze-posts`` command: a thin layer that parses options, calls the library and
renders the result. Only this module (and the reporters) print.

Exit status: 0 when every document was read and analysed, 1 when any document failed
(its error record is in the output), 2 for a usage, settings or input-option error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from typer.core import TyperGroup

from ._version import __version__
from .errors import AnalyzerError, OutputError

log = logging.getLogger("analyzer")

FORMATS = ("json", "jsonl", "csv", "table", "html")


class _DefaultToAnalyze(TyperGroup):
    """``analyze-posts PATH…`` means ``analyze-posts analyze PATH…``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["analyze", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultToAnalyze,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help=(
        "Find the social-media posts that news articles embed or quote, detect their"
        " language, translate them, and score how faithfully each article renders them.\n\n"
        "analyze-posts PATH... is short for analyze-posts analyze PATH..."
    ),
)
models_app = typer.Typer(help="List, download and convert translation models.", no_args_is_help=True)
app.add_typer(models_app, name="models")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"analyze-posts {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")] = 0,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s", force=True
    )


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"analyze-posts: error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def _destination(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a file written atomically (a temp file renamed into place on success)."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    directory = path.resolve().parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write to {path}: {exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _progress(enabled: bool) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[posts]} posts, {task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=True,
    )


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, '-' for stdin, or http(s) URLs.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, jsonl, csv, table or html.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    renderings: Annotated[Path | None, typer.Option("--renderings", help='Translators\' renderings, JSONL {"post_text", "rendering", "translator"?}.')] = None,
    model: Annotated[str | None, typer.Option("--model", help="Translation model: a hub id or a local directory.")] = None,
    device: Annotated[str | None, typer.Option("--device", help="auto, cpu or cuda.")] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="auto, transformers or ctranslate2.")] = None,
    quality: Annotated[str | None, typer.Option("--quality", help="fast or best (where the registry has both).")] = None,
    no_translate: Annotated[bool, typer.Option("--no-translate", help="Skip machine translation.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the translation cache.")] = False,
    no_embeddings: Annotated[bool, typer.Option("--no-embeddings", help="Lexical alignment only (no sentence-embedding model).")] = False,
    detector: Annotated[str | None, typer.Option("--detector", help="Language detector (default, fasttext, lingua, lingua-low, langdetect, cld2, script).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Extraction worker processes.")] = None,
    window: Annotated[int | None, typer.Option("--window", help="Documents analysed together (cross-article linking).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no hints; errors only.")] = False,
) -> None:
    """Extract, detect, translate, align and score the posts in article dumps."""
    from .api import analyze_paths, read_renderings
    from .config import load_settings
    from .pipeline import Pipeline
    from .report import get_reporter

    if fmt not in FORMATS:
        raise _fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        settings = load_settings(
            model=model,
            device=device,
            backend=backend,
            quality=quality,
            detector=detector,
            workers=workers,
            window=window,
            translate=False if no_translate else None,
            cache=False if no_cache else None,
            embeddings=False if no_embeddings else None,
        )
        rendering_map = read_renderings(renderings) if renderings else None
        reporter = get_reporter(fmt, quiet=quiet)
    except AnalyzerError as exc:
        raise _fail(str(exc)) from None

    pipeline = Pipeline(settings, renderings=rendering_map)
    signature = pipeline.signature()
    failed = 0
    hints: dict[str, int] = {}
    show_progress = not quiet and sys.stderr.isatty() and not (fmt == "table" and output is None)

    def documents() -> Iterator[Any]:
        nonlocal failed
        posts = 0
        with _progress(show_progress) as bar:
            task = bar.add_task("analysing", total=None, posts=0, failed=0)
            for doc in analyze_paths(paths, pipeline=pipeline):
                failed += bool(doc.errors)
                posts += len(doc.posts)
                for result in doc.posts:
                    t = result.translation
                    if t is not None and t.status == "unavailable" and t.hint:
                        hints[t.hint] = hints.get(t.hint, 0) + 1
                bar.update(task, advance=1, posts=posts, failed=failed)
                yield doc
        # stages are built on first need: the signature is complete only now
        signature.update(pipeline.signature())

    try:
        with _destination(output) as out:
            reporter.write(signature, documents(), out)
    except AnalyzerError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise _fail("interrupted; nothing was written", 130) from None
    if not quiet:
        for hint, count in hints.items():
            typer.echo(f"translation unavailable for {count} post(s): {hint}", err=True)
    if failed:
        typer.echo(f"analyze-posts: {failed} document(s) failed; see the error records", err=True)
        raise typer.Exit(1)


@app.command()
def detect(
    texts: Annotated[list[str] | None, typer.Argument(help="Texts to identify; one per line on stdin when none.", show_default=False)] = None,
    detector: Annotated[str, typer.Option("--detector", help="Detector backend.")] = "default",
) -> None:
    """Identify the language of short texts; prints one JSON object per text."""
    from .detect import get_detector

    lines = texts if texts else (line.rstrip("\r\n") for line in sys.stdin)
    try:
        found_by = get_detector(detector)
        for text in lines:
            found = found_by.detect(text)
            record = {
                "text": text,
                "code": found.code,
                "confidence": round(found.confidence, 4),
                "candidates": [{"code": c, "confidence": round(p, 4)} for c, p in found.candidates],
            }
            typer.echo(json.dumps(record, ensure_ascii=False))
    except AnalyzerError as exc:
        raise _fail(str(exc)) from None


@app.command()
def fidelity(
    translation: Annotated[str, typer.Option("--translation", "-t", help="The post's English text (machine translation or reference).")],
    candidate: Annotated[str, typer.Option("--candidate", "-c", help="The paraphrase or rendering to score.")],
    source: Annotated[str | None, typer.Option("--source", "-s", help="The original post.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json or table.")] = "json",
    no_embeddings: Annotated[bool, typer.Option("--no-embeddings", help="Lexical scoring only.")] = False,
    author: Annotated[str | None, typer.Option("--author", help="Who posted (display name), as the embed shows it.")] = None,
    handle: Annotated[str | None, typer.Option("--handle", help="The poster's handle.")] = None,
) -> None:
    """Score one rendering or paraphrase against a translation."""
    from .api import _scorer, score_fidelity
    from .config import load_settings

    try:
        settings = load_settings(embeddings=False if no_embeddings else None)
        result = score_fidelity(
            translation, candidate, source, settings=settings, author=author, handle=handle
        )
    except AnalyzerError as exc:
        raise _fail(str(exc)) from None
    if fmt == "json":
        record = {**result.as_dict(), "signature": _scorer(settings).signature()}
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    if fmt != "table":
        raise _fail("unknown format; choose json or table")
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"fidelity: {result.label} ({result.score:.2f})")
    table.add_column("flag")
    table.add_column("severity")
    table.add_column("evidence")
    for flag in result.flags:
        evidence = " -> ".join(x for x in (flag.reference, flag.candidate) if x)
        table.add_row(flag.kind, flag.severity, f"{flag.message}\n{evidence}".strip())
    Console().print(table)


@models_app.command("list")
def models_list() -> None:
    """Show the registry of translation checkpoints (language -> model)."""
    from .translate.manage import list_models

    for entry in list_models():
        typer.echo(json.dumps(entry, ensure_ascii=False))


@models_app.command("download")
def models_download(
    language: Annotated[str, typer.Argument(help="Source language code, e.g. ar.")],
    quality: Annotated[str, typer.Option("--quality", help="fast or best.")] = "fast",
    revision: Annotated[str | None, typer.Option("--revision", help="Hub revision.")] = None,
) -> None:
    """Download a language's checkpoint into the Hugging Face cache (needs network)."""
    from .translate.manage import download_model

    try:
        path = download_model(language, quality=quality, revision=revision)
    except AnalyzerError as exc:
        hint = getattr(exc, "hint", "")
        raise _fail(f"{exc}{'; ' + hint if hint else ''}", 1) from None
    typer.echo(str(path))


@models_app.command("convert")
def models_convert(
    model: Annotated[str, typer.Argument(help="Hub id, language code or local directory of a MarianMT checkpoint.")],
    output_dir: Annotated[Path, typer.Argument(help="Where to write the CTranslate2 model.")],
    quantization: Annotated[str, typer.Option("--quantization", help="int8, int8_float16, float16 or float32.")] = "int8",
) -> None:
    """Convert a MarianMT checkpoint for the CTranslate2 backend."""
    from .translate.manage import convert_model

    try:
        path = convert_model(model, output_dir, quantization=quantization)
    except AnalyzerError as exc:
        raise _fail(str(exc), 1) from None
    typer.echo(str(path))


def main() -> None:
    app(prog_name="analyze-posts")


if __name__ == "__main__":  # pragma: no cover
    main()
