"""Gate on what extraction gives the paraphrase finder on real articles (tests/data/fidelity-real,
its digest pinned in tests/data/corpus_digests.json): every post found with its id, and every
sentence labelled by hand as rendering a post present in the article text or the title the
finder searches. A rendering the text leaves out (a live blog read one entry deep) or a post
without its id (an embed taken for page chrome) cannot be found downstream. Lowering a floor is
a reviewed change."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

from analyzer.extract.page import Page, read_page

DATA = Path(__file__).resolve().parents[1] / "data" / "fidelity-real"
#: measured when pinned: 38 of 38 posts with their id, 39 of 39 renderings in reach (before
#: runs of entries were read whole and rail-named layout wrappers kept their embeds: 37, 36)
FLOORS = {"posts_with_id": 38, "renderings_in_reach": 39}


def _squeeze(s: str) -> str:
    return " ".join(s.replace("\u2019", "'").split())


@cache
def _page(name: str) -> Page:
    raw = gzip.decompress((DATA / "pages" / f"{name}.gz").read_bytes())
    return read_page(raw.decode("utf-8", "replace"))


def _reach() -> dict[str, int]:
    items = json.loads((DATA / "items.json").read_text(encoding="utf-8"))["items"]
    with_id = in_reach = 0
    for item in items:
        page = _page(item["file"])
        if any(p.platform == item["platform"] and p.post_id == item["post_id"] for p in page.posts):
            with_id += 1
        searched = _squeeze(page.text) + "\n" + _squeeze(page.title or "")
        in_reach += sum(
            _squeeze(c["text"]) in searched
            for c in item["candidates"]
            if c["label"] != "unrelated" and not c.get("doubtful")
        )
    return {"posts_with_id": with_id, "renderings_in_reach": in_reach}


def test_renderings_and_post_ids_are_in_reach_of_the_finder() -> None:
    got = _reach()
    for key, floor in FLOORS.items():
        assert got[key] >= floor, (key, got)
