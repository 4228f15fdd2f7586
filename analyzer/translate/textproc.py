"""Text handling around the model: what goes in, and how the output is put back together.

:func:`prepare` cuts a post into parts:

* ``keep`` parts never reach the model and come back verbatim: URLs, media links
  (``pic.twitter.com/…``), ``@handles``, emoji, and stretches with no letters (``—``, ``|``,
  numbers). A keep part in the middle of a sentence splits it: the text on each side is
  translated on its own, the handle or link stays where it was.
* ``tag`` parts are hashtags at the edges of the post (``… text. #Afghanistan #طالبان``): each
  is translated alone, as words, and returned as a hashtag (``#الإمارة_الإسلامية`` →
  ``#Islamic_Emirate``). ASCII hashtags are returned unchanged.
* ``text`` parts are translated. Hashtags inside them are read as words (underscores and
  CamelCase split) so the sentence stays whole; after translation, if the hashtag's own
  translation is found in the output it is marked as a hashtag again (``#Islamic_Emirate``),
  otherwise its words stay as plain words. Text is Moses-punctuation-normalised (as OPUS-MT
  was trained), split into sentences, and sentences longer than the model's position limit are
  cut into chunks at clause or word boundaries.

:func:`assemble` puts the translated units back in the original order and spacing.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["Part", "Prepared", "prepare", "assemble", "find_repetition", "moses_normalize"]

log = logging.getLogger(__name__)

PartKind = Literal["keep", "tag", "text"]

_EMOJI = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u2190-\u21ff"
    "\ufe0f\ufe0e\u200d\u20e3\U000e0020-\U000e007f"
)
_TAG_BODY = r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+"
_PROTECTED = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+?(?=[.,;:!?)\]}»\"'؟،]*(?:\s|$)))"
    r"|(?P<media>\b(?:pic\.(?:twitter|x)\.com|t\.co)/\w+)"
    r"|(?P<handle>(?<![\w@])@[A-Za-z0-9_]{1,50})"
    r"|(?P<tag>(?<![\w&#])#" + _TAG_BODY + r")"
    r"|(?P<emoji>[" + _EMOJI + r"]+)"
)
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"(?<=[.!?؟۔…])\s+|\s*\n+\s*")
_CLAUSE_END = re.compile(r"[,،;؛:]$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_LEAD_MARK = re.compile(r"[^\w\s\"'«“(\[]+\s*")
_TRAIL_MARK = re.compile(r"\s*[(\[«“—–|]+$")
_EDGE_STOP = re.compile(r"[.!?؟…:|]$")


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of a text part: a sentence or chunk for the model (``translate``), or a run
    without letters kept as is. ``sep`` is the separator before it in the output."""

    text: str
    translate: bool
    sep: str = ""


@dataclass(frozen=True, slots=True)
class Part:
    kind: PartKind
    text: str
    before: str = ""
    units: tuple[Unit, ...] = ()
    #: inline hashtags of a text part: (original ``#tag``, its words)
    tags: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Prepared:
    parts: tuple[Part, ...]

    def model_inputs(self) -> list[str]:
        """Every string the model must translate for this post (may repeat)."""
        out: list[str] = []
        for part in self.parts:
            if part.kind == "text":
                out.extend(unit.text for unit in part.units if unit.translate)
                out.extend(words for _, words in part.tags if not words.isascii())
            elif part.kind == "tag":
                words = tag_words(part.text)
                if not words.isascii():
                    out.append(words)
        return out


def tag_words(tag: str) -> str:
    """``#الإمارة_الإسلامية`` → ``الإمارة الإسلامية``; ``#FreeAfghanistan`` → ``Free Afghanistan``."""
    body = tag.lstrip("#").replace("\u0640", "")
    body = _CAMEL.sub(" ", body)
    return " ".join(body.replace("_", " ").split())


@functools.lru_cache(maxsize=64)
def _normalizer(lang: str) -> Callable[[str], str] | None:
    try:
        from sacremoses import MosesPunctNormalizer
    except ImportError:  # pragma: no cover - sacremoses is a dependency
        log.debug("sacremoses is not installed; punctuation is not normalised")
        return None
    normalizer = MosesPunctNormalizer(lang=lang or "en")
    return normalizer.normalize  # type: ignore[no-any-return]


def moses_normalize(text: str, lang: str) -> str:
    """Moses punctuation normalisation (what OPUS-MT applied to its training data)."""
    normalize = _normalizer(lang)
    return normalize(text).strip() if normalize else text.strip()


def _split_units(text: str, count: Callable[[str], int], max_pieces: int) -> list[Unit]:
    units: list[Unit] = []
    pieces = _SENTENCE_END.split(text)
    seps = [m.group(0) for m in _SENTENCE_END.finditer(text)]
    for i, sentence in enumerate(pieces):
        sep = "" if i == 0 else ("\n" if "\n" in seps[i - 1] else " ")
        sentence = sentence.strip()
        if not sentence:
            continue
        if not _LETTER.search(sentence):
            units.append(Unit(sentence, False, sep))
            continue
        for j, chunk in enumerate(_chunk(sentence, count, max_pieces)):
            units.append(Unit(chunk, True, sep if j == 0 else " "))
    return units


def _chunk(sentence: str, count: Callable[[str], int], max_pieces: int) -> list[str]:
    """Cut a sentence that is too long for the model at clause, then word boundaries."""
    if count(sentence) <= max_pieces:
        return [sentence]
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for word in sentence.split():
        n = count(word)
        while n > max_pieces:  # a single giant "word" (garbage): cut by characters
            cut = max(1, len(word) * max_pieces // (n + 1))
            head, word = word[:cut], word[cut:]
            if current:
                chunks.append(" ".join(current))
                current, size = [], 0
            chunks.append(head)
            n = count(word)
        if current and size + n > max_pieces:
            chunks.append(" ".join(current))
            current, size = [], 0
        current.append(word)
        size += n
        if _CLAUSE_END.search(word) and size > max_pieces // 2:
            chunks.append(" ".join(current))
            current, size = [], 0
    if current:
        chunks.append(" ".join(current))
    return [c for c in chunks if c]


def _default_count(text: str) -> int:
    return max(1, len(text) // 3)


def prepare(
    text: str,
    lang: str,
    *,
    count: Callable[[str], int] = _default_count,
    max_pieces: int = 400,
) -> Prepared:
    """Cut ``text`` into keep / tag / text parts (see the module docstring)."""
    raw: list[tuple[str, str]] = []  # (kind, text) with kinds url/media/handle/tag/emoji/gap
    pos = 0
    for match in _PROTECTED.finditer(text):
        if match.start() > pos:
            raw.append(("gap", text[pos : match.start()]))
        raw.append((match.lastgroup or "keep", match.group(0)))
        pos = match.end()
    if pos < len(text):
        raw.append(("gap", text[pos:]))

    lettered = [i for i, (kind, chunk) in enumerate(raw) if kind == "gap" and _LETTER.search(chunk)]
    first, last = (lettered[0], lettered[-1]) if lettered else (-1, -1)

    def inline(i: int) -> bool:
        if first < i < last:
            return True
        if i == last + 1 and last >= 0:
            return not _EDGE_STOP.search(raw[last][1].rstrip())
        if i == first - 1:  # a leading hashtag that starts the sentence ("#طالبان تعلن ...")
            following = raw[first][1]
            return following[:1].isspace() and following.strip()[:1] not in {"|", ":"}
        return False

    # Merge runs of gaps and inline hashtags into text segments.
    merged: list[tuple[str, str, list[tuple[str, str]]]] = []  # (kind, text, inline tags)
    for i, (kind, chunk) in enumerate(raw):
        if kind == "tag" and inline(i):
            words = tag_words(chunk)
            entry = ("gap", words, [(chunk, words)])
        elif kind == "gap":
            entry = ("gap", chunk, [])
        else:
            entry = ("tag" if kind == "tag" else "keep", chunk, [])
        if entry[0] == "gap" and merged and merged[-1][0] == "gap":
            prev = merged[-1]
            merged[-1] = ("gap", prev[1] + entry[1], prev[2] + entry[2])
        else:
            merged.append(entry)

    parts: list[Part] = []
    pending = ""
    for kind, chunk, tags in merged:
        if kind != "gap":
            parts.append(Part(kind, chunk, before=pending))  # type: ignore[arg-type]
            pending = ""
            continue
        stripped = chunk.strip()
        lead = chunk[: len(chunk) - len(chunk.lstrip())]
        trail = chunk[len(chunk.rstrip()) :]
        before = _space(pending + lead)
        if stripped:
            lead_mark = _LEAD_MARK.match(stripped)
            if lead_mark and _LETTER.search(stripped[lead_mark.end() :]):
                parts.append(Part("keep", lead_mark.group(0).strip(), before))
                before = " " if lead_mark.group(0) != lead_mark.group(0).rstrip() else ""
                stripped = stripped[lead_mark.end() :]
            trail_mark = _TRAIL_MARK.search(stripped)
            tail: Part | None = None
            if trail_mark and _LETTER.search(stripped[: trail_mark.start()]):
                space = " " if trail_mark.group(0) != trail_mark.group(0).lstrip() else ""
                tail = Part("keep", trail_mark.group(0).strip(), space)
                stripped = stripped[: trail_mark.start()]
            if _LETTER.search(stripped):
                normalized = moses_normalize(stripped, lang)
                units = tuple(_split_units(normalized, count, max_pieces))
                parts.append(Part("text", stripped, before, units, tuple(tags)))
            else:
                parts.append(Part("keep", stripped, before))
            if tail is not None:
                parts.append(tail)
            pending = trail
        else:
            pending = pending + chunk
    return Prepared(tuple(parts))


def _space(ws: str) -> str:
    if not ws:
        return ""
    return "\n" if "\n" in ws else " "


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ARTICLES = {"the", "a", "an"}


def _tag_phrase(translated: str) -> list[str]:
    """Words of a hashtag's translation, without a leading article (``the Islamic Emirate.``
    → ``Islamic Emirate``)."""
    words = _WORD.findall(translated)
    while len(words) > 1 and words[0].lower() in _ARTICLES:
        words = words[1:]
    return words


def _render_tag(tag: str, translated: str | None) -> str:
    words = tag_words(tag)
    if words.isascii() or not translated:
        return tag
    cleaned = _tag_phrase(translated)
    return "#" + "_".join(cleaned) if cleaned else tag


def _mark_inline_tag(output: str, phrase: str) -> str:
    words = _tag_phrase(phrase)
    if not words:
        return output
    pattern = re.compile(
        r"(?<![\w#])" + r"[\s\-]+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE
    )
    match = pattern.search(output)
    if not match:
        return output
    tag = "#" + "_".join(_WORD.findall(match.group(0)))
    return output[: match.start()] + tag + output[match.end() :]


def assemble(prepared: Prepared, translated: Mapping[str, str]) -> str:
    """The post's English text: translated units, hashtags and kept parts in order."""
    out: list[str] = []
    for part in prepared.parts:
        if part.kind == "keep":
            rendered = part.text
        elif part.kind == "tag":
            rendered = _render_tag(part.text, translated.get(tag_words(part.text)))
        else:
            pieces: list[str] = []
            for unit in part.units:
                value = translated.get(unit.text, "") if unit.translate else unit.text
                value = value.strip()
                if value:
                    pieces.append((unit.sep if pieces else "") + value)
            rendered = "".join(pieces)
            for _, words in part.tags:
                phrase = words if words.isascii() else translated.get(words, "")
                rendered = _mark_inline_tag(rendered, phrase)
        if not rendered:
            continue
        out.append((part.before if out else "") + rendered)
    return "".join(out).strip()


def find_repetition(tokens: Iterable[str], *, max_n: int = 4, min_repeats: int = 4) -> bool:
    """True when an n-gram (n ≤ ``max_n``) repeats back to back ``min_repeats`` times or one
    token makes up most of a long output: the signature of a decoding loop."""
    seq = list(tokens)
    if len(seq) >= 8:
        top = max(seq.count(t) for t in set(seq))
        if top / len(seq) > 0.5:
            return True
    for n in range(1, max_n + 1):
        need = n * min_repeats
        for start in range(0, len(seq) - need + 1):
            gram = seq[start : start + n]
            if all(seq[start + k * n : start + (k + 1) * n] == gram for k in range(1, min_repeats)):
                return True
    return False
