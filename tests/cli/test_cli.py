from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app, main
from analyzer.registry import names

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from analyzer.cli import main\n"
        "sys.argv = ['analyze-posts', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'sentence_transformers', 'ctranslate2', 'lingua')"
        " if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY=\n" in out.stdout


def _commands() -> list[list[str]]:
    return [[], ["analyze"], ["detect"], ["fidelity"], ["models"], ["models", "list"],
            ["models", "download"], ["models", "convert"]]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "root")
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert len(result.output.split("Usage:", 1)[1].strip()) > 40


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("analyze-posts ")


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 2 and "unknown output format 'xml'" in result.output


@pytest.mark.slow  # loads the sentence model
def test_seeds_json_contract_without_translation(tmp_path: Path) -> None:
    out = tmp_path / "seeds.json"
    result = runner.invoke(app, [str(ROOT / "seeds"), "--format", "json", "--no-translate", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] and data["signature"]["analyze_posts"]
    docs = {d["id"]: d for d in data["documents"]}
    assert set(docs) == {"000_3bc40339bbe528f2", "001_e895ed4f9abc13c8"}
    posts = [p for d in data["documents"] for p in d["posts"]]
    assert len(posts) == 3
    embed = next(p for p in docs["001_e895ed4f9abc13c8"]["posts"] if p["kind"] == "embed")
    assert embed["platform"] == "twitter" and embed["author"]["handle"] == "alemara_ar"
    assert embed["date"].startswith("2021-08-22")
    assert embed["language"]["code"] == "ar"
    assert embed["translation"]["status"] == "skipped"
    quotes = docs["000_3bc40339bbe528f2"]["posts"]
    assert sorted(p["author"]["name"] for p in quotes) == ["Saleh", "Taliban"]
    assert all(p["language"]["code"] == "en" for p in quotes)
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_failed_document_sets_the_exit_status_and_is_in_the_output(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text('"Hi," she tweeted.', encoding="utf-8")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    result = runner.invoke(app, [str(tmp_path), "-f", "jsonl", "--no-translate", "-q"])
    assert result.exit_code == 1
    assert "1 document(s) failed" in result.output
    assert any('"error"' in line for line in result.output.splitlines())


def test_output_file_is_left_alone_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous", encoding="utf-8")

    def explode(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    import analyzer.report as report

    real = report.get_reporter

    class Exploding:
        def write(self, *args: object) -> None:
            explode()

    monkeypatch.setattr(report, "get_reporter", lambda fmt, **kw: Exploding())
    result = runner.invoke(app, [str(ROOT / "seeds"), "-f", "json", "-o", str(out), "--no-translate"])
    monkeypatch.setattr(report, "get_reporter", real)
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == "previous"
    assert not list(tmp_path.glob(".*.tmp"))


def test_detect_command_reads_arguments_and_stdin() -> None:
    result = runner.invoke(app, ["detect", "Hello, how are you doing today my friend?"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.splitlines()[0])
    assert set(record) == {"text", "code", "confidence", "candidates"} and record["code"] == "en"
    result = runner.invoke(app, ["detect"], input="Bonjour tout le monde, comment allez-vous ?\nمرحبا بكم في بيتكم\n")
    codes = [json.loads(line)["code"] for line in result.output.splitlines()]
    assert codes == ["fr", "ar"]


def test_renderings_file_errors_are_usage_errors(tmp_path: Path) -> None:
    bad = tmp_path / "r.jsonl"
    bad.write_text('{"post_text": 1}\n', encoding="utf-8")
    result = runner.invoke(app, [str(ROOT / "seeds"), "--renderings", str(bad), "--no-translate"])
    assert result.exit_code == 2 and "post_text" in result.output


# -- settings and outputs checked up front --------------------------------------------------

BAD_OPTIONS = [
    (["--backend", "magic"], {}, "auto, transformers, ctranslate2"),
    (["--quality", "ultra"], {}, "fast, best"),
    (["--device", "tpu"], {}, "cuda:N"),
    (["--workers", "-1"], {}, "'workers' is -1"),
    (["--window", "0"], {}, "'window' is 0"),
    (["--window", "1.5"], {}, "--window"),
    (["--window", "99999999999999999999"], {}, "from 1 to 100,000"),
    (["--detector", "bogus"], {}, "default, fasttext"),
    (["--format", "xml"], {}, "json, jsonl, csv"),
    (["--engine", "spark"], {}, "local, ray"),
    (["--resume"], {}, "--resume goes with --format jsonl --output FILE"),
    (["--ray-address", "auto"], {}, "--ray-address goes with --engine ray"),
    (["--bogus"], {}, "No such option"),
    ([], {"ANALYZE_POSTS_MAX_DOCUMENT_CHARS": "-1"}, "ANALYZE_POSTS_MAX_DOCUMENT_CHARS"),
    ([], {"ANALYZE_POSTS_WINDOW": "1.5"}, "ANALYZE_POSTS_WINDOW"),
    ([], {"ANALYZE_POSTS_BACKEND": "magic"}, "ANALYZE_POSTS_BACKEND"),
]


@pytest.mark.parametrize(("args", "env", "needle"), BAD_OPTIONS, ids=lambda v: " ".join(v) if isinstance(v, list) else str(v)[:30])
def test_bad_settings_are_one_line_usage_errors(
    args: list[str], env: dict[str, str], needle: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SystemExit) as exited:
        main(["analyze", str(ROOT / "seeds"), "-f", "jsonl", "--no-translate", "-q", *args])
    captured = capsys.readouterr()
    assert exited.value.code == 2
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("analyze-posts: error: "), captured.err
    assert needle in lines[0]
    assert captured.out == ""


def _cli(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "analyzer", *args], capture_output=kw.pop("capture", True),  # type: ignore[arg-type]
        text=True, env=env, timeout=120, **kw,  # type: ignore[arg-type]
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_a_failed_write_and_the_device_stays() -> None:
    result = _cli(str(ROOT / "seeds"), "-f", "json", "--no-translate", "-q", "-o", "/dev/full")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written in place, never replaced


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "parquet"])
def test_a_directory_as_output_is_a_failed_write(tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(app, [str(ROOT / "seeds"), "-f", fmt, "--no-translate", "-q", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "is a directory" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_closed_stdout_is_a_failed_write() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "analyzer", str(ROOT / "seeds"), "-f", "jsonl", "--no-translate", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, timeout=120,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "analyze-posts: error: cannot write the report: standard output is closed; use --output FILE"
    )


def test_a_closed_pipe_is_a_failed_write_with_one_line() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "analyzer", str(ROOT / "seeds"), "-f", "jsonl", "--no-translate", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader went away
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 1
    assert len(err.splitlines()) == 1 and "Broken pipe" in err, err


def test_analyze_help_lists_paths_and_the_registered_formats() -> None:
    result = runner.invoke(app, ["analyze", "--help"])
    assert "<list[str]>" not in result.output
    assert "PATH..." in result.output
    flat = " ".join(result.output.split())
    assert ", ".join(names("reporter")) in flat
    assert ", ".join(names("detector")) in flat


def test_no_format_list_outside_the_registry() -> None:
    import analyzer.cli as cli
    import analyzer.report as report

    assert not hasattr(cli, "FORMATS")
    assert report.FORMATS == names("reporter")


@pytest.mark.parametrize("lead", [["-v"], ["-vv"], ["--verbose"], ["-v", "analyze"]])
def test_root_options_may_come_before_a_bare_path(lead: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*lead, str(ROOT / "seeds"), "-f", "jsonl", "--no-translate", "--no-embeddings", "-q"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.count('"record": "post"') >= 2


def test_the_progress_bar_shows_documents_per_second_and_posts_found() -> None:
    import io

    from rich.console import Console

    from analyzer.cli import _progress, _Tally
    from analyzer.records import DocumentResult

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160)
    docs = [DocumentResult(source="s", id=str(n)) for n in range(3)]
    tally = _Tally()
    with _progress(True, console) as bar:
        assert [d.id for d in tally.watch(iter(docs), bar)] == ["0", "1", "2"]
        bar.refresh()
        shown = screen.getvalue()
    assert "3 documents" in shown and "docs/s" in shown and "0 posts found, 0 failed" in shown
    assert tally.documents == 3 and tally.posts == 0
