"""What every check shares: the :class:`Context` both texts are compared in, the
:class:`Finding` a check returns, the :class:`Speaker` of the post, and the helpers that turn
paired differences into flags."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from ...records import Alignment, Flag, Span
from ...text.tokens import Token, is_content, stem, tokenize

__all__ = [
    "Check",
    "Context",
    "Finding",
    "LONG_RUN",
    "Speaker",
    "changed",
    "pairing_flags",
    "sentence_initial",
]

#: Unaligned runs with at least this many content words are omitted/added *content*;
#: negations, numbers and names inside them are not counted as changes.
LONG_RUN = 3


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who posted: the author's display name, the handle, and the organisation or country
    the account speaks for (any may be missing). In the article, these names, and third
    person for the post's first person, are reported speech, not a change of entity."""

    name: str | None = None
    handle: str | None = None
    organisation: str | None = None

    def keys(self) -> frozenset[str]:
        """Word stems of every name of the speaker (handles split at case and underscores)."""
        out: set[str] = set()
        for value in (self.name, self.organisation):
            for t in tokenize(value or ""):
                if len(t.stem) >= 3 and t.content:
                    out.add(t.stem)
        if self.handle:
            body = self.handle.lstrip("@")
            import re

            for part in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", body.replace("_", " ")):
                if len(part) >= 3:
                    out.add(stem(part))
            out.add(stem(body))
        return frozenset(out)

    def __bool__(self) -> bool:
        return bool(self.name or self.handle or self.organisation)


@dataclass(frozen=True)
class Context:
    """Both texts, their words, the alignment and the speaker, computed once for all checks."""

    reference: str
    candidate: str
    ref: tuple[Token, ...]
    cand: tuple[Token, ...]
    alignment: Alignment
    speaker: Speaker = field(default_factory=Speaker)

    @classmethod
    def build(
        cls, reference: str, candidate: str, alignment: Alignment, speaker: Speaker | None = None
    ) -> Context:
        return cls(
            reference,
            candidate,
            tuple(tokenize(reference)),
            tuple(tokenize(candidate)),
            alignment,
            speaker or Speaker(),
        )

    def _long(self, tokens: Sequence[Token], spans: Sequence[Span]) -> list[Span]:
        out = []
        for s in spans:
            n = sum(1 for t in tokens if t.start >= s.start and t.end <= s.end and is_content(t))
            if n >= LONG_RUN:
                out.append(s)
        return out

    @cached_property
    def _long_ref(self) -> list[Span]:
        return self._long(self.ref, self.alignment.reference_unaligned)

    @cached_property
    def _long_cand(self) -> list[Span]:
        return self._long(self.cand, self.alignment.candidate_unaligned)

    def in_long_ref_gap(self, start: int, end: int) -> bool:
        return any(s.start <= start and end <= s.end for s in self._long_ref)

    def in_long_cand_gap(self, start: int, end: int) -> bool:
        return any(s.start <= start and end <= s.end for s in self._long_cand)


@dataclass(frozen=True, slots=True)
class Finding:
    """What one check found: its flags, and named evidence values for the label model
    (e.g. ``quote_support``)."""

    flags: tuple[Flag, ...] = ()
    evidence: tuple[tuple[str, float], ...] = ()


class Check(Protocol):
    """One invariant check: compares the post's English text with a candidate."""

    def __call__(self, ctx: Context) -> Finding: ...


CheckFunction = Callable[[Context], Finding]


class Located(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def changed(kind: str, noun: str, r: Located, c: Located) -> Flag:
    """A hard flag: ``r`` of the post became ``c`` in the candidate."""
    return Flag(kind, f"{noun} changed: {r.text!r} -> {c.text!r}", "hard", r.text, c.text,
                Span(r.start, r.end), Span(c.start, c.end))


def pairing_flags(
    kind: str, noun: str, missing: Sequence[Located], extra: Sequence[Located]
) -> list[Flag]:
    """Flags for items of the post without a match in the candidate (``missing``) and items
    of the candidate without a match in the post (``extra``): paired in order they are a
    hard change; left over, a soft omission or addition."""
    flags = [changed(kind, noun, r, c) for r, c in zip(missing, extra, strict=False)]
    flags += [
        Flag(kind, f"{noun} {r.text!r} of the post is missing", "soft", r.text, None,
             Span(r.start, r.end), None)
        for r in missing[len(extra) :]
    ]
    flags += [
        Flag(kind, f"{noun} {c.text!r} is not in the post", "soft", None, c.text,
             None, Span(c.start, c.end))
        for c in extra[len(missing) :]
    ]
    return flags


def sentence_initial(text: str, token: Token) -> bool:
    before = text[: token.start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"
