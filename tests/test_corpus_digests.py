"""Every evaluation corpus is pinned by digest: a gate's floors were measured on that corpus."""

from __future__ import annotations

import json

import pytest
from corpus import DATA, corpus_digest

PINS = json.loads((DATA / "corpus_digests.json").read_text(encoding="utf-8"))["corpora"]


@pytest.mark.parametrize("name", sorted(PINS))
def test_corpus_is_the_one_the_floors_were_measured_on(name: str) -> None:
    got = corpus_digest(DATA / name)
    assert got == PINS[name], (
        f"tests/data/{name} changed (digest {got}, pinned {PINS[name]}): re-measure its gate "
        "and update tests/data/corpus_digests.json, saying why in the commit"
    )


def test_every_corpus_is_pinned() -> None:
    """A folder of tests/data holding floors (baseline.json) or provenance (SOURCE.md) is a
    corpus, and must be pinned."""
    corpora = {
        p.parent.relative_to(DATA).as_posix()
        for name in ("baseline.json", "SOURCE.md")
        for p in DATA.rglob(name)
    }
    assert corpora <= set(PINS), sorted(corpora - set(PINS))
