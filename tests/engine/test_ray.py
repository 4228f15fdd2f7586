"""The Ray Data engine gives the local engine's answer: a local Ray cluster of 2 CPUs, started
and stopped here, runs a dump (the seed articles, a JSONL file of articles embedding Arabic
posts, translated by the tiny checkpoint, a bad line, a broken WARC, a missing file) and its
shards must equal the local run's JSONL line for line (posts, languages, translations,
paraphrases, scores, error records), and its Parquet shards the local Parquet rows.

The comparison is exact, translations included: both engines must see the same windows, so
the dump is laid out for that (see the ``dump`` fixture and docs/ray.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyzer.api import analyze_paths
from analyzer.config import Settings, load_settings
from analyzer.errors import ConfigError, OutputError
from analyzer.report.jsonout import jsonl_text

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")
pytest.importorskip("pyarrow")

from analyzer.engine import analyze_on_ray, plan_reads  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
_WORDS = "الحكومة قالت إن المحادثات ستستمر الأسبوع المقبل في العاصمة مع الوفد".split()


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, num_gpus=0, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    try:
        yield
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("dump")
    with (root / "articles.jsonl").open("w", encoding="utf-8") as out:
        for n in range(74):  # with the bad line, three windows of 25
            tweet = " ".join(_WORDS[(n + i) % len(_WORDS)] for i in range(8))
            html = (
                "<html><body><article><p>The ministry wrote on Twitter that the talks would go on in"
                " the capital next week.</p>"
                f'<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">{tweet}</p>&mdash; Ministry'
                f' (@ministry_{n % 7}) <a href="https://twitter.com/ministry_{n % 7}/status/{10**18 + n}">'
                "May 1, 2024</a></blockquote></article></body></html>"
            )
            out.write(json.dumps({"id": f"a{n:03d}", "html": html}, ensure_ascii=False) + "\n")
            if n == 30:
                out.write('{"id": "broken", "text": \n')
    (root / "broken.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: -1\r\n\r\n")
    # the local engine's windows run across files, Ray's blocks do not: the JSONL file fills
    # whole windows, so both engines see the same windows (and translate the same batches)
    return [str(root / "articles.jsonl"), str(ROOT / "seeds"), str(root / "broken.warc"), str(root / "missing.jsonl")]


@pytest.fixture(scope="module")
def settings(tiny_marian_dir: Path) -> Settings:
    return load_settings(model=str(tiny_marian_dir), embeddings=False, window=25, cache=False)


def _local_lines(paths: list[str], settings: Settings) -> list[str]:
    return [line for doc in analyze_paths(paths, settings=settings) for line in jsonl_text(doc).splitlines()]


def _shard_lines(folder: Path) -> list[str]:
    return [line for shard in sorted(folder.glob("part-*.jsonl")) for line in shard.read_text("utf-8").splitlines()]


def test_ray_gives_the_local_engines_lines(cluster: None, dump: list[str], settings: Settings, tmp_path: Path) -> None:
    summary = analyze_on_ray(dump, tmp_path / "out", fmt="jsonl", settings=settings)
    local = _local_lines(dump, settings)
    remote = _shard_lines(tmp_path / "out")
    assert remote == local
    rows = [json.loads(line) for line in remote]
    posts = [r for r in rows if r["record"] == "post"]
    assert {r["language"]["code"] for r in posts} >= {"ar", "en"}
    assert any(r["translation"] and r["translation"]["status"] == "ok" for r in posts)
    assert any(r["paraphrases"] for r in posts)  # the seeds link across their two articles
    errors = [r for r in rows if r["record"] == "error"]
    assert sorted(Path(e["source"]).name for e in errors) == ["articles.jsonl", "broken.warc", "missing.jsonl"]
    assert all(e["id"] and e["error"]["stage"] == "ingest" for e in errors)
    assert summary.documents == 75 + 2 + 1 + 1 and summary.failed == 3
    assert summary.posts == len(posts)


def test_ray_parquet_shards_hold_the_local_parquet_rows(
    cluster: None, dump: list[str], settings: Settings, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    from analyzer.report import get_reporter

    analyze_on_ray(dump, tmp_path / "out", fmt="parquet", settings=settings)
    with (tmp_path / "local.parquet").open("wb") as out:
        get_reporter("parquet").write({}, analyze_paths(dump, settings=settings), out)  # type: ignore[arg-type]
    local = pq.read_table(tmp_path / "local.parquet").to_pylist()
    shards = sorted((tmp_path / "out").glob("part-*.parquet"))
    remote: list[dict[str, Any]] = [row for shard in shards for row in pq.read_table(shard).to_pylist()]
    assert remote == local and len(local) > 75


def test_read_tasks_keep_container_files_whole_and_pack_small_files(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.txt"):
        (tmp_path / name).write_text("text", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text("{}\n", encoding="utf-8")
    tasks = plan_reads([str(tmp_path), str(tmp_path / "nowhere.txt")], window=2)
    names = [tuple(Path(s).name for s in t.specs) for t in tasks]
    assert names == [("a.txt", "b.html"), ("c.txt",), ("d.jsonl",), ("nowhere.txt",)]


def test_bad_targets_and_stdin_are_refused(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file"):
        analyze_on_ray([str(ROOT / "seeds")], tmp_path / "file", settings=settings)
    with pytest.raises(ConfigError, match="standard input"):
        analyze_on_ray(["-"], tmp_path / "out", settings=settings)
    with pytest.raises(ConfigError, match="jsonl or parquet"):
        analyze_on_ray([str(ROOT / "seeds")], tmp_path / "out", fmt="csv", settings=settings)


def test_the_cli_runs_on_ray(cluster: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from analyzer.cli import main

    args = [str(ROOT / "seeds"), "--engine", "ray", "-f", "jsonl", "-o", str(tmp_path / "out"),
            "--no-translate", "--no-embeddings"]
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 0
    assert "2 documents" in capsys.readouterr().err
    assert len(_shard_lines(tmp_path / "out")) >= 2
