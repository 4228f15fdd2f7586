"""``--format parquet``: the JSONL lines as an Apache Parquet file (pandas, polars, DuckDB).

The columns are exactly the keys of a ``--format jsonl`` line (:func:`jsonl_records`), with
nested values as Parquet structs, lists and maps, so ``language.code`` or
``paraphrases[1].fidelity.label`` read the same in both. The Arrow schema is derived from the
packaged JSON Schema (:func:`~analyzer.report.load_schema`), the contract's one description,
so a post's shape is never written down twice; it is fixed, so every row group (and every
shard a Ray run writes) has the same schema even when a column is all null.

Parquet is binary: this reporter writes to a binary stream (``binary = True``). It needs
``pyarrow`` (``pip install 'analyze-posts[parquet]'``).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any, Literal

from ..errors import ConfigError, OutputError
from ..records import DocumentResult
from .jsonout import POST_KEYS, jsonl_records

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ParquetReporter", "arrow_schema", "require_pyarrow"]

#: rows gathered into one Parquet row group
ROW_GROUP = 2048

_HEAD = (
    ("record", {"type": "string"}),
    ("source", {"type": "string"}),
    ("id", {"type": ["string", "null"]}),
    ("document_url", {"type": ["string", "null"]}),
    ("document_title", {"type": ["string", "null"]}),
    ("index", {"type": ["integer", "null"]}),
)
_ERROR = {
    "type": "object",
    "properties": {
        "stage": {"type": "string"},
        "error": {"type": "string"},
        "message": {"type": "string"},
    },
}


def require_pyarrow(what: str = "--format parquet") -> None:
    """Raise a :class:`ConfigError` saying how to install pyarrow when it is missing."""
    if importlib.util.find_spec("pyarrow") is None:
        raise ConfigError(
            f"{what} needs pyarrow, which is not installed: pip install 'analyze-posts[parquet]'"
        )


def _arrow_type(spec: dict[str, Any], defs: dict[str, Any]) -> pa.DataType:
    import pyarrow as pa

    if "$ref" in spec:
        return _arrow_type(defs[spec["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in spec:
        real = [s for s in spec["anyOf"] if s.get("type") != "null"]
        return _arrow_type(real[0], defs)
    if "enum" in spec or "const" in spec:
        return pa.string()
    kinds = spec.get("type", "string")
    kind = next((k for k in ([kinds] if isinstance(kinds, str) else kinds) if k != "null"), "string")
    if kind == "object":
        if "properties" in spec:
            return pa.struct(
                [pa.field(name, _arrow_type(sub, defs)) for name, sub in spec["properties"].items()]
            )
        extra = spec.get("additionalProperties")
        if isinstance(extra, dict):
            return pa.map_(pa.string(), _arrow_type(extra, defs))
        return pa.string()  # a free-form object: kept as JSON text
    if kind == "array":
        return pa.list_(_arrow_type(spec.get("items", {}), defs))
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
    }[kind]


@lru_cache(maxsize=1)
def arrow_schema() -> pa.Schema:
    """The Arrow schema of a JSONL line (and so of ``--format parquet``)."""
    import pyarrow as pa

    from . import load_schema

    defs = load_schema()["$defs"]
    post = defs["post"]["properties"]
    columns = [pa.field(name, _arrow_type(spec, defs)) for name, spec in _HEAD]
    columns += [pa.field(name, _arrow_type(post[name], defs)) for name in POST_KEYS]
    columns.append(pa.field("error", _arrow_type(_ERROR, defs)))
    return pa.schema(columns, metadata={"schema": "analyze-posts/1"})


def table_of(rows: list[dict[str, Any]]) -> pa.Table:
    """An Arrow table of JSONL rows in the fixed schema."""
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=arrow_schema())


class ParquetReporter:
    """Writes row groups of :data:`ROW_GROUP` rows as documents arrive."""

    binary: Literal[True] = True

    def __init__(self, *, quiet: bool = False, width: int | None = None) -> None:
        del quiet, width
        require_pyarrow()

    def write(
        self, signature: dict[str, Any], documents: Iterable[DocumentResult], out: IO[bytes]
    ) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        del signature  # as in JSONL: the signature is in --format json

        def put(action: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return action(*args, **kwargs)
            except OSError as exc:  # pyarrow's IO errors are OSErrors
                raise OutputError(f"cannot write the report: {exc}") from exc

        sink = pa.PythonFile(out, mode="w")
        writer = put(pq.ParquetWriter, sink, arrow_schema(), compression="zstd")
        rows: list[dict[str, Any]] = []
        for doc in documents:
            rows.extend(jsonl_records(doc))
            if len(rows) >= ROW_GROUP:
                put(writer.write_table, table_of(rows))
                rows = []
        if rows:
            put(writer.write_table, table_of(rows))
        put(writer.close)
