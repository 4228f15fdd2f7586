"""MarianTranslator with fake engines: batching, dedupe, failure handling, flags, progress."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from analyzer.errors import ModelError, ModelUnavailable
from analyzer.translate.engines import DecodeOptions, Generated
from analyzer.translate.loading import Checkpoint
from analyzer.translate.marian import MarianTranslator
from analyzer.translate.registry import ModelSpec


class FakeEngine:
    name = "fake"
    detail = "cpu"
    max_pieces = 64

    def __init__(
        self, *, limit_hit: bool = False, repeat: bool = False, fail: bool = False
    ) -> None:
        self.calls: list[list[str]] = []
        self.limit_hit = limit_hit
        self.repeat = repeat
        self.fail = fail

    def count(self, text: str) -> int:
        return len(text.split()) + 1

    def generate(self, texts: Sequence[str], options: DecodeOptions) -> list[Generated]:
        self.calls.append(list(texts))
        if self.fail:
            raise RuntimeError("CUDA out of memory")
        out = []
        for text in texts:
            tokens = (
                ("▁no",) * 6 if self.repeat else tuple(f"▁w{i}" for i in range(len(text.split())))
            )
            out.append(Generated(f"EN[{text}]", tokens, self.count(text), self.limit_hit))
        return out


def checkpoint(spec: ModelSpec) -> Checkpoint:
    return Checkpoint(Path("/nonexistent"), spec.model, "abc123", "fp", spec.low_quality)


def make(engine: FakeEngine, **kw: object) -> MarianTranslator:
    return MarianTranslator(
        ModelSpec("org/model", low_quality=bool(kw.pop("low", False))),
        resolve=checkpoint,
        loader=lambda cp: engine,
        **kw,  # type: ignore[arg-type]
    )


def test_batches_are_bounded_and_sorted_by_length() -> None:
    engine = FakeEngine()
    texts = [" ".join(["كلمة"] * n) + "." for n in (9, 1, 5, 3, 7, 2, 8)]
    results = make(engine, batch_size=3).translate(texts, "ar")
    assert [r.status for r in results] == ["ok"] * 7
    assert all(len(call) <= 3 for call in engine.calls)
    lengths = [len(u.split()) for call in engine.calls for u in call]
    assert lengths == sorted(lengths)
    assert results[1].text == "EN[كلمة.]"
    assert all(r.model == "org/model" and r.revision == "abc123" for r in results)


def test_identical_texts_and_sentences_are_decoded_once() -> None:
    engine = FakeEngine()
    translator = make(engine)
    first = translator.translate(["نص واحد.", "نص  واحد.", "نص واحد. وآخر"], "ar")
    second = translator.translate(["نص واحد."], "ar")
    decoded = [u for call in engine.calls for u in call]
    assert sorted(decoded) == sorted(["نص واحد.", "وآخر"])
    assert first[0] == first[1] == second[0]


def test_missing_model_is_unavailable_and_tried_once() -> None:
    tries: list[str] = []

    def resolve(spec: ModelSpec) -> Checkpoint:
        tries.append(spec.model)
        raise ModelUnavailable("not cached", "run 'analyze-posts models download ar'")

    translator = MarianTranslator(
        ModelSpec("org/model"), resolve=resolve, loader=lambda cp: FakeEngine()
    )
    for _ in range(3):
        results = translator.translate(["نص", "آخر"], "ar")
        assert [r.status for r in results] == ["unavailable", "unavailable"]
        assert results[0].hint == "run 'analyze-posts models download ar'"
        assert results[0].text is None
    assert tries == ["org/model"]


def test_a_bad_model_is_failed() -> None:
    def loader(cp: Checkpoint) -> FakeEngine:
        raise ModelError("not a Marian checkpoint")

    translator = MarianTranslator(ModelSpec("org/model"), resolve=checkpoint, loader=loader)
    assert translator.translate(["نص"], "ar")[0].status == "failed"


def test_a_decoding_error_fails_those_posts_and_the_run_goes_on() -> None:
    results = make(FakeEngine(fail=True)).translate(["نص", ""], "ar")
    assert results[0].status == "failed" and "out of memory" in (results[0].hint or "")
    assert results[1].status == "skipped"


@pytest.mark.parametrize(
    ("engine", "low", "flags"),
    [
        (FakeEngine(), False, ()),
        (FakeEngine(limit_hit=True), False, ("length_ratio",)),
        (FakeEngine(repeat=True), True, ("low_quality", "repetition")),
    ],
)
def test_flags(engine: FakeEngine, low: bool, flags: tuple[str, ...]) -> None:
    result = make(engine, low=low).translate(["نص قصير جدا"], "ar")[0]
    assert result.flags == flags


def test_progress_adds_up_to_the_number_of_texts() -> None:
    seen: list[int] = []
    texts = [f"نص رقم {i}" for i in range(40)] + ["", "نص رقم 1"]
    make(FakeEngine(), batch_size=2, on_progress=seen.append).translate(texts, "ar")
    assert sum(seen) == len(texts)
    assert len(seen) > 1


def test_an_unexpected_loading_error_fails_once_and_the_run_goes_on() -> None:
    calls: list[int] = []

    def loader(cp: Checkpoint) -> FakeEngine:
        calls.append(1)
        raise ImportError("No module named 'torch'")

    translator = MarianTranslator(ModelSpec("org/model"), resolve=checkpoint, loader=loader)
    for _ in range(2):
        result = translator.translate(["نص"], "ar")[0]
        assert result.status == "failed" and "torch" in (result.hint or "")
    assert calls == [1]
