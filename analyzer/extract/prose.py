"""Posts quoted in article prose.

A quotation is a post only when its attribution clause has a posting verb and a platform or
platform container (``"…," Saleh had tweeted.``, ``Taliban wrote in Arabic on its official Twitter
handle``, ``S said in a post on X: "…"``, ``In a tweet, S said "…"``), or the previous sentence puts
the speaker on a platform. Speech quoted from interviews (``told Reuters``, ``said in a statement``)
and Twitter-the-company news are not posts. Indirect speech clearly attributed to a platform post
(``S's Twitter feed said …``) becomes a textless ``reference`` marked indirect.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .found import Found

__all__ = ["find_prose", "quote_near"]

_PLATFORM_NAMES = {
    "twitter": "twitter", "x": "twitter", "facebook": "facebook", "instagram": "instagram", "tiktok": "tiktok",
    "telegram": "telegram", "youtube": "youtube", "bluesky": "bluesky", "threads": "threads",
    "truth social": "truthsocial", "truthsocial": "truthsocial", "mastodon": "mastodon", "reddit": "reddit",
}  # fmt: skip
_P = r"(?:Twitter|X(?![\w-])|Facebook|Instagram|TikTok|Telegram|YouTube|Bluesky|Threads|Truth\s+Social|Mastodon|Reddit)"
_CONTAINER = (
    r"(?:account|accounts|handle|feed|page|channel|post|posts|video|videos|story|stories|profile|timeline|message|"
    r"thread|livestream|live|broadcast|reel|status|update|tweet|tweets|statement)"
)
_FILLER = (
    r"his|her|their|its|the|an?|own|official|verified|personal|main|[\w’']+['’]s|"
    r"son|sa|ses|seu|sua|su|sein|seinem|seiner|ihrem|ihrer|dem|der|le|la|el|o|a|"
    r"compte|cuenta|conta|Konto|Account|Kanal|page|página|своём|своем|своей|официальном|аккаунте|канале|странице"
)
_PLATFORM_CTX = re.compile(
    rf"\b(?i:on|via|to|in|through|from|onto|auf|bei|über|sur|en|em|no|na|su|op|в|во|на|через)\s+(?:(?:{_FILLER})\s+)*(?P<p1>{_P})"
    rf"|\b(?P<p2>{_P})(?:\s*\(formerly(?: known as)? Twitter\)|,\s*formerly(?: known as)? Twitter,?)?\s+{_CONTAINER}\b"
    rf"|\b(?P<p3>{_P})-(?:based\s+)?{_CONTAINER}\b",
    re.U,
)
_TWEET = re.compile(
    r"\b(?:re-?|quote-?)?tweet(?:s|ed|ing)?\b|\bX post\b|\btwitterte\b|\bgetwittert\b|\btweetete\b|\btweeté\b|"
    r"\btuite[óo]\b|\btuit[óo]\b|\bтвитнул\w*|\bтвиттере\b",
    re.I,
)
_VERB = (
    r"(?:tweeted|re-?tweeted|quote-tweeted|tweets|tweeting|posted|posts|posting|wrote|writes|writing|said|says|saying|"
    r"shared|shares|published|uploaded|captioned|replied|responded|commented|announced|declared|claimed|confirmed|"
    r"denied|warned|vowed|boasted|threatened|urged|mocked|slammed|blasted|added|stated|noted|insisted|argued|"
    r"asserted|accused|praised|wrote back|hit back|joked|reported|asked|explained|continued|told|"
    r"twitterte|schrieb|postete|teilte|erklärte|écrit|publié|déclaré|tweeté|escribió|publicó|afirmó|tuiteó|"
    r"escreveu|publicou|tuitou|scritto|pubblicato|twittato|schreef|twitterde|tweette|postte|"
    r"написал\w*|сообщил\w*|заявил\w*|опубликовал\w*|твитнул\w*)"
)
_VERB_RE = re.compile(rf"\b{_VERB}\b", re.I)
_TOOK_TO = re.compile(rf"\btook to\s+(?P<p>{_P})", re.U)
#: 'S took to X to say "Q"' (the posting verb is an infinitive)
_TOOK_TO_SAY = re.compile(
    rf"\btook to\s+{_P}(?:\s+\w+){{0,3}}?\s+to\s+(?:say|write|post|announce|share|declare|warn|"
    r"claim|insist|deny|confirm|vow|urge|ask|complain|explain|add|respond|reply|criticise|criticize|"
    r"praise|thank|apologi[sz]e|boast)\b",
    re.U,
)
#: '"Q" — S on X' (a quote signed with a dash)
_DASH_ON = re.compile(
    rf"^\s*[—–]\s*(?P<s>[^\n,;:\"“”]{{2,80}}?),?\s+(?:on|via)\s+(?P<p>{_P})\s*[.)]?\s*$", re.U
)
#: a clause before the verb that only says where ('In een bericht op X schreef de premier: "Q"',
#: 'Auf X schrieb der Kanzler: "Q"'): the speaker comes after the verb
_WHERE_ONLY = re.compile(
    rf"^\s*(?:(?:In|On|Op|Auf|Sur|En|Em|Su|Na|No|Via)\b[^,:;\"“]{{0,40}}?)?\b{_P}\s*,?\s*$", re.U
)
_AUX = re.compile(
    r"(?:\s+(?:had|has|have|also|later|then|previously|earlier|once|would|recently|again|subsequently|simply|"
    r"just|first|separately|quickly|promptly|reportedly|publicly|on\s+\w+day|on\s+\w+|last\s+\w+|this\s+\w+))+\s*$",
    re.I,
)
#: auxiliaries of compound past tenses in other languages ('Le président a écrit', 'Il ministro ha
#: scritto', 'Der Kanzler hat geschrieben'), lower case only
_AUX_OTHER = re.compile(r"(?:\s+(?:a|ha|hat|han|ont|avait|hatte|había|heeft|tem|têm|è|ist|est))+\s*$")
_NOT_POST = re.compile(
    r"\btold\b(?!\s+(?:his|her|their|its)\s+(?:[\d.,]+\s+(?:million\s+)?)?(?:followers|fans|subscribers|viewers))|\binterview|\bpress (?:conference|briefing|release)|\bby (?:tele)?phone\b|\bspokes(?:man|woman|person)\s+for\s+Twitter",
    re.I,
)
_QUOTE = re.compile(r"(?P<open>[\"“„«])(?P<q>[^\"“”„«»\n]{6,3000}?)(?P<close>[\"”“»])")
_QUOTE_SINGLE = re.compile(
    r"(?P<open>(?<![\w’'])[‘'])(?P<q>(?:[^‘’'\n]|[’'](?=\w)){6,3000}?)(?P<close>[’'])(?!\w)"
)
_WINDOW = 600  # characters around a quote that its attribution may use
_AUX_HEAD = frozenset(
    {"a", "a été", "hat", "ha", "han", "ont", "has", "had", "have", "—", "-", "–"}
)
_SENT_END = re.compile(r"[.!?](?=[\"”’)\]]*(?:\s|$))")
_HANDLE = re.compile(r"\(?@(?P<h>[A-Za-z0-9_][\w.]{0,30})\)?")
_LANGS = {
    "arabic": "ar", "persian": "fa", "farsi": "fa", "dari": "fa", "pashto": "ps", "pashtu": "ps", "urdu": "ur",
    "russian": "ru", "ukrainian": "uk", "french": "fr", "german": "de", "spanish": "es", "portuguese": "pt",
    "italian": "it", "turkish": "tr", "hebrew": "he", "chinese": "zh", "mandarin": "zh", "japanese": "ja",
    "korean": "ko", "hindi": "hi", "bengali": "bn", "kurdish": "ku", "polish": "pl", "dutch": "nl",
    "swedish": "sv", "greek": "el", "indonesian": "id", "malay": "ms", "thai": "th", "vietnamese": "vi",
    "amharic": "am", "somali": "so", "swahili": "sw", "tamil": "ta", "english": "en", "armenian": "hy",
    "azerbaijani": "az", "georgian": "ka", "serbian": "sr", "croatian": "hr", "romanian": "ro", "hungarian": "hu",
    "czech": "cs", "belarusian": "be", "tagalog": "tl", "burmese": "my", "uzbek": "uz", "kazakh": "kk",
    "tigrinya": "ti", "hausa": "ha", "punjabi": "pa", "nepali": "ne", "sinhala": "si",
}  # fmt: skip
_LANG_RE = re.compile(
    r"\bin\s+(?P<a>"
    + "|".join(n.capitalize() for n in _LANGS)
    + r")\b|\b(?P<b>"
    + "|".join(n.capitalize() for n in _LANGS)
    + r")-language\b"
)
_PRONOUN = re.compile(
    r"^(?:he|she|they|it|who|the\s+(?:group|militants|account|ministry|president|leader))$", re.I
)
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĞĠĢĤĦĨĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽА-ЯЁІЇЄҐ"
_NAME = re.compile(rf"\b[{_UP}][\w’'-]+(?:\s+(?:al-|bin\s+|de\s+|van\s+|von\s+)?[{_UP}][\w’'-]+)*")
_LEAD_INTRO = re.compile(
    r"^(?:(?:In|On|Via|Through)\s+(?:a|an|his|her|their|its|the|one|another|separate|later|subsequent|follow-up|"
    r"since-deleted|now-deleted|deleted|recent|new|\s)*(?:tweet|post|message|video|statement|thread|series of tweets|"
    rf"{_P})[^,]*,\s*|(?:Later|Earlier|Meanwhile|Separately|Then|However|But|And|Also|Previously)\s*,?\s*)",
    re.I,
)
_STOPNAMES = frozenset(
    {"The", "A", "An", "In", "On", "But", "And", "He", "She", "They", "It", "This", "That", "Earlier", "Later",
     "Meanwhile", "However", "According", "Since", "After", "Before", "When", "While", "Twitter", "Facebook",
     "Instagram", "Telegram", "X", "TikTok", "YouTube", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
     "Saturday", "Sunday", "Posted", "Reuters", "AFP", "AP", "Truth", "Threads", "Bluesky", "Reddit", "Mastodon",
     "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December", "By", "Follow", "Read", "Watch", "Photo", "Image", "Video", "Updated"}
)  # fmt: skip
_INDIRECT = re.compile(
    rf"(?P<owner>(?:[Tt]he\s+)?(?:[A-Z][\w.-]*\s+){{0,4}}[\w.-]+)['’]s?\s+(?:(?:official|verified|main|[A-Z][\w-]*)\s+)*"
    rf"(?P<p>{_P})\s+(?:account|handle|feed|page|channel|profile)\s+(?:said|posted|wrote|reported|announced|claimed|"
    rf"stated|published|tweeted)\b"
    rf"|(?P<sp>[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){{0,4}}?)\s+(?:(?:had|has|also|later)\s+)?(?:tweeted|wrote on (?P<p2>{_P})|"
    rf"posted on (?P<p3>{_P})|said on (?P<p4>{_P})|said in a (?:tweet|(?P<p5>{_P}) post|post on (?P<p6>{_P})))\s+that\b"
    rf"|\b[Aa]ccording to an?\s+(?:tweet|(?P<p7>{_P}) post|post on (?P<p8>{_P}))\s+(?:by|from)\s+(?P<by>[^,.;:\n\"“]{{2,80}}?)(?=[,.;:])",
    re.U,
)


@dataclass(slots=True)
class _Attr:
    platform: str
    speaker: str | None
    handle: str | None
    language: str | None


_TOKENS = (
    "tweet", "Tweet", "TWEET", "Twitter", "Facebook", "Instagram", "TikTok", "Telegram", "YouTube", "Bluesky",
    "Threads", "Truth Social", "Mastodon", "Reddit", " X ", " X,", " X.", " X:", " X;", " X)", "(X",
    " X’", " X'", " X\n",
)  # fmt: skip


def _token_positions(text: str) -> list[int]:
    out: list[int] = []
    for token in _TOKENS:
        i = text.find(token)
        while i >= 0:
            out.append(i)
            i = text.find(token, i + len(token))
    if text.endswith(" X"):
        out.append(len(text) - 1)
    out.sort()
    return out


def find_prose(text: str) -> list[Found]:
    """Posts quoted (or clearly reported) in ``text``; spans cover the quoted words."""
    if not text:
        return []
    hits = _token_positions(text)
    if not hits:
        return []
    out: list[Found] = []
    expanded: dict[str | None, str | None] = {}
    pos = 0
    prev_para = ""
    prev_hit = False
    for para in text.split("\n"):
        end = pos + len(para)
        k = bisect_left(hits, pos)
        hit = k < len(hits) and hits[k] < end
        if para.strip() and (hit or prev_hit):
            _paragraph(text, para, pos, prev_para, out, hit, expanded)
        if para.strip():
            prev_para = para
            prev_hit = hit
        pos = end + 1
    return out


def _platform(clause: str) -> str | None:
    m = _PLATFORM_CTX.search(clause)
    if m:
        name = (m.group("p1") or m.group("p2") or m.group("p3") or "").lower()
        return _PLATFORM_NAMES.get(" ".join(name.split()))
    if _TWEET.search(clause):
        return "twitter"
    return None


def _attribution(clause: str, prev_sentence: str) -> _Attr | None:
    if not _VERB_RE.search(clause) and not _TOOK_TO_SAY.search(clause):
        return None
    platform = _platform(clause)
    if _NOT_POST.search(clause) and not _TWEET.search(clause):
        return None
    if platform is None:
        # the speaker put on a platform in the previous sentence: 'S took to X. "Q," he wrote.'
        if not re.search(
            r"\b(?:wrote|writes|posted|added|continued|shared|tweeted|saying|writing|replied)\b",
            clause,
        ):
            return None
        m = _TOOK_TO.search(prev_sentence)
        if m:
            platform = _PLATFORM_NAMES.get(" ".join(m.group("p").lower().split()))
        elif _TWEET.search(prev_sentence) and re.search(
            r"\b(?:wrote|tweeted|posted|added|shared|saying|writing|replied)\b", clause
        ):
            platform = "twitter"
    if platform is None:
        return None
    h = _HANDLE.search(clause)
    lang = _LANG_RE.search(clause)
    code = _LANGS[(lang.group("a") or lang.group("b")).lower()] if lang else None
    return _Attr(platform, None, h.group("h") if h else None, code)


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


def _according(clause: str) -> tuple[_Attr, str] | None:
    """'According to a Facebook post by S, "Q"' / 'according to S's Telegram post: "Q"'."""
    m = _ACCORDING.search(clause)
    if not m:
        return None
    what = m.group("what1") or m.group("what2") or ""
    platform = _platform(what) or _platform(what + " post")
    if platform is None or not _POST_NOUN.search(what):
        return None
    h = _HANDLE.search(clause)
    speaker = m.group("s1") or re.sub(  # 'a post on the ministry's channel': the ministry
        r"^(?:an?|the|one)\s+(?:\w+\s+)?(?:post|tweet|message|statement|video|update)\s+(?:on|in|from)\s+",
        "",
        m.group("s2") or "",
        flags=re.I,
    )
    return _Attr(platform, None, h.group("h") if h else None, None), speaker


def _clean_speaker(raw: str) -> str | None:
    s = raw.strip(' ,;:—–-"“”')
    s = _LEAD_INTRO.sub("", s)
    s = re.sub(r"\s*\(?@[\w.]+\)?", "", s)
    # 'the singer later took to Instagram to apologise'
    s = re.sub(rf"\s+took to\s+{_P}\b.*$", "", s)
    s = _AUX.sub("", s).strip()
    s = _AUX_OTHER.sub("", s).strip()
    m = re.match(
        rf"^(?:the\s+)?(?P<owner>.+?)['’]s?\s+(?:(?:official|verified|main|own)\s+)*(?:[A-Z][\w-]*\s+)?{_P}\b",
        s,
        re.I,
    )
    if m:
        s = m.group("owner")
    s = re.sub(rf"\s+(?:in|on|via)\s+(?:a|an|his|her|its|their)\b.*$|\s+on\s+{_P}.*$", "", s)
    if (
        "," in s
    ):  # appositive: 'Zabihullah Mujahid, the Taliban spokesman' / 'the spokesman, Zabihullah Mujahid'
        parts = [p.strip() for p in s.split(",") if p.strip()]
        named = [p for p in parts if all(w[:1].isupper() for w in p.split())]
        s = named[0] if named else parts[0] if parts else s
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.I).strip(" ,")
    if not s or len(s.split()) > 9 or not re.search(r"\w", s):
        return None
    return s


_QUOTED = re.compile(r"[\"“„«][^\"“”„«»\n]*[\"”“»]")
#: the end of a sentence's subject: its first finite verb or auxiliary
_SUBJ_END = re.compile(
    rf"(?<![-\w])(?:{_VERB[3:-1]}|is|was|were|are|has|had|have|will|would|can|could|may|might|should|must|did|does|"
    r"stayed|became|remains|appeared|seemed|took|lashed|spoke|went|hit|made|gave|got|came|met|[a-z]{3,}ed)\b"
)
_SUBJ_TRIM = re.compile(
    r"(?:\s+(?:no longer|also|later|then|still|now|never|not|once|again|recently|previously|earlier|first|"
    r"just|already|reportedly|himself|herself|itself))+\s*$",
    re.I,
)


def _subject(sentence: str) -> tuple[str | None, bool]:
    """The subject of ``sentence`` (quotes removed), and whether it is a proper name."""
    plain = _QUOTED.sub(" ", sentence).strip()
    vm = _SUBJ_END.search(plain)
    if not vm or vm.start() == 0:
        return None, False
    subj = plain[: vm.start()].rsplit(",", 1)[-1]  # 'On Tuesday, Musk echoed …' -> 'Musk'
    subj = _SUBJ_TRIM.sub("", subj).strip(" \t\n,;:—–-()")
    if not subj or len(subj.split()) > 8 or re.fullmatch(r"(?i)he|she|they|it|who|we|i|you", subj):
        return None, False
    last = subj.split()[-1]
    if last[:1].isupper() and not re.search(r"-[a-z]", last):
        names = [
            m.group(0)
            for m in _NAME.finditer(subj)
            if m.group(0).split()[0] not in _STOPNAMES or len(m.group(0).split()) > 1
        ]
        if names:
            name = re.sub(r"^(?:The|A|An)\s+", "", names[-1])
            return (name or None), bool(name)
    head = re.sub(r"^(?:the|a|an|this|that|its|his|her|their)\s+", "", subj, flags=re.I)
    words = head.split()
    keep = len(words) == 2 and "-" not in words[0] and words[0][:1].islower()
    return (" ".join(words) if keep else words[-1]), False


_NOT_PERSON = re.compile(
    r"(?i)(?:ministry|company|club|government|police|department|agency|army|office|party|team|group|council|"
    r"committee|embassy|channel|account|page|newspaper|network|firm|bank|court|city|state|country)"
)


def _resolve(same_para: str, prev_para: str, person: bool = False) -> str | None:
    """Who a pronoun speaker is: the subject of an earlier sentence (a proper name if one of the
    last few sentences has one as subject, else the nearest common-noun subject: 'the streamer')."""
    fallback: str | None = None
    looked = 0
    for chunk in (same_para, prev_para):
        if fallback is not None:  # a subject in this paragraph beats a name in the one before
            return fallback
        sents = [x for x in re.split(r"(?<=[.!?])\s+(?=[^a-z])", chunk.strip()) if x]
        for sent in reversed(sents):
            subj, proper = _subject(sent)
            looked += 1
            if subj and proper:
                return subj
            if subj and fallback is None and not (person and _NOT_PERSON.fullmatch(subj)):
                fallback = subj
            if looked >= 4:
                return fallback
    return fallback


def _expand(name: str | None, text: str) -> str | None:
    """'Mujahid' -> 'Zabihullah Mujahid' when the article names the speaker in full."""
    if not name or " " in name or not name[:1].isupper():
        return name
    m = re.search(rf"\b((?:[A-Z][\w’'-]+\s+){{1,2}}){re.escape(name)}\b", text)
    if m and m.group(1).split()[0] not in _STOPNAMES:
        return (m.group(1) + name).strip()
    return name


def _sentence_bounds(ends: list[int], start: int) -> int:
    """Start of the sentence containing offset ``start`` (``ends``: sentence ends in order)."""
    k = bisect_right(ends, start) - 1
    return ends[k] if k >= 0 else 0


def _paragraph(
    text: str,
    para: str,
    base: int,
    prev_para: str,
    out: list[Found],
    hit: bool = True,
    expanded: dict[str | None, str | None] | None = None,
) -> None:
    if expanded is None:
        expanded = {}
    quotes = list(_QUOTE.finditer(para)) or list(_QUOTE_SINGLE.finditer(para))
    if not quotes:
        if hit:
            _indirect(para, base, [], out)
        return
    ends = [m.end() for m in _SENT_END.finditer(para)]
    last: Found | None = None
    last_end = -1
    used_sentences: list[tuple[int, int]] = []
    for qm in quotes:
        q = qm.group("q").strip()
        qs, qe = qm.start(), qm.end()
        # clause after the quote, up to the end of the sentence or the next quote
        after = para[qe : qe + _WINDOW]
        cut = len(after)
        sm = _SENT_END.search(after)
        if sm:
            cut = sm.start()
        nq = re.search(r"[\"“„«]", after)
        if nq:
            cut = min(cut, nq.start())
        after_clause = after[:cut]
        sent_start = max(_sentence_bounds(ends, qs), qs - _WINDOW)
        before_clause = para[sent_start:qs]
        prev_start = max(_sentence_bounds(ends, max(0, sent_start - 1)), sent_start - _WINDOW)
        prev_sentence = para[prev_start:sent_start] + " " + prev_para[-300:]
        attr = None
        speaker_raw = None
        indirect = False
        q_last = qm.group("q").rstrip()[-1:]
        new_sentence = (
            q_last in ".!?"
            and after_clause.lstrip()[:1].isupper()
            and len(after_clause.split()) > 6
        )
        dash = _DASH_ON.match(after_clause) if after_clause.strip() else None
        if dash is not None:
            attr = _Attr(
                _PLATFORM_NAMES[" ".join(dash.group("p").lower().split())], None, None, None
            )
            speaker_raw = dash.group("s")
        elif after_clause.strip() and not new_sentence:
            attr = _attribution(after_clause, before_clause + " " + prev_sentence)
            if attr:
                vm = _VERB_RE.search(after_clause)
                head = after_clause[: vm.start()] if vm else ""
                if head.strip(" ,;:—–-") and head.strip(" ,;:—–-").lower() not in _AUX_HEAD:
                    speaker_raw = head
                else:  # inverted: '"Q," tweeted Saleh'
                    nm = _NAME.search(after_clause[vm.end() :]) if vm else None
                    speaker_raw = nm.group(0) if nm else None
        according = _according(before_clause) if attr is None else None
        if according is not None:
            attr, speaker_raw = according
        elif attr is None and before_clause.strip():
            attr = _attribution(before_clause, prev_sentence)
            if attr:
                vm = _VERB_RE.search(before_clause) or _TOOK_TO_SAY.search(before_clause)
                head = before_clause[: vm.start()] if vm else ""
                speaker_raw = head
                tail = before_clause[vm.end() :] if vm else ""
                if vm and _WHERE_ONLY.match(head):  # verb-second: the subject follows the verb
                    speaker_raw = re.split(r"[:,]", tail, maxsplit=1)[0]
                    tail = tail[len(speaker_raw) :]
                tail = _PLATFORM_CTX.sub(" ", tail)
                tail = re.sub(
                    r"\b(?:that|in|a|an|the|his|her|its|their|tweet|post|on|:|,)\b|[:,]", " ", tail
                )
                if len(tail.split()) > 3 or len(q.split()) < 4:
                    indirect = True
        if attr is None:
            if (
                last is not None
                and qs >= last_end
                and not para[last_end:qs].strip(" .,;:—–-\t")
                and not _VERB_RE.search(after_clause)
            ):
                # continuation of the previous quote: '"Q1," he tweeted. "Q2."'
                if last.text and last.span:
                    more = _strip_q(q)
                    # '"Q1," he wrote. "Q2."': the comma stood for the end of Q1's sentence
                    joint = ". " if more[:1].isupper() and last.text[-1:] not in ".!?…" else " "
                    last.text = last.text + joint + more
                    last.span = (last.span[0], base + qs + 1 + len(qm.group("q").rstrip()))
                    last_end = qe
            continue
        if not indirect and len(q.split()) < 3 and q.rstrip()[-1:] not in ".,!?…":
            continue  # scare quotes ('labelling "fake news"'), not a quoted post
        speaker = _clean_speaker(speaker_raw) if speaker_raw else None
        if speaker and _PRONOUN.match(speaker):
            if attr.handle:
                speaker = None
            elif last is not None and last.name and not indirect:
                speaker = last.name  # '"Q1," he tweeted. "Q2," he added.'
            else:
                speaker = _resolve(
                    para[max(0, sent_start - _WINDOW) : sent_start],
                    prev_para[-_WINDOW:],
                    person=speaker.lower() in ("he", "she"),
                )
        if speaker not in expanded:
            expanded[speaker] = _expand(speaker, text)
        full = expanded[speaker]
        if indirect:
            f = Found(
                platform=attr.platform,
                kind="reference",
                method="prose:indirect",
                order=base + sent_start,
            )
            f.indirect = True
        else:
            f = Found(
                platform=attr.platform, kind="quote", method="prose:attribution", order=base + qs
            )
            body = _strip_q(q)
            f.text = body
            inner = qm.start("q") + qm.group("q").find(body[:20])
            f.span = (base + inner, base + inner + len(body))
        f.name = speaker
        f.alias = full if full != speaker else None
        f.handle = attr.handle
        f.stated_language = attr.language
        f.context = para[sent_start : qe + len(after_clause) + 1]
        out.append(f)
        used_sentences.append((sent_start, qe + cut))
        last = f if not indirect else None
        last_end = qe + cut + (1 if sm and sm.start() == cut else 0)
    if hit:
        _indirect(para, base, used_sentences, out)


def _strip_q(q: str) -> str:
    return q.strip().rstrip(",;:").strip()


def _indirect(para: str, base: int, used: list[tuple[int, int]], out: list[Found]) -> None:
    for m in _INDIRECT.finditer(para):
        if any(s <= m.start() <= e for s, e in used):
            continue
        if _NOT_POST.search(para[m.start() : m.end() + 80]):
            continue
        pname = next(
            (m.group(g) for g in ("p", "p2", "p3", "p4", "p5", "p6", "p7", "p8") if m.group(g)), ""
        ).lower()
        platform = _PLATFORM_NAMES.get(" ".join(pname.split()), "twitter" if not pname else "")
        if not platform:
            continue
        who = m.group("owner") or m.group("sp") or m.group("by")
        f = Found(
            platform=platform, kind="reference", method="prose:indirect", order=base + m.start()
        )
        f.indirect = True
        f.name = _clean_speaker(who) if who else None
        f.context = para[m.start() : m.end() + 200]
        out.append(f)


def quote_near(
    text: str, start: int, end: int, lo: int, hi: int
) -> tuple[tuple[int, int], str, str | None] | None:
    """The quotation in the sentence around ``text[start:end]`` (a link to a post), within the
    paragraph ``text[lo:hi]``: ``(span, quoted words, speaker)``, or None. The link itself is
    the evidence that a post is quoted, so no platform word is needed."""
    para = text[lo:hi]
    ends = [m.end() for m in _SENT_END.finditer(para)]
    s0 = _sentence_bounds(ends, start - lo)
    k = bisect_right(ends, end - lo)
    s1 = ends[k] if k < len(ends) else len(para)
    sentence = para[s0:s1]
    quotes = [m for m in _QUOTE.finditer(sentence) if len(m.group("q").split()) >= 3]
    if not quotes:
        return None
    qm = min(quotes, key=lambda m: abs(m.start() - (start - lo - s0)))
    body = _strip_q(qm.group("q"))
    inner = lo + s0 + qm.start("q") + qm.group("q").find(body[:20])
    speaker = None
    after = sentence[qm.end() :]
    vm = _VERB_RE.search(after)
    if vm and after[: vm.start()].strip(" ,;:—–-"):
        speaker = _clean_speaker(after[: vm.start()])
    else:
        vm = _VERB_RE.search(sentence[: qm.start()])
        if vm and sentence[: vm.start()].strip():
            speaker = _clean_speaker(sentence[: vm.start()])
    if speaker and _PRONOUN.match(speaker):
        speaker = _resolve(para[max(0, s0 - _WINDOW) : s0], "")
    return (inner, inner + len(body)), body, speaker
