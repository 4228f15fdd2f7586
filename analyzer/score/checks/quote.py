"""Quotations: words in quotation marks in the candidate must be the post's words. A quote
the post does not support is a misquote (hard from three words, or two when far off and the
candidate quotes nothing of the post: beside a quotation of the post, a two-word quote is an
epithet or scare quotes, '"internet loudmouth" Jeff Tiedrich'); supported quotes are noted
(``quote_supported``, info)."""

from __future__ import annotations

import re

from ...records import Flag, Span
from ...text.chrf import chrf_spans
from ...text.tokens import normalize_quotes, quoted_spans, tokenize
from .base import Context, Finding

__all__ = ["QUOTE_MISQUOTE", "QUOTE_MISQUOTE_SHORT", "QUOTE_SUPPORTED", "analyse", "check", "quote_support"]

#: A quotation whose best match in the reference reaches this chrF is "supported".
QUOTE_SUPPORTED = 0.7
#: Below this, a quotation of three words or more is a hard misquote.
QUOTE_MISQUOTE = 0.5
#: Below this, a two-word quotation is a hard misquote ("finally over" for words the post
#: never used); single words are often scare quotes and stay soft.
QUOTE_MISQUOTE_SHORT = 0.3


def quote_support(reference: str, quote: str) -> tuple[float, Span | None]:
    """Best chrF of ``quote`` against a window of ``reference`` words, and that window."""
    ref = tokenize(reference)
    words = tokenize(quote)
    n = len(words)
    if not ref or not n:
        return 0.0, None
    # only windows holding a word of the quote (by its first three letters) can support it
    prefixes = {t.lower[:3] for t in words}
    anchors = [k for k, t in enumerate(ref) if t.lower[:3] in prefixes]
    if not anchors:
        anchors = list(range(len(ref)))
    windows: list[tuple[int, int]] = []  # in the order they are weighed (the first best wins)
    for size in range(max(1, n - 2), n + 3):
        starts = sorted(
            {i for k in anchors for i in range(max(0, k - size + 1), k + 1)}
            & set(range(max(1, len(ref) - size + 1)))
        )
        for i in starts:
            window = ref[i : i + size]
            if window:
                windows.append((window[0].start, window[-1].end))
    best, span = 0.0, None
    for (start, end), s in zip(windows, chrf_spans(reference, windows, quote), strict=True):
        if s > best:
            best, span = s, Span(start, end)
    return best, span


#: contractions, as words, so that "we've had" is the post's "we have had"
_CONTRACTIONS = {"'ve": "have", "'re": "are", "'ll": "will", "'m": "am", "n't": "not", "'d": "would"}
#: an unclosed quotation runs to the end of the candidate (a quote that goes on in the next
#: paragraph has no closing mark) when it holds this many words
_OPEN_QUOTE_WORDS = 3


def _quotations(candidate: str) -> list[tuple[int, int]]:
    """Spans of quoted words: closed quotations, and an opening mark left unclosed."""
    spans = list(quoted_spans(candidate))
    text = normalize_quotes(candidate)
    marks = [k for k, ch in enumerate(text) if ch == '"']
    if len(marks) % 2 == 1:
        start = marks[-1] + 1
        end = len(text.rstrip(" .!?,;:"))
        inside = any(a <= start < b for a, b in spans)
        if not inside and end > start and len(tokenize(text[start:end])) >= _OPEN_QUOTE_WORDS:
            spans.append((start, end))
    return spans


def _words(text: str) -> list[str]:
    out: list[str] = []
    for t in tokenize(normalize_quotes(text)):
        word = t.lower
        for short, full in _CONTRACTIONS.items():
            if word.endswith(short) and len(word) > len(short):
                out.extend((word[: -len(short)], full))
                break
        else:
            out.append(word)
    return out


#: a word masked by the newsroom's convention ("s---", "f***"): its first letters, then marks
_MASKED = re.compile(r"\b([^\W\d_]+)[-*#]{2,}")


def _altered(window: str, quote: str) -> list[str]:
    """Words inside the post's window that a supported quotation leaves out without an
    ellipsis ("we have ever had" quoted as "we've had"); a word the quotation masks
    ("holy s---") is not left out."""
    if "..." in quote or "\u2026" in quote:
        return []
    inner = _words(window)[1:-1]
    have = set(_words(quote))
    masked = [m.group(1).lower() for m in _MASKED.finditer(quote)]
    return [w for w in inner if w not in have and not any(w.startswith(m) for m in masked)]


def analyse(ctx: Context) -> tuple[list[Flag], float | None]:
    """Misquote flags for candidate quotations the reference does not support, plus an
    informational ``quote_supported`` flag for those it does. Returns (flags, lowest support)."""
    flags: list[Flag] = []
    lowest: float | None = None
    text = normalize_quotes(ctx.candidate)
    reference = normalize_quotes(ctx.reference)
    quotes = [
        (start, end, text[start:end], *quote_support(reference, text[start:end]))
        for start, end in _quotations(ctx.candidate)
    ]
    quotes_post = any(support >= QUOTE_SUPPORTED for *_, support, _ in quotes)
    for start, end, quote, support, span in quotes:
        words = len(tokenize(quote))
        lowest = support if lowest is None else min(lowest, support)
        evidence = ctx.reference[span.start : span.end] if span else None
        if support >= QUOTE_SUPPORTED:
            flags.append(
                Flag(
                    "quote_supported",
                    f"quoted words supported by the post: {quote!r}",
                    "info",
                    evidence,
                    ctx.candidate[start:end],
                    span,
                    Span(start, end),
                )
            )
            left_out = _altered(evidence or "", quote) if words >= _OPEN_QUOTE_WORDS else []
            if left_out and len(left_out) <= 2:  # more is another window, not an alteration
                flags.append(
                    Flag(
                        "misquote",
                        f"quoted words altered: {' '.join(left_out)!r} of the post left out"
                        " inside the quotation marks",
                        "soft",
                        evidence,
                        ctx.candidate[start:end],
                        span,
                        Span(start, end),
                    )
                )
        elif (support < QUOTE_MISQUOTE and words >= 3) or (
            support < QUOTE_MISQUOTE_SHORT and words == 2 and not quotes_post
        ):
            flags.append(
                Flag(
                    "misquote",
                    f"quoted words not in the post: {quote!r}",
                    "hard",
                    evidence,
                    ctx.candidate[start:end],
                    span,
                    Span(start, end),
                )
            )
        else:
            flags.append(
                Flag(
                    "misquote",
                    f"quoted words differ from the post: {quote!r}",
                    "soft",
                    evidence,
                    ctx.candidate[start:end],
                    span,
                    Span(start, end),
                )
            )
    return flags, lowest


def check(ctx: Context) -> Finding:
    flags, lowest = analyse(ctx)
    evidence = () if lowest is None else (("quote_support", lowest),)
    return Finding(tuple(flags), evidence)
