"""The real code path (MarianTokenizer + MarianMTModel / CTranslate2) on a tiny random checkpoint.

The tiny model's words are noise: these tests check plumbing, never the words."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from analyzer.config import Settings, cache_dir
from analyzer.translate import get_translator
from analyzer.translate.engines import DecodeOptions, load_engine
from analyzer.translate.loading import HubProbe, resolve_checkpoint
from analyzer.translate.manage import convert_model
from analyzer.translate.registry import ModelSpec

SEED_TWEET = (
    "مئات من مجاهدي #الإمارة_الإسلامية يتوجهون نحو ولاية #بنجشير للسيطرة عليها، "
    "بعد رفض مسئولي الولاية المحليين تسليمها بشكل سلمي. pic.twitter.com/FwAYBZeopq"
)
TEXTS = [
    SEED_TWEET,
    "قال المتحدث باسم الحركة إن المفاوضات مستمرة",
    "بنجشير",
    "الإمارة الإسلامية تعلن بيانا جديدا حول كابل وأفغانستان وطالبان",
]
SHORT = ["بنجشير", "قال المتحدث باسم الحركة", "كابل وأفغانستان"]  # transformers decodes slowly


def settings(model_dir: Path, **kw: object) -> Settings:
    base = dict(
        model=str(model_dir), num_beams=1, batch_size=4, backend="transformers", device="cpu"
    )
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


def test_translates_from_a_local_hub_layout_folder(tiny_marian_dir: Path) -> None:
    names = {p.name for p in tiny_marian_dir.iterdir()}
    assert {
        "source.spm",
        "target.spm",
        "vocab.json",
        "tokenizer_config.json",
        "config.json",
        "generation_config.json",
    } <= names
    results = get_translator(settings(tiny_marian_dir)).translate(SHORT, "ar")
    assert [r.status for r in results] == ["ok"] * len(SHORT)
    assert all(isinstance(r.text, str) and r.text for r in results)
    assert all(r.model == str(tiny_marian_dir) for r in results)


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_batched_output_equals_unbatched(tiny_marian_dir: Path, backend: str) -> None:
    batched = get_translator(settings(tiny_marian_dir, backend=backend, batch_size=8, cache=False))
    single = get_translator(settings(tiny_marian_dir, backend=backend, batch_size=1, cache=False))
    texts = SHORT + [TEXTS[1]] if backend == "transformers" else TEXTS
    together = batched.translate(texts, "ar")
    one_by_one = [single.translate([t], "ar")[0] for t in texts]
    assert [r.text for r in together] == [r.text for r in one_by_one]


def test_ctranslate2_sub_batches_per_core_give_the_same_output(tiny_marian_dir: Path) -> None:
    import torch

    torch.set_num_threads(2)  # batch 6 >= 2 x 2 threads: one sub-batch per core
    try:
        parallel = get_translator(
            settings(tiny_marian_dir, backend="ctranslate2", batch_size=6, cache=False)
        )
        together = parallel.translate(TEXTS + SHORT, "ar")
    finally:
        torch.set_num_threads(1)
    single = get_translator(
        settings(tiny_marian_dir, backend="ctranslate2", batch_size=1, cache=False)
    )
    assert [r.text for r in together] == [
        single.translate([t], "ar")[0].text for t in TEXTS + SHORT
    ]


def test_second_run_comes_from_the_cache(tiny_marian_dir: Path) -> None:
    first = get_translator(settings(tiny_marian_dir)).translate(SHORT, "ar")
    second = get_translator(settings(tiny_marian_dir)).translate(SHORT, "ar")
    assert [r.cached for r in first] == [False] * len(SHORT)
    assert [r.cached for r in second] == [True] * len(SHORT)
    assert [r.status for r in second] == ["ok"] * len(SHORT)
    assert [r.text for r in first] == [r.text for r in second]
    path = cache_dir() / "translations.sqlite3"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM translations").fetchone()[0] == len(SHORT)


def test_no_cache_writes_nothing(tiny_marian_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    get_translator(settings(tiny_marian_dir, cache=False, cache_path=str(db))).translate(
        SHORT[:1], "ar"
    )
    assert not db.exists()
    get_translator(settings(tiny_marian_dir, cache_path=str(db))).translate(SHORT[:1], "ar")
    assert db.exists()


@pytest.mark.parametrize(
    "kept",
    [["pic.twitter.com/FwAYBZeopq"], ["@alemara_ar", "https://t.co/Ab12"], ["😀", "🇦🇫"]],
)
def test_links_handles_and_emoji_survive(tiny_marian_dir: Path, kept: list[str]) -> None:
    text = f"مئات من مجاهدي {kept[0]} يتوجهون نحو ولاية بنجشير {kept[-1]}"
    translator = get_translator(settings(tiny_marian_dir, backend="ctranslate2"))
    result = translator.translate([text], "ar")[0]
    assert result.status == "ok"
    for token in kept:
        assert token in (result.text or "")


def test_english_is_identity_and_undetermined_is_skipped(tiny_marian_dir: Path) -> None:
    translator = get_translator(settings(tiny_marian_dir))
    english = translator.translate(["Hello @you https://x.com/a"], "en")[0]
    assert (english.status, english.text) == ("identity", "Hello @you https://x.com/a")
    assert translator.translate(["???"], "und")[0].status == "skipped"
    off = get_translator(settings(tiny_marian_dir, translate=False)).translate(["نص"], "ar")[0]
    assert off.status == "skipped"


def test_without_weights_the_post_is_unavailable_with_a_hint() -> None:
    from analyzer.translate.factory import RoutingTranslator

    probes: list[object] = []
    probe = HubProbe(check=lambda: probes.append(1) or False)
    translator = RoutingTranslator(Settings(device="cpu"), probe=probe)
    for _ in range(3):
        results = translator.translate(["نص عربي", "نص آخر"], "ar")
        assert [r.status for r in results] == ["unavailable"] * 2
        assert results[0].model == "Helsinki-NLP/opus-mt-ar-en"
        assert "analyze-posts models download ar" in (results[0].hint or "")
        assert "--model DIR" in (results[0].hint or "")
    assert probes == []  # HF_HUB_OFFLINE is set: the hub is never even probed


def test_unreachable_hub_is_probed_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from analyzer.translate.factory import RoutingTranslator

    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE")
    probes: list[object] = []
    probe = HubProbe(check=lambda: probes.append(1) or False)
    translator = RoutingTranslator(Settings(device="cpu", quality="best"), probe=probe)
    for language in ("ar", "ur", "de"):  # three models missing: one probe, remembered
        result = translator.translate(["نص عربي"], language)[0]
        assert result.status == "unavailable"
    assert "--quality best" in (translator.translate(["نص"], "ar")[0].hint or "")
    assert probes == [1]
    fresh = RoutingTranslator(Settings(device="cpu"), probe=HubProbe(check=lambda: probes.append(2) or False))
    fresh.translate(["نص عربي"], "ar")
    assert probes == [1, 2]  # no state outlives a run


def test_ctranslate2_greedy_equals_transformers_greedy(
    tiny_marian_dir: Path, tmp_path: Path
) -> None:
    ct2_dir = convert_model(str(tiny_marian_dir), tmp_path / "ct2", quantization="float32")
    assert {"model.bin", "source.spm", "target.spm", "vocab.json"} <= {
        p.name for p in ct2_dir.iterdir()
    }
    hf = get_translator(settings(tiny_marian_dir, backend="transformers", cache=False))
    ct2 = get_translator(settings(ct2_dir, backend="ctranslate2", cache=False))
    assert [r.text for r in hf.translate(TEXTS, "ar")] == [
        r.text for r in ct2.translate(TEXTS, "ar")
    ]


def test_engines_agree_token_for_token_with_beam_search(
    tiny_marian_dir: Path, tmp_path: Path
) -> None:
    ct2_dir = convert_model(str(tiny_marian_dir), tmp_path / "ct2", quantization="float32")
    hf = load_engine(resolve_checkpoint(ModelSpec(str(tiny_marian_dir))), "transformers", "cpu")
    ct2 = load_engine(resolve_checkpoint(ModelSpec(str(ct2_dir))), "ctranslate2", "cpu")
    options = DecodeOptions(num_beams=4)
    assert [g.tokens for g in hf.generate(TEXTS, options)] == [
        g.tokens for g in ct2.generate(TEXTS, options)
    ]


def test_auto_backend_on_cpu_converts_once_into_the_cache(tiny_marian_dir: Path) -> None:
    result = get_translator(settings(tiny_marian_dir, backend="auto")).translate(TEXTS[:1], "ar")[0]
    assert result.status == "ok"
    converted = list((cache_dir() / "ct2").iterdir())
    assert len(converted) == 1 and (converted[0] / "model.bin").exists()


def test_input_past_the_position_limit_is_chunked(tiny_marian_dir: Path) -> None:
    long_text = " ".join([TEXTS[1], TEXTS[3]] * 40)  # one "sentence", well over 512 pieces
    engine = load_engine(resolve_checkpoint(ModelSpec(str(tiny_marian_dir))), "transformers", "cpu")
    assert engine.count(long_text) > 512
    for backend in ("ctranslate2", "transformers"):
        translator = get_translator(settings(tiny_marian_dir, cache=False, backend=backend))
        result = translator.translate([long_text], "ar")[0]
        assert result.status == "ok" and result.text


def test_a_folder_that_is_not_marian_fails_cleanly(tmp_path: Path) -> None:
    for name in ("source.spm", "target.spm", "vocab.json", "model.safetensors"):
        (tmp_path / name).write_text("x")
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert"}))
    result = get_translator(settings(tmp_path)).translate(["نص"], "ar")[0]
    assert result.status == "failed" and "MarianMT" in (result.hint or "")
