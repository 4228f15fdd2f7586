"""Posts quoted in article prose.

A quotation is a post only when its attribution says so: a platform in the attribution clause
(``"…," Saleh wrote on X``, ``Zelensky posted on Telegram: "…"``, ``píše na Twitter Gary
Lineker``, ``написала певица на своей странице в Instagram``), a tweet word (``"…," Noem
tweeted``, ``said in a tweet``), a caption (``with the caption: "…"``), an ``according to a
post by`` clause, or a writing verb whose speaker the sentence before put on a platform (``took
to Instagram … "…," she wrote``) or, in a section quoting users of a platform, the paragraphs
before did. The attribution may stand after the quote, before it, or split it (``«…», ha scritto
su X, «…»``); a quote run on over a paragraph without its closing mark is read to the
paragraph's end.

Speech is not a post: what was told to reporters, said in interviews, statements, e-mails,
blogs, columns and books, and the words of someone who tweeted but said them to the reporter
(``"…," X, who tweeted about it, said``). Indirect speech clearly attributed to a post (``S's
Twitter feed said …``) becomes a textless ``reference`` marked indirect.

The speaker is a person or organisation name, or None: a pronoun is resolved to the name the
nearest earlier sentence gives, a title or role (``the singer``, ``the group``, ``la premier``)
to the name the article gives it (``Певица Нюша``, ``The group, WeWorkers Coalition``); time
expressions, platform names and generic nouns are never speakers. The vocabulary (verbs in
several languages, platform names in several scripts, pronouns, roles, time words) is in
``analyzer/data/extract_prose.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

from ..tables import table
from .found import Found
from .literals import caseless, literal_pattern, lowered, variants

__all__ = ["find_prose", "quote_near"]

#: quotation marks: opening mark -> the marks that may close it
_PAIRS: dict[str, str] = {
    '"': '"”“', "“": "”“\"", "„": "“”\"", "«": "»", "»": "«", "”": "”", "「": "」", "『": "』",
}
_SINGLE: dict[str, str] = {"‘": "’'", "'": "'’"}
_OPENING = {
    single: re.compile("[" + re.escape("".join(pairs)) + "]")
    for single, pairs in ((False, _PAIRS), (True, _SINGLE))
}
#: opening mark -> a pattern for the marks that may close it
_CLOSING = {
    mark: re.compile("[" + re.escape(closers) + "]")
    for mark, closers in (*_PAIRS.items(), *_SINGLE.items())
}
_MAX_QUOTE = 3000
_WINDOW = 600  # characters around a quote that its attribution may use
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĞĠĢĤĦĨĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽА-ЯЁІЇЄҐΑ-Ω"
_KANA = re.compile(r"[\u3040-\u309f\s]+")
_CASELESS = re.compile(r"[\u0600-\u06ff\u0590-\u05ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_HANDLE = re.compile(r"\(?@(?P<h>[A-Za-z0-9_][\w.]{0,30})\)?")
_SENT_END = re.compile(r"[.!?](?=[\"”’»)\]]*(?:\s|$))|[。！？]")


@dataclass(frozen=True, slots=True)
class _Quote:
    start: int  # the opening mark
    end: int  # after the closing mark (the paragraph's end when it has none)
    inner: tuple[int, int]  # the quoted words
    closed: bool


@dataclass(slots=True)
class _Attr:
    platform: str
    speaker: str | None
    handle: str | None
    language: str | None
    indirect: bool = False


class _Vocab:
    """The compiled vocabulary (built once, on first use)."""

    def __init__(self) -> None:
        t = table("extract_prose")
        w = t["words"]
        self.platform_names: dict[str, str] = {
            k.rstrip("*").casefold(): v for k, v in t["platforms"].items()
        }
        names = sorted(t["platforms"], key=len, reverse=True)
        latin = [n for n in names if n.isascii() and n != "x"]
        other = [n for n in names if not n.isascii()]
        # a Latin name with its case ending ('na Twitterze', 'na Facebooku', 'na Instagramie')
        plat = (
            r"(?:(?i:" + "|".join(_word(n) for n in latin) + r")(?:[a-zęąóśłżźćń]{1,3}\b)?|X(?![\w-])"
            + "".join("|" + _word(n) for n in other) + r")"
        )
        self.platform = plat
        # indirect speech credited to a post ("S's Telegram channel said", "S tweeted that",
        # "according to a Facebook post by S"): English forms, from the table's words
        ip = r"(?:(?i:" + "|".join(_word(n) for n in latin) + r")|X(?![\w-]))"
        acc = _alternation(w["indirect_accounts"])
        said = _alternation(w["indirect_verbs"])
        self.indirect = re.compile(
            r"(?P<owner>(?:[Tt]he\s+)?(?:[A-Z][\w.-]*\s+){0,4}[\w.-]+)['’]s?\s+"
            r"(?:(?:official|verified|main|[A-Z][\w-]*)\s+)*"
            rf"(?P<p>{ip})\s+(?:{acc})\s+(?:{said})\b"
            r"|(?P<sp>[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){0,4}?)\s+(?:(?:had|has|also|later)\s+)?"
            rf"(?:tweeted|wrote on (?P<p2>{ip})|posted on (?P<p3>{ip})|said on (?P<p4>{ip})"
            rf"|said in a (?:tweet|(?P<p5>{ip}) post|post on (?P<p6>{ip})))\s+that\b"
            rf"|\b[Aa]ccording to an?\s+(?:tweet|(?P<p7>{ip}) post|post on (?P<p8>{ip}))"
            r"\s+(?:by|from)\s+(?P<by>[^,.;:\n\"“]{2,80}?)(?=[,.;:])",
            re.U,
        )
        # what every match of ``indirect`` holds, whatever stands before it (the account and
        # its verb, the verb phrase and 'that', 'according to a' and its post): a paragraph
        # where this is not found has no match, and is spared the full pattern's tries at
        # every name before its cue
        self.indirect_core = re.compile(
            rf"{ip}\s+(?:{acc})\s+(?:{said})\b"
            rf"|(?:tweeted|wrote on {ip}|posted on {ip}|said on {ip}"
            rf"|said in a (?:tweet|{ip} post|post on {ip}))\s+that\b"
            rf"|[Aa]ccording to an?\s+(?:tweet|{ip} post|post on {ip})\s+(?:by|from)\s",
            re.U,
        )
        # (where a match of it may start at the earliest: the run of a name's characters
        # before a platform's name or before the verb phrase, or the letter before 'ccording')
        self.indirect_cues = literal_pattern(
            ("tweeted", "wrote on", "posted on", "said on", "said in a")
        )
        self.indirect_run = re.compile(r"[\w\s.'’-]*")
        cont = _alternation(w["containers"])
        fill = _alternation(w["fillers"] + ["[\\w’']+['’]s"])
        prep = _alternation(w["prepositions"])
        # every branch opens with a preposition or a platform's name: their first letters,
        # tested first, spare the branches at every other position
        firsts = {c for x in w["prepositions"] + names for c in variants(x[0])}
        opening = "(?=[" + "".join(re.escape(c) for c in sorted(firsts | {"X"})) + "])"
        self.platform_ctx = re.compile(
            opening + rf"(?:(?i:\b(?:{prep}))\s+(?:(?i:{fill})\s+){{0,4}}(?P<p1>{plat})"
            rf"|(?P<p2>{plat})(?:\s*\(formerly(?: known as)? Twitter\)|,\s*formerly(?: known as)? Twitter,?)?"
            rf"(?:['’]s)?\s+(?i:{cont})\b"
            rf"|(?P<p3>{plat})-(?:based\s+)?(?i:{cont})"
            rf"|(?P<p4>{plat})['’](?:da|de|te|ta|ten|tan|dan|den)\b"
            rf"|(?P<p6>{plat})\s+(?:پر|پہ|میں)(?!\w)"
            rf"|(?P<p5>(?:X|{'|'.join(re.escape(n) for n in names if n != 'x' and not n.endswith('*'))}))(?=で|に|上で|への|より))",
            re.U,
        )
        # every match of ``platform_ctx`` and ``took_to`` holds a platform name (its first
        # word, matched as the name's pattern would match it, or 'X') with only the words of
        # the prepositions, fillers and 'took to' phrases and spaces before it: the first name
        # and the run of such characters before it say where a match may start at the earliest
        self.plat_first = re.compile(
            "(?i:"
            + literal_pattern({n.split()[0].rstrip("*") for n in latin}).pattern
            + ")|"
            + literal_pattern({n.split()[0].rstrip("*") for n in other} | {"X"}).pattern
        )
        # (the same test on a caseless text, 'x' for 'X': it may stand earlier, never later)
        self.plat_first_low = _caseless_pattern(
            {n.split()[0].rstrip("*") for n in names if n != "x"} | {"x"}
        )
        lead = "".join(w["prepositions"] + w["fillers"] + w["took_to"])
        extra = sorted({c for c in lead if not (c.isalnum() or c == "_" or c.isspace())})
        self.lead_run = re.compile(r"[\w\s’'" + re.escape("".join(extra)) + "]*")
        self.tweet = _whole(w["tweet_words"])
        self.writing = _whole(w["writing_verbs"])
        self.follow = _whole(w["follow_verbs"])
        self.prepositions = frozenset(x.casefold() for x in w["prepositions"])
        verbs = w["writing_verbs"] + w["speech_verbs"] + w["tweet_words"]
        self.verb = _whole(verbs)
        # the attribution's verb, where its subject ends (not a tweet noun: 'In einem Tweet')
        nouns = {"tweet", "tweets", "retweet*", "x-post", "x-posting", "توییت", "ツイート"}
        acts = w["writing_verbs"] + w["speech_verbs"] + w["follow_verbs"] + [
            x for x in w["tweet_words"] if x.casefold() not in nouns
        ]
        self.act = _whole(acts, case=True)
        self.noun_markers = frozenset(w["noun_markers"])
        self.clause_openers = frozenset(x.casefold() for x in w["clause_openers"])
        self.people = frozenset(x.casefold() for x in w["people"])
        self.indefinite = frozenset(x.casefold() for x in w["indefinite"])
        self.determiners = frozenset(x.casefold() for x in w["determiners"])
        self.institutions = frozenset(x.casefold() for x in w["institutions"])
        self.took_to = re.compile(
            rf"(?i:\b(?:{_alternation(w['took_to'])}))\s+(?:(?i:{fill})\s+){{0,3}}(?P<p>{plat})", re.U
        )
        self.not_post = _whole(w["not_post"])
        self.audience = re.compile(
            rf"(?i:\btold\s+(?:his|her|their|its)\s+(?:[\d.,]+\s+(?:million\s+|thousand\s+)?)?(?:{_alternation(w['audience'])}))\b",
            re.U,
        )
        self.pronouns = frozenset(x.casefold() for x in w["pronouns"])
        self.generic = frozenset(x.casefold() for x in w["generic"])
        self.time_words = frozenset(x.casefold() for x in w["time_words"])
        self.stop_names = frozenset(w["stop_names"])
        self.particles = frozenset(w["name_particles"])
        self.intro = re.compile(
            rf"^(?i:(?:{_alternation(w['intro_words'])})\b[^,:]{{0,100}},\s*)", re.U
        )
        self.aux = re.compile(rf"(?:\s+(?i:{_alternation(w['aux'])}))+\s*$", re.U)
        # language names as articles write them ("wrote in Arabic"): the shared languages table
        self.languages: dict[str, str] = dict(table("languages")["names"])
        langs = "|".join(n.capitalize() for n in self.languages)
        self.language = re.compile(rf"\bin\s+(?P<a>{langs})\b|\b(?P<b>{langs})-language\b")
        self.caption = re.compile(r"(?i:\bcaption(?:ed)?\b|\bBildunterschrift\b|\blégende\b)")
        # a text can match ``platform_ctx``, ``took_to`` or ``tweet`` only if it holds one of
        # these (a platform name's or a tweet word's first word, lower-cased) or a capital X:
        # the cheap test that spares most paragraphs the patterns
        self.gate_tokens: tuple[str, ...] = tuple(
            dict.fromkeys(
                x.split()[0].rstrip("*").lower()
                for x in [n for n in t["platforms"] if n != "x"] + w["tweet_words"]
            )
        )
        # (one pattern for any of them, as a substring: faster than a test per token)
        self.gate = literal_pattern(self.gate_tokens)
        # (platform names only: what a platform phrase must hold)
        self.platform_tokens: tuple[str, ...] = tuple(
            dict.fromkeys(x.split()[0].rstrip("*").lower() for x in t["platforms"] if x != "x")
        )
        self.hint_tokens: tuple[str, ...] = tuple(
            dict.fromkeys(
                [n.rstrip("*").casefold() for n in t["platforms"] if n != "x"]
                + ["tweet", "twitt", "tuit", " x ", " x,", " x.", " x:", " x;", " x)", "(x", " x’",
                   " x'", "x-post", "твит", "غرد", "توییت", "ツイート", "caption", "xで", "xに", "投稿"]
            )
        )


def _named_search(
    pattern: re.Pattern[str], text: str, lo: int = 0, hi: int | None = None
) -> re.Match[str] | None:
    """``pattern.search(text, lo, hi)`` for ``platform_ctx`` or ``took_to``, started where a
    match can start at the earliest: before the first platform name, no further back than
    the words and spaces that run up to it (a match holds a name, with only those before it)."""
    v = _vocab()
    end = len(text) if hi is None else hi
    at = _first_hit(text, lo, end, v.plat_first_low, v.plat_first)
    if at is None:
        return None
    run = v.lead_run.match(text[lo:at][::-1])
    return pattern.search(text, at - (run.end() if run else 0), end)


def _first_hit(
    text: str, lo: int, end: int, low: re.Pattern[str] | None, anycase: re.Pattern[str]
) -> int | None:
    """Where the first of some words stands in ``text[lo:end]`` (``anycase``: their pattern),
    or a place before it; None when none does. ``low`` (their :func:`.literals.caseless`
    forms) is searched in the caseless text instead where there is one: the same places,
    found several times faster."""
    folded = caseless(text) if low is not None else None
    if folded is not None and low is not None:
        hit = low.search(folded, lo, end)
    else:
        hit = anycase.search(text, lo, end)
    return hit.start() if hit else None


def _caseless_pattern(words: set[str]) -> re.Pattern[str] | None:
    """``words`` as :func:`.literals.caseless` writes them, as one pattern (None where no
    caseless form can be had)."""
    folded = {caseless(w) for w in words}
    if None in folded:
        return None
    return literal_pattern({w for w in folded if w is not None})


@dataclass(frozen=True, slots=True)
class _Words:
    """A vocabulary of whole words as one pattern (:func:`_whole`), searched from the first
    place where one of its words' first parts stands (a match starts there, or one character
    before for an Arabic word after its conjunction), not tried at every place before it."""

    pattern: re.Pattern[str]
    first: re.Pattern[str]
    first_low: re.Pattern[str] | None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """``pattern.search(text, pos, endpos)``, tried only where a match may start: at each
        place where a first part stands and the character before it, in order (a match
        tried at a place is the one the search would try there)."""
        end = len(text) if endpos is None else endpos
        folded = caseless(text) if self.first_low is not None else None
        if folded is not None and self.first_low is not None:
            finder, hay = self.first_low, folded
        else:
            finder, hay = self.first, text
        hit = finder.search(hay, pos, end)
        tried = pos - 1
        while hit is not None:
            at = hit.start()
            for p in (at - 1, at):
                if p > tried:
                    m = self.pattern.match(text, p, end)
                    if m is not None:
                        return m
                    tried = p
            hit = finder.search(hay, at + 1, end)
        return None


def _platform_phrase(text: str) -> re.Match[str] | None:
    """``platform_ctx.search(text)``, searched in a long text only around the platform names
    it holds (every match holds one; its words before the name are a preposition and a few
    fillers, after it a container word), the windows in order and merged where they overlap."""
    v = _vocab()
    if len(text) <= _PHRASE_WINDOW:
        return _named_search(v.platform_ctx, text)
    low = lowered(text)
    spots: list[int] = []
    for token in v.platform_tokens:
        i = low.find(token)
        while i >= 0:
            spots.append(i)
            i = low.find(token, i + 1)
    i = text.find("X")
    while i >= 0:
        spots.append(i)
        i = text.find("X", i + 1)
    if not spots:
        return None
    spots.sort()
    windows: list[list[int]] = []
    for i in spots:
        lo, hi = max(0, i - _PHRASE_BEFORE), min(len(text), i + _PHRASE_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        m = _named_search(v.platform_ctx, text, lo, hi)
        if m:
            return m
    return None


#: a platform phrase's reach before and after the platform's name (its preposition and
#: fillers; '(formerly known as Twitter)' and a container word), and the text length below
#: which it is simply searched
_PHRASE_BEFORE, _PHRASE_AFTER, _PHRASE_WINDOW = 150, 80, 300


def _may_name_platform(text: str) -> bool:
    """Whether ``text`` may name a platform or a tweet (a necessary condition of the platform
    and tweet patterns, far cheaper than they are)."""
    return "X" in text or _vocab().gate.search(lowered(text)) is not None


def _word(name: str) -> str:
    """A vocabulary word as a pattern: whole, or a stem when it ends in ``*``."""
    if name.endswith("*"):
        return re.escape(name[:-1]) + r"\w*"
    return r"\s+".join(re.escape(p) for p in name.split())


def _whole(words: list[str], *, case: bool = False) -> _Words:
    """Any of ``words`` as a whole word (case-insensitively unless ``case``); a word of a
    script written without spaces (Japanese, Chinese) anywhere, and an Arabic word also after
    a conjunction joined to it ('وكتب')."""
    spaced = [x for x in words if not _UNSPACED.search(x)]
    unspaced = [x for x in words if _UNSPACED.search(x)]
    arabic = [x for x in spaced if _ARABIC.search(x)]
    parts = [rf"(?<![\w-]){'' if case else '(?i:'}{_alternation(spaced)}{'' if case else ')'}(?![\w-])"]
    if arabic:
        parts.append(rf"(?<![\w-])[وف](?:{_alternation(arabic)})(?![\w-])")
    if unspaced:
        parts.append(_alternation(unspaced))
    # (each word's match opens with its first part as written: a stem without its '*', the
    # first of several words)
    firsts = {x.split()[0].rstrip("*") for x in words}
    return _Words(
        re.compile("|".join(f"(?:{x})" for x in parts), re.U),
        literal_pattern(firsts, ignore_case=not case),
        None if case else _caseless_pattern(firsts),
    )


_UNSPACED = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _alternation(words: list[str]) -> str:
    return "|".join(_word(x) for x in sorted(words, key=len, reverse=True))


@cache
def _vocab() -> _Vocab:
    return _Vocab()


# -- quotes -----------------------------------------------------------------------------------


def _quotes(para: str) -> list[_Quote]:
    """The quotations of a paragraph, in order: double marks of every script first; single
    marks only when a paragraph has no double ones."""
    out = _scan(para)
    if not out:
        out = _scan(para, single=True)
    return out


def _scan(para: str, single: bool = False) -> list[_Quote]:
    out: list[_Quote] = []
    i, n = 0, len(para)
    opening = _OPENING[single]
    while i < n:
        m = opening.search(para, i)  # the next opening mark (the text between is skipped)
        if m is None:
            break
        i = m.start()
        ch = para[i]
        if single and i and para[i - 1].isalnum():
            i += 1
            continue
        if ch == "”" and i + 1 < n and not para[i + 1].isalpha():
            i += 1  # a closing mark (Swedish and Finnish open with it too, before a letter)
            continue
        closer = _CLOSING[ch]
        limit = min(n, i + _MAX_QUOTE + 1)
        j = i + 1
        close = -1
        while True:  # the next mark that may close it (the text between is skipped)
            mc = closer.search(para, j, limit)
            if mc is None:
                break
            j = mc.start()
            if (not single or j + 1 >= n or not para[j + 1].isalnum()) and j - i > 1:
                close = j
                break
            j += 1
        if close < 0:
            # no closing mark: a quote run on to the paragraph's end (the next one continues it)
            if not single and ch in "\"“„«" and len(para[i + 1 :].split()) >= 4:
                rest = para[i + 1 :].rstrip()
                if not any(o in rest for o in "\"“„«"):
                    out.append(_Quote(i, n, (i + 1, i + 1 + len(rest)), False))
                    break
            i += 1
            continue
        if close - i - 1 >= 2:
            out.append(_Quote(i, close + 1, (i + 1, close), True))
        i = close + 1
    return out


def _mask(para: str, quotes: list[_Quote]) -> str:
    """``para`` with the quoted words blanked (same length), so that sentence ends and names
    inside quotes are not read as the article's."""
    if not quotes:
        return para
    parts: list[str] = []
    pos = 0
    for q in quotes:
        parts.append(para[pos : q.inner[0]])
        parts.append(" " * (q.inner[1] - q.inner[0]))
        pos = q.inner[1]
    parts.append(para[pos:])
    return "".join(parts)


def _sentence_ends(masked: str) -> list[int]:
    return [m.end() for m in _SENT_END.finditer(masked)]


def _sentence_start(ends: list[int], pos: int) -> int:
    k = bisect_right(ends, pos) - 1
    return ends[k] if k >= 0 else 0


def _strip_q(q: str) -> str:
    return q.strip().rstrip(",;:").strip()


# -- attribution ------------------------------------------------------------------------------

#: a relative clause inside an attribution ('X, a resident who tweeted about it, said'): what
#: it says (a tweet) is not the attribution's
_RELATIVE = re.compile(r"\b(?:who|which|whose|qui|quien|quienes|который|которая|которые)\b[^,;:]*,?", re.I)


def _platform(clause: str) -> str | None:
    v = _vocab()
    if not _may_name_platform(clause):
        return None
    clause = _RELATIVE.sub(",", clause)
    m = _platform_phrase(clause)
    if m:
        name = next(g for g in m.groups() if g)
        return _platform_of(name)
    if v.tweet.search(clause):
        return "twitter"
    return None


def _platform_of(name: str) -> str | None:
    v = _vocab()
    key = lowered(" ".join(name.split())).casefold()
    if key in v.platform_names:
        return v.platform_names[key]
    for k, p in v.platform_names.items():  # an inflected form of a stem ('телеграм-канале')
        if key.startswith(k):
            return p
    return None


def _language(clause: str) -> str | None:
    v = _vocab()
    m = v.language.search(clause)
    return v.languages[(m.group("a") or m.group("b")).lower()] if m else None


def _is_post_clause(clause: str, context: str | None) -> str | None:
    """The platform of a post that ``clause`` (an attribution, quote removed) attributes, else
    None. ``context``: the platform the sentence before (or the section) put the speaker on."""
    v = _vocab()
    clause_nr = _RELATIVE.sub(",", clause)
    if not v.verb.search(clause_nr) and not _named_search(v.took_to, clause_nr):
        return None
    spoken = v.audience.sub(" ", clause_nr)  # 'told her 40 million followers': a post
    if v.not_post.search(spoken) and not v.tweet.search(clause_nr):
        return None
    platform = _platform(clause_nr)
    if platform is not None:
        return platform
    if context is not None and (v.writing.search(clause_nr) or v.follow.search(clause_nr)):
        return context
    return None


# -- speakers ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"[\w’'.-]+", re.U)
_NAME = re.compile(
    rf"(?<![\w’'-])(?:[{_UP}][\w’'.-]*[\w’']|[{_UP}])(?:\s+(?:(?:al|el|bin|ibn|de|del|della|di|da|van|von|der|den|le|la|du|dos|das|abu)[-\s]+)?"
    rf"[{_UP}][\w’'.-]*[\w’'])*",
    re.U,
)
_POSSESSIVE = re.compile(r"['’]s$|['’]$")


def _names(fragment: str) -> list[str]:
    """Proper names in a fragment (capitalised word runs; not sentence-starting stop words,
    platforms or time words)."""
    v = _vocab()
    out: list[str] = []
    for m in _NAME.finditer(fragment):
        following = re.match(r"\s+([a-zà-ÿа-я][\w-]*)", fragment[m.end() : m.end() + 40])
        if following and following.group(1).casefold() in v.generic:
            continue  # a modifier: 'a Taliban commander', 'the Nike-sponsored streamer'
        words = m.group(0).split()
        if _is_dateline(fragment, m, words):
            continue  # 'LONDON (Reuters) -', 'İSTANBUL —': where the story was filed
        if _after_determiner(fragment, m.start()):
            # a German noun: 'zum Bild', 'der militärische Tonfall', 'einen User'; a noun
            # and a name of two words or more after it is a title and a name ('der
            # Schauspieler Max Kurz')
            if len(words) < 3:
                continue
            words = words[1:]
        elif words[0].casefold() in v.noun_markers and len(words) > 1:
            # 'Die Tatsache', 'Der Untergang': a German noun after its article
            if len(words) < 4:
                continue
            words = words[2:]
        while words and (
            words[0] in v.stop_names
            or words[0].casefold() in v.time_words
            or (len(words) > 1 and words[0].casefold() in v.generic)  # 'Mayor Anne Hidalgo'
            or (len(words) > 2 and f"{words[0]} {words[1]}".casefold() in v.generic)
        ):
            words = words[2:] if len(words) > 2 and f"{words[0]} {words[1]}".casefold() in v.generic else words[1:]
        while words and words[-1].casefold() in v.time_words:
            words = words[:-1]
        inner = [i for i, w in enumerate(words[:-1]) if w.casefold() in v.generic]
        if inner:  # a title inside the run: 'Dışişleri Bakanı Hakan Demir', 'Prime Minister X'
            words = words[inner[-1] + 1 :]
        if not words:
            continue
        name = " ".join(words)
        name = _POSSESSIVE.sub("", name)
        name = re.sub(r"^(?:l|d|L|D)['’]", "", name)  # French elision: l’Arabie Saoudite
        if name[:1].islower():  # 'L’actrice Julie Blanc': the noun before the name
            name = " ".join(name.split()[1:])
        if not name or _platform_of(name) is not None:
            continue
        if all(w.casefold() in v.generic or w.casefold() in v.pronouns for w in name.split()):
            continue
        out.append(name)
    return out


#: what follows a dateline's place: an agency in brackets and a dash
_DATELINE_END = re.compile(r"\s*(?:\([^()\n]{1,30}\)\s*)?[-–—]\s")


#: a dateline: a place in capitals (two letters or more), an agency in brackets, a dash
_DATELINE = re.compile(
    rf"[{_UP}][{_UP}\s.,'’-]*?[{_UP}][{_UP}.]*\s*(?:\([^()\n]{{1,30}}\)\s*)?[-–—]\s+"
)


def _without_dateline(sentence: str) -> str:
    """``sentence`` without the dateline it opens with, if any ('ANKARA (AA) - Bakan …')."""
    m = _DATELINE.match(sentence)
    return sentence[m.end() :] if m else sentence


def _is_dateline(fragment: str, m: re.Match[str], words: list[str]) -> bool:
    """Is the run of names a dateline: the place in capitals at the start of the text, before a
    dash ('WASHINGTON (AP) — ', 'KYIV - ')?"""
    return (
        not fragment[: m.start()].strip()
        and all(w.isupper() for w in words if any(c.isalpha() for c in w))
        and _DATELINE_END.match(fragment, m.end()) is not None
    )


def _after_determiner(fragment: str, start: int) -> bool:
    """Does a determiner of a language that capitalises its nouns come just before (over
    lower-case adjectives)?"""
    v = _vocab()
    words = fragment[max(0, start - 80) : start].split()
    for w in reversed(words[-4:]):
        if w.casefold() in v.noun_markers:
            return True
        if not w[:1].islower():
            return False
    return False


_ROLE_OF = re.compile(
    r"^(?:[\w-]+\s+)?[a-zà-ÿа-я][\w-]*\s+(?:of|de|di|du|des|del|della|von|van|do|da)\s"
)


def _kind(phrase: str) -> str:
    """What a cleaned speaker phrase is: 'name', 'pronoun', 'role' (generic nouns only), 'time',
    'platform', or 'other' (lower-case words with no name: treated as a role)."""
    v = _vocab()
    words = [w.strip("’'.,") for w in phrase.split()]
    words = [w for w in words if w]
    if not words:
        return "other"
    low = [w.casefold() for w in words]
    if low[-1] in v.pronouns and not any(w[:1].isupper() for w in words[1:-1]):
        return "pronoun"  # 'he', 'In the caption he'
    if _ROLE_OF.match(phrase):
        return "role"  # 'la maire de Lyon', 'the mayor of Kyiv': a role of a place
    if all(w in v.time_words or w.isdigit() for w in low):
        return "time"
    if _platform_of(phrase) is not None:
        return "platform"
    if _CASELESS.search(phrase):
        return "role" if low[0] in v.generic or any(w in v.generic for w in low[:1]) else "name"
    if re.match(rf"^[{_UP}][\w.-]*(?:\s+[{_UP}][\w.-]*)*['’]s?\s", phrase) and words[0] not in v.stop_names:
        return "name"  # "Russia's defence ministry", "Trump's campaign": an owner names it
    if low[-1] in v.institutions and any(w[:1].isupper() for w in words[:-1]):
        return "name"  # 'the Dallas police department': an organisation the name makes one
    if low[-1] in v.generic and not words[-1][:1].isupper():
        return "role"  # 'a Taliban commander', 'the Kremlin spokesman': a role, not the Taliban
    if _names(phrase):
        return "name"
    return "role"


def _clean(raw: str) -> str:
    """A speaker phrase without what surrounds a subject: intro phrases ('In a tweet,'), handles,
    'took to X …', auxiliaries, a possessive platform phrase, determiners."""
    v = _vocab()
    s = raw.strip(' ,;:—–-"“”«»')
    for _ in range(3):
        s2 = v.intro.sub("", s)
        if s2 == s:
            break
        s = s2
    s = _HANDLE.sub("", s)
    s = re.sub(rf"\s+(?i:took to|turned to)\s+{v.platform}\b.*$", "", s)
    s = v.aux.sub("", s).strip()
    m = re.match(
        rf"^(?:the\s+)?(?P<owner>.+?)['’]s?\s+(?:(?i:official|verified|main|own)\s+)*(?:[{_UP}][\w-]*\s+)?{v.platform}\b",
        s,
        re.I,
    )
    if m:
        s = m.group("owner")
    s = re.sub(rf"\s+(?:in|on|via|auf|sur|su|na|на|в)\s+(?:a|an|his|her|its|their|the|dem|der|sa|son)\b.*$|\s+(?:on|auf|sur|su|na|на|в|via|در|على|عبر)\s+{v.platform}.*$|\s+{v.platform}\s+(?:پر|پہ)\b.*$", "", s)
    s = re.sub(r"\s+(?:نے|が|は)$", "", s)  # Urdu's ergative and Japanese topic markers
    if "," in s:  # appositive: 'Zabihullah Mujahid, the Taliban spokesman' / 'On Saturday, he'
        parts = [p.strip() for p in s.split(",") if p.strip()]
        parts = [p for p in parts if _kind(p) not in ("time", "platform")]
        # a clause before the subject ('And after five officers were killed in Dallas, the …')
        clauses = [p for p in parts if p.split()[0] in v.stop_names or p.split()[0].casefold() in v.clause_openers]
        if len(clauses) < len(parts):
            parts = [p for p in parts if p not in clauses]
        named = [p for p in parts if _kind(p) == "name"]
        s = named[0] if named else (parts[-1] if parts else "")
    # a German article, its (capitalised) noun, then a name: the name ('Der Politiker Karl Brandt')
    s = re.sub(rf"^(?i:der|die|das|den|dem)\s+[{_UP}][\w-]*\s+(?=[{_UP}][\w’'.-]*\s+[{_UP}])", "", s)
    s = re.sub(r"^(?i:the|a|an|der|die|das|le|la|les|el|il|lo|o|os|as)\s+", "", s).strip(" ,")
    s = re.sub(r"\s+", " ", s)
    if len(s.split()) > 9:
        return ""
    return s


class _Speakers:
    """Who a speaker phrase names, read against the article: pronouns and roles resolved
    through earlier mentions, never a pronoun, time, platform or generic noun."""

    def __init__(self, text: str) -> None:
        self.text = text

    def resolve(self, raw: str | None, before: int, *, last: str | None = None) -> str | None:
        if not raw:
            return None
        s = _clean(raw)
        if not s or _KANA.fullmatch(s):
            return None  # (hiragana alone is grammar, 'と', never a name)
        kind = _kind(s)
        if kind == "name":
            if re.match(rf"^[{_UP}][\w.-]*(?:\s+[{_UP}][\w.-]*)*['’]s?\s", s):
                return s  # "Russia's defence ministry"
            if s.split()[-1].casefold() in _vocab().institutions:
                return s  # 'Dallas police department'
            names = _names(s)
            return names[0] if names and not _CASELESS.search(s) else s
        if kind == "pronoun":
            return last or self.antecedent(before)
        if kind in ("role", "other"):
            return self.role(s, before)
        return None

    def antecedent(self, before: int) -> str | None:
        """Who a pronoun stands for: the name in the subject of the nearest earlier sentence
        (within a few sentences and two paragraphs). A subject that only describes someone
        ('The 33-year-old', 'A man') sends the search further back; none found: None."""
        lo = max(0, before - 1500)
        chunk = self.text[lo:before]
        cut = chunk.rfind("\n\n", 0, max(0, chunk.rfind("\n\n") - 1))
        if cut > 0:
            chunk = chunk[cut:]
        masked = _mask(chunk, _quotes(chunk))
        own = masked.rfind("\n\n") + 1  # where the quote's own paragraph starts
        pos = len(masked)
        sentences = [s for s in re.split(r"(?<=[.!?。])\s+|\n+", masked) if s.strip()]
        for sent in reversed(sentences[-5:]):
            pos = masked.rfind(sent, 0, pos)
            subject, verb = _subject_region(sent)
            if not verb:  # no verb found: the subject is among the first words
                subject = " ".join(subject.split()[:6])
            names = [n for n in _names(subject) if self.name_like(n, subject)]
            if names:
                return names[0]
            described = _description(subject) if verb else None
            if described and pos >= own:
                # 'The Nike-sponsored streamer stayed quiet … he tweeted': someone new, described;
                # named only if the article gives the description a name
                return self.role(described, before)
            if _mentions_someone(sent):
                return None  # 'erinnerte einen User an …': the one meant, unnamed
            if re.fullmatch(r"\s*(?i:this|that|it|there|here|these|those|das|dies|c['’]|ce|esto|questo)?\s*", subject):
                names = [n for n in _names(sent) if self.name_like(n, sent)]
                if names:
                    return names[0]  # 'This is Elizabeth Snyder's Facebook post.'
            tail = _names(" ".join(sent.rstrip(" .!?").split()[-4:]))
            if tail and sent.rstrip(" .!?").endswith(tail[-1]):
                return tail[-1]  # a subject after its verb: '… si è detto Matteo Salvini.'
        return None

    def name_like(self, name: str, where: str) -> bool:
        """A one-word 'name' that opens a sentence ('For', 'Yesterday') is a name only when the
        article also writes it capitalised in mid-sentence."""
        if " " in name or not where.lstrip().startswith(name):
            return True
        return _recurs(name, self.text)

    def role(self, phrase: str, before: int) -> str | None:
        """The name the article gives a role ('the singer' -> 'Певица Нюша', 'The group,
        WeWorkers Coalition'), else None."""
        v = _vocab()
        heads = [w for w in re.findall(r"[\w-]+", phrase) if w.casefold() in v.generic]
        if not heads:
            words = re.findall(r"[\w-]+", phrase)
            heads = words[-1:] if words else []
        text = self.text[:before]
        for head in reversed(heads):
            for m in reversed(list(re.finditer(rf"(?i:\b{re.escape(head)}\b)", text))):
                after = text[m.end() : m.end() + 80]
                hit = re.match(rf"(?:,\s*|\s+)((?:[{_UP}][\w’'.-]+)(?:\s+[{_UP}][\w’'.-]+){{0,3}})", after)
                if hit:
                    names = _names(hit.group(1))
                    if names:
                        return self.expand(names[0], before)
                prior = text[max(0, m.start() - 120) : m.start()]
                hit = re.search(rf"((?:[{_UP}][\w’'.-]+)(?:\s+[{_UP}][\w’'.-]+){{0,3}}),\s+(?:the|a|an|der|die|le|la|il|el)?\s*(?:[\w-]+\s+){{0,3}}$", prior)
                if hit:
                    names = _names(hit.group(1))
                    if names:
                        return self.expand(names[-1], before)
        return None

    def expand(self, name: str, before: int) -> str:
        """'Mujahid' -> 'Zabihullah Mujahid' when the article names the speaker in full."""
        if " " in name or not name[:1].isupper():
            return name
        return _expand(name, self.text)


def _mentions_someone(sentence: str) -> bool:
    """Does a sentence speak of someone unnamed ('a user', 'einen User', 'a man')?"""
    v = _vocab()
    words = re.findall(r"[\w-]+", sentence)
    return any(
        w.casefold() in v.people and i and words[i - 1].casefold() in v.indefinite
        for i, w in enumerate(words)
    )


def _description(subject: str) -> str | None:
    """A subject that describes someone without a name ('The Nike-sponsored streamer', 'A
    man', 'The Governor'): its words, else None. ('The 33-year-old' describes no role: None,
    so that the search for a name goes on.)"""
    v = _vocab()
    words = re.findall(r"[\w-]+", subject)
    if not words:
        return None
    if words[-1].casefold() in v.generic:
        return " ".join(words)
    return None


#: where a sentence's subject ends: its first finite verb or auxiliary
_SUBJ_END = re.compile(
    r"(?<![\w-])(?:is|was|were|are|has|had|have|will|would|can|could|may|might|should|must|did|does|"
    r"do|said|says|told|wrote|writes|posted|tweeted|shared|thought|took|made|gave|got|came|went|met|"
    r"became|remains|stayed|appeared|seemed|spoke|hit|lashed|ist|war|hat|hatte|wird|sagte|schrieb|"
    r"était|ont|fue|è|era|был\w*|[a-z]{3,}ed|[a-z]{3,}s)(?![\w-])"
)


def _subject_region(sentence: str) -> tuple[str, bool]:
    """The part of a sentence before its first verb, where its subject is (and whether a verb
    was found: else the whole sentence)."""
    m = _SUBJ_END.search(sentence)
    return (sentence[: m.start()], True) if m else (sentence, False)


@lru_cache(maxsize=1024)
def _recurs(word: str, text: str) -> bool:
    return re.search(rf"[a-z,;]\s+{re.escape(word)}\b", text) is not None


@lru_cache(maxsize=256)
def _expand(name: str, text: str) -> str:
    v = _vocab()
    m = re.search(rf"\b((?:[{_UP}][\w’'-]+\s+){{1,2}}){re.escape(name)}\b", text)
    if m:
        first = m.group(1).split()
        while first and (first[0] in v.stop_names or first[0].casefold() in v.generic or first[0].casefold() in v.time_words):
            first = first[1:]
        if first:
            return " ".join(first + [name])
    return name


# -- the finder -------------------------------------------------------------------------------


def find_prose(text: str) -> list[Found]:
    """Posts quoted (or clearly reported) in ``text``; spans cover the quoted words."""
    if not text:
        return []
    v = _vocab()
    lower = lowered(text)
    low = lower.casefold()  # ("İ" is "i" to a search ignoring case)
    if not any(t in low for t in v.hint_tokens) and not low.rstrip(" .").endswith(" x"):
        return []
    # where the gate's words stand, from one search of the whole text: its words hold no line
    # break, so a paragraph holds one of them exactly when a match starts in it (the leftmost
    # match of each paragraph is among these; no paragraph is lowered or searched again)
    gated = [m.start() for m in v.gate.finditer(lower)]
    finder = _Finder(text)
    pos = 0
    k = 0
    for para in text.split("\n"):
        end = pos + len(para)
        while k < len(gated) and gated[k] < pos:
            k += 1
        if para.strip():
            finder.paragraph(para, pos, "X" in para or (k < len(gated) and gated[k] < end))
        pos = end + 1
    return finder.out


class _Finder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[Found] = []
        self.speakers = _Speakers(text)
        self.section: str | None = None  # the platform the paragraphs before were about
        self.section_age = 9
        self.prev_para = ""
        self.prev_hinted = False  # whether the paragraph before may name a platform

    def paragraph(self, para: str, base: int, hinted: bool | None = None) -> None:
        """Read one paragraph (``hinted``: :func:`_may_name_platform` of it, when known)."""
        if hinted is None:
            hinted = _may_name_platform(para)  # (a superset of the masked text's)
        if not hinted and not self.prev_hinted and not (
            self.section is not None and self.section_age <= 2
        ):  # no clause of it can name a platform, nor take one from before: nothing to read
            self.prev_hinted = False
            self.section_age += 1
            self.prev_para = para
            return
        v = _vocab()
        quotes = _quotes(para)
        masked = _mask(para, quotes)
        ctx = _platform_phrase(masked) if hinted else None
        named = ctx or (_named_search(v.took_to, masked) if hinted else None)
        tweet = hinted and v.tweet.search(masked) is not None
        if not quotes:
            if tweet or named:
                _indirect(para, base, [], self.out)
        elif hinted or self.prev_hinted or (self.section is not None and self.section_age <= 2):
            # (otherwise no clause of the paragraph can name a platform, nor its context)
            self._quotes(para, base, quotes, masked, tweet or ctx is not None)
        self.prev_hinted = hinted
        if named:
            self.section = _platform_of(
                next(g for g in named.groups() if g) if named.groups() else named.group(0)
            )
            self.section_age = 0
        elif tweet:
            self.section, self.section_age = "twitter", 0
        else:
            self.section_age += 1
        self.prev_para = para

    def _context(self, prev_sentence: str, para_before: str) -> str | None:
        """The platform the speaker was put on just before: 'S took to X.' in the sentence
        before, a tweet word there, or a section about a platform's users."""
        v = _vocab()
        for where in (prev_sentence, self.prev_para[-300:]):
            m = _named_search(v.took_to, where) if _may_name_platform(where) else None
            if m:
                return _platform_of(m.group("p"))
        p = _platform(prev_sentence)
        if p is not None:
            return p
        if self.section is not None and self.section_age <= 2 and re.search(
            r"(?i:\b(?:users?|Nutzer\w*|User\w*|utilisateurs?|usuarios?|пользовател\w*|internautes?|Netz)\b)",
            para_before + " " + self.prev_para,
        ):
            return self.section
        return None

    def _quotes(
        self, para: str, base: int, quotes: list[_Quote], masked: str, names_platform: bool
    ) -> None:
        v = _vocab()
        ends = _sentence_ends(masked)
        used: list[tuple[int, int]] = []
        last: Found | None = None
        last_end = -1
        last_clause_attributes = False  # the clause after the previous post's quote is its attribution
        for index, q in enumerate(quotes):
            qtext = para[q.inner[0] : q.inner[1]]
            body = _strip_q(qtext)
            nxt = quotes[index + 1].start if index + 1 < len(quotes) else len(para)
            # the clause after the quote: to the end of its sentence or the next quote
            after = masked[q.end : min(nxt, q.end + _WINDOW)]
            sm = _SENT_END.search(after)
            cut = sm.start() if sm else len(after)
            after_clause = after[:cut]
            sent_start = max(_sentence_start(ends, q.start), q.start - _WINDOW)
            if last is not None and sent_start < last_end <= q.start:
                # (the clause that attributed the quote before is not this one's too)
                sent_start = last_end
            before_clause = masked[sent_start : q.start]
            prev_start = max(_sentence_start(ends, max(0, sent_start - 1)), sent_start - _WINDOW)
            prev_sentence = masked[prev_start:sent_start] or self.prev_para[-300:]
            context = self._context(prev_sentence, masked[:sent_start])
            attr: _Attr | None = None
            new_sentence = (
                body[-1:] in ".!?"
                and after_clause.lstrip()[:1].isupper()
                # (a clause ending in a colon opens the next quote: 'He added in a second post:')
                and (len(after_clause.split()) > 6 or after_clause.rstrip().endswith(":"))
            )
            last_name = last.name if last is not None else None
            split = (
                last is not None
                and last.span is not None
                and q.start >= last_end
                and not masked[last_end : q.start].strip(" ,;:—–-\t")
                and last_clause_attributes
            )
            if split:  # '«Q1», ha scritto su X, «Q2»': the rest of the same post
                assert last is not None and last.text is not None and last.span is not None
                more = _strip_q(qtext)
                last.text = last.text + " " + more
                last.span = (last.span[0], base + q.inner[0] + len(qtext.rstrip()))
                last_end = q.end
                last_clause_attributes = False
                continue
            last_clause_attributes = False
            if after_clause.strip(" ,;:") and not new_sentence:
                attr = self._after(after_clause, context, base + q.start, last_name)
            via_after = attr is not None
            if attr is not None and attr.speaker is None and before_clause.strip():
                # no subject after the quote: it may stand before it ('田中氏はXで「Q」と投稿')
                around = self._around(before_clause, after_clause, base + q.start, last_name)
                if around is not None and around.speaker is not None:
                    attr = around
            if attr is None and before_clause.strip():
                attr = self._before(before_clause, qtext, context, base + q.start, last_name)
            if attr is None and before_clause.strip() and after_clause.strip():
                attr = self._around(before_clause, after_clause, base + q.start, last_name)
            if attr is None:
                own_verb = v.verb.search(after_clause) is not None
                if last is not None and q.start >= last_end and not own_verb and self._continues(para, masked, last_end, q):
                    if last.text and last.span:
                        more = _strip_q(qtext)
                        joint = ". " if more[:1].isupper() and last.text[-1:] not in ".!?…" else " "
                        last.text = last.text + joint + more
                        last.span = (last.span[0], base + q.inner[0] + len(qtext.rstrip()))
                        last_end = q.end
                continue
            if not attr.indirect and not self._long_enough(qtext, before_clause + after_clause):
                continue
            if attr.indirect:
                f = Found(platform=attr.platform, kind="reference", method="prose:indirect", order=base + sent_start)
                f.indirect = True
            else:
                f = Found(platform=attr.platform, kind="quote", method="prose:attribution", order=base + q.start)
                f.text = body
                inner = q.inner[0] + qtext.find(body[:20])
                f.span = (base + inner, base + inner + len(body))
            f.name = attr.speaker
            full = self.speakers.expand(attr.speaker, base + q.start) if attr.speaker else None
            f.alias = full if full != attr.speaker else None
            f.handle = attr.handle
            f.stated_language = attr.language
            f.context = para[sent_start : q.end + len(after_clause) + 1]
            self.out.append(f)
            used.append((sent_start, q.end + cut))
            last = f if not attr.indirect else None
            # (the clause after the quote belongs to it only when it attributed it)
            last_end = q.end + cut + (1 if sm and sm.start() == cut else 0) if via_after else q.end
            # (only a clause that attributed this quote may run on into the same post's rest)
            last_clause_attributes = via_after and bool(after_clause.strip(" ,;:")) and not sm
        if names_platform:
            _indirect(para, base, used, self.out)

    @staticmethod
    def _continues(para: str, masked: str, last_end: int, q: _Quote) -> bool:
        """A quote right after the previous post's quote or its attribution (split around
        it: '«…», ha scritto su X, «…»'; or the next sentence: '"…," he tweeted. "…"') with no
        attribution of its own continues that post."""
        between = masked[last_end : q.start]
        if not between.strip(" .,;:—–-\t"):
            return True
        return False

    @staticmethod
    def _long_enough(quoted: str, clause: str) -> bool:
        """Scare quotes ('labelling "fake news"') are no post; a short quote that ends a
        sentence or a clause, or that a caption or colon presents as the post's words, is."""
        if len(quoted.split()) >= 3 or quoted.rstrip()[-1:] in ".,!?…。！？":
            return True
        if _UNSPACED.search(quoted) and len(quoted.strip()) >= 6:  # (no spaces between words)
            return True
        return bool(_vocab().caption.search(clause)) or clause.rstrip().endswith(":")

    def _after(
        self, clause: str, context: str | None, at: int, last_name: str | None
    ) -> _Attr | None:
        """'"Q," S wrote on X', '"Q," tweeted S', '"Q" — S on X', '«Q», — написала S в Instagram'."""
        v = _vocab()
        dash = re.match(rf"^\s*[—–]\s*(?P<s>[^\n,;:\"“”]{{2,80}}?),?\s+(?:on|via|auf|sur|en|на|в)\s+(?P<p>{v.platform})\s*[.)]?\s*$", clause)
        if dash:
            platform = _platform_of(dash.group("p"))
            if platform:
                return _Attr(platform, self.speakers.resolve(dash.group("s"), at), None, None)
        platform = _is_post_clause(clause, context)
        if platform is None:
            return None
        vm = v.act.search(clause) or v.verb.search(clause) or _named_search(v.took_to, clause)
        if vm and _platform_of_the_quote(clause, vm):
            return None
        head = clause[: vm.start()] if vm else ""
        h = _HANDLE.search(clause)
        bare = head.strip(" ,;:—–-")
        if bare and not re.fullmatch(r"(?i:a|a été|hat|ha|han|ont|has|had|have|è|je|jest)", bare):
            first = bare.split()[0].casefold()
            if (
                bare[:1].islower()
                and first not in v.determiners
                and _kind(_clean(bare)) not in ("name", "pronoun")
            ):
                # inverted after a verb of its own: '„…“, ließ sie auf X wissen'
                speaker = self._first_mention(clause, at, last_name)
            else:
                speaker = self.speakers.resolve(head, at, last=last_name)
        else:  # inverted: '"Q," tweeted S', 'píše na Twitter Gary Lineker', 'написала певица на …'
            speaker = self._first_mention(clause[vm.end() :] if vm else "", at, last_name)
        return _Attr(platform, speaker, h.group("h") if h else None, _language(clause))

    def _around(
        self, before: str, after: str, at: int, last_name: str | None
    ) -> _Attr | None:
        """The platform before the quote, the verb after it, the subject first (verb-final
        languages: 'Bakan Ali Yılmaz X hesabından "…" diye paylaştı', '首相は自身のXで「…」と投稿した')."""
        v = _vocab()
        platform = _platform(before)
        if platform is None or not (v.verb.search(after) or v.tweet.search(after)):
            return None
        if v.not_post.search(before + " " + after):
            return None
        subject = re.split(r"[はが、,]", _without_dateline(before.strip()), maxsplit=1)[0]
        subject = v.platform_ctx.sub(" ", subject)
        speaker = self.speakers.resolve(" ".join(subject.split()[:4]), at, last=last_name)
        return _Attr(platform, speaker, None, _language(before + " " + after))

    def _first_mention(self, clause: str, at: int, last_name: str | None) -> str | None:
        """The speaker of an attribution whose subject follows its verb: the first name or
        pronoun in it once the platform phrase is out; none (a language that drops the
        subject: 'ha scritto su X') is the name of the sentence before."""
        v = _vocab()
        rest = v.platform_ctx.sub(" , ", _HANDLE.sub(" ", clause))
        parts = re.split(r"[,;:]", rest.strip(" ,;:—–-"), maxsplit=2)
        rest = parts[0]
        if len(parts) > 1 and len(rest.split()) <= 2 and rest.islower():
            # only the verb's auxiliary before the platform phrase: the subject follows it
            # ('napisao je na Facebooku Marko Kovač')
            rest = rest + " " + parts[1]
        if _ROLE_OF.match(rest.strip()):  # 'la maire de Lyon': a role of a place, no name
            return self.speakers.resolve(rest, at, last=last_name)
        for m in re.finditer(r"[\w’'.-]+", rest):
            word = m.group(0)
            if "-" in word and word[:1].islower() and word.rsplit("-", 1)[-1].casefold() in v.pronouns:
                return last_name or self.speakers.antecedent(at)  # 'a-t-elle écrit', 'écrit-il'
            if word.casefold() in v.pronouns:
                if word.casefold() in v.determiners and rest[m.end() :].strip():
                    continue  # an article before its noun: 'il ministro Marco Bianchi'
                return last_name or self.speakers.antecedent(at)
            if word[:1].isupper() and _names(rest[m.start() :]):
                return self.speakers.resolve(rest[m.start() :], at, last=last_name)
        phrase = rest.strip()
        phrase = re.split(
            r"\s+(?i:on|in|via|at|auf|sur|en|na|на|в|во|su|nel|nella|nello|w|ve|v|på|zum|zur|im|am|al|del|della)\s",
            " " + phrase + " ",
            maxsplit=1,
        )[0].strip()
        words = phrase.split()
        if words and words[0][:1].islower() and words[0].casefold() not in v.determiners:
            # no subject after the verb, only how or where ('escribió junto a la imagen'):
            # a language that drops the subject; it is the one named before
            return last_name or self.speakers.antecedent(at)
        if phrase:
            return self.speakers.resolve(phrase, at, last=last_name)
        return last_name or self.speakers.antecedent(at)

    def _before(
        self, clause: str, quoted: str, context: str | None, at: int, last_name: str | None
    ) -> _Attr | None:
        """'S wrote on X: "Q"', 'In a tweet, S said "Q"', 'According to a post by S, "Q"',
        '… with the caption: "Q"', 'S tweeted that … "Q"'."""
        v = _vocab()
        according = _according(clause)
        if according is not None:
            platform, speaker_raw = according
            h = _HANDLE.search(clause)
            return _Attr(platform, self.speakers.resolve(speaker_raw, at), h.group("h") if h else None, None)
        found = _is_post_clause(clause, context)
        if found is None:
            return None
        platform = found
        lead = _intro_end(clause)  # 'In a tweet, ' names the platform, not the subject
        vm = (
            v.act.search(clause, lead)
            or v.verb.search(clause, lead)
            or _named_search(v.took_to, clause, lead)
        )
        head = clause[lead : vm.start()] if vm else ""
        tail = clause[vm.end() :] if vm else ""
        speaker_raw = head
        if vm and (_where_only(head) or self._fronted(head, tail, clause)):
            # verb-second: 'Auf X schrieb der Kanzler: "Q"', 'Weiter schrieb sie: "Q"'
            speaker_raw = re.split(r"[:,]", tail, maxsplit=1)[0]
            tail = tail[len(speaker_raw) :]
            h = _HANDLE.search(clause)
            # (a pronoun there stands for someone named before this sentence)
            speaker = self._first_mention(speaker_raw, at - len(clause), last_name)
            return _Attr(platform, speaker, h.group("h") if h else None, _language(clause), False)
        # 'S's feed said hundreds of fighters were heading … "after …"': an indirect report
        # that ends in a few quoted words reports the post, it does not quote it
        rest = v.platform_ctx.sub(" ", tail)
        rest = re.sub(r"\b(?:that|dass|que|che|что|in|a|an|the|his|her|its|their|tweet|post|on|with|caption)\b|[:,]", " ", rest, flags=re.I)
        direct = clause.rstrip().endswith(":") or bool(v.caption.search(clause))
        indirect = not direct and (len(rest.split()) > 3 or len(quoted.split()) < 4)
        h = _HANDLE.search(clause)
        speaker = self.speakers.resolve(speaker_raw, at, last=last_name)
        return _Attr(platform, speaker, h.group("h") if h else None, _language(clause), indirect)



    def _fronted(self, head: str, tail: str, clause: str) -> bool:
        """A head before the verb that is not its subject, the subject (a pronoun) following
        the verb: a fronted phrase ('In den Kommentaren schrieb sie', 'Dann schrieb er'), i.e. a
        phrase that opens with a preposition, or one word that the article does not write as a
        name in mid-sentence."""
        v = _vocab()
        after = tail.split()
        words = head.split()
        if not after or not words or after[0].strip(",:").casefold() not in v.pronouns:
            return False
        if words[0].casefold() in v.prepositions:
            return True
        return len(words) == 1 and not self.speakers.name_like(words[0], clause)


def _platform_of_the_quote(clause: str, verb: re.Match[str]) -> bool:
    """'had been “posting angry messages” on Facebook for months, Ms Dale said': the platform
    phrase ends the quoted words' own clause, a comma before the speaker and a verb of saying;
    what is said is speech about a post, not the post."""
    v = _vocab()
    if v.writing.search(verb.group(0)) or v.tweet.search(verb.group(0)):
        return False
    m = _platform_phrase(clause[: verb.start()])
    return m is not None and "," in clause[m.end() : verb.start()]


def _intro_end(clause: str) -> int:
    """Where a clause's leading intro phrases ('In a separate tweet, ', 'Later, ') end."""
    v = _vocab()
    pos = 0
    for _ in range(3):
        m = v.intro.match(clause, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    return pos


def _where_only(head: str) -> bool:
    """A clause before the verb that only says where ('In een bericht op X', 'Auf X', 'In
    einem weiteren Tweet'): the subject comes after the verb."""
    v = _vocab()
    return bool(
        re.match(
            rf"^\s*(?:(?:In|On|Op|Auf|Sur|En|Em|Su|Na|No|Via|W|V|Ve|På|Im|Nel|Nella|Dans)\b[^,:;\"“]{{0,40}}?)?\b(?:{v.platform}|(?i:tweet|post|beitrag|message|video|publication))\s*,?\s*$",
            head,
        )
    )


_ACCORDING = re.compile(
    r"\baccording to\s+(?:"
    r"(?:an?|the|one)\s+(?P<what1>[^,;:\"“]{0,60}?)\s+by\s+(?P<s1>[^,;:\"“]{2,80}?)"
    r"|(?P<s2>[^,;:\"“]{2,80}?)['’]s\s+(?P<what2>[^,;:\"“]{0,60}?)"
    r")\s*[,:]?\s*$",
    re.I,
)
_POST_NOUN = re.compile(
    r"\b(?:post|posts|tweet|tweets|message|video|story|reel|caption|update|account|feed|channel|handle|page)\b",
    re.I,
)


def _according(clause: str) -> tuple[str, str] | None:
    """'According to a Facebook post by S, "Q"' / 'according to S's Telegram post: "Q"'."""
    m = _ACCORDING.search(clause)
    if not m:
        return None
    what = m.group("what1") or m.group("what2") or ""
    platform = _platform(what) or _platform(what + " post")
    if platform is None or not _POST_NOUN.search(what):
        return None
    speaker = m.group("s1") or re.sub(  # 'a post on the ministry's channel': the ministry
        r"^(?:an?|the|one)\s+(?:\w+\s+)?(?:post|tweet|message|statement|video|update)\s+(?:on|in|from)\s+",
        "",
        m.group("s2") or "",
        flags=re.I,
    )
    return platform, speaker


def _indirect(para: str, base: int, used: list[tuple[int, int]], out: list[Found]) -> None:
    v = _vocab()
    start = _indirect_start(para)
    if start is None or v.indirect_core.search(para, start) is None:
        return
    speakers = _Speakers(para)
    for m in v.indirect.finditer(para, start):
        if any(s <= m.start() <= e for s, e in used):
            continue
        if v.not_post.search(para[m.start() : m.end() + 80]):
            continue
        pname = next(
            (m.group(g) for g in ("p", "p2", "p3", "p4", "p5", "p6", "p7", "p8") if m.group(g)), ""
        )
        platform = _platform_of(pname) if pname else "twitter"
        if not platform:
            continue
        who = m.group("owner") or m.group("sp") or m.group("by")
        f = Found(platform=platform, kind="reference", method="prose:indirect", order=base + m.start())
        f.indirect = True
        f.name = speakers.resolve(who, m.start()) if who else None
        f.context = para[m.start() : m.end() + 200]
        out.append(f)


def _indirect_start(para: str) -> int | None:
    """The earliest place where ``indirect`` may match in ``para``, or None where it cannot:
    its branches need a platform's name, a verb phrase or 'according to', with only a name's
    characters (words, spaces, dots, hyphens, apostrophes) before the first two."""
    v = _vocab()
    places = []
    at = _first_hit(para, 0, len(para), v.plat_first_low, v.plat_first)
    if at is not None:
        places.append(at)
    cue = v.indirect_cues.search(para)
    if cue is not None:
        places.append(cue.start())
    starts = [p - (run.end() if (run := v.indirect_run.match(para[:p][::-1])) else 0) for p in places]
    according = para.find("ccording to a")
    if according >= 0:
        starts.append(max(0, according - 1))
    return min(starts) if starts else None


def quote_near(
    text: str, start: int, end: int, lo: int, hi: int
) -> tuple[tuple[int, int], str, str | None] | None:
    """The quotation in the sentence around ``text[start:end]`` (a link to a post), within the
    paragraph ``text[lo:hi]``: ``(span, quoted words, speaker)``, or None. The link itself is
    the evidence that a post is quoted, so no platform word is needed; the speaker is the
    attribution's subject, else the nearest name before the quote in the sentence."""
    v = _vocab()
    para = text[lo:hi]
    quotes = _quotes(para)
    masked = _mask(para, quotes)
    ends = _sentence_ends(masked)
    s0 = _sentence_start(ends, start - lo)
    k = bisect_right(ends, end - lo)
    s1 = ends[k] if k < len(ends) else len(para)
    inside = [q for q in quotes if s0 <= q.start < s1 + 2 and len(para[q.inner[0] : q.inner[1]].split()) >= 3]
    if not inside:
        return None
    q = min(inside, key=lambda q: abs(q.start - (start - lo)))
    qtext = para[q.inner[0] : q.inner[1]]
    body = _strip_q(qtext)
    inner = lo + q.inner[0] + qtext.find(body[:20])
    speakers = _Speakers(text)
    after = masked[q.end : s1]
    vm = v.verb.search(after)
    speaker = None
    if vm and after[: vm.start()].strip(" ,;:—–-"):
        speaker = speakers.resolve(after[: vm.start()], lo + q.start)
    if speaker is None:
        names = _names(masked[s0 : q.start])
        speaker = speakers.expand(names[-1], lo + q.start) if names else None
    return (inner, inner + len(body)), body, speaker
