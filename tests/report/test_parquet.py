from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyzer.errors import OutputError
from analyzer.records import DocumentResult
from analyzer.report import get_reporter, is_binary

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _parquet(signature: dict[str, Any], docs: list[DocumentResult], path: Path) -> Path:
    reporter = get_reporter("parquet")
    assert is_binary(reporter)
    with path.open("wb") as out:
        reporter.write(signature, iter(docs), out)
    return path


def _jsonl(signature: dict[str, Any], docs: list[DocumentResult]) -> list[dict[str, Any]]:
    out = io.StringIO()
    get_reporter("jsonl").write(signature, iter(docs), out)  # type: ignore[arg-type]
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _same(parquet_value: Any, jsonl_value: Any) -> bool:
    """Parquet maps come back as lists of pairs and absent struct keys as None."""
    if isinstance(jsonl_value, dict):
        if isinstance(parquet_value, list):  # a map
            return dict(parquet_value) == jsonl_value
        return all(_same(parquet_value.get(k), v) for k, v in jsonl_value.items())
    if isinstance(jsonl_value, list):
        return len(parquet_value) == len(jsonl_value) and all(
            _same(p, j) for p, j in zip(parquet_value, jsonl_value, strict=True)
        )
    if isinstance(jsonl_value, float) and isinstance(parquet_value, float):
        return abs(jsonl_value - parquet_value) < 1e-12
    return bool(parquet_value == jsonl_value)


def test_parquet_rows_are_the_jsonl_lines(
    tmp_path: Path,
    signature: dict[str, Any],
    seed_documents: list[DocumentResult],
    hostile_documents: list[DocumentResult],
) -> None:
    docs = seed_documents + hostile_documents
    rows = pq.read_table(_parquet(signature, docs, tmp_path / "out.parquet")).to_pylist()
    lines = _jsonl(signature, docs)
    assert len(rows) == len(lines) > 0
    for row, line in zip(rows, lines, strict=True):
        for key, value in line.items():
            assert _same(row[key], value), key


def test_parquet_is_read_by_pandas_polars_and_duckdb(
    tmp_path: Path, signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    path = _parquet(signature, seed_documents, tmp_path / "out.parquet")
    lines = _jsonl(signature, seed_documents)
    codes = [line["language"]["code"] if line.get("language") else None for line in lines]

    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(path)
    assert [c["code"] if c is not None else None for c in frame["language"]] == codes

    polars = pytest.importorskip("polars")
    assert polars.read_parquet(path)["language"].struct.field("code").to_list() == codes

    duckdb = pytest.importorskip("duckdb")
    got = duckdb.sql(f"SELECT language.code FROM read_parquet('{path}')").fetchall()
    assert [row[0] for row in got] == codes


def test_an_empty_run_is_an_empty_file_with_the_schema(tmp_path: Path, signature: dict[str, Any]) -> None:
    from analyzer.report.parquetout import arrow_schema

    table = pq.read_table(_parquet(signature, [], tmp_path / "empty.parquet"))
    assert table.num_rows == 0
    assert table.schema.remove_metadata().equals(arrow_schema().remove_metadata())


class _Broken(io.BytesIO):
    def write(self, data: Any) -> int:
        raise OSError(28, "No space left on device")


def test_a_failed_write_is_an_output_error(signature: dict[str, Any], seed_documents: list[DocumentResult]) -> None:
    with pytest.raises(OutputError, match="cannot write the report"):
        get_reporter("parquet").write(signature, iter(seed_documents), _Broken())  # type: ignore[arg-type]


def test_errors_of_the_documents_pass_through(signature: dict[str, Any], seed_documents: list[DocumentResult]) -> None:
    def documents() -> Iterator[DocumentResult]:
        yield seed_documents[0]
        raise ValueError("input gone")

    with pytest.raises(ValueError, match="input gone"):
        get_reporter("parquet").write(signature, documents(), io.BytesIO())  # type: ignore[arg-type]
