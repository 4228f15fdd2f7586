#!/usr/bin/env python
"""Extraction speed, one core: our ingest + extract against bare parsers and trafilatura.

    python scripts/bench_extract.py [--pages 300] [--texts 300] [--reps 3] [--seed 7] [--json OUT]
    python scripts/bench_extract.py --real [DIR] [--reps 5] [--window 64] [--clock cpu] [--json OUT]

Run it pinned to one core (``taskset -c 0 python scripts/bench_extract.py ...``).

``--real`` times the real article pages (``DIR/*.html.gz``; default the gate's corpus,
``tests/data/real-pages/dev/pages``) and prints pages/s of

* ``ingest + extract``: ``make_article`` (the HTML turned into article text) then
  ``DefaultExtractor.extract``, one page at a time;
* the same over windows of ``--window`` pages (every page of a window ingested, then every page
  extracted: what the pipeline does);
* lxml's bare parse (``lxml.html.document_fromstring``), selectolax/lexbor's bare parse, a naive
  post-URL regular expression over the raw HTML, ``trafilatura.extract``;

with each row's ratio to lxml's bare parse, all measured in the same run (best of ``--reps``).

Without ``--real``, the synthetic dump:

Builds a synthetic dump in memory: HTML news pages (tens of kB each: inline scripts and
JSON state, navigation, share bars, 10-40 paragraphs, 0-4 embeds from every platform, some
flattened tweets and quoted posts in prose) and plain-text articles. Measures pages/s of

* ``ours``: ``parse_html_article`` + ``DefaultExtractor.extract`` (what ingest + extract do per page),
* ``trafilatura``: ``trafilatura.extract`` (its default text extraction) on the same HTML,

in one process, best of ``--reps`` runs, and prints a small table with the ratio
ours/trafilatura. Plain-text articles are only ours (trafilatura
takes HTML). Posts found per page are printed as a sanity check.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "the government said on monday that officials would meet again next week to discuss the plan "
    "which critics described as a dangerous step while supporters welcomed the decision and called "
    "for calm in the capital where thousands gathered outside parliament despite heavy rain police "
    "said there were no arrests but several roads remained closed into the evening"
).split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 28))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _para(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))


def _tid(rng: random.Random) -> str:
    return str(rng.randint(1_100_000_000_000_000_000, 1_800_000_000_000_000_000))


def _embed(rng: random.Random) -> str:
    kind = rng.choice(
        [
            "tweet",
            "tweet",
            "bare",
            "instagram",
            "facebook",
            "tiktok",
            "youtube",
            "telegram",
            "bluesky",
            "reddit",
        ]
    )
    tid = _tid(rng)
    if kind == "tweet":
        return (
            f'<figure class="wp-block-embed is-provider-twitter"><div class="wp-block-embed__wrapper">'
            f'<blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">{_sentence(rng)} '
            f'<a href="https://twitter.com/hashtag/News?src=hash">#News</a> <a href="https://t.co/x">pic.twitter.com/Ab{tid[-6:]}</a></p>'
            f'&mdash; Some Account (@acct{tid[-4:]}) <a href="https://twitter.com/acct{tid[-4:]}/status/{tid}?ref_src=twsrc%5Etfw">'
            f'March 5, 2022</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script></div></figure>'
        )
    if kind == "bare":
        return f'<blockquote class="twitter-tweet"><a href="https://twitter.com/i/status/{tid}"></a></blockquote>'
    if kind == "instagram":
        code = "C" + tid[-10:]
        return (
            f'<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/{code}/?utm_source=ig_embed" '
            f'data-instgrm-version="14"><div><a href="https://www.instagram.com/p/{code}/"><div>View this post on Instagram</div></a>'
            f'<p><a href="https://www.instagram.com/p/{code}/">A post shared by Some Body (@somebody)</a></p></div></blockquote>'
            '<script async src="//www.instagram.com/embed.js"></script>'
        )
    if kind == "facebook":
        return (
            '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fpage%2Fposts%2F'
            f'{tid}&show_text=true&width=500" width="500" height="600"></iframe>'
        )
    if kind == "tiktok":
        vid = str(rng.randint(6_800_000_000_000_000_000, 7_300_000_000_000_000_000))
        return (
            f'<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@user/video/{vid}" data-video-id="{vid}"><section>'
            f'<a title="@user" href="https://www.tiktok.com/@user?refer=embed">@user</a> {_sentence(rng)} '
            '<a title="♬ original sound - user" href="https://www.tiktok.com/music/x">♬ original sound - user</a></section></blockquote>'
        )
    if kind == "youtube":
        vid = "".join(
            rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", k=11)
        )
        return f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{vid}" allowfullscreen></iframe>'
    if kind == "telegram":
        return f'<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-post="channel/{tid[-5:]}"></script>'
    if kind == "bluesky":
        rkey = "3k" + "".join(rng.choices("234567abcdefghijklmnopqrstuvwxyz", k=11))
        return (
            f'<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/{rkey}">'
            f'<p lang="en">{_sentence(rng)}</p>&mdash; Someone (<a href="https://bsky.app/profile/did:plc:abc">@someone.bsky.social</a>) '
            f'<a href="https://bsky.app/profile/did:plc:abc/post/{rkey}">Apr 21, 2024 at 15:09</a></blockquote>'
        )
    return (
        f'<blockquote class="reddit-embed-bq"><a href="https://www.reddit.com/r/news/comments/{tid[-6:]}/title/">{_sentence(rng)}</a>'
        '<br> by <a href="https://www.reddit.com/user/someone/">u/someone</a> in <a href="https://www.reddit.com/r/news/">news</a></blockquote>'
    )


def make_page(rng: random.Random) -> str:
    state = json.dumps(
        {
            "article": {
                "id": rng.randint(1, 10**9),
                "related": [
                    {"title": _sentence(rng), "url": f"/a/{i}"} for i in range(rng.randint(20, 120))
                ],
            }
        }
    )
    head = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>"
        + _sentence(rng)
        + "</title>"
        + "".join(f"<link rel='stylesheet' href='/static/{i}.css'>" for i in range(8))
        + "<style>"
        + "body{margin:0} .a{color:red} " * rng.randint(50, 300)
        + "</style>"
        + "<script>"
        + "var x=function(a){return a+1};" * rng.randint(100, 600)
        + "</script>"
        + f"<script id='__NEXT_DATA__' type='application/json'>{state}</script></head>"
    )
    nav = (
        "<header><nav>" + "".join(f"<a href='/s/{i}'>Section {i}</a>" for i in range(40)) + "</nav>"
    )
    nav += (
        "<div class='share-bar'><a href='https://twitter.com/intent/tweet?url=x'>X</a>"
        "<a href='https://www.facebook.com/sharer/sharer.php?u=x'>FB</a><a href='https://t.me/share/url?url=x'>TG</a></div></header>"
    )
    body: list[str] = []
    for _ in range(rng.randint(10, 40)):
        body.append(f"<p>{_para(rng)}</p>")
        r = rng.random()
        if r < 0.08:
            body.append(_embed(rng))
        elif r < 0.1:
            body.append(f'<p>"{_sentence(rng)}" the minister wrote on X on Sunday.</p>')
    aside = (
        "<aside class='sidebar'><ul>"
        + "".join(f"<li><a href='/a/{i}'>{_sentence(rng)}</a></li>" for i in range(30))
        + "</ul></aside>"
    )
    foot = (
        "<footer>"
        + "".join(f"<a href='/f/{i}'>Link {i}</a>" for i in range(50))
        + "<a href='https://twitter.com/site'>X</a></footer>"
    )
    return (
        head
        + "<body>"
        + nav
        + "<main><article><h1>"
        + _sentence(rng)
        + "</h1>"
        + "".join(body)
        + "</article>"
        + aside
        + "</main>"
        + foot
        + "</body></html>"
    )


def make_text(rng: random.Random) -> str:
    paras = [_para(rng) for _ in range(rng.randint(6, 20))]
    if rng.random() < 0.3:
        paras.insert(
            2, f"{_sentence(rng)} pic.twitter.com/AbC123 — Some Account (@acct) August 22, 2021"
        )
    if rng.random() < 0.3:
        paras.insert(1, f'"{_sentence(rng)}," the spokesman tweeted.')
    return "\n\n".join(paras)


#: the clock the timings read: wall time, or this process's CPU time (``--clock cpu``: what a
#: busy machine's other processes do not add to)
_CLOCK: list[Callable[[], float]] = [time.perf_counter]


def _timeit(fn: Callable[[Any], Any], items: list[Any], reps: int) -> float:
    clock = _CLOCK[0]
    best = float("inf")
    for _ in range(reps):
        t0 = clock()
        for it in items:
            fn(it)
        best = min(best, clock() - t0)
    return best


#: a naive post-permalink pattern: what a regular expression over the raw page finds
NAIVE_POST_URL = re.compile(
    r"(?:twitter|x)\.com/\w{1,15}/status/\d+|instagram\.com/(?:p|reel)/[\w-]+|"
    r"facebook\.com/[\w.]+/(?:posts|videos)/\d+|tiktok\.com/@[\w.]+/video/\d+|"
    r"youtube(?:-nocookie)?\.com/embed/[\w-]{11}|t\.me/\w+/\d+|bsky\.app/profile/[\w.:]+/post/\w+"
)


def real_pages(folder: Path, reps: int, window: int) -> dict[str, Any]:
    """pages/s of ingest + extract on real pages beside bare parsers, in one run."""
    import lxml.html
    import trafilatura
    from selectolax.lexbor import LexborHTMLParser

    from analyzer.config import Settings
    from analyzer.extract import get_extractor
    from analyzer.ingest.core import make_article

    files = sorted(folder.glob("*.html.gz"))
    if not files:
        raise SystemExit(f"no *.html.gz pages in {folder}")
    pages = [gzip.decompress(f.read_bytes()).decode("utf-8", "replace") for f in files]
    settings = Settings()
    extractor = get_extractor()
    found = [0]

    def ours(html: str) -> None:
        article = make_article("b", "b", html=html, settings=settings)
        found[0] += len(extractor.extract(article))

    def ours_windowed(batch: list[str]) -> None:
        articles = [make_article("b", "b", html=html, settings=settings) for html in batch]
        for article in articles:
            found[0] += len(extractor.extract(article))

    windows = [pages[i : i + window] for i in range(0, len(pages), window)]
    for html in pages[:3]:  # warm up imports and caches
        ours(html)
        trafilatura.extract(html)
    found[0] = 0
    rows: list[tuple[str, float]] = []
    t = _timeit(ours, pages, reps)
    posts = found[0] / (reps * len(pages))
    rows.append(("ingest + extract (page by page)", len(pages) / t))
    t = _timeit(ours_windowed, windows, reps)
    rows.append((f"ingest + extract (windows of {window})", len(pages) / t))
    def lxml_parse(html: str) -> None:
        try:
            lxml.html.document_fromstring(html)
        except ValueError:  # text with an XML encoding declaration: lxml takes it as bytes
            lxml.html.document_fromstring(html.encode("utf-8"))

    t = _timeit(lxml_parse, pages, reps)
    rows.append(("lxml bare parse", len(pages) / t))
    t = _timeit(LexborHTMLParser, pages, reps)
    rows.append(("selectolax/lexbor bare parse", len(pages) / t))
    t = _timeit(NAIVE_POST_URL.findall, pages, reps)
    rows.append(("naive post-URL regex", len(pages) / t))
    t = _timeit(trafilatura.extract, pages, reps)
    rows.append(("trafilatura.extract", len(pages) / t))
    lxml_rate = rows[2][1]
    mb = sum(len(p) for p in pages) / 1e6
    clock = "CPU time" if _CLOCK[0] is time.process_time else "wall time"
    print(f"real pages: {len(pages)} from {folder} ({mb:.1f} MB); best of {reps}, {clock}")
    print(f"{'pipeline':40s} {'pages/s':>9s} {'x lxml parse':>13s}")
    for name, rate in rows:
        print(f"{name:40s} {rate:9.1f} {rate / lxml_rate:13.2f}")
    print(f"posts per page (ingest + extract): {posts:.2f}")
    return {"pages": len(pages), "rows": rows, "posts_per_page": posts}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--texts", type=int, default=300)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--real",
        type=Path,
        nargs="?",
        const=ROOT / "tests" / "data" / "real-pages" / "dev" / "pages",
        default=None,
        metavar="DIR",
        help="time the real pages DIR/*.html.gz (default: the gate's corpus)",
    )
    ap.add_argument("--window", type=int, default=64)
    ap.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time by the wall clock (default) or by this process's CPU time, which other "
        "processes on a shared machine do not add to",
    )
    args = ap.parse_args(argv)
    _CLOCK[0] = time.process_time if args.clock == "cpu" else time.perf_counter
    logging.disable(logging.WARNING)
    if args.real is not None:
        result = real_pages(args.real, args.reps, args.window)
        if args.json:
            args.json.write_text(json.dumps(result, indent=1))
        return 0

    import trafilatura

    from analyzer.extract import get_extractor
    from analyzer.extract.htmltext import parse_html_article
    from analyzer.records import Article

    rng = random.Random(args.seed)
    pages = [make_page(rng) for _ in range(args.pages)]
    texts = [make_text(rng) for _ in range(args.texts)]
    extractor = get_extractor()
    found = [0]

    def ours(html: str) -> None:
        text, title = parse_html_article(html)
        found[0] += len(
            extractor.extract(Article(source="b", id="b", text=text, html=html, title=title))
        )

    def ours_text(text: str) -> None:
        found[0] += len(extractor.extract(Article(source="b", id="b", text=text)))

    def traf(html: str) -> None:
        trafilatura.extract(html)

    ours(pages[0])  # warm up imports and caches
    traf(pages[0])
    t_ours = _timeit(ours, pages, args.reps)
    posts_per_page = found[0] / (args.reps * len(pages))
    t_traf = _timeit(traf, pages, args.reps)
    found[0] = 0
    t_text = _timeit(ours_text, texts, args.reps)
    posts_per_text = found[0] / (args.reps * len(texts))

    mb = sum(len(p) for p in pages) / 1e6
    rows = [
        ("ours: parse_html_article + extract", len(pages) / t_ours, mb / t_ours, posts_per_page),
        ("trafilatura.extract", len(pages) / t_traf, mb / t_traf, None),
        ("ours: extract on plain-text articles", len(texts) / t_text, None, posts_per_text),
    ]
    print(
        f"synthetic dump: {len(pages)} HTML pages ({mb:.1f} MB, mean {mb * 1000 / len(pages):.0f} kB), {len(texts)} text articles; best of {args.reps}"
    )
    print(f"{'pipeline':40s} {'pages/s':>9s} {'MB/s':>7s} {'posts/page':>11s}")
    for name, pps, mbs, ppp in rows:
        print(
            f"{name:40s} {pps:9.1f} {(f'{mbs:.2f}' if mbs else '-'):>7s} {(f'{ppp:.2f}' if ppp is not None else '-'):>11s}"
        )
    ratio = (len(pages) / t_ours) / (len(pages) / t_traf)
    print(f"ratio ours / trafilatura (HTML pages/s): {ratio:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "ratio": ratio}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
