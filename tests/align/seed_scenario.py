"""The seed scenario built by hand: both seed articles and the posts an extractor finds
(shared by the stage tests)."""

from __future__ import annotations

from pathlib import Path

from analyzer.records import Article, Author, Detection, Post, PostResult, Span, Translation

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

QUOTE = (
    "Hundreds of Mujahideen of the Islamic Emirate are heading towards the state of Panjshir "
    "to control it, after local state officials refused to hand it over peacefully"
)
ARABIC = (
    "مئات من مجاهدي #الإمارة_الإسلامية يتوجهون نحو ولاية #بنجشير للسيطرة عليها، "
    "بعد رفض مسئولي الولاية المحليين تسليمها بشكل سلمي."
)
SALEH = (
    "Nations must respect the rule of law, not violence. Afghanistan is too big for Pakistan to "
    "swallow and too big for Talibs to govern. Don’t let your histories have a chapter on "
    "humiliation and bowing to terror groups"
)


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle))


def seed_window(unavailable: bool = True) -> list[tuple[Article, list[PostResult]]]:
    files = sorted(SEEDS.glob("*.txt"))
    a0 = Article(
        source=str(files[0].name), id=files[0].stem, text=files[0].read_text(encoding="utf-8")
    )
    a1 = Article(
        source=str(files[1].name), id=files[1].stem, text=files[1].read_text(encoding="utf-8")
    )
    en = Detection("en", 0.99)
    ar = Detection("ar", 0.99)
    missing = Translation(None, "unavailable", hint="no weights")
    ident = Translation(None, "identity")
    posts0 = [
        PostResult(
            Post(
                "twitter",
                "quote",
                Author("Taliban"),
                text=QUOTE,
                span=_span(a0.text, QUOTE),
                method="prose:attribution",
                stated_language="ar",
            ),
            language=en,
            translation=ident,
        ),
        PostResult(
            Post(
                "twitter",
                "quote",
                Author("Saleh"),
                text=SALEH,
                span=_span(a0.text, SALEH),
                method="prose:attribution",
            ),
            language=en,
            translation=ident,
        ),
    ]
    posts1 = [
        PostResult(
            Post(
                "twitter",
                "embed",
                Author("الإمارة الإسلامية", "alemara_ar"),
                date="2021-08-22",
                text=ARABIC,
                span=_span(a1.text, ARABIC),
                hashtags=("الإمارة_الإسلامية", "بنجشير"),
                media=("pic.twitter.com/FwAYBZeopq",),
                method="text:tweet-signature",
            ),
            language=ar,
            translation=missing if unavailable else Translation(QUOTE, "ok", model="fake"),
        ),
    ]
    return [(a0, posts0), (a1, posts1)]
