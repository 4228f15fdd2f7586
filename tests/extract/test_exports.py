from __future__ import annotations

import importlib

import pytest

MODULES = [
    "analyzer.extract",
    "analyzer.extract.core",
    "analyzer.extract.dates",
    "analyzer.extract.flat",
    "analyzer.extract.found",
    "analyzer.extract.htmltext",
    "analyzer.extract.markup",
    "analyzer.extract.merge",
    "analyzer.extract.page",
    "analyzer.extract.platforms",
    "analyzer.extract.prose",
    "analyzer.extract.textblocks",
    "analyzer.extract.urls",
    *(
        f"analyzer.extract.platforms.{name}"
        for name in (
            "twitter",
            "instagram",
            "facebook",
            "tiktok",
            "youtube",
            "telegram",
            "bluesky",
            "threads",
            "reddit",
            "truthsocial",
            "mastodon",
            "base",
        )
    ),
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    for attr in module.__all__:
        assert hasattr(module, attr), (name, attr)


def test_get_extractor_gives_the_default() -> None:
    from analyzer.extract import get_extractor
    from analyzer.extract.core import DefaultExtractor

    assert isinstance(get_extractor(), DefaultExtractor)


def test_import_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, analyzer.extract.core; print(sorted(m for m in ('lxml', 'selectolax', 'torch', 'transformers') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"
