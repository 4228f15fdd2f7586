from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.config import Settings, load_settings
from analyzer.errors import ConfigError


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
        ("[analyze-posts]\nbogus = 1\n", {}, "unknown setting"),
        ("[analyze-posts\n", {}, "cannot read"),
        ("", {"ANALYZE_POSTS_WINDOW": "many"}, "invalid value"),
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
    with pytest.raises(ConfigError, match=needle):
        load_settings()


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().window = 3  # type: ignore[misc]
