"""Hand-built results for the reporters: the seed scenario (an Arabic tweet of @alemara_ar
with no machine translation here, an English rendering in another article standing in,
two paraphrases with alignments and flags), an English quoted tweet, a failed document,
an empty document, and a post made of hostile markup."""

from __future__ import annotations

from typing import Any

import pytest

from analyzer.records import (
    AlignedPair,
    Alignment,
    Author,
    Detection,
    DocumentResult,
    ErrorRecord,
    Fidelity,
    Flag,
    Paraphrase,
    Post,
    PostResult,
    Rendering,
    Span,
    Translation,
)

DOC_EMBED = "seeds/001_e895ed4f9abc13c8.txt"
DOC_QUOTE = "seeds/000_3bc40339bbe528f2.txt"

TWEET_AR = (
    "مئات من مجاهدي #الإمارة_الإسلامية يتوجهون نحو ولاية #بنجشير للسيطرة عليها، "
    "بعد رفض مسئولي الولاية المحليين تسليمها بشكل سلمي. pic.twitter.com/FwAYBZeopq"
)
ENGLISH = (
    "Hundreds of Mujahideen of the Islamic Emirate are heading towards the state of Panjshir "
    "to control it, after local state officials refused to hand it over peacefully"
)
LOOSE = (
    'hundreds of fighters were heading towards Panjshir "after local state officials refused '
    'to hand it over peacefully"'
)
RENDERING = (
    "Hundreds of holy warriors of the Islamic Emirate are marching on Panjshir province to "
    "take control of it, after local officials refused to hand it over peacefully."
)
SALEH = (
    "Nations must respect the rule of law, not violence. Afghanistan is too big for Pakistan "
    "to swallow and too big for Talibs to govern."
)
HINT = (
    "The model Helsinki-NLP/opus-mt-ar-en is not in the cache; run "
    "`huggingface-cli download Helsinki-NLP/opus-mt-ar-en` on a networked machine or pass "
    "--model DIR."
)
HOSTILE = (
    '<script>document.title="PWNED-SCRIPT"</script>'
    "<img src=x onerror=\"document.title='PWNED-IMG'\"> & \"quotes\" 'too'"
)


def span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase))


def pair(ref_text: str, ref: str, cand_text: str, cand: str, score: float) -> AlignedPair:
    return AlignedPair(ref, cand, span(ref_text, ref), span(cand_text, cand), score)


def arabic_tweet() -> PostResult:
    loose = Paraphrase(
        text=LOOSE,
        span=Span(310, 310 + len(LOOSE)),
        document=DOC_EMBED,
        alignment=Alignment(
            pairs=(
                pair(ENGLISH, "Hundreds", LOOSE, "hundreds", 1.0),
                pair(ENGLISH, "Mujahideen of the Islamic Emirate", LOOSE, "fighters", 0.41),
                pair(
                    ENGLISH,
                    "are heading towards the state of Panjshir",
                    LOOSE,
                    "were heading towards Panjshir",
                    0.86,
                ),
                pair(
                    ENGLISH,
                    "after local state officials refused to hand it over peacefully",
                    LOOSE,
                    "after local state officials refused to hand it over peacefully",
                    1.0,
                ),
            ),
            reference_unaligned=(span(ENGLISH, "to control it"),),
            candidate_unaligned=(),
            method="embedding+lexical",
        ),
        fidelity=Fidelity(
            score=0.62,
            label="partial",
            flags=(
                Flag(
                    "omission",
                    "The paraphrase drops the purpose “to control it”.",
                    "hard",
                    reference="to control it",
                    reference_span=span(ENGLISH, "to control it"),
                ),
                Flag(
                    "entity",
                    "“Mujahideen of the Islamic Emirate” becomes “fighters”.",
                    "soft",
                    reference="Mujahideen of the Islamic Emirate",
                    candidate="fighters",
                    reference_span=span(ENGLISH, "Mujahideen of the Islamic Emirate"),
                    candidate_span=span(LOOSE, "fighters"),
                ),
            ),
            components=(("chrf", 0.58), ("embedding", 0.83), ("coverage", 0.71)),
            scorer="0123456789ab",
        ),
        quoted=False,
        score=0.74,
    )
    full = Paraphrase(
        text=ENGLISH,
        span=Span(120, 120 + len(ENGLISH)),
        document=DOC_QUOTE,
        alignment=Alignment(
            pairs=(pair(ENGLISH, ENGLISH, ENGLISH, ENGLISH, 1.0),), method="embedding+lexical"
        ),
        fidelity=Fidelity(score=0.97, label="faithful", components=(("chrf", 1.0),)),
        quoted=True,
        score=0.93,
    )
    rendering = Rendering(
        text=RENDERING,
        translator="reviewer",
        alignment=Alignment(
            pairs=(
                pair(ENGLISH, "Hundreds", RENDERING, "Hundreds", 1.0),
                pair(ENGLISH, "Mujahideen", RENDERING, "holy warriors", 0.55),
                pair(ENGLISH, "of the Islamic Emirate", RENDERING, "of the Islamic Emirate", 1.0),
                pair(
                    ENGLISH,
                    "are heading towards the state of Panjshir",
                    RENDERING,
                    "are marching on Panjshir province",
                    0.72,
                ),
                pair(ENGLISH, "to control it", RENDERING, "to take control of it", 0.9),
                pair(
                    ENGLISH,
                    "after local state officials refused",
                    RENDERING,
                    "after local officials refused",
                    0.93,
                ),
                pair(
                    ENGLISH,
                    "to hand it over peacefully",
                    RENDERING,
                    "to hand it over peacefully",
                    1.0,
                ),
            ),
            candidate_unaligned=(),
            method="embedding+lexical",
        ),
        fidelity=Fidelity(score=0.88, label="faithful"),
    )
    post = Post(
        platform="twitter",
        kind="embed",
        author=Author("الإمارة الإسلامية", "alemara_ar"),
        url="https://twitter.com/alemara_ar/status/1429460523567140867",
        post_id="1429460523567140867",
        date="2021-08-22",
        text=TWEET_AR,
        span=Span(520, 520 + len(TWEET_AR)),
        hashtags=("الإمارة_الإسلامية", "بنجشير"),
        media=("https://pic.twitter.com/FwAYBZeopq",),
        method="text:tweet-signature",
        stated_language="ar",
    )
    return PostResult(
        post=post,
        language=Detection(
            "ar", 0.998, (("ar", 0.998), ("fa", 0.002)), "Arabic", "ar", False, detector="lingua"
        ),
        translation=Translation(None, "unavailable", "Helsinki-NLP/opus-mt-ar-en", hint=HINT),
        renderings=(rendering,),
        paraphrases=(loose, full),
        english=ENGLISH,
        english_source=f"rendering in {DOC_QUOTE}",
    )


def saleh_tweet() -> PostResult:
    return PostResult(
        post=Post(
            platform="twitter",
            kind="quote",
            author=Author("Saleh", None),
            text=SALEH,
            span=Span(900, 900 + len(SALEH)),
            method="prose:attribution",
        ),
        language=Detection("en", 0.99, (("en", 0.99),), "Latin", detector="lingua"),
        translation=Translation(SALEH, "identity"),
        english=SALEH,
        english_source="post",
    )


def hostile_post() -> PostResult:
    para_text = "It said </p><script>document.title='PWNED-PARA'</script> and more"
    return PostResult(
        post=Post(
            platform="twitter",
            kind="embed",
            author=Author('"><svg onload="document.title=1">', 'x" onmouseover="alert(1)'),
            url="javascript:document.title='PWNED-URL'",
            date="2021-08-22T10:00:00Z",
            text=HOSTILE,
            method="html:twitter-blockquote",
            links=("javascript:alert(1)",),
        ),
        language=Detection('en" onfocus="alert(1)', 0.5, detector="<b>x</b>"),
        translation=Translation(None, "failed", hint="<script>alert('hint')</script>"),
        paraphrases=(
            Paraphrase(
                text=para_text,
                span=Span(0, len(para_text)),
                document="</a><script>alert(1)</script>",
                alignment=Alignment(
                    pairs=(AlignedPair("<script>", "</p><script>", Span(0, 8), Span(8, 20), 0.5),),
                    reference_unaligned=(Span(500, 900),),  # out of range: must be ignored
                ),
                fidelity=Fidelity(
                    0.2,
                    "divergent",
                    flags=(
                        Flag(
                            "<img src=x onerror=alert(1)>",
                            "<b>bold</b>",
                            "hard",
                            reference="</q><script>alert(2)</script>",
                        ),
                    ),
                ),
            ),
        ),
        english="<script>document.title='PWNED-EN'</script>",
        english_source="translation",
    )


@pytest.fixture
def signature() -> dict[str, Any]:
    return {
        "analyze_posts": "0.1.0",
        "schema": "analyze-posts/1",
        "detector": "lingua",
        "translation": {"ar": {"model": "Helsinki-NLP/opus-mt-ar-en", "revision": None}},
        "thresholds": {"faithful": 0.8, "partial": 0.5},
    }


@pytest.fixture
def seed_documents() -> list[DocumentResult]:
    return [
        DocumentResult(
            source=DOC_QUOTE,
            id="000_3bc40339bbe528f2",
            posts=(saleh_tweet(),),
            title="Taliban say hundreds of fighters heading to Panjshir",
        ),
        DocumentResult(
            source=DOC_EMBED,
            id="001_e895ed4f9abc13c8",
            posts=(arabic_tweet(),),
            url="https://example.org/news/panjshir",
        ),
        DocumentResult(
            source="dump/broken.html",
            id="broken",
            errors=(
                ErrorRecord(
                    "dump/broken.html",
                    "broken",
                    "ingest",
                    "document",
                    "cannot parse HTML: unexpected end of file",
                ),
            ),
        ),
        DocumentResult(source="dump/weather.txt", id="weather"),
    ]


@pytest.fixture
def hostile_documents() -> list[DocumentResult]:
    return [
        DocumentResult(
            source="</title><script>document.title='PWNED-SRC'</script>",
            id='"><img src=x onerror=alert(1)>',
            posts=(hostile_post(), arabic_tweet()),
            title="<script>document.title='PWNED-TITLE'</script>",
            url="javascript:alert(1)",
        ),
    ]
