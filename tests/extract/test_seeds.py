"""The seed articles: what the extract stage must find in them, and nothing else."""

from __future__ import annotations

from pathlib import Path

from analyzer.extract import get_extractor
from analyzer.records import Article, Post


def _posts(path: Path) -> tuple[str, list[Post]]:
    text = path.read_text(encoding="utf-8")
    return text, get_extractor().extract(Article(source=str(path), id=path.stem, text=text))


def test_seed_000_two_quotes(seeds_dir: Path) -> None:
    text, posts = _posts(next(seeds_dir.glob("000_*.txt")))
    assert [(p.kind, p.platform, p.author.name) for p in posts] == [
        ("quote", "twitter", "Taliban"),
        ("quote", "twitter", "Saleh"),
    ]
    taliban, saleh = posts
    assert taliban.stated_language == "ar"
    assert taliban.text is not None and taliban.text.startswith(
        "Hundreds of Mujahideen of the Islamic Emirate"
    )
    assert taliban.text.endswith("refused to hand it over peacefully")
    assert saleh.stated_language is None
    assert saleh.text is not None and saleh.text.startswith("Nations must respect the rule of law")
    assert saleh.text.endswith("bowing to terror groups")
    for p in posts:
        assert p.span is not None and text[p.span.start : p.span.end] == p.text


def test_seed_001_one_flattened_embed(seeds_dir: Path) -> None:
    text, posts = _posts(next(seeds_dir.glob("001_*.txt")))
    assert len(posts) == 1
    (post,) = posts
    assert (post.platform, post.kind, post.method) == ("twitter", "embed", "text:tweet-signature")
    assert post.author.name == "الإمارة الإسلامية"
    assert post.author.handle == "alemara_ar"
    assert post.date == "2021-08-22"
    assert post.post_id is None
    assert post.text is not None and post.text.startswith("مئات من مجاهدي")
    assert "pic.twitter.com" not in post.text
    assert post.media == ("pic.twitter.com/FwAYBZeopq",)
    assert post.hashtags == ("الإمارة_الإسلامية", "بنجشير")
    assert post.span is not None and text[post.span.start : post.span.end] == post.text
