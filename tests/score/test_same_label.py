"""``analyze-posts fidelity`` and ``score_fidelity()`` give the pipeline's label for the
pipeline's pair, when given the same evidence (the post's text and who posted)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

import analyzer
from analyzer.cli import app
from analyzer.config import Settings
from analyzer.paraphrase import DefaultParaphraseFinder

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "align"))
from seed_scenario import seed_window  # noqa: E402


def test_api_and_cli_give_the_pipelines_label() -> None:
    window = seed_window()
    settings = Settings(embeddings=False)
    out = DefaultParaphraseFinder(settings).run(window, {})
    saleh = next(r for doc in out for r in doc if r.post.author.name == "Saleh")
    assert saleh.paraphrases, "the seed article renders Saleh's tweet"
    runner = CliRunner()
    for p in saleh.paraphrases:
        assert p.fidelity is not None
        got = analyzer.score_fidelity(
            saleh.english or "", p.text, saleh.post.text, settings=settings, author="Saleh"
        )
        assert (got.label, got.score, got.flags) == (p.fidelity.label, p.fidelity.score, p.fidelity.flags)
        res = runner.invoke(
            app,
            ["fidelity", "-t", saleh.english or "", "-c", p.text, "-s", saleh.post.text or "",
             "--author", "Saleh", "--no-embeddings"],
        )
        assert res.exit_code == 0, res.output
        record = json.loads(res.output)
        assert record["label"] == p.fidelity.label and record["score"] == p.fidelity.score
        assert record["scorer"] == record["signature"]["id"] == p.fidelity.scorer
    # Saleh's "too big for them to rule" is not what he tweeted
    assert any(f.kind == "misquote" for p in saleh.paraphrases for f in p.fidelity.flags)  # type: ignore[union-attr]
