"""The whole pipeline on the seed articles, through the CLI, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _run(tmp_path: Path, *args: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    out = tmp_path / "run.json"
    result = runner.invoke(app, [str(ROOT / "seeds"), "-f", "json", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8")), result.output


def _embed(data: dict) -> dict:  # type: ignore[type-arg]
    return next(p for d in data["documents"] for p in d["posts"] if p["kind"] == "embed")


@pytest.mark.slow  # loads the sentence model
def test_offline_without_weights_every_other_stage_still_runs(tmp_path: Path) -> None:
    data, output = _run(tmp_path)
    embed = _embed(data)
    assert embed["translation"]["status"] == "unavailable"
    assert "analyze-posts models download ar" in embed["translation"]["hint"]
    assert output.count("translation unavailable") == 1
    # the other article's English rendering stands in, and the paraphrases are scored
    assert embed["english"]["source"] == "article:000_3bc40339bbe528f2"
    best = max(embed["paraphrases"], key=lambda p: p["fidelity"]["score"])
    assert best["document"] == "001_e895ed4f9abc13c8" and best["quoted"]
    kinds = {f["kind"] for f in best["fidelity"]["flags"]}
    assert {"omission", "quote_supported"} <= kinds
    assert any(f["kind"] == "omission" and "to control it" in (f["reference"] or "")
               for f in best["fidelity"]["flags"])
    assert any("Mujahideen" in (f["reference"] or "") and "fighters" in (f["candidate"] or "")
               for f in best["fidelity"]["flags"])
    assert best["fidelity"]["label"] in {"partial", "divergent"}
    assert data["signature"]["fidelity"]["aligner"]


def test_with_a_local_checkpoint_the_arabic_post_is_translated(tmp_path: Path, tiny_marian_dir: Path) -> None:
    data, _ = _run(tmp_path, "--model", str(tiny_marian_dir), "--backend", "transformers", "--no-cache")
    embed = _embed(data)
    assert embed["translation"]["status"] == "ok"
    assert embed["translation"]["text"]  # noise from random weights: never asserted on
    english = [p for d in data["documents"] for p in d["posts"] if p["kind"] == "quote"]
    assert all(p["translation"]["status"] == "identity" for p in english)
    assert str(tiny_marian_dir) in json.dumps(data["signature"]["translation"])


@pytest.mark.slow  # loads the sentence model
def test_a_translators_rendering_is_scored_and_aligned(tmp_path: Path) -> None:
    post = "مئات من مجاهدي #الإمارة_الإسلامية يتوجهون نحو ولاية #بنجشير للسيطرة عليها، بعد رفض مسئولي الولاية المحليين تسليمها بشكل سلمي. pic.twitter.com/FwAYBZeopq"
    renderings = tmp_path / "renderings.jsonl"
    renderings.write_text(
        json.dumps({"post_text": post, "rendering": "Thousands of Islamic Emirate fighters are moving on "
                    "Panjshir province to take it, after local officials agreed to hand it over.",
                    "translator": "reviewer"}) + "\n",
        encoding="utf-8",
    )
    data, _ = _run(tmp_path, "--renderings", str(renderings))
    [rendering] = _embed(data)["renderings"]
    assert rendering["translator"] == "reviewer"
    kinds = {f["kind"] for f in rendering["fidelity"]["flags"]}
    assert {"number", "negation"} <= kinds
    assert rendering["fidelity"]["label"] == "divergent"
    assert rendering["alignment"]["pairs"]


@pytest.mark.slow  # loads the sentence model
def test_seeds_json_validates_against_the_packaged_schema(tmp_path: Path) -> None:
    import jsonschema

    from analyzer.report import load_schema

    data, _ = _run(tmp_path, "--no-translate")
    jsonschema.validate(data, load_schema())
    assert sum(len(d["posts"]) for d in data["documents"]) == 3
