"""Scoring the extractor on real article pages (the corpora under ``tests/data/real-pages``,
each a folder in the same format): embedded posts against the gold by ``(platform, post_id)``, the language of
text-bearing embeds, and the posts quoted in prose against the ``quoted`` labels.

A corpus folder holds ``pages/<name>.gz`` (gzipped HTML), ``gold.json`` (``{"pages": {name:
{"posts": [...], "quoted": [...]}}}``), ``manifest.tsv`` and ``SOURCE.md`` (provenance and the
labelling rules). A ``quoted`` label (first words in ``first_words`` or ``quote_start``) of a
post the page also embeds (``embedded``, or its ``post_id`` among the page's gold embeds) is
found either as a quote or as that embed (the extractor keeps one record per post). Used by the
gate (``test_real_pages.py``) and by ``scripts/eval_real_pages.py``, which prints the misses.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.config import Settings
from analyzer.detect import get_detector
from analyzer.extract import get_extractor
from analyzer.ingest.core import make_article
from analyzer.ingest.decode import decode_bytes
from analyzer.records import Post

DATA = Path(__file__).resolve().parent.parent / "data"
REAL_PAGES = DATA / "real-pages"
#: the development pages (the corpus the extractor was built on)
DEV = REAL_PAGES / "dev"
#: real pages labelled apart from the extractor's development and never tuned on: measured only
HELD_OUT = REAL_PAGES / "held-out"

_WORD = re.compile(r"\w+", re.U)


@dataclass
class Score:
    """Counts and misses of one run over one corpus."""

    pages: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    lang_ok: int = 0
    lang_n: int = 0
    quote_tp: int = 0
    quote_fp: int = 0
    quote_fn: int = 0
    speaker_ok: int = 0
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def language(self) -> float:
        return self._ratio(self.lang_ok, self.lang_n)

    @property
    def quote_precision(self) -> float:
        return self._ratio(self.quote_tp, self.quote_tp + self.quote_fp)

    @property
    def quote_recall(self) -> float:
        return self._ratio(self.quote_tp, self.quote_tp + self.quote_fn)

    @property
    def speaker_accuracy(self) -> float:
        return self._ratio(self.speaker_ok, self.quote_tp)

    def metrics(self) -> dict[str, float]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "language": self.language,
            "quote_precision": self.quote_precision,
            "quote_recall": self.quote_recall,
            "speaker_accuracy": self.speaker_accuracy,
        }

    def summary(self) -> str:
        return (
            f"pages={self.pages} gold={self.tp + self.fn} found={self.tp + self.fp}\n"
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"lang={self.lang_ok}/{self.lang_n}\n"
            f"quotes: gold={self.quote_tp + self.quote_fn} found={self.quote_tp + self.quote_fp} "
            f"P={self.quote_precision:.3f} R={self.quote_recall:.3f} "
            f"speaker={self.speaker_ok}/{self.quote_tp}"
        )


def load_gold(folder: Path) -> dict[str, Any]:
    pages: dict[str, Any] = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["pages"]
    return pages


def read_page(folder: Path, name: str) -> str:
    """The page's text as the CLI reads the file (the same charset decision)."""
    return decode_bytes(gzip.decompress((folder / "pages" / f"{name}.gz").read_bytes()))


def _words(text: str | None) -> list[str]:
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(text)


def quote_matches(gold: dict[str, Any], post: Post) -> bool:
    """A found quote is the labelled one: same platform, and its text starts with the
    labelled first words (or holds them within its first few words)."""
    if post.platform != gold["platform"]:
        return False
    want = _words(gold.get("first_words") or gold.get("quote_start"))
    got = _words(post.text)
    if not want or len(got) < len(want):
        return False
    return any(got[i : i + len(want)] == want for i in range(min(4, len(got) - len(want) + 1)))


def _first(label: dict[str, Any]) -> str:
    return str(label.get("first_words") or label.get("quote_start") or "")


def speaker_matches(gold: str | None, got: str | None) -> bool:
    """The same speaker: both null, or one name's words inside the other's ('Trump' for
    'Donald Trump')."""
    if not gold or not got:
        return not gold and not got
    a, b = set(_words(gold)), set(_words(got))
    return bool(a and b) and (a <= b or b <= a)


def _pid(post: Post) -> str:
    value = str(post.post_id or "")
    return value.rsplit("/", 1)[-1] if post.platform == "mastodon" else value


def evaluate(folder: Path = DEV) -> Score:
    """Run ingest + extract + language detection over every page of ``folder``."""
    settings = Settings()
    extractor = get_extractor()
    detector = get_detector("default")
    score = Score()
    for page, gold in load_gold(folder).items():
        score.pages += 1
        article = make_article(page, page, html=read_page(folder, page), settings=settings)
        posts = extractor.extract(article)
        certain = {
            (g["platform"], str(g["post_id"])): g for g in gold["posts"] if not g.get("doubtful")
        }
        doubtful = {(g["platform"], str(g["post_id"])) for g in gold["posts"] if g.get("doubtful")}
        embeds = {(p.platform, _pid(p)): p for p in posts if p.kind == "embed"}
        for key, post in embeds.items():
            if key in certain:
                score.tp += 1
                want = certain[key].get("lang")
                if certain[key].get("has_text") and want:
                    score.lang_n += 1
                    got = (
                        detector.detect(post.text, stated=post.stated_language).code[:2]
                        if post.text
                        else ""
                    )
                    if got == want:
                        score.lang_ok += 1
                    else:
                        score.misses.append(f"LANG  {page} {key} want {want} got {got}")
            elif key not in doubtful:
                score.fp += 1
                score.misses.append(f"FP    {page} {key} {post.method} {(post.text or '')[:60]!r}")
        for key in certain:
            if key not in embeds:
                score.fn += 1
                score.misses.append(f"FN    {page} {key}")
        quotes = [p for p in posts if p.kind == "quote"]
        for label in gold.get("quoted", []):
            hit = next((q for q in quotes if quote_matches(label, q)), None)
            key = (label["platform"], str(label.get("post_id")))
            embedded = label.get("embedded") or key in certain
            if hit is None and embedded and label.get("post_id"):
                # a quote of a post the page also embeds is that embed: found when it is
                if (label["platform"], str(label["post_id"])) in embeds:
                    score.quote_tp += 1
                    score.speaker_ok += 1  # (the embed's author is the post's)
                    continue
            if hit is None:
                score.quote_fn += 1
                score.misses.append(
                    f"QFN   {page} {label['platform']} {label['speaker']!r} {_first(label)!r}"
                )
                continue
            quotes.remove(hit)
            score.quote_tp += 1
            if speaker_matches(label.get("speaker"), hit.author.name):
                score.speaker_ok += 1
            else:
                score.misses.append(
                    f"QWHO  {page} {label['platform']} want {label.get('speaker')!r}"
                    f" got {hit.author.name!r} {_first(label)!r}"
                )
        for q in quotes:
            score.quote_fp += 1
            score.misses.append(
                f"QFP   {page} {q.platform} {q.author.name!r} {q.method} {(q.text or '')[:60]!r}"
            )
    return score
