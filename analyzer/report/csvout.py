"""``--format csv``: one row per post (and per error), flat columns documented in
docs/reports.md. Lists are joined with ``;`` ("hashtags", "flags", ...).

Cells are text from the web. A spreadsheet reads a cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula ("CSV injection"), so such a text cell gets a
leading ``'`` (:func:`neutralise`); numbers stay numbers. Rows end in CRLF (RFC 4180), so
that a cell holding a bare carriage return is quoted like one holding a newline (with ``\n``
rows the csv module leaves it unquoted, and readers split the row there)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any, TextIO, cast

from ..records import DocumentResult, Fidelity, PostResult
from ._common import GuardedOut, best_paraphrase, best_rendering

__all__ = ["COLUMNS", "CsvReporter", "csv_rows", "neutralise"]

#: what a spreadsheet may take for the start of a formula
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "record",
    "source",
    "id",
    "index",
    "platform",
    "kind",
    "author_name",
    "author_handle",
    "url",
    "post_id",
    "date",
    "text",
    "span_start",
    "span_end",
    "hashtags",
    "mentions",
    "links",
    "media",
    "method",
    "stated_language",
    "html_lang",
    "language",
    "language_confidence",
    "language_script",
    "language_disagrees",
    "translation",
    "translation_status",
    "translation_model",
    "translation_hint",
    "english",
    "english_source",
    "n_renderings",
    "best_rendering",
    "rendering_score",
    "rendering_label",
    "rendering_flags",
    "n_paraphrases",
    "best_paraphrase",
    "best_paraphrase_document",
    "best_quoted",
    "best_score",
    "best_label",
    "flags",
    "error_stage",
    "error_type",
    "error_message",
)


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _join(values: Iterable[str]) -> str:
    return ";".join(values)


def _flags(fidelity: Fidelity | None) -> str:
    return _join(f.kind for f in fidelity.flags) if fidelity else ""


def _score(fidelity: Fidelity | None) -> float | None:
    return round(fidelity.score, 4) if fidelity else None


def _post_row(doc: DocumentResult, index: int, result: PostResult) -> dict[str, Any]:
    post = result.post
    lang = result.language
    tr = result.translation
    para = best_paraphrase(result)
    rend = best_rendering(result)
    return {
        "record": "post",
        "source": doc.source,
        "id": doc.id,
        "index": index,
        "platform": post.platform,
        "kind": post.kind,
        "author_name": post.author.name,
        "author_handle": post.author.handle,
        "url": post.url,
        "post_id": post.post_id,
        "date": post.date,
        "text": post.text,
        "span_start": post.span.start if post.span else None,
        "span_end": post.span.end if post.span else None,
        "hashtags": _join(post.hashtags),
        "mentions": _join(post.mentions),
        "links": _join(post.links),
        "media": _join(post.media),
        "method": post.method,
        "stated_language": post.stated_language,
        "html_lang": post.html_lang,
        "language": lang.code if lang else None,
        "language_confidence": round(lang.confidence, 4) if lang else None,
        "language_script": lang.script if lang else None,
        "language_disagrees": lang.disagrees if lang else None,
        "translation": tr.text if tr else None,
        "translation_status": tr.status if tr else None,
        "translation_model": tr.model if tr else None,
        "translation_hint": tr.hint if tr else None,
        "english": result.english,
        "english_source": result.english_source,
        "n_renderings": len(result.renderings),
        "best_rendering": rend.text if rend else None,
        "rendering_score": _score(rend.fidelity) if rend else None,
        "rendering_label": rend.fidelity.label if rend and rend.fidelity else None,
        "rendering_flags": _flags(rend.fidelity) if rend else "",
        "n_paraphrases": len(result.paraphrases),
        "best_paraphrase": para.text if para else None,
        "best_paraphrase_document": para.document if para else None,
        "best_quoted": para.quoted if para else None,
        "best_score": _score(para.fidelity) if para else None,
        "best_label": para.fidelity.label if para and para.fidelity else None,
        "flags": _flags(para.fidelity) if para else "",
    }


def csv_rows(doc: DocumentResult) -> Iterator[dict[str, Any]]:
    """The rows of one document: ``record`` is ``post``, ``error``, or ``document`` (one
    row for a document with neither posts nor errors)."""
    for index, result in enumerate(doc.posts):
        yield _post_row(doc, index, result)
    for error in doc.errors:
        yield {
            "record": "error",
            "source": doc.source,
            "id": doc.id,
            "error_stage": error.stage,
            "error_type": error.error,
            "error_message": error.message,
        }
    if not doc.posts and not doc.errors:
        yield {"record": "document", "source": doc.source, "id": doc.id}


class CsvReporter:
    """CSV with a header row (fields quoted as needed, ``\\n`` line ends), written as the
    documents arrive."""

    def __init__(self, *, quiet: bool = False, width: int | None = None) -> None:
        del quiet, width

    def write(
        self, signature: dict[str, Any], documents: Iterable[DocumentResult], out: TextIO
    ) -> None:
        out = cast("TextIO", GuardedOut(out))
        del signature
        writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
        writer.writeheader()
        for doc in documents:
            writer.writerows(
                {key: neutralise(value) for key, value in row.items()} for row in csv_rows(doc)
            )
