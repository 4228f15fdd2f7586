from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app

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
    assert result.exit_code == 2 and "unknown format" in result.output


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
