"""The pipeline composes stages; here every stage but ingest is a fake (injection)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from analyzer.api import analyze_paths
from analyzer.config import Settings
from analyzer.pipeline import Pipeline
from analyzer.records import Article, Author, Detection, Post, PostResult, Span, Translation
from analyzer.translate.factory import RoutingTranslator


class FakeStage:
    name = "fake"

    def signature(self) -> dict[str, object]:
        return {"name": self.name}


class FakeExtractor(FakeStage):

    def extract(self, article: Article) -> list[Post]:
        if "BROKEN" in article.text:
            raise ValueError("cannot parse this one")
        posts = []
        for line in article.text.splitlines():
            if line.startswith("POST "):
                start = article.text.index(line) + 5
                posts.append(
                    Post(
                        platform="twitter",
                        kind="embed",
                        author=Author("N", "h"),
                        text=line[5:],
                        span=Span(start, start + len(line) - 5),
                    )
                )
        return posts


class FakeDetector(FakeStage):

    def detect(self, text: str, stated: str | None = None) -> Detection:
        code = "ar" if any("\u0600" <= c <= "\u06ff" for c in text) else "en"
        return Detection(code=code, confidence=0.9, stated=stated)


class FakeTranslator(FakeStage):
    def __init__(self) -> None:
        self.calls: list[tuple[tuple[str, ...], str]] = []

    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        self.calls.append((tuple(texts), source))
        return [Translation(f"EN({t})", "ok", model="fake") for t in texts]


class FakeParaphraser(FakeStage):
    def __init__(self) -> None:
        self.windows: list[int] = []

    def run(self, window, renderings):  # type: ignore[no-untyped-def]
        self.windows.append(len(window))
        return [
            [replace(r, english=r.translation.text if r.translation else None) for r in results]
            for _, results in window
        ]


def _routed(settings: Settings, model: FakeTranslator) -> RoutingTranslator:
    """The real routing (English, undetermined, translation off) over a fake model."""
    return RoutingTranslator(settings, make=lambda spec: model)


def _pipeline(**options: object) -> tuple[Pipeline, FakeTranslator, FakeParaphraser]:
    settings = Settings(**options)  # type: ignore[arg-type]
    translator, paraphraser = FakeTranslator(), FakeParaphraser()
    pipe = Pipeline(
        settings,
        extractor=FakeExtractor(),
        detector=FakeDetector(),
        translator=_routed(settings, translator),
        finder=paraphraser,
    )
    return pipe, translator, paraphraser


def _write(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_stream_keeps_order_errors_and_batches_translation_per_language(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "a.txt": "intro\nPOST مرحبا بكم\nPOST hello there",
            "b.txt": "BROKEN page",
            "c.txt": "POST مرحبا بكم\nPOST شكرا",
        },
    )
    pipe, translator, paraphraser = _pipeline(window=10)
    docs = list(analyze_paths([tmp_path, tmp_path / "missing.txt"], pipeline=pipe))
    assert [d.id for d in docs] == ["a", "b", "c", str(tmp_path / "missing.txt")]
    a, b, c, missing = docs
    assert [r.translation.status for r in a.posts] == ["ok", "identity"]  # type: ignore[union-attr]
    assert a.posts[0].english == "EN(مرحبا بكم)"
    assert b.errors[0].stage == "extract" and "cannot parse" in b.errors[0].message and not b.posts
    assert not c.errors and len(c.posts) == 2
    assert missing.errors[0].stage == "ingest"
    # one translator call for the whole window's Arabic posts
    assert translator.calls == [(("مرحبا بكم", "مرحبا بكم", "شكرا"), "ar")]
    assert paraphraser.windows == [3]


def test_windows_bound_what_is_held(tmp_path: Path) -> None:
    _write(tmp_path, {f"{i:02}.txt": f"POST text {i}" for i in range(5)})
    pipe, _, paraphraser = _pipeline(window=2)
    docs = list(pipe.run(iter(_articles(tmp_path))))
    assert len(docs) == 5
    assert paraphraser.windows == [2, 2, 1]


def _articles(path: Path) -> list[Article]:
    from analyzer.ingest import iter_articles

    return [a for a in iter_articles([str(path)], Settings()) if isinstance(a, Article)]


def test_no_translate_skips_with_a_reason(tmp_path: Path) -> None:
    _write(tmp_path, {"a.txt": "POST مرحبا"})
    pipe, translator, _ = _pipeline(translate=False)
    [doc] = list(analyze_paths([tmp_path], pipeline=pipe))
    t = doc.posts[0].translation
    assert t is not None and t.status == "skipped" and "--no-translate" in (t.hint or "")
    assert translator.calls == []


def test_translator_crash_is_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    class Exploding(FakeTranslator):
        def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
            raise RuntimeError("CUDA out of memory")

    _write(tmp_path, {"a.txt": "POST مرحبا", "b.txt": "POST hi"})
    pipe = Pipeline(
        Settings(), extractor=FakeExtractor(), detector=FakeDetector(),
        translator=_routed(Settings(), Exploding()), finder=FakeParaphraser(),
    )
    a, b = list(analyze_paths([tmp_path], pipeline=pipe))
    assert a.posts[0].translation.status == "failed"  # type: ignore[union-attr]
    assert a.errors[0].stage == "translate" and "out of memory" in a.errors[0].message
    assert not b.errors and b.posts[0].translation.status == "identity"  # type: ignore[union-attr]


def test_paraphrase_failure_falls_back_per_document(tmp_path: Path) -> None:
    class Picky(FakeParaphraser):
        def run(self, window, renderings):  # type: ignore[no-untyped-def]
            if any("bad" in a.text for a, _ in window):
                raise ValueError("alignment exploded")
            return super().run(window, renderings)

    _write(tmp_path, {"a.txt": "POST good", "b.txt": "POST bad"})
    pipe = Pipeline(
        Settings(), extractor=FakeExtractor(), detector=FakeDetector(),
        translator=_routed(Settings(), FakeTranslator()), finder=Picky(),
    )
    a, b = list(analyze_paths([tmp_path], pipeline=pipe))
    assert not a.errors and a.posts[0].english == "good"
    assert b.errors[0].stage == "align" and len(b.posts) == 1


def test_signature_names_versions_and_settings(tmp_path: Path) -> None:
    pipe, _, _ = _pipeline()
    sig = pipe.signature()
    assert sig["analyze_posts"] and sig["schema"] == "analyze-posts/1"
    assert sig["translation"]["enabled"] is True
    assert sig["settings"]["window"] == Settings().window and len(sig["tables"]) == 16
    assert sig["extractor"] == sig["detector"] == sig["fidelity"] == {"name": "fake"}
    assert "extractor" not in Pipeline(Settings()).signature()  # a stage not built yet


@pytest.mark.parametrize("workers", [2])
def test_worker_processes_give_the_same_result(tmp_path: Path, workers: int) -> None:
    _write(tmp_path, {
        f"{i}.txt": f"Story {i}.\n\nWe are here {i} pic.twitter.com/AbCdEf{i}"
                    f" — Some One (@someone{i}) August 22, 2021\n" for i in range(4)
    })
    serial = [d.as_dict() for d in Pipeline(Settings(translate=False), detector=FakeDetector(),
                                            finder=FakeParaphraser()).run(_articles(tmp_path))]
    parallel = [d.as_dict() for d in Pipeline(Settings(translate=False, workers=workers),
                                              detector=FakeDetector(),
                                              finder=FakeParaphraser()).run(_articles(tmp_path))]
    assert [len(d["posts"]) for d in serial] == [1, 1, 1, 1]  # the real extractor found them
    assert serial == parallel


def test_post_result_as_dict_follows_the_contract() -> None:
    post = Post(platform="twitter", kind="embed", author=Author("N", "h"), text="t", span=Span(0, 1))
    d = PostResult(post=post, language=Detection("en", 0.5), translation=Translation("t", "identity")).as_dict()
    for key in ("platform", "kind", "author", "url", "post_id", "date", "text", "span", "language",
                "translation", "renderings", "paraphrases"):
        assert key in d
    assert d["author"] == {"name": "N", "handle": "h"}
    assert d["span"] == {"start": 0, "end": 1}
    assert d["language"]["code"] == "en" and d["translation"]["status"] == "identity"


def test_stage_times_count_every_stage_documents_and_posts(tmp_path: Path) -> None:
    _write(tmp_path, {"a.txt": "POST مرحبا\nPOST hi", "b.txt": "nothing here"})
    pipe, _, _ = _pipeline()
    list(analyze_paths([tmp_path], pipeline=pipe))
    times = pipe.times.as_dict()
    assert times["documents"] == 2 and times["posts"] == 2
    assert set(pipe.times.STAGES) <= set(times)
    assert all(float(times[s]) >= 0.0 for s in pipe.times.STAGES)
    assert pipe.times.seconds["extract"] > 0.0


_PAGE = (
    "<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
    "<p>The minister answered critics on Monday with a short post of his own.</p>"
    '<blockquote class="twitter-tweet"><p lang="en">We will rebuild the bridge by spring {i}'
    '</p>&mdash; Some One (@someone{i}) <a href="https://twitter.com/someone{i}/status/1{i}0">'
    "August 22, 2021</a></blockquote><p>Residents were not convinced.</p></article></body></html>"
)


def test_worker_processes_read_the_pages_and_give_the_same_result(tmp_path: Path) -> None:
    # with worker processes, ingest leaves an HTML page's parse to the workers: the page
    # arrives unread (no text yet), and the results are those of a serial run
    import json

    from analyzer.ingest import iter_articles

    dump = tmp_path / "dump.jsonl"
    lines = [json.dumps({"id": f"p{i}", "html": _PAGE.format(i=i)}) for i in range(4)]
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parallel_settings = Settings(translate=False, workers=2)
    unread = next(iter(iter_articles([str(dump)], parallel_settings)))
    assert isinstance(unread, Article) and unread.text == "" and unread.html and unread.markup is None

    def run(settings: Settings) -> list[dict[str, object]]:
        items = iter_articles([str(dump)], settings)
        pipe = Pipeline(settings, detector=FakeDetector(), finder=FakeParaphraser())
        return [d.as_dict() for d in pipe.run(items)]

    serial = run(Settings(translate=False))
    parallel = run(parallel_settings)
    assert [d["title"] for d in parallel[:4]] == [f"Story {i}" for i in range(4)]
    assert [len(d["posts"]) for d in parallel[:4]] == [1, 1, 1, 1]
    assert [d["posts"] for d in serial] == [d["posts"] for d in parallel]
    assert [d["id"] for d in serial] == [d["id"] for d in parallel]


def test_a_page_that_cannot_be_read_in_the_extract_stage_is_an_error_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from analyzer.extract import page
    from analyzer.ingest.core import make_article

    def broken(html: str, url: str | None = None) -> object:
        raise RecursionError("too deep")

    monkeypatch.setattr(page, "read_page", broken)
    settings = Settings(translate=False, workers=2)
    unread = make_article("dump.jsonl", "p1", html=_PAGE.format(i=1), settings=settings)
    good = Article(source="dump.jsonl", id="p2", text="Nothing to see here.")
    pipe = Pipeline(Settings(translate=False), detector=FakeDetector(), finder=FakeParaphraser())
    first, second = pipe.run([unread, good])
    assert [(e.stage, e.error) for e in first.errors] == [("ingest", "document")]
    assert "cannot parse HTML" in first.errors[0].message and not first.posts
    assert second.id == "p2" and not second.errors


def test_a_text_seen_before_is_not_detected_again() -> None:
    class Counting(FakeDetector):
        calls = 0

        def detect(self, text: str, stated: str | None = None) -> Detection:
            Counting.calls += 1
            return super().detect(text, stated)

    pipe = Pipeline(Settings(translate=False), detector=Counting(), finder=FakeParaphraser())
    post = Post(platform="twitter", kind="embed", text="مرحبا بكم")
    first, again = pipe._detect(post), pipe._detect(replace(post, post_id="2"))
    other = pipe._detect(replace(post, stated_language="fa"))
    assert first == again and Counting.calls == 2 and other is not None
