"""The ``analyze-posts`` command: a thin layer that parses options, calls the library and
renders the result. Only this module (and the reporters) print.

Exit status: 0 when every document was read and analysed, 1 when any document failed
(its error record is in the output) or the report could not be written, 2 for a usage,
settings or input-option error. Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from ._version import __version__
from .errors import AnalyzerError, OutputError
from .registry import names

log = logging.getLogger("analyzer")

ENGINES = ("local", "ray")
_VERBOSE = re.compile(r"-v+|--verbose")


class _DefaultToAnalyze(TyperGroup):
    """``analyze-posts PATH…`` means ``analyze-posts analyze PATH…``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # the root's own options (-v, -vv, --verbose) may come first: ``-v PATH`` is
        # ``-v analyze PATH``
        first = next((i for i, arg in enumerate(args) if not _VERBOSE.fullmatch(arg)), len(args))
        rest = args[first:]
        if rest and rest[0] not in self.commands and rest[0] not in ("--help", "-h", "--version"):
            args = [*args[:first], "analyze", *rest]
        return super().parse_args(ctx, args)


class _BareArgument(TyperArgument):
    """An argument listed as ``PATH...`` alone, without typer's ``<list[str]>`` label."""

    def display_type(self, ctx: Any) -> str:
        return ""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return f"{self.metavar or self.name}..." if self.nargs != 1 else str(self.metavar or self.name)

    def _usage_display_name(self) -> str:
        return self._rich_display_name()


class _AnalyzeCommand(TyperCommand):
    """The ``analyze`` command, its PATH... argument shown plainly in help and usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _BareArgument


app = typer.Typer(
    cls=_DefaultToAnalyze,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
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


def _output_failed(exc: OutputError) -> typer.Exit:
    """A report that could not be written: exit 1, and stdout made quiet so that Python's
    own flush at exit (a closed pipe) adds no second message."""
    stdout = sys.stdout
    if stdout is not None:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
    return _fail(str(exc), 1)


def _progress(enabled: bool, console: Any = None) -> Any:
    """The run's progress bar on stderr (or ``console``): documents, documents/s, posts found,
    failed documents and the time spent."""
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="progress.data.speed")

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        TextColumn("{task.completed} documents"),
        Rate(),
        TextColumn("{task.fields[posts]} posts found, {task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=console if console is not None else Console(stderr=True),
        disable=not enabled,
        transient=True,
    )


class _Tally:
    """Counts what a run's documents carry, for the progress bar and the closing lines."""

    def __init__(self) -> None:
        self.documents = 0
        self.failed = 0
        self.posts = 0
        self.hints: dict[str, int] = {}

    def watch(self, documents: Iterable[Any], bar: Any) -> Iterator[Any]:
        task = bar.add_task("analysing", total=None, posts=0, failed=0)
        for doc in documents:
            self.documents += 1
            self.failed += bool(doc.errors)
            self.posts += len(doc.posts)
            for result in doc.posts:
                t = result.translation
                if t is not None and t.status == "unavailable" and t.hint:
                    self.hints[t.hint] = self.hints.get(t.hint, 0) + 1
            bar.update(task, advance=1, posts=self.posts, failed=self.failed)
            yield doc


_FORMAT_HELP = ", ".join(names("reporter"))


@app.command(cls=_AnalyzeCommand)
def analyze(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Files, directories, globs, '-' for stdin, or http(s) URLs.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"{_FORMAT_HELP}.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout: atomically, or for jsonl window by window (see --resume); a directory of shards with --engine ray.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Go on with a --format jsonl --output FILE run that was stopped; finished documents are not redone.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="local (this machine) or ray (a Ray cluster; pip install 'analyze-posts[ray]').")] = "local",
    ray_address: Annotated[str | None, typer.Option("--ray-address", help="Ray cluster to join (e.g. ray://head:10001 or auto); default: a local one.")] = None,
    renderings: Annotated[Path | None, typer.Option("--renderings", help='Translators\' renderings, JSONL {"post_text", "rendering", "translator"?}.')] = None,
    model: Annotated[str | None, typer.Option("--model", help="Translation model: a hub id or a local directory.")] = None,
    device: Annotated[str | None, typer.Option("--device", help="auto, cpu, cuda or cuda:N.")] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="auto, transformers or ctranslate2.")] = None,
    quality: Annotated[str | None, typer.Option("--quality", help="fast or best (where the registry has both).")] = None,
    no_translate: Annotated[bool, typer.Option("--no-translate", help="Skip machine translation.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the translation cache.")] = False,
    no_embeddings: Annotated[bool, typer.Option("--no-embeddings", help="Lexical alignment only (no sentence-embedding model).")] = False,
    detector: Annotated[str | None, typer.Option("--detector", help=f"Language detector ({', '.join(names('detector'))}).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Extraction worker processes (1 or more).")] = None,
    window: Annotated[int | None, typer.Option("--window", help="Documents analysed together (cross-article linking), 1 to 100000.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no hints; errors only.")] = False,
) -> None:
    """Extract, detect, translate, align and score the posts in article dumps."""
    from .api import read_renderings
    from .config import load_settings
    from .report import get_reporter, is_binary

    try:
        if engine not in ENGINES:
            raise AnalyzerError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
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
        reporter = get_reporter(fmt, quiet=quiet)
        if resume and (fmt != "jsonl" or output is None or str(output) == "-" or engine != "local"):
            raise AnalyzerError("--resume goes with --format jsonl --output FILE (local engine)")
        if is_binary(reporter) and output is None and sys.stdout is not None and sys.stdout.isatty():
            raise AnalyzerError(f"--format {fmt} is binary: use --output FILE or a pipe")
        if ray_address is not None and engine != "ray":
            raise AnalyzerError("--ray-address goes with --engine ray")
        rendering_map = read_renderings(renderings) if renderings else None
    except AnalyzerError as exc:
        raise _fail(str(exc)) from None

    tally = _Tally()
    show_progress = not quiet and sys.stderr.isatty() and not (fmt == "table" and output is None)
    try:
        if engine == "ray":
            _analyze_on_ray(paths, fmt, output, settings, rendering_map, ray_address, quiet)
            return
        with _progress(show_progress) as bar:
            if fmt == "jsonl" and output is not None and _regular_file(output):
                if not _durable_jsonl(paths, output, settings, rendering_map, resume, tally, bar):
                    return
            else:
                _report(paths, reporter, output, settings, rendering_map, tally, bar)
    except OutputError as exc:
        raise _output_failed(exc) from None
    except AnalyzerError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise _fail("interrupted; nothing was written", 130) from None
    if not quiet:
        for hint, count in tally.hints.items():
            typer.echo(f"translation unavailable for {count} post(s): {hint}", err=True)
    if tally.failed:
        typer.echo(f"analyze-posts: {tally.failed} document(s) failed; see the error records", err=True)
        raise typer.Exit(1)


def _regular_file(path: Path | None) -> bool:
    """True for a path that is, or will be, a regular file (not stdout, a device or a pipe)."""
    if path is None or str(path) == "-":
        return False
    return not path.exists() or path.is_file()


def _report(
    paths: list[str], reporter: Any, output: Path | None, settings: Any,
    rendering_map: Any, tally: _Tally, bar: Any,
) -> None:
    """One report, written as the documents arrive (atomically into a file)."""
    from .api import analyze_paths
    from .pipeline import Pipeline
    from .report import is_binary
    from .report.output import destination

    pipeline = Pipeline(settings, renderings=rendering_map)
    signature = pipeline.signature()

    def documents() -> Iterator[Any]:
        yield from tally.watch(analyze_paths(paths, pipeline=pipeline), bar)
        # stages are built on first need: the signature is complete only now
        signature.update(pipeline.signature())

    with destination(output, binary=is_binary(reporter)) as out:
        reporter.write(signature, documents(), out)


def _durable_jsonl(
    paths: list[str], output: Path, settings: Any, rendering_map: Any,
    resume: bool, tally: _Tally, bar: Any,
) -> bool:
    """A JSONL file made durable window by window; False when a resumed run had nothing
    left to do."""
    from .api import analyze_paths
    from .pipeline import Pipeline
    from .report.jsonout import jsonl_text
    from .report.output import DurableJsonl, fingerprint

    run_id = fingerprint(
        inputs=list(paths),
        settings={k: v for k, v in settings.as_dict().items() if k != "workers"},
        renderings=rendering_map,
    )
    sink = DurableJsonl.open(output, fingerprint=run_id, every=settings.window, lines=jsonl_text, resume=resume)
    if sink.finished:
        typer.echo(f"analyze-posts: {output} is complete ({sink.skip:,} documents); nothing to resume", err=True)
        return False
    if sink.skip:
        log.warning("resuming %s after %d documents", output, sink.skip)
    pipeline = Pipeline(settings, renderings=rendering_map)
    total = sink.write(tally.watch(analyze_paths(paths, pipeline=pipeline, skip=sink.skip), bar))
    log.info("%s holds %d documents", output, total)
    return True


def _analyze_on_ray(
    paths: list[str], fmt: str, output: Path | None, settings: Any,
    rendering_map: Any, address: str | None, quiet: bool,
) -> None:
    from .engine import analyze_on_ray

    if output is None or str(output) == "-":
        raise AnalyzerError("--engine ray writes shards: name a directory with --output DIR")
    if fmt not in ("jsonl", "parquet"):
        raise AnalyzerError("--engine ray writes --format jsonl or parquet")
    summary = analyze_on_ray(
        paths, output, fmt=fmt, settings=settings, renderings=rendering_map, address=address,
        progress=not quiet,
    )
    if not quiet:
        typer.echo(
            f"analyze-posts: {summary.documents:,} documents, {summary.posts:,} posts,"
            f" {summary.failed:,} failed; {len(summary.shards)} shard(s) in {output}",
            err=True,
        )
    if summary.failed:
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


def main(argv: list[str] | None = None) -> None:
    """The ``analyze-posts`` entry point. A usage error (an unknown option, a value of the
    wrong type) is one line on stderr and exit status 2, like every other error."""
    # click's UsageError, or the copy of it that typer carries (typer >= 0.20)
    usage_error: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
    try:
        code = app(prog_name="analyze-posts", args=argv, standalone_mode=False)
    except usage_error as caught:
        exc: Any = caught
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()
            sys.exit(exc.exit_code)
        context = getattr(exc, "ctx", None)
        where = f" (see {context.command_path} --help)" if context is not None else ""
        message = " ".join(exc.format_message().split())
        typer.echo(f"analyze-posts: error: {message}{where}", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("analyze-posts: error: interrupted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
