from __future__ import annotations

import pytest

from analyzer.detect.script import arabic_script_rule, script_counts, script_of
from analyzer.detect.script_backend import ScriptDetector


@pytest.mark.parametrize(
    ("char", "script"),
    [
        ("a", "Latin"), ("é", "Latin"), ("ж", "Cyrillic"), ("ع", "Arabic"), ("ښ", "Arabic"),
        ("ह", "Devanagari"), ("中", "Han"), ("の", "Hiragana"), ("カ", "Katakana"),
        ("한", "Hangul"), ("ก", "Thai"), ("ש", "Hebrew"), ("Ω", "Greek"), ("ა", "Georgian"),
        ("Ա", "Armenian"), ("অ", "Bengali"), ("த", "Tamil"),
    ],
)
def test_script_of(char: str, script: str) -> None:
    assert script_of(char) == script


def test_script_counts_ignores_digits_and_punctuation() -> None:
    assert script_counts("abc 123 !! жж") == {"Latin": 3, "Cyrillic": 2}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("زه نن ښار ته ځم", "ps"),  # Pashto letters
        ("دا زموږ کور دی", "ps"),
        ("یہ ایک اچھا دن ہے", "ur"),  # Urdu letters
        ("سلام دوستان من امروز", None),  # Persian: the model decides
        ("مرحبا بكم في المدينة", None),  # Arabic: the model decides
        ("ئۇيغۇر تىلى", "ug"),
    ],
)
def test_arabic_script_rule(text: str, code: str | None) -> None:
    assert arabic_script_rule(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("오늘 서울에서", "ko"), ("東京は晴れです", "ja"), ("今天天气很好", "zh"),
        ("Καλημέρα", "el"), ("שלום לכולם", "he"), ("สวัสดีครับ", "th"),
        ("გამარჯობა", "ka"), ("Բարեւ", "hy"), ("زه نن ښار ته ځم", "ps"),
        ("hello world", "und"), ("مرحبا بكم", "und"), ("", "und"),
    ],
)
def test_script_detector(text: str, code: str) -> None:
    assert ScriptDetector().detect(text).code == code
