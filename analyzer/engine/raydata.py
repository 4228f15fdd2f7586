"""The Ray Data engine: the local pipeline's stage objects, spread over a Ray cluster.

::

    read tasks ──► analyse (CPU tasks) ──► translate (actor pool) ──► link (CPU tasks) ──► shards
    (one per file, or   ingest + extract     the model loaded once     paraphrases within     JSONL or
     per --window        + detect, a block    per actor, on a GPU       a block, scores        Parquet
     small files)        per window           where there is one

- **Reading.** Inputs are listed on the driver (local paths, directories, globs, http(s)
  URLs, and any filesystem pyarrow opens: ``s3://``, ``gs://``, ``abfs://``, ``hdfs://``,
  ``file://``). Each container file (JSONL, JSON, WARC) is one read task that streams it
  through the same bounded readers as the local engine; a WARC is read record by record,
  never loaded. Single-document files (``.txt``, ``.html``) are packed ``--window`` to a task.
  A task yields one block per ``--window`` documents, so a file of any size streams.
- **Stages.** Each block is a :class:`~analyzer.pipeline.Window` that moves through the
  three steps of :class:`~analyzer.pipeline.Pipeline` (``analyse_window``,
  ``translate_window``, ``link_window``): the code is the local engine's, so the results are
  too. Translation runs in an actor pool whose actors each hold the translator (and its model)
  once; with GPUs in the cluster each actor takes one (``num_gpus=1``) and the pool has one
  actor per GPU.
- **Cross-article linking** (a post in one article, its rendering or paraphrase in another)
  happens within a block: up to ``--window`` consecutive documents of one file, or
  ``--window`` consecutive single-document files. The local engine's windows run across file
  boundaries; put articles that should be linked in one file (or one directory of
  ``.txt``/``.html`` files) to have them in one block.
- **Output.** Shards ``part-00000.jsonl`` (or ``.parquet``) in the output directory, each
  line or row exactly what the local engine writes for ``--format jsonl`` / ``parquet``,
  error records included; the order follows the input (``preserve_order``).
- Ray's own streaming executor does the scheduling, backpressure, retries (a task whose
  worker is lost is run again; a lost actor is restarted) and progress bars.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..config import Settings
from ..errors import ConfigError, OutputError
from ..records import Article, DocumentResult, ErrorRecord

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..stages import Renderings

__all__ = ["RaySummary", "ReadTask", "analyze_on_ray", "plan_reads"]

log = logging.getLogger(__name__)

#: a filesystem URI that pyarrow opens (not http(s), which is fetched)
_URI = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_SINGLE = ("txt", "html")
_FORMATS = {"jsonl": ".jsonl", "parquet": ".parquet"}


@dataclass(frozen=True, slots=True)
class ReadTask:
    """The inputs one read task streams, in order."""

    index: int
    specs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RaySummary:
    """What a Ray run wrote."""

    documents: int
    posts: int
    failed: int
    shards: tuple[str, ...]


def _is_uri(spec: str) -> bool:
    return bool(_URI.match(spec)) and not spec.lower().startswith(("http://", "https://"))


def _filesystem(uri: str) -> tuple[Any, str]:
    import pyarrow.fs as pafs

    try:
        fs, path = pafs.FileSystem.from_uri(uri)
    except (pafs.ArrowInvalid, OSError, ValueError) as exc:
        raise ConfigError(f"cannot open {uri}: {exc}") from None
    return fs, path


def _list_uri(uri: str) -> list[str]:
    """The document files a filesystem URI names (a file, or a directory walked)."""
    import pyarrow.fs as pafs

    from ..ingest import kind_of

    fs, path = _filesystem(uri)
    scheme = uri.split("://", 1)[0]
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.File:
        return [uri]
    if info.type != pafs.FileType.Directory:
        return []
    found = fs.get_file_info(pafs.FileSelector(path, recursive=True))
    names = sorted(
        f.path for f in found
        if f.type == pafs.FileType.File
        and kind_of(f.path) is not None
        and not os.path.basename(f.path).startswith(".")
    )
    return [f"{scheme}://{name}" for name in names]


def plan_reads(paths: Sequence[str], window: int) -> list[ReadTask]:
    """Read tasks for ``paths``: each container file alone, single-document files and URLs
    packed ``window`` to a task, in input order. A spec that names nothing gets a task of its
    own (reading it gives the error record the local engine gives)."""
    from ..ingest import expand, kind_of

    tasks: list[tuple[str, ...]] = []
    group: list[str] = []

    def flush() -> None:
        if group:
            tasks.append(tuple(group))
            group.clear()

    for spec in paths:
        if spec == "-":
            raise ConfigError("--engine ray cannot read standard input; give files or URLs")
        if spec.lower().startswith(("http://", "https://")):
            files = [spec]
        elif _is_uri(spec):
            files = _list_uri(spec) or [spec]
        else:
            files = list(expand(spec) or ()) or [spec]
        for name in files:
            single = name.lower().startswith(("http://", "https://")) or kind_of(name) in _SINGLE
            if single:
                group.append(name)
                if len(group) >= window:
                    flush()
            else:
                flush()
                tasks.append((name,))
    flush()
    return [ReadTask(i, specs) for i, specs in enumerate(tasks)]


# -- worker side ---------------------------------------------------------------------------

#: each Ray worker process builds its pipeline once per run (as the local engine's worker
#: processes build their extractor once); keyed by the run
_PIPELINES: dict[str, Pipeline] = {}


def _pipeline(run: str, settings: Settings, renderings: Renderings | None) -> Pipeline:
    pipeline = _PIPELINES.get(run)
    if pipeline is None:
        from ..pipeline import Pipeline

        _PIPELINES.clear()
        pipeline = _PIPELINES[run] = Pipeline(settings, renderings=renderings)
    return pipeline


def _open_uri(uri: str) -> IO[bytes]:
    fs, path = _filesystem(uri)
    stream: IO[bytes] = fs.open_input_stream(path, compression=None)
    return stream


def _items(specs: Sequence[str], settings: Settings) -> Iterator[Article | ErrorRecord]:
    from ..ingest import read_file, read_source

    for spec in specs:
        if _is_uri(spec):
            try:
                yield from read_file(spec, settings, opener=_open_uri)
            except ConfigError as exc:
                yield ErrorRecord(spec, None, "ingest", exc.code, str(exc))
        elif os.path.isfile(spec):
            yield from read_file(spec, settings)
        else:
            yield from read_source(spec, settings)


def _analyse(
    batch: dict[str, Any], *, run: str, settings: Settings, renderings: Renderings | None
) -> Iterator[dict[str, list[Any]]]:
    """Read task -> one block per window, extracted and detected."""
    pipeline = _pipeline(run, settings, renderings)
    for blob in batch["task"]:
        task: ReadTask = pickle.loads(blob)
        stream = _items(task.specs, settings)
        number = 0
        while window := list(islice(stream, settings.window)):
            state = pipeline.analyse_window(window)
            yield {"order": [f"{task.index:09d}.{number:09d}"], "state": [pickle.dumps(state)]}
            number += 1


class _Translate:
    """An actor of the translation pool: its pipeline (and so its model) is built once."""

    def __init__(self, *, run: str, settings: Settings, renderings: Renderings | None) -> None:
        self.pipeline = _pipeline(run, settings, renderings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        states = [
            pickle.dumps(self.pipeline.translate_window(pickle.loads(blob)))
            for blob in batch["state"]
        ]
        return {"order": list(batch["order"]), "state": states}


def _link(
    batch: dict[str, Any], *, run: str, settings: Settings, renderings: Renderings | None
) -> dict[str, list[Any]]:
    """Paraphrases linked within each window; one row per document."""
    pipeline = _pipeline(run, settings, renderings)
    order: list[str] = []
    docs: list[bytes] = []
    for key, blob in zip(batch["order"], batch["state"], strict=True):
        for number, doc in enumerate(pipeline.link_window(pickle.loads(blob))):
            order.append(f"{key}.{number:09d}")
            docs.append(pickle.dumps(doc))
    return {"order": order, "doc": docs}


def _shard_sink(directory: str, fmt: str) -> Any:
    """A Ray Data datasink writing one shard per write task (see the module docstring)."""
    from ray.data import Datasink
    from ray.data.block import BlockAccessor

    class Shards(Datasink):  # type: ignore[type-arg]
        def __init__(self) -> None:
            self.totals = {"documents": 0, "posts": 0, "failed": 0}
            self.shards: list[str] = []

        def write(self, blocks: Any, ctx: Any) -> dict[str, Any]:
            from ..report.jsonout import jsonl_records, jsonl_text

            name = f"{directory.rstrip('/')}/part-{ctx.task_idx:05d}{_FORMATS[fmt]}"
            counts = {"documents": 0, "posts": 0, "failed": 0}
            docs: list[DocumentResult] = []
            for block in blocks:
                for blob in BlockAccessor.for_block(block).to_arrow().column("doc").to_pylist():
                    docs.append(pickle.loads(blob))
            if not docs:
                return {**counts, "shard": None}
            for doc in docs:
                counts["documents"] += 1
                counts["posts"] += len(doc.posts)
                counts["failed"] += bool(doc.errors)
            with _output_stream(name) as out:
                if fmt == "jsonl":
                    for doc in docs:
                        out.write(jsonl_text(doc).encode("utf-8"))
                else:
                    import pyarrow.parquet as pq

                    from ..report.parquetout import arrow_schema, table_of

                    writer = pq.ParquetWriter(out, arrow_schema(), compression="zstd")
                    writer.write_table(table_of([r for doc in docs for r in jsonl_records(doc)]))
                    writer.close()
            return {**counts, "shard": name}

        def on_write_complete(self, write_result: Any) -> None:
            for result in write_result.write_returns:
                for key in self.totals:
                    self.totals[key] += result[key]
                if result["shard"]:
                    self.shards.append(result["shard"])

    return Shards()


class _output_stream:  # noqa: N801 - used as a context manager
    """A binary output stream for a local path or a filesystem URI."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stream: Any = None

    def __enter__(self) -> Any:
        if _is_uri(self.name):
            fs, path = _filesystem(self.name)
            self.stream = fs.open_output_stream(path, compression=None)
        else:
            self.stream = open(self.name, "wb")  # noqa: SIM115
        return self.stream

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


def _prepare_output(output: str) -> None:
    if _is_uri(output):
        fs, path = _filesystem(output)
        fs.create_dir(path, recursive=True)
        return
    target = Path(output)
    if target.exists() and not target.is_dir():
        raise OutputError(f"--engine ray writes shards into a directory; {output} is a file")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write to {output}: {exc.strerror or exc}") from None
    if any(target.glob("part-*")):
        raise OutputError(f"{output} already holds shards (part-*); name an empty directory")


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigError(
            "--engine ray needs Ray Data, which is not installed: pip install 'analyze-posts[ray]'"
        ) from None
    return ray


def analyze_on_ray(
    paths: Sequence[str | Path],
    output: str | Path,
    *,
    fmt: str = "jsonl",
    settings: Settings,
    renderings: Renderings | None = None,
    address: str | None = None,
    progress: bool = False,
) -> RaySummary:
    """Analyse ``paths`` on a Ray cluster and write shards of ``fmt`` (``jsonl`` or
    ``parquet``) into the directory ``output`` (a local path or a filesystem URI).

    ``address`` names the cluster (``auto``, ``ray://head:10001``); None joins the one this
    process already started or starts a local one (stopped again at the end). Raises
    :class:`ConfigError` when Ray is missing or an argument is bad, :class:`OutputError`
    when the output cannot be written."""
    if fmt not in _FORMATS:
        raise ConfigError(f"--engine ray writes {' or '.join(_FORMATS)}, not {fmt!r}")
    if fmt == "parquet":
        from ..report.parquetout import require_pyarrow

        require_pyarrow()
    ray = _import_ray()
    specs = [str(p) for p in paths]
    settings = settings.replace(workers=1)  # Ray spreads the work; no process pools inside
    tasks = plan_reads(specs, settings.window)
    output = str(output)
    _prepare_output(output)
    from ..report.output import fingerprint

    run = fingerprint(inputs=specs, settings=settings.as_dict(), pid=os.getpid(), id=id(tasks))
    started = False
    if not ray.is_initialized():
        ray.init(
            address=address,
            include_dashboard=False,
            logging_level=logging.WARNING,
            log_to_driver=log.isEnabledFor(logging.INFO),
        )
        started = True
    if not progress:
        logging.getLogger("ray.data").setLevel(logging.WARNING)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = progress
        kwargs = {"run": run, "settings": settings, "renderings": renderings}
        gpus = int(ray.cluster_resources().get("GPU", 0)) if settings.device != "cpu" else 0
        cpus = int(ray.cluster_resources().get("CPU", 1))
        dataset = ray.data.from_items(
            [{"task": pickle.dumps(task)} for task in tasks],
            override_num_blocks=max(1, len(tasks)),
        )
        # Ray retries a task whose worker is lost, and restarts a lost actor, by default
        dataset = dataset.map_batches(_analyse, batch_size=1, fn_kwargs=kwargs)
        pool = ray.data.ActorPoolStrategy(
            min_size=gpus or 1, max_size=gpus or max(1, cpus // 4)
        )
        dataset = dataset.map_batches(
            _Translate,
            batch_size=1,
            fn_constructor_kwargs=kwargs,
            compute=pool,
            num_gpus=1 if gpus else None,
            num_cpus=None if gpus else 1,
        )
        dataset = dataset.map_batches(_link, batch_size=1, fn_kwargs=kwargs)
        sink = _shard_sink(output, fmt)
        dataset.write_datasink(sink)
    finally:
        if started:
            ray.shutdown()
    return RaySummary(
        documents=sink.totals["documents"],
        posts=sink.totals["posts"],
        failed=sink.totals["failed"],
        shards=tuple(sink.shards),
    )
