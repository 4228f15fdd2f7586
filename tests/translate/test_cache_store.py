from __future__ import annotations

import multiprocessing
from pathlib import Path

from analyzer.records import Translation
from analyzer.translate.cache import CachedTranslator, TranslationCache, cache_key


def _writer(path: str, worker: int) -> None:
    cache = TranslationCache(path, timeout=30)
    for i in range(40):
        cache.put_many([(f"{worker}-{i}", Translation(text=f"t{i}", status="ok", model="m"))])
    cache.close()


def test_concurrent_processes_share_the_file(tmp_path: Path) -> None:
    path = str(tmp_path / "t.sqlite3")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    found = TranslationCache(path).get_many([f"{w}-{i}" for w in range(3) for i in range(40)])
    assert len(found) == 120
    assert all(t.cached and t.status == "ok" for t in found.values())


def test_only_ok_results_are_stored(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "t.sqlite3")
    cache.put_many(
        [
            ("a", Translation(text="x", status="ok", flags=("length_ratio",))),
            ("b", Translation(text=None, status="unavailable", hint="download it")),
            ("c", Translation(text=None, status="failed")),
        ]
    )
    found = cache.get_many(["a", "b", "c"])
    assert list(found) == ["a"] and found["a"].flags == ("length_ratio",)


def test_an_unusable_cache_is_turned_off(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = TranslationCache(blocker / "sub" / "t.sqlite3")
    cache.put_many([("a", Translation(text="x", status="ok"))])
    assert cache.get_many(["a"]) == {}
    assert cache.disabled


class Counting:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def translate(self, texts, source):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return [Translation(text=t.upper(), status="ok", model="m") for t in texts]


def test_cached_translator_sends_only_misses_and_keys_on_settings(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "t.sqlite3")
    inner = Counting()
    first = CachedTranslator(inner, cache, ("m", None, "auto", "cpu", 4))
    assert [t.text for t in first.translate(["a", "b"], "fr")] == ["A", "B"]
    again = first.translate(["b", "c"], "fr")
    assert [t.cached for t in again] == [True, False]
    assert inner.seen == ["a", "b", "c"]
    other_beam = CachedTranslator(inner, cache, ("m", None, "auto", "cpu", 1))
    assert [t.cached for t in other_beam.translate(["a"], "fr")] == [False]
    assert cache_key("m", "x") != cache_key("m", "y")


def test_a_cache_set_up_by_many_processes_at_once_loses_nothing(tmp_path: Path) -> None:
    """Processes that open a new cache file together wait for each other's setup instead of
    turning their caching off (each would then silently store nothing)."""
    path = str(tmp_path / "t.sqlite3")
    ctx = multiprocessing.get_context("spawn")
    for _ in range(3):
        procs = [ctx.Process(target=_writer, args=(path, w)) for w in range(6)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0] * 6
        found = TranslationCache(path).get_many([f"{w}-{i}" for w in range(6) for i in range(40)])
        assert len(found) == 240
        Path(path).unlink()
        for extra in ("-wal", "-shm"):
            Path(path + extra).unlink(missing_ok=True)
