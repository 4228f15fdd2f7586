from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from analyzer.config import Settings, describe, load_settings
from analyzer.errors import ConfigError
from analyzer.registry import names


def test_defaults_file_env_and_overrides_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[analyze-posts]\nbatch-size = 8\nwindow = 50\ndevice = "cpu"\n', encoding="utf-8")
    monkeypatch.setenv("ANALYZE_POSTS_CONFIG", str(config))
    monkeypatch.setenv("ANALYZE_POSTS_WINDOW", "70")
    monkeypatch.setenv("ANALYZE_POSTS_CACHE", "false")
    settings = load_settings(device="cuda", model=None)
    assert settings.batch_size == 8  # file
    assert settings.window == 70  # environment beats file
    assert settings.cache is False
    assert settings.device == "cuda"  # explicit beats all
    assert settings.num_beams == Settings().num_beams  # default


@pytest.mark.parametrize(
    ("content", "env", "needle"),
    [
        ("[analyze-posts]\nbogus = 1\n", {}, "unknown setting 'bogus'"),
        ("[analyze-posts\n", {}, "cannot read"),
        ("", {"ANALYZE_POSTS_WINDOW": "many"}, r"'window' \(from \$ANALYZE_POSTS_WINDOW\) is 'many'"),
        ("", {"ANALYZE_POSTS_MAX_DOCUMENT_CHARS": "-1"}, "'max_document_chars'.*whole number from 1"),
        ("", {"ANALYZE_POSTS_WINDOW": "2.5"}, "whole number"),
        ("", {"ANALYZE_POSTS_CACHE": "maybe"}, "true or false"),
        ("", {"ANALYZE_POSTS_FETCH_TIMEOUT": "nan"}, "a number from"),
        ("[analyze-posts]\nwindow = 1.5\n", {}, r"'window' \(in .*config.toml\) is 1.5"),
        ("[analyze-posts]\nwindow = true\n", {}, "whole number"),
        ('[analyze-posts]\nquality = "ultra"\n', {}, "fast, best"),
        ("analyze-posts = 3\n", {}, "must be a table"),
    ],
)
def test_bad_settings_say_what_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, env: dict[str, str], needle: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(content, encoding="utf-8")
    monkeypatch.setenv("ANALYZE_POSTS_CONFIG", str(config))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=needle) as caught:
        load_settings()
    assert "\n" not in str(caught.value)


BAD_VALUES: list[tuple[str, Any, str]] = [
    ("backend", "magic", "auto, transformers, ctranslate2"),
    ("quality", "ultra", "fast, best"),
    ("device", "tpu", "auto, cpu, cuda or cuda:N"),
    ("device", "cuda:x", "cuda:N"),
    ("workers", -1, "from 1 to"),
    ("workers", 0, "from 1 to"),
    ("window", 0, "from 1 to 100,000"),
    ("window", 10**20, "from 1 to 100,000"),
    ("window", 1.5, "whole number"),
    ("window", True, "whole number"),
    ("window", "10", "whole number"),
    ("max_document_chars", -1, "from 1"),
    ("max_document_chars", 0, "from 1"),
    ("max_record_bytes", 10, "from 1,024"),
    ("max_decompression_ratio", 1, "from 2"),
    ("batch_size", 0, "from 1"),
    ("num_beams", 1000, "to 64"),
    ("fetch_timeout", -3.0, "a number from"),
    ("fetch_timeout", float("inf"), "a number from"),
    ("fetch_max_redirects", -1, "from 0"),
    ("detector", "bogus", "default, fasttext"),
    ("translate", "yes", "true or false"),
    ("model", "", "text"),
    ("model", 3, "text"),
]


@pytest.mark.parametrize(("name", "value", "needle"), BAD_VALUES, ids=lambda v: repr(v)[:20])
def test_every_value_is_checked_when_settings_are_made(name: str, value: Any, needle: str) -> None:
    for make in (lambda: load_settings(**{name: value}), lambda: Settings().replace(**{name: value})):
        with pytest.raises(ConfigError, match=needle) as caught:
            make()
        message = str(caught.value)
        assert name in message and "\n" not in message


@pytest.mark.parametrize(
    ("name", "value"),
    [("device", "cuda:1"), ("device", "cpu"), ("window", 100_000), ("workers", 8), ("model", None),
     ("detector", "cld2"), ("fetch_timeout", 5), ("backend", "ctranslate2"), ("quality", "best")],
)
def test_good_values_are_kept(name: str, value: Any) -> None:
    assert getattr(load_settings(**{name: value}), name) == value


def test_detector_names_come_from_the_registry() -> None:
    assert describe("detector") == "one of " + ", ".join(names("detector"))
    for name in names("detector"):
        assert Settings(detector=name).detector == name


def test_unknown_names_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(colour="red")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        Settings().replace(colour="red")


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().window = 3  # type: ignore[misc]
