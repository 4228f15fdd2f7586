"""``--format json`` (one object, streamed) and ``--format jsonl`` (one line per post)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TextIO, cast

from ..records import DocumentResult
from . import SCHEMA_ID
from ._common import GuardedOut, document_dict, dumps

__all__ = ["JsonReporter", "JsonlReporter", "POST_KEYS", "jsonl_records", "jsonl_text"]

#: the keys of ``PostResult.as_dict()``; every JSONL line carries all of them (null on
#: lines that are not posts), so that pandas and DuckDB see one stable set of columns
POST_KEYS = (
    "platform",
    "kind",
    "author",
    "url",
    "post_id",
    "date",
    "text",
    "span",
    "hashtags",
    "mentions",
    "media",
    "links",
    "method",
    "stated_language",
    "html_lang",
    "language",
    "translation",
    "renderings",
    "paraphrases",
    "english",
)


class JsonReporter:
    """``{"schema": ..., "documents": [...], "signature": ...}``, one document per line,
    written as the documents arrive; the signature comes last, when it is complete."""

    def __init__(self, *, quiet: bool = False, width: int | None = None) -> None:
        del quiet, width

    def write(
        self, signature: dict[str, Any], documents: Iterable[DocumentResult], out: TextIO
    ) -> None:
        out = cast("TextIO", GuardedOut(out))
        out.write(f'{{"schema": {dumps(SCHEMA_ID)}, "documents": [')
        sep = "\n"
        for doc in documents:
            out.write(sep)
            out.write(dumps(document_dict(doc)))
            sep = ",\n"
        # written last: the signature is complete only once every stage has run
        out.write(f'\n], "signature": {dumps(signature)}}}\n')


def jsonl_records(doc: DocumentResult) -> Iterator[dict[str, Any]]:
    """The JSONL lines of one document.

    - ``record: "post"``: one per post, its index in the document in ``index``;
    - ``record: "error"``: one per error record, the error in ``error``;
    - ``record: "document"``: one for a document with neither posts nor errors, so that
      every input document appears at least once.
    """
    head = {
        "source": doc.source,
        "id": doc.id,
        "document_url": doc.url,
        "document_title": doc.title,
    }
    for index, post in enumerate(doc.posts):
        line: dict[str, Any] = {"record": "post", **head, "index": index}
        line.update(dict.fromkeys(POST_KEYS))
        line.update(post.as_dict())
        line["error"] = None
        yield line
    for error in doc.errors:
        yield {
            "record": "error",
            **head,
            "index": None,
            **dict.fromkeys(POST_KEYS),
            "error": {"stage": error.stage, "error": error.error, "message": error.message},
        }
    if not doc.posts and not doc.errors:
        yield {
            "record": "document",
            **head,
            "index": None,
            **dict.fromkeys(POST_KEYS),
            "error": None,
        }


def jsonl_text(doc: DocumentResult) -> str:
    """The JSONL lines of one document as text (each ending in a newline)."""
    return "".join(dumps(line) + "\n" for line in jsonl_records(doc))


class JsonlReporter:
    """One JSON object per line: see :func:`jsonl_records`."""

    def __init__(self, *, quiet: bool = False, width: int | None = None) -> None:
        del quiet, width

    def write(
        self, signature: dict[str, Any], documents: Iterable[DocumentResult], out: TextIO
    ) -> None:
        out = cast("TextIO", GuardedOut(out))
        del signature  # the run's signature goes to the JSON format; lines stay flat
        for doc in documents:
            out.write(jsonl_text(doc))
