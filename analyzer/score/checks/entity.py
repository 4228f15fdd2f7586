"""Named entities: a name of the post replaced by another is a hard problem; a dropped or
added name is soft. Names are capitalised word groups; titles, aliases and acronyms
("UN" ~ "United Nations") match, and so do demonyms ("Syria" ~ "Syrian").

Reported speech: the poster named in the article ("Saleh said", "Pakistan wants …") is the
speaker, not a new entity; a candidate that credits the words to someone else (when the
speaker is known) is a wrong speaker, an entity problem. The word lists are
``analyzer/data/fidelity_names.toml``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ...align.core import SUBSTITUTION_MAX
from ...records import Flag
from ...tables import table
from ...text.tokens import Token, stem, tokenize
from .base import Context, Finding, changed, pairing_flags, sentence_initial
from .coverage import is_reporting
from .hashtag import tag_words

__all__ = ["Entity", "check", "extract_entities", "frame_entities", "is_speaker"]

#: punctuation that ends a name
_BREAKS = frozenset(',;:!?()"“”')
#: how far (in words) a name may stand before the reporting verb it is the subject of
_FRAME_BEFORE = 4
#: how far after it ('"…," said Saleh', "according to the ministry", "wrote professor and
#: attorney Seth Abramson")
_FRAME_AFTER = 4


@dataclass(frozen=True, slots=True)
class _Names:
    joiners: frozenset[str]
    titles: frozenset[str]
    stop_caps: frozenset[str]
    not_names: frozenset[str]
    aliases: tuple[tuple[str, ...], ...]


@cache
def _n() -> _Names:
    t = table("fidelity_names")
    return _Names(
        joiners=frozenset(t["joiners"]),
        titles=frozenset(t["titles"]),
        stop_caps=frozenset(t["stop_caps"]),
        not_names=frozenset(t["not_names"]),
        aliases=tuple(tuple(g) for g in t["aliases"]),
    )


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    start: int
    end: int
    stems: frozenset[str]


def extract_entities(
    text: str, tokens: Sequence[Token] | None = None, other: str = ""
) -> list[Entity]:
    """Capitalised names (multi-word ones grouped: "Islamic Emirate", "National Resistance
    Front"). A sentence-initial word counts only when ``other`` has it capitalised too."""
    tokens = list(tokens if tokens is not None else tokenize(text))
    other_caps = {t.lower for t in tokenize(other) if t.text[:1].isupper()}
    names: list[list[Token]] = []
    current: list[Token] = []
    previous: Token | None = None
    for t in tokens:
        if current and previous is not None and _BREAKS & set(text[previous.end : t.start]):
            names.append(current)  # a name does not run across a comma ("Monday, Pakistan")
            current = []
        previous = t
        word = t.text.lstrip("#@")
        capital = (
            bool(word[:1].isupper())
            and not t.text.startswith(("#", "@"))
            and word.lower() not in _n().not_names
        )
        if capital and sentence_initial(text, t):
            capital = (
                t.lower in other_caps or word.isupper() and len(word) > 1
            ) and t.lower not in _n().stop_caps
        if capital:
            current.append(t)
        elif current and t.lower in _n().joiners and t.text[:1].islower():
            current.append(t)
        else:
            if current:
                names.append(current)
            current = []
    if current:
        names.append(current)
    out = []
    for group in names:
        while group and group[-1].lower in _n().joiners:
            group = group[:-1]
        while len(group) > 1 and group[0].lower.rstrip(".") in _n().titles:
            group = group[1:]  # "Foreign Minister Wang Yi" is "Wang Yi"
        while group and group[0].lower in _n().joiners:
            group = group[1:]
        if not group or (len(group) == 1 and group[0].lower.rstrip(".") in _n().titles):
            continue
        stems = frozenset(t.stem for t in group if t.lower not in _n().joiners)
        out.append(
            Entity(text[group[0].start : group[-1].end], group[0].start, group[-1].end, stems)
        )
    return out


@dataclass(frozen=True, slots=True)
class _Reporting:
    breakers: frozenset[str]
    participles: frozenset[str]


@cache
def _reporting() -> _Reporting:
    t = table("lexicon_reporting")
    return _Reporting(frozenset(t["frame_breakers"]), frozenset(t["participles"]))


@cache
def _alias_index() -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for group in _n().aliases:
        keys = {" ".join(stem(w) for w in name.split()) for name in group}
        for k in keys:
            index.setdefault(k, set()).update(keys)
    return index





def _name_keys(tokens: Sequence[Token], entities: Sequence[Entity]) -> set[str]:
    """Word stems of a text, plus the aliases and acronyms of its names ("United Nations"
    gives "un"), so that "UN" on one side matches "United Nations" on the other."""
    keys = {t.stem for t in tokens}
    for t in tokens:
        if t.text[:1] == "#" and len(t.text) > 1:  # "#SaveOurNHS" names "Save Our NHS"
            words = sorted(tag_words(t.text), key=t.lower.find)
            keys.update(words)
            keys.add(" ".join(words))
    for e in entities:
        words = [stem(w) for w in e.text.split() if w.lower() not in _n().joiners]
        full = " ".join(words)
        keys.add(full)
        if len(words) > 1:
            keys.add("".join(w[0] for w in words if w))
        for alias in _alias_index().get(full, ()):
            keys.update(alias.split() if " " not in alias else [alias])
            keys.add(alias)
    return keys


def _matched(entity: Entity, stems: set[str]) -> bool:
    """Any word of the name on the other side; demonyms count ("Syria" ~ "Syrian",
    "Afghan" ~ "Afghanistan")."""
    if entity.stems & stems:
        return True
    words = [stem(w) for w in entity.text.split() if w.lower() not in _n().joiners]
    full = " ".join(words)
    if full in stems or _alias_index().get(full, set()) & stems:
        return True
    return any(
        len(a) >= 4
        and len(b) >= 4
        and (a.startswith(b) or b.startswith(a))
        and abs(len(a) - len(b)) <= 6
        for a in entity.stems
        for b in stems
    )


def _partial_swaps(
    ctx: Context,
    ref_ents: Sequence[Entity],
    cand_ents: Sequence[Entity],
    ref_keys: set[str],
    cand_keys: set[str],
) -> list[Flag]:
    """Names that share a word but differ in another ("Lauren James" -> "Lauren Hemp",
    "New York" -> "New Jersey"): each side has a word the other text lacks altogether."""
    flags: list[Flag] = []
    for r in ref_ents:
        for c in cand_ents:
            if not (r.stems & c.stems) or r.stems == c.stems:
                continue
            r_only = [w for w in r.stems - c.stems if not _matched_word(w, cand_keys)]
            c_only = [w for w in c.stems - r.stems if not _matched_word(w, ref_keys)]
            if (
                r_only
                and c_only
                and not (
                    ctx.in_long_ref_gap(r.start, r.end) or ctx.in_long_cand_gap(c.start, c.end)
                )
            ):
                flags.append(changed("entity", "name", r, c))
                return flags
    return flags


def _matched_word(word: str, keys: set[str]) -> bool:
    return word in keys or any(
        len(word) >= 4 and len(k) >= 4 and (word.startswith(k) or k.startswith(word)) for k in keys
    )


def frame_entities(ctx: Context) -> list[Entity]:
    """Names of the candidate that stand in its attribution frame: the subject of a
    reporting verb ("The Taliban said that …", "Pakistan's foreign minister told …") or the
    name right after one ('"…," said Saleh', "according to the ministry"), never the
    reported words after "that"."""
    cand = ctx.cand
    marks = [k for k in range(len(cand)) if is_reporting(cand, k)]
    if not marks:
        return []
    out = []
    for e in extract_entities(ctx.candidate, cand, ctx.reference):
        inside = [k for k, t in enumerate(cand) if e.start <= t.start and t.end <= e.end]
        if not inside:
            continue
        first, last = inside[0], inside[-1]
        for v in marks:
            before = (
                0 < v - last <= _FRAME_BEFORE
                and cand[v].lower not in _reporting().participles
                and not any(cand[k].lower in _reporting().breakers for k in range(last + 1, v))
                and "," not in ctx.candidate[cand[last].end : cand[v].start]
            )
            after = (
                0 < first - v <= _FRAME_AFTER
                and _trailing(ctx.candidate, cand, v)
                and all(cand[k].lower != "that" for k in range(v + 1, first))
            )
            if before or after:
                out.append(e)
                break
    return out


def _trailing(text: str, tokens: Sequence[Token], v: int) -> bool:
    """The reporting verb ``tokens[v]`` has its subject after it: it follows the quotation
    or clause it reports ('"…," said Saleh', '…, wrote Seth Abramson') or is "according"
    ("according to the ministry"); "Zakharova said China would …" has its subject before."""
    if tokens[v].lower == "according" or v == 0:
        return True
    between = text[tokens[v - 1].end : tokens[v].start]
    return any(ch in between for ch in ",;:\"”’'—–-")


def is_speaker(ctx: Context, entity: Entity) -> bool:
    """The name is one of the poster's (name, handle, organisation; an alias or a shared
    five-letter prefix counts)."""
    keys = ctx.speaker.keys()
    if not keys:
        return False
    if entity.stems & keys or _matched(entity, set(keys)):
        return True
    return any(len(k) >= 5 and len(s) >= 5 and k[:5] == s[:5] for k in keys for s in entity.stems)


def _flags(ctx: Context) -> list[Flag]:
    ref_ents = extract_entities(ctx.reference, ctx.ref, ctx.candidate)
    cand_ents = extract_entities(ctx.candidate, ctx.cand, ctx.reference)
    ref_stems = _name_keys(ctx.ref, ref_ents)
    cand_stems = _name_keys(ctx.cand, cand_ents)
    missing = [e for e in ref_ents if not _matched(e, cand_stems)]
    # reported speech: the name the words are credited to is the poster when the poster is
    # unknown or is that name (a known poster credited under another name is left to the
    # attribution: words credited to another source)
    speaker_known = bool(ctx.speaker)
    framed = [
        e for e in frame_entities(ctx) if not speaker_known or is_speaker(ctx, e)
    ]
    extra = [
        e for e in cand_ents if not _matched(e, ref_stems) and e not in framed
    ]
    flags: list[Flag] = _partial_swaps(ctx, ref_ents, cand_ents, ref_stems, cand_stems)
    used_m: set[int] = set()
    used_e: set[int] = set()
    # substitutions the aligner paired up
    for pair in ctx.alignment.pairs:
        if pair.score > SUBSTITUTION_MAX:
            continue
        rs, cs = pair.reference_span, pair.candidate_span
        m_in = [
            k
            for k, e in enumerate(missing)
            if rs.start <= e.start and e.end <= rs.end and k not in used_m
        ]
        e_in = [
            k
            for k, e in enumerate(extra)
            if cs.start <= e.start and e.end <= cs.end and k not in used_e
        ]
        if m_in and e_in:
            r, c = missing[m_in[0]], extra[e_in[0]]
            flags.append(changed("entity", "name", r, c))
            used_m.update(m_in)
            used_e.update(e_in)
        elif m_in:
            flags.append(
                Flag(
                    "substitution",
                    f"{pair.reference!r} rendered as {pair.candidate!r}",
                    "soft",
                    pair.reference,
                    pair.candidate,
                    rs,
                    cs,
                )
            )
            used_m.update(m_in)
    rest_m = [
        e
        for k, e in enumerate(missing)
        if k not in used_m and not ctx.in_long_ref_gap(e.start, e.end)
    ]
    rest_e = [
        e
        for k, e in enumerate(extra)
        if k not in used_e and not ctx.in_long_cand_gap(e.start, e.end)
    ]
    flags.extend(pairing_flags("entity", "name", rest_m, rest_e))
    return flags


def check(ctx: Context) -> Finding:
    return Finding(tuple(_flags(ctx)))
