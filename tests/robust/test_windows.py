"""A window is read and extracted in chunks (so that only a chunk's pages are held as HTML);
the window that the later stages see, and so every result, is the one read whole."""

from __future__ import annotations

from pathlib import Path

from analyzer.config import load_settings
from analyzer.ingest import iter_articles
from analyzer.pipeline import EXTRACT_CHUNK, Pipeline
from analyzer.records import Article, ErrorRecord

ROOT = Path(__file__).resolve().parents[2]


def _items() -> list[Article | ErrorRecord]:
    settings = load_settings()
    seeds = list(iter_articles([str(ROOT / "seeds")], settings))
    filler = [
        Article("dump", f"d{n}", f"The ministry said the talks would go on, officials confirmed ({n}).")
        for n in range(EXTRACT_CHUNK * 2 + 5)
    ]
    bad = ErrorRecord("dump", "bad", "ingest", "DocumentError", "unreadable")
    # the seeds (which link across each other) sit in different chunks of one window
    return [seeds[0], *filler[:EXTRACT_CHUNK], bad, *filler[EXTRACT_CHUNK:], seeds[1]]


def test_a_window_read_in_chunks_gives_the_window_read_whole() -> None:
    items = _items()
    settings = load_settings(translate=False, embeddings=False, window=len(items))
    chunked = list(Pipeline(settings).run(items))
    whole_pipe = Pipeline(settings)
    whole = whole_pipe.link_window(whole_pipe.translate_window(whole_pipe.analyse_window(items)))
    assert [d.as_dict() for d in chunked] == [d.as_dict() for d in whole]
    assert chunked[0].posts and chunked[0].posts[0].paraphrases  # linked across chunks
    assert chunked[EXTRACT_CHUNK + 1].errors[0].id == "bad"
