"""Typed, frozen records passed between the stages.

ingest -> :class:`Article`; extract -> :class:`Post`; detect -> :class:`Detection`;
translate -> :class:`Translation`; align/score -> :class:`Paraphrase`, :class:`Alignment`,
:class:`Fidelity`; the pipeline gathers them into :class:`PostResult` and
:class:`DocumentResult`. Every record has ``as_dict()`` giving the JSON contract's shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

__all__ = [
    "Alignment",
    "AlignedPair",
    "Article",
    "Author",
    "Detection",
    "DocumentResult",
    "ErrorRecord",
    "Fidelity",
    "Flag",
    "Paraphrase",
    "Post",
    "PostResult",
    "Rendering",
    "Span",
    "Translation",
]

PostKind = Literal["embed", "quote", "reference"]
TranslationStatus = Literal["ok", "identity", "unavailable", "skipped", "failed", "unsupported"]
FidelityLabel = Literal["faithful", "partial", "divergent", "unrelated"]


def _plain(value: Any) -> Any:
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


class _Record:
    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Span(_Record):
    """Half-open character offsets ``[start, end)`` into a document's text."""

    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """One input document. ``text`` is the plain article text (derived from ``html``
    when only HTML was given); spans of posts refer to ``text``.

    ``markup`` holds the posts found in ``html``'s markup by the same parse that wrote
    ``text`` (ingest parses a page once; the extract stage merges these with what it finds in
    the text). In them, ``span`` is where the embed's element lies in ``text`` (None when it lies
    outside the article's text). None when the HTML was not scanned: the extractor scans it."""

    source: str
    id: str
    text: str
    html: str | None = None
    url: str | None = None
    title: str | None = None
    markup: tuple[Post, ...] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "id": self.id, "url": self.url, "title": self.title}


@dataclass(frozen=True, slots=True)
class Author(_Record):
    name: str | None = None
    handle: str | None = None


@dataclass(frozen=True, slots=True)
class Post(_Record):
    """A social post that an article embeds (``embed``), quotes in prose (``quote``)
    or only links/mentions without its text (``reference``).

    ``text`` is None when the article does not carry the post's words: it is never invented.
    ``method`` says how it was found (e.g. ``html:twitter-blockquote``, ``text:tweet-signature``,
    ``prose:attribution``). ``stated_language`` is a language the article names for the post
    ("wrote in Arabic"), as an ISO 639-1 code.
    """

    platform: str
    kind: PostKind
    author: Author = field(default_factory=Author)
    url: str | None = None
    post_id: str | None = None
    date: str | None = None
    text: str | None = None
    span: Span | None = None
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    method: str = ""
    stated_language: str | None = None
    html_lang: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """Identity for dedupe: (platform, post_id), else the normalised text, else the url,
        else where it stands in the article (a textless post without an id is its own)."""
        if self.post_id:
            return (self.platform, self.post_id)
        if self.text:
            return (self.platform, " ".join(self.text.split()).casefold())
        if self.url:
            return (self.platform, self.url)
        where = f"{self.span.start}-{self.span.end}" if self.span else ""
        return (self.platform, f"{self.method}|{self.author.handle or self.author.name}|{where}")


@dataclass(frozen=True, slots=True)
class Detection(_Record):
    """Language of a post. ``code`` is ISO 639-1 (639-3 where there is none) or ``und``.
    ``fa`` means Persian/Dari."""

    code: str
    confidence: float
    candidates: tuple[tuple[str, float], ...] = ()
    script: str | None = None
    stated: str | None = None
    disagrees: bool = False
    spans: tuple[tuple[int, int, str], ...] = ()
    detector: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "confidence": round(self.confidence, 4),
            "candidates": [{"code": c, "confidence": round(p, 4)} for c, p in self.candidates],
            "script": self.script,
            "stated": self.stated,
            "disagrees": self.disagrees,
            "spans": [{"start": s, "end": e, "code": c} for s, e, c in self.spans],
            "detector": self.detector,
        }


@dataclass(frozen=True, slots=True)
class Translation(_Record):
    """English text of a post. ``status``: ``ok`` (machine translated), ``identity``
    (already English), ``unavailable`` (no weights; ``hint`` says how to get them),
    ``skipped`` (``--no-translate`` or no text), ``unsupported`` (no model for the language),
    ``failed`` (the model raised; ``hint`` has the reason)."""

    text: str | None
    status: TranslationStatus
    model: str | None = None
    revision: str | None = None
    hint: str | None = None
    flags: tuple[str, ...] = ()
    cached: bool = False


@dataclass(frozen=True, slots=True)
class Flag(_Record):
    """A named fidelity problem with its evidence.

    ``kind``: omission, addition, number, negation, entity, hashtag, certainty, misquote, ...
    ``severity``: ``hard`` problems cap the label, ``soft`` ones lower the score, ``info``
    notes are not problems (e.g. ``quote_supported``: quoted words the post supports).
    ``reference``/``candidate``: the evidence text on each side (None when absent there),
    with optional spans into the compared strings.
    """

    kind: str
    message: str
    severity: Literal["hard", "soft", "info"] = "soft"
    reference: str | None = None
    candidate: str | None = None
    reference_span: Span | None = None
    candidate_span: Span | None = None


@dataclass(frozen=True, slots=True)
class AlignedPair(_Record):
    reference: str
    candidate: str
    reference_span: Span
    candidate_span: Span
    score: float


@dataclass(frozen=True, slots=True)
class Alignment(_Record):
    """Phrase alignment between the English text of a post (reference) and a candidate."""

    pairs: tuple[AlignedPair, ...] = ()
    reference_unaligned: tuple[Span, ...] = ()
    candidate_unaligned: tuple[Span, ...] = ()
    method: str = ""


@dataclass(frozen=True, slots=True)
class Fidelity(_Record):
    """How faithfully a candidate renders a post. ``scorer`` is the id of the scorer that
    produced it: its full signature is in the run's header (``signature.fidelity``), or in
    the ``fidelity`` command's output."""

    score: float
    label: FidelityLabel
    flags: tuple[Flag, ...] = ()
    components: tuple[tuple[str, float], ...] = ()
    scorer: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "label": self.label,
            "flags": [f.as_dict() for f in self.flags],
            "components": {k: round(v, 4) for k, v in self.components},
            "scorer": self.scorer,
        }


@dataclass(frozen=True, slots=True)
class Paraphrase(_Record):
    """An English span of an article (this one or another in the run) that renders a post.
    ``where`` is ``body`` (``span`` is into the document's text) or ``title`` (the headline;
    ``span`` is into the title)."""

    text: str
    span: Span
    document: str
    alignment: Alignment | None = None
    fidelity: Fidelity | None = None
    quoted: bool = False
    score: float = 0.0
    where: str = "body"


@dataclass(frozen=True, slots=True)
class Rendering(_Record):
    """A translator's own rendering of a post, scored against the machine translation."""

    text: str
    translator: str | None = None
    alignment: Alignment | None = None
    fidelity: Fidelity | None = None


@dataclass(frozen=True, slots=True)
class PostResult(_Record):
    post: Post
    language: Detection | None = None
    translation: Translation | None = None
    renderings: tuple[Rendering, ...] = ()
    paraphrases: tuple[Paraphrase, ...] = ()
    english: str | None = None
    english_source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = self.post.as_dict()
        d["span"] = self.post.span.as_dict() if self.post.span else None
        d["language"] = self.language.as_dict() if self.language else None
        d["translation"] = self.translation.as_dict() if self.translation else None
        d["renderings"] = [r.as_dict() for r in self.renderings]
        d["paraphrases"] = [p.as_dict() for p in self.paraphrases]
        d["english"] = {"text": self.english, "source": self.english_source}
        return d


@dataclass(frozen=True, slots=True)
class ErrorRecord(_Record):
    """A document (or one stage on it) that failed; the reason is kept."""

    source: str
    id: str | None
    stage: str
    error: str
    message: str


@dataclass(frozen=True, slots=True)
class DocumentResult(_Record):
    source: str
    id: str
    posts: tuple[PostResult, ...] = ()
    errors: tuple[ErrorRecord, ...] = ()
    url: str | None = None
    title: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.errors)
