"""The paraphrase finder: for each post, the sentence or clause spans of its article (and
of the other articles in the window that report the same post) that render it.

Per window of documents, :class:`DefaultParaphraseFinder`

1. chooses the English text of each post: its machine translation, the post itself when it
   is English, another article's English rendering of the same post ("article:<id>", found
   by :meth:`DefaultParaphraseFinder._link`), or a translator's rendering;
2. groups the posts that are the same post across articles (same id or URL, same text, or
   linked renderings), so paraphrases are searched in every article that reports it;
3. scores every sentence and clause range of those articles by meaning (similarity to the
   post's English text), attribution cues (author, handle, platform, "said", quotation
   marks) and closeness to the post; trims the reporting frame ("X said that") and unrelated
   clauses; keeps candidates above a threshold (a post may have none);
4. aligns and scores each paraphrase and each translator rendering.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache

from ..align import get_aligner
from ..align.core import lexical_similarity
from ..config import Settings
from ..records import Alignment, Article, Fidelity, Paraphrase, Post, PostResult, Rendering, Span
from ..score.checks import Speaker
from ..score.fidelity import FidelityScorer
from ..stages import Aligner, Signature
from ..tables import table
from ..text.normalize import post_key
from ..text.sentences import split_sentences
from ..text.tokens import (
    Token,
    is_content,
    lexicon,
    normalize_quotes,
    quoted_spans,
    stem,
    tokenize,
)
from .cache import Copies, Memo, document_keys
from .pairs import Pair, PairScorer, Scored, score_pairs

__all__ = ["DefaultParaphraseFinder", "split_sentences", "clause_bounds", "strip_frame", "FinderThresholds"]

logger = logging.getLogger(__name__)

#: A post's English text needs this many content words before paraphrases are searched.
MIN_CONTENT_WORDS = 3
#: (post, candidate) pairs whose alignment and fidelity the finder keeps, across windows
PAIR_MEMO = 8192


# -- sentences and clauses -------------------------------------------------------------

@cache
def _clause_cut() -> re.Pattern[str]:
    """Where a clause may be cut: ", even as", ", which", "; " … (``clause_openers`` of
    ``analyzer/data/lexicon_reporting.toml``)."""
    openers = "|".join(_patterns(table("lexicon_reporting")["clause_openers"]))
    return re.compile(rf"(?:,|;|\s[—–]|\s--)\s+(?=(?:{openers})\b)|;\s+|\s[—–]\s|\s--\s", re.I)


def _patterns(words: list[str]) -> list[str]:
    return [re.escape(w) for w in words]


def clause_bounds(text: str, span: Span) -> list[int]:
    """Offsets inside ``span`` where a clause may be cut (", even as", ", which", "; " …),
    not inside quotation marks."""
    norm = normalize_quotes(text[span.start : span.end])
    quotes = quoted_spans(norm)
    cuts = []
    for m in _clause_cut().finditer(norm):
        if any(a - 1 <= m.start() < b + 1 for a, b in quotes):
            continue
        cuts.append(span.start + m.start())
    return cuts


@cache
def _frames() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A leading reporting frame, a trailing frame's verb, and a trailing frame (the verbs of
    ``analyzer/data/lexicon_reporting.toml``)."""
    t = table("lexicon_reporting")
    lead = "|".join(_patterns(t["frame_verbs"]))
    trail = "|".join(_patterns(t["trailing_frame_verbs"]))
    frame = re.compile(
        rf"^(?P<frame>[^\"“”]{{0,120}}?\b(?:has |have |had )?(?:{lead}|told [\w ]{{1,30}}?"
        r"|according to [\w’' ]{1,40}?)"
        r"(?: on \w+| in \w+| in a (?:tweet|post|statement))?[,:]?\s+(?:that\s+)?)(?=\S)",
        re.I,
    )
    verb = re.compile(rf"\b(?:{trail})\b", re.I)
    trailing = re.compile(
        rf"[,.]?[\"”’']?\s*,?\s*(?:[\w’'@.-]+\s){{0,8}}?(?:has |had )?(?:{trail})\b[^\"“”]{{0,120}}$",
        re.I,
    )
    return frame, verb, trailing


def strip_frame(text: str, span: Span) -> Span:
    """The span without its reporting frame: "The Taliban have said that X" -> "X",
    '"X," Saleh had tweeted.' -> "X"."""
    s, e = span.start, span.end
    piece = text[s:e]
    frame, verb, trailing = _frames()
    m = frame.match(piece)
    if (
        m
        and len(m.group("frame").split())
        <= (22 if m.group("frame").rstrip().endswith("that") else 14)
        and len(piece) - m.end() > 15
    ):
        s += m.end()
    piece = text[s:e]
    tail = max(0, len(piece) - 200)  # a trailing frame is short; bound the search
    t = trailing.search(piece, tail) if verb.search(piece, tail) else None
    if t and t.start() > 15:
        e = s + t.start()
    while e > s and text[e - 1] in " ,.;:":
        e -= 1
    while s < e and text[s] in " ,;:":
        s += 1
    # drop a dangling opening quotation mark, or one that was closed outside the span
    inner = normalize_quotes(text[s:e])
    if inner.count('"') % 2 == 1:
        if inner.startswith('"'):
            s += 1
        elif inner.endswith('"'):
            e -= 1
    return Span(s, e) if e > s else span


# -- attribution cues ------------------------------------------------------------------

@cache
def _cue_words() -> tuple[frozenset[str], frozenset[str]]:
    """Stems of the platform words and of the reporting verbs that are attribution cues
    (``analyzer/data/lexicon_reporting.toml``)."""
    t = table("lexicon_reporting")
    return (
        frozenset(stem(w) for w in t["platform_words"]),
        frozenset(stem(w) for w in t["cue_verbs"]),
    )


def _author_stems(post: Post) -> frozenset[str]:
    return _name_stems(post.author.name, post.author.handle)


@lru_cache(maxsize=4096)
def _name_stems(name: str | None, handle: str | None) -> frozenset[str]:
    """The stems (of three letters or more) of an author's name and handle."""
    out: set[str] = set()
    for value in (name, handle):
        if value:
            for t in tokenize(value.replace("_", " ")):
                if len(t.stem) >= 3:
                    out.add(t.stem)
    return frozenset(out)


def cue_score(text: str, span: Span, posts: Sequence[Post], context: str = "") -> float:
    """Attribution cues in ``span`` (and ``context``, the sentence before): the author or
    handle of the post (any of its copies in ``posts``), platform words, reporting verbs,
    quotation marks. In [0, 1]."""
    piece = text[span.start : span.end]
    words = {t.stem for t in tokenize(piece + " " + context)}
    author: set[str] = set()
    for post in posts:
        author |= _author_stems(post)
    score = 0.0
    if author and (
        words & author
        or any(a[:5] == w[:5] for a in author if len(a) >= 5 for w in words if len(w) >= 5)
    ):
        score += 0.4
    platform, said = _cue_words()
    if words & platform:
        score += 0.25
    if words & said:
        score += 0.2
    if quoted_spans(piece):
        score += 0.15
    return min(1.0, score)


# -- the stage -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FinderThresholds:
    """Limits of the paraphrase finder. A candidate is a rendering when the fidelity
    scorer says so (its label is not ``unrelated``): the finder never reports a sentence its
    own scorer calls unrelated. Attribution cues (the poster named, a platform word, a
    reporting verb, quotation marks) only order the renderings found."""

    link: float  # similarity of an English quote to a post's MT or paraphrases: same post
    shortlist: int = 12  # candidates per article and post kept by the cheap filter
    min_cosine: float = 0.0  # sentence cosine below this: not scored (encoders only)
    max_per_post: int = 6
    merged: int = 2  # pairs of consecutive sentences per article and post that render it together
    max_documents: int = 25  # other articles searched for one post (a viral post: many)


FINDER_THRESHOLDS = {
    "embedding": FinderThresholds(link=0.55, min_cosine=0.15),
    "lexical": FinderThresholds(link=0.35),
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A shortlisted sentence (or headline) of document ``doc`` for one post: ``span`` is the
    clause range to score (into the article text, or into the title for ``where="title"``)."""

    doc: int
    index: int
    sentence: Span
    span: Span
    where: str
    proximity: float


@dataclass
class _Slot:
    doc: int
    index: int
    article: Article
    result: PostResult
    english: str | None = None
    source: str | None = None
    mt: str | None = None


def _is_english(result: PostResult) -> bool:
    if result.translation is not None and result.translation.status == "identity":
        return True
    if result.language is not None:
        return result.language.code == "en"
    text = result.post.text or ""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) > 0.9


def _language(result: PostResult) -> str | None:
    if result.language is not None and result.language.code not in ("und", ""):
        return result.language.code
    return None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class DefaultParaphraseFinder:
    """Find, align and score the English paraphrases and renderings of each post."""

    def __init__(
        self,
        settings: Settings,
        aligner: Aligner | None = None,
        *,
        keep: bool = True,
        pairs: PairScorer | None = None,
    ) -> None:
        """``keep=False`` keeps no work by content (:mod:`.cache`): every post is searched
        and every pair scored anew, the reference the kept results are tested against.
        ``pairs`` scores a window's (post, candidate) pairs elsewhere (worker processes,
        :class:`~analyzer.paraphrase.pairs.PoolScorer`); they are scored here when it
        declines or is None."""
        self.settings = settings
        self._aligner = aligner
        self._pair_scorer = pairs
        self._keep = keep
        self._post_spans: dict[int, list[Span]] = {}
        # per window: the posts quoted in the prose of each document
        self._quotes: dict[int, list[Post]] = {}
        # per window: each sentence without its frame, and its content stems (or None)
        self._bodies: dict[tuple[int, int], tuple[Span, frozenset[str]] | None] = {}
        self._canon: list[int] = []
        self._near_kept: dict[tuple[int, Span | None], list[str]] = {}  # per window
        # by content, across windows: the alignment and fidelity of each (post's English
        # text, candidate text, post text, speaker) scored, and each sentence's clause range
        kept = PAIR_MEMO if keep else 0
        self._pairs: Memo[tuple[str, str, str | None, Speaker], tuple[Alignment, Fidelity]] = Memo(kept)
        self._ranges_kept: Memo[tuple[str, str], tuple[int, int]] = Memo(kept)

    def warm(self) -> None:
        """Have the pair scorer's worker processes (if any) make ready now."""
        warm = getattr(self._pair_scorer, "warm", None)
        if warm is not None:
            warm()

    def signature(self) -> Signature:
        """The scorer's signature (aligner, model, label model, tables) and the finder's
        limits behind the paraphrases and their fidelity."""
        aligner = self.aligner
        limits = FINDER_THRESHOLDS.get(aligner.name, FINDER_THRESHOLDS["lexical"])
        return {
            **FidelityScorer(aligner).signature(),
            "finder.shortlist": limits.shortlist,
            "finder.merged": limits.merged,
            "finder.link": limits.link,
            "finder.max_per_post": limits.max_per_post,
            "finder.min_cosine": limits.min_cosine,
        }

    @property
    def aligner(self) -> Aligner:
        if self._aligner is None:
            self._aligner = get_aligner(self.settings)
        return self._aligner

    def run(
        self,
        window: Sequence[tuple[Article, Sequence[PostResult]]],
        renderings: Mapping[str, Sequence[tuple[str, str | None]]],
    ) -> list[list[PostResult]]:
        slots = [
            _Slot(d, i, article, result)
            for d, (article, results) in enumerate(window)
            for i, result in enumerate(results)
        ]
        if not slots:
            return [[] for _ in window]
        aligner = self.aligner
        scorer = FidelityScorer(aligner)
        limits = FINDER_THRESHOLDS.get(aligner.name, FINDER_THRESHOLDS["lexical"])
        split: dict[str, list[Span]] = {}  # copies of an article are split once
        sentences = {
            d: split[article.text] if article.text in split
            else split.setdefault(article.text, split_sentences(article.text))
            for d, (article, _) in enumerate(window)
        }
        self._post_spans = {}
        self._post_texts: dict[int, list[str]] = {}
        self._quotes = {}
        self._bodies = {}
        self._near_kept = {}
        for s in slots:
            if s.result.post.span is not None:
                self._post_spans.setdefault(s.doc, []).append(s.result.post.span)
                if s.result.post.kind == "quote":
                    self._quotes.setdefault(s.doc, []).append(s.result.post)
            if s.result.post.text:
                self._post_texts.setdefault(s.doc, []).append(_words(s.result.post.text))
        # each document's first copy in the window (same text, title and posts)
        articles = [a for a, _ in window]
        canon = self._canon = (
            document_keys(articles, self._post_spans, self._post_texts, self._quotes) if self._keep
            else list(range(len(window)))
        )

        for s in slots:
            self._own_english(s, renderings)
        groups = self._group(slots)
        self._link(slots, groups, sentences, limits)
        for s in slots:  # borrow an English text from the group (same post elsewhere)
            if s.english is None:
                for o in groups[id(s)]:
                    if o is not s and o.english and o.source in ("original", "translation"):
                        s.english, s.source = o.english, f"article:{o.article.id}"
                        break
        for s in slots:
            if s.english is None:
                rs = renderings.get(post_key(s.result.post.text)) if s.result.post.text else None
                if rs:
                    s.english, s.source = rs[0][0], "rendering"

        copies = Copies(articles, canon, enabled=self._keep)
        who: dict[int, tuple[Speaker, frozenset[str]]] = {}  # per group: who posted
        shortlists: dict[int, list[_Candidate]] = {}
        for s in slots:
            english = s.english or ""
            if not english.strip():
                continue
            docs = list(self._documents(s, groups[id(s)], limits))
            if copies.seen(id(s), self._search_key(s, groups[id(s)], who, docs), docs):
                continue  # a copy of a post already searched in copies of the same articles
            shortlists[id(s)] = self._candidates(s, groups[id(s)], sentences, limits)
        scored = self._score_window(slots, groups, shortlists, window, scorer, limits)

        out: list[list[PostResult]] = [[] for _ in window]
        for s in slots:
            paraphrases: tuple[Paraphrase, ...] | None = copies.found(id(s))
            shortlist = shortlists.get(id(s))
            if paraphrases is None and shortlist:
                posts = [o.result.post for o in groups[id(s)]]
                paraphrases = tuple(self._paraphrases(s, shortlist, window, sentences, posts, scored, limits))
            paraphrases = copies.keep(id(s), paraphrases or ())
            rends = self._renderings(s, renderings, scorer)
            out[s.doc].append(
                replace(
                    s.result,
                    english=s.english,
                    english_source=s.source,
                    renderings=rends,
                    paraphrases=paraphrases,
                )
            )
        self._bodies = {}
        self._near_kept = {}
        return out

    # -- English text of a post -----------------------------------------------------------
    @staticmethod
    def _own_english(s: _Slot, renderings: Mapping[str, Sequence[tuple[str, str | None]]]) -> None:
        r = s.result
        t = r.translation
        if t is not None and t.status == "ok" and t.text:
            s.english, s.source, s.mt = t.text, "translation", t.text
        elif r.post.text and _is_english(r):
            s.english, s.source = r.post.text, "original"

    @staticmethod
    def _group(slots: Sequence[_Slot]) -> dict[int, list[_Slot]]:
        parent = list(range(len(slots)))

        def find(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        seen: dict[object, int] = {}
        for k, s in enumerate(slots):
            p = s.result.post
            keys: list[object] = []
            if p.post_id:
                keys.append(("id", p.platform, p.post_id))
            if p.url:
                keys.append(("url", p.url.rstrip("/").lower()))
            if p.text and len(p.text) >= 20:
                keys.append(("text", post_key(p.text)))
            for key in keys:
                if key in seen:
                    parent[find(k)] = find(seen[key])
                else:
                    seen[key] = k
        members: dict[int, list[_Slot]] = {}
        for k in range(len(slots)):
            members.setdefault(find(k), []).append(slots[k])
        return {id(s): members[find(k)] for k, s in enumerate(slots)}

    def _link(
        self,
        slots: Sequence[_Slot],
        groups: dict[int, list[_Slot]],
        sentences: Mapping[int, list[Span]],
        limits: FinderThresholds,
    ) -> None:
        """Link English quotes to the non-English post they render (and merge their groups).

        A quote qualifies when it states the post's language or shares its author, its date
        is compatible, and it is close in meaning to the post's MT (when there is one) or to
        the sentences around the post in its article. The best candidate above
        ``limits.link`` wins; none is forced."""
        quotes = [s for s in slots if s.source == "original" and s.result.post.text]
        if not quotes:
            return
        # copies of a quote (same text, stated language, author and day) are one class,
        # compared once per post; the earliest copy outside the post's group stands for it
        classes: dict[tuple[str, str | None, frozenset[str], date | None], list[_Slot]] = {}
        for q in quotes:
            qp = q.result.post
            key = (qp.text or "", qp.stated_language, _author_stems(qp), _day(qp.date))
            classes.setdefault(key, []).append(q)
        place = {id(q): k for k, q in enumerate(quotes)}
        similar: dict[tuple[str, str], float] = {}

        def similarity(a: str, b: str) -> float:
            value = similar.get((a, b))
            if value is None:
                value = similar[(a, b)] = self.aligner.similarity(a, b)
            return value

        for p in slots:
            if (
                p.source == "original"
                or not p.result.post.text
                or p.english
                and p.source != "translation"
            ):
                continue
            lang = _language(p.result)
            if lang is None or lang == "en":
                continue
            pa, day = _author_stems(p.result.post), _day(p.result.post.date)
            near = None if p.mt else self._near(p, sentences)
            members = {id(o) for o in groups[id(p)]}
            best: tuple[float, int, _Slot] | None = None
            for (qtext, stated, qa, qday), copies in classes.items():
                if not (stated == lang or pa & qa) or not (
                    day is None or qday is None or abs((day - qday).days) <= 3
                ):
                    continue
                first = next((o for o in copies if id(o) not in members), None)
                if first is None:
                    continue
                if p.mt:
                    sim = similarity(p.mt, qtext)
                else:
                    sim = max((similarity(qtext, t) for t in near or ()), default=0.0)
                k = place[id(first)]
                if sim >= limits.link and (
                    best is None or sim > best[0] or (sim == best[0] and k < best[1])
                ):
                    best = (sim, k, first)
            if best is None:
                continue
            q = best[2]
            logger.debug(
                "linked post %s/%d to the English quote in %s (%.2f)",
                p.article.id,
                p.index,
                q.article.id,
                best[0],
            )
            if p.english is None:
                p.english, p.source = q.result.post.text, f"article:{q.article.id}"
            merged = groups[id(p)] + [o for o in groups[id(q)] if o not in groups[id(p)]]
            for o in merged:
                groups[id(o)] = merged

    def _near(self, p: _Slot, sentences: Mapping[int, list[Span]]) -> list[str]:
        """The sentences near post ``p`` in its article (three before it, three after; all of
        them when the post has no span), each without its reporting frame."""
        article = p.article
        span = p.result.post.span
        key = (self._canon[p.doc], span)  # the same for the post in every copy of its article
        if key in self._near_kept:
            return self._near_kept[key]
        sents = [s for s in sentences[p.doc] if not self._is_post_text(p.doc, s)]
        if span is not None:
            before = [s for s in sents if s.end <= span.start][-3:]
            after = [s for s in sents if s.start >= span.end][:3]
            near = before + after
        else:
            near = sents
        out = []
        for s in near:
            trimmed = strip_frame(article.text, s)
            out.append(article.text[trimmed.start : trimmed.end])
        self._near_kept[key] = out
        return out

    def _is_post_text(self, doc: int, s: Span) -> bool:
        """True when sentence ``s`` is mostly the text of a post of document ``doc``."""
        return any(_overlap(s, b) > 0.5 * (s.end - s.start) for b in self._post_spans.get(doc, ()))

    # -- paraphrases ----------------------------------------------------------------------
    def _candidates(
        self,
        s: _Slot,
        group: Sequence[_Slot],
        sentences: Mapping[int, list[Span]],
        limits: FinderThresholds,
    ) -> list[_Candidate]:
        """The cheap filter, over the sentences (and headlines) of every article that
        reports post ``s``, anywhere in the article:

        - the sentences that share a content word (or a synonym) with its English text,
          trimmed of their reporting frame, best first by word overlap, at most
          ``limits.shortlist`` per article; the sentences right around the post always;
        - the article's prose quotation of a post by the same author (its own rendering
          of the post, however far from the embed and whatever its words);
        - for a post too short to be recognised by its meaning (under
          :data:`MIN_CONTENT_WORDS` content words), only the sentences that quote it word
          for word."""
        english = s.english or ""
        docs = self._documents(s, group, limits)
        if sum(1 for t in tokenize(english) if is_content(t)) < MIN_CONTENT_WORDS:
            return self._quoting(s, docs, sentences)
        keys = _Keys.of(english)
        own_span = s.result.post.span
        copies = [o.result.post for o in group]  # the post itself is one of its group
        authors: set[str] = set()
        for post in copies:
            authors |= _author_stems(post)
        out: list[_Candidate] = []
        for d, article in docs.items():
            text = article.text
            sents = sentences[d]
            own = [j for j, x in enumerate(sents) if own_span is not None and _overlap(x, own_span) > 0]
            found: list[tuple[float, _Candidate]] = []
            # the sentences that introduce or follow the post: articles often render a post
            # right around it, in words of their own (the one after the embed's signature line)
            near = {j + o for j in own for o in (-2, -1, 1)}
            near |= {j + 2 for j in own if j + 1 < len(sents) and _is_embed_furniture(
                text[sents[j + 1].start : sents[j + 1].end])}

            def proximity(k: int, d: int = d, own: Sequence[int] = own) -> float:
                if d == s.doc and own:
                    return 1.0 / (1.0 + min(abs(k - j) for j in own) / 3.0)
                return 0.4 if d == s.doc else 0.5

            sharing: dict[int, tuple[Span, frozenset[str], float]] = {}
            for k, sent in enumerate(sents):
                entry = self._body(d, k, text, sents)
                if entry is None:
                    continue
                body, stems = entry
                overlap = _overlap_score(keys, stems)
                if overlap > 0:
                    sharing[k] = (body, stems, overlap)
                if overlap <= 0 and k not in near:
                    continue
                whole = Span(sent.start, max(sent.end, body.end))
                found.append((overlap, _Candidate(d, k, whole, body, "body", proximity(k))))
            title = (article.title or "").strip()
            if title and not any(text[x.start : x.end].strip() == title for x in sents[:3]):
                overlap = _overlap_score(keys, _key_stems(title))
                if overlap > 0:
                    whole = Span(0, len(title))
                    found.append((overlap, _Candidate(d, -1, whole, whole, "title", 0.5)))
            found.sort(key=lambda x: -x[0])
            for _, c in found[: limits.shortlist]:
                if c.where == "body":  # the clause range to score, for the shortlist only
                    c = replace(c, span=self._best_range(english, text, c.span))
                out.append(c)
            for k, body in _split_renderings(keys, text, sents, sharing, limits.merged):
                out.append(_Candidate(d, k, Span(sents[k].start, sents[k + 1].end), body, "body", proximity(k)))
            for c in self._quotations(copies, authors, d, text, sents):
                if not any(x.doc == d and x.span == c.span for x in out):
                    out.append(replace(c, proximity=proximity(c.index)))
        return out

    def _quotations(
        self, copies: Sequence[Post], authors: set[str], doc: int, text: str, sents: Sequence[Span]
    ) -> list[_Candidate]:
        """The prose quotations in document ``doc`` of a post by one of ``authors`` that are
        not a copy of the post itself (``copies``: the post and the copies it is grouped
        or linked with): the sentences that hold the quotation and its attribution
        ('The mayor posted on X: "…"'), without the reporting frame."""
        out: list[_Candidate] = []
        for q in self._quotes.get(doc, ()):
            if any(q is c for c in copies) or q.span is None or not authors & _author_stems(q):
                continue
            ks = [k for k, x in enumerate(sents) if _overlap(x, q.span) > 0]
            if not ks:
                continue
            sentence = Span(sents[ks[0]].start, sents[ks[-1]].end)
            out.append(_Candidate(doc, ks[0], sentence, strip_frame(text, sentence), "body", 0.0))
        return out

    def _quoting(
        self, s: _Slot, docs: Mapping[int, Article], sentences: Mapping[int, list[Span]]
    ) -> list[_Candidate]:
        """The sentences of ``docs`` that quote the whole of a short post word for word
        ('"Total blackout," the account posted'), without their reporting frame."""
        words = _words(s.english or "")
        if len(words.split()) < 2 or not any(is_content(t) for t in tokenize(words)):
            return []
        out: list[_Candidate] = []
        for d, article in docs.items():
            text = article.text
            for k, sent in enumerate(sentences[d]):
                if self._is_post_text(d, sent):
                    continue
                piece = normalize_quotes(text[sent.start : sent.end])
                if any(_words(piece[a:b]) == words for a, b in quoted_spans(piece)):
                    out.append(_Candidate(d, k, sent, strip_frame(text, sent), "body", 0.5))
        return out

    def _search_key(
        self,
        s: _Slot,
        group: Sequence[_Slot],
        who: dict[int, tuple[Speaker, frozenset[str]]],
        docs: Sequence[int],
    ) -> tuple[object, ...]:
        """What the paraphrases of post ``s`` depend on besides the content of the documents
        searched (``docs``): its English text, its own text and span, who posted (``who``
        keeps that per group), and which prose quotations of those documents are copies of
        the post (those are not candidates)."""
        poster = who.get(id(group))
        posts = [o.result.post for o in group]
        if poster is None:
            stems: set[str] = set()
            for post in posts:
                stems |= _author_stems(post)
            poster = who[id(group)] = (_speaker(posts), frozenset(stems))
        grouped = tuple(
            tuple(any(q is p for p in posts) for q in self._quotes.get(d, ())) for d in docs
        )
        return (s.english, s.result.post.text, s.result.post.span, *poster, grouped)

    @staticmethod
    def _documents(s: _Slot, group: Sequence[_Slot], limits: FinderThresholds) -> dict[int, Article]:
        """The articles searched for post ``s``: its own first, then those of its group (at
        most ``limits.max_documents`` others)."""
        docs: dict[int, Article] = {s.doc: s.article}
        for o in group:
            if len(docs) > limits.max_documents:
                break
            docs.setdefault(o.doc, o.article)
        return docs

    def _body(self, doc: int, k: int, text: str, sents: Sequence[Span]) -> tuple[Span, frozenset[str]] | None:
        """Sentence ``k`` of document ``doc`` (with the sentences that continue its
        quotation, :func:`_continued`) without its reporting frame, and its content stems;
        None when it cannot render a post (a post's own text, or too short). The same for
        every post of the window, and for every copy of the document, so worked out once."""
        key = (self._canon[doc], k)  # the same for every copy of the document
        if key in self._bodies:
            return self._bodies[key]
        sent = sents[k]
        entry: tuple[Span, frozenset[str]] | None = None
        line = text[sent.start : sent.end]
        if not self._is_post_text(doc, sent) and not _is_embed_furniture(line) and not _is_page_furniture(line):
            body = strip_frame(text, _continued(text, sents, k))
            piece = text[body.start : body.end]
            if len(piece) >= 12 and not _is_post_copy(line, self._post_texts.get(doc, ())):
                entry = (body, _key_stems(piece))
        self._bodies[key] = entry
        return entry

    def _score_window(
        self,
        slots: Sequence[_Slot],
        groups: dict[int, list[_Slot]],
        shortlists: Mapping[int, Sequence[_Candidate]],
        window: Sequence[tuple[Article, Sequence[PostResult]]],
        scorer: FidelityScorer,
        limits: FinderThresholds,
    ) -> dict[_PairKey, Scored]:
        """The alignment and fidelity of every (post, shortlisted candidate) pair of the
        window, by content: those kept from earlier windows, the others scored together
        (in worker processes when the finder has them, else here)."""
        out: dict[_PairKey, Scored] = {}
        needed: dict[_PairKey, Pair] = {}
        for s in slots:
            shortlist = shortlists.get(id(s))
            if not shortlist:
                continue
            english = s.english or ""
            speaker = _speaker([o.result.post for o in groups[id(s)]])
            for c in shortlist:
                piece = _piece(window, c)
                key = (english, piece, s.result.post.text, speaker)
                if key in out or key in needed:
                    continue
                kept = self._pairs.get(key)
                if kept is not None:
                    out[key] = kept
                else:
                    needed[key] = Pair(english, piece, s.result.post.text, speaker)
        if needed:
            pairs = list(needed.values())
            results = self._pair_scorer(pairs, limits.min_cosine) if self._pair_scorer else None
            if results is None:
                results = score_pairs(self.aligner, pairs, limits.min_cosine, scorer)
            for key, value in zip(needed, results, strict=True):
                out[key] = value if value is None else self._pairs.put(key, value)
        return out

    def _paraphrases(
        self,
        s: _Slot,
        candidates: Sequence[_Candidate],
        window: Sequence[tuple[Article, Sequence[PostResult]]],
        sentences: Mapping[int, list[Span]],
        posts: Sequence[Post],
        scored: Mapping[_PairKey, Scored],
        limits: FinderThresholds,
    ) -> list[Paraphrase]:
        """Each shortlisted candidate as the fidelity scorer scored it (``scored``, its
        relatedness decides): the renderings, best first."""
        english = s.english or ""
        speaker = _speaker(posts)
        found: list[tuple[float, Paraphrase]] = []
        for c in candidates:
            article = window[c.doc][0]
            piece = _piece(window, c)
            pair = scored[(english, piece, s.result.post.text, speaker)]
            if pair is None:
                continue  # far apart in meaning: not aligned and scored
            alignment, fidelity = pair
            related = dict(fidelity.components).get("related", 0.0)
            text = article.text
            cues = (
                cue_score(text, c.sentence, posts, _previous(text, sentences[c.doc], c.index))
                if c.where == "body"
                else 0.0
            )
            logger.debug(
                "candidate %r: %s related=%.2f cues=%.2f", piece[:70], fidelity.label, related, cues
            )
            if fidelity.label == "unrelated":
                continue  # the scorer says it renders nothing: never reported
            score = 0.7 * related + 0.2 * cues + 0.1 * c.proximity
            found.append(
                (
                    score,
                    Paraphrase(
                        text=piece,
                        span=c.span,
                        document=article.id,
                        alignment=alignment,
                        fidelity=fidelity,
                        quoted=bool(quoted_spans(piece)),
                        score=round(score, 4),
                        where=c.where,
                    ),
                )
            )
        found.sort(key=lambda x: -x[0])
        out: list[Paraphrase] = []
        for _, p in found:
            if any(_same_words(p, q) for q in out):
                continue
            out.append(p)
        return out[: limits.max_per_post]

    @staticmethod
    def _ranges(text: str, body: Span) -> list[Span]:
        """Every contiguous clause range of ``body``, each without its reporting frame."""
        cuts = [c for c in clause_bounds(text, body) if body.start < c < body.end]
        bounds = [body.start, *cuts, body.end]
        out: list[Span] = []
        for a in range(len(bounds) - 1):
            for b in range(a + 1, len(bounds)):
                span = strip_frame(text, Span(bounds[a], bounds[b]))
                if span.end - span.start >= 12 and span not in out:
                    out.append(span)
        return out or [body]

    def _best_range(self, english: str, text: str, body: Span) -> Span:
        """The clause range of ``body`` that best renders ``english`` by the lexical
        match (soft word F1 weighted to precision: a rendering span should be mostly about
        the post); the longer one on near ties. Cheap: no sentence model."""
        piece = text[body.start : body.end]
        kept = self._ranges_kept.get((english, piece))
        if kept is not None:  # the same sentence elsewhere (offsets are the sentence's own)
            return Span(body.start + kept[0], body.start + kept[1])
        span = self._best_range_of(english, text, body)
        self._ranges_kept.put((english, piece), (span.start - body.start, span.end - body.start))
        return span

    def _best_range_of(self, english: str, text: str, body: Span) -> Span:
        ranges = self._ranges(text, body)
        if len(ranges) == 1:
            return ranges[0]
        ref = [t for t in tokenize(english) if t.content]
        best: tuple[float, Span] | None = None
        for span in ranges:
            value = _range_match(ref, text[span.start : span.end])
            if (
                best is None
                or value > best[0] + 0.02
                or (abs(value - best[0]) <= 0.02 and span.end - span.start > best[1].end - best[1].start)
            ):
                best = (value, span)
        assert best is not None
        return best[1]

    # -- renderings -----------------------------------------------------------------------
    @staticmethod
    def _renderings(
        s: _Slot, renderings: Mapping[str, Sequence[tuple[str, str | None]]], scorer: FidelityScorer
    ) -> tuple[Rendering, ...]:
        text = s.result.post.text
        if not text:
            return ()
        given = renderings.get(post_key(text), ())
        if not given:
            return ()
        reference = s.mt or (s.english if s.source not in (None, "rendering") else None)
        out = []
        for rendering, translator in given:
            if reference:
                alignment = scorer.aligner.align(reference, rendering)
                fidelity = scorer.score_aligned(reference, rendering, alignment, text)
                out.append(Rendering(rendering, translator, alignment, fidelity))
            else:
                out.append(Rendering(rendering, translator))
        return tuple(out)


#: what a pair's alignment and fidelity depend on: the post's English text, the candidate,
#: the post's own text and who posted
_PairKey = tuple[str, str, str | None, Speaker]


def _piece(window: Sequence[tuple[Article, Sequence[PostResult]]], c: _Candidate) -> str:
    """The text of candidate ``c``: its clause range of the article's body or headline."""
    article = window[c.doc][0]
    text = article.text if c.where == "body" else (article.title or "").strip()
    return text[c.span.start : c.span.end]


def _speaker(posts: Sequence[Post]) -> Speaker:
    """Who posted, from the copies of one post (the first name and handle found)."""
    name = next((p.author.name for p in posts if p.author.name), None)
    handle = next((p.author.handle for p in posts if p.author.handle), None)
    return Speaker(name, handle)


def _continued(text: str, sents: Sequence[Span], k: int) -> Span:
    """Sentence ``k`` and the sentences that carry on its quotation in the same paragraph:
    '"X," wrote Y. "Z."' is one rendering (a quotation, its attribution, and the same
    speaker's next words in quotation marks), not two."""
    sent = sents[k]
    piece = normalize_quotes(text[sent.start : sent.end])
    quotes = quoted_spans(piece)
    if not quotes or k + 1 >= len(sents):
        return sent
    tail = piece[quotes[-1][1] :]
    platform, said = _cue_words()
    if tail.count('"') != 1 or not ({t.stem for t in tokenize(tail)} & said):
        return sent  # not a quotation followed by its attribution
    end = sent.end
    marks = 0
    for j in range(k + 1, min(len(sents), k + 4)):
        nxt = sents[j]
        following = normalize_quotes(text[nxt.start : nxt.end])
        if "\n" in text[end : nxt.start] or (j == k + 1 and not following.startswith('"')):
            break
        end = nxt.end
        marks += following.count('"')
        if marks % 2 == 0:
            break  # the quotation closes here
    return Span(sent.start, end)


def _same_words(p: Paraphrase, q: Paraphrase) -> bool:
    """True when ``p`` repeats ``q`` in one document: overlapping spans of the same text,
    or a headline whose words the body repeats (one holds the other)."""
    if p.document != q.document:
        return False
    if p.where == q.where:
        return _overlap(p.span, q.span) > 0
    a, b = _words(p.text), _words(q.text)
    return bool(a and b) and (a in b or b in a)


def _split_renderings(
    keys: _Keys,
    text: str,
    sents: Sequence[Span],
    sharing: Mapping[int, tuple[Span, frozenset[str], float]],
    limit: int,
) -> list[tuple[int, Span]]:
    """Two consecutive sentences of one paragraph that render a post between them ("And
    guess who stars in the campaign? That's right, it's X!"): each shares words with the
    post (``sharing``: sentence -> its body, content stems and overlap), and together
    they share more than either alone. The ``limit`` best by their joint overlap, as
    (first sentence, the two bodies' span)."""
    found: list[tuple[float, int, Span]] = []
    for k, (body, stems, overlap) in sharing.items():
        following = sharing.get(k + 1)
        if following is None or body.end >= sents[k + 1].start:
            continue  # no second sentence, or the first already runs on into it
        second, more, overlap2 = following
        if "\n" in text[body.end : second.start]:
            continue  # another paragraph
        joint = _overlap_score(keys, stems | more)
        if joint > max(overlap, overlap2):
            found.append((joint, k, Span(body.start, second.end)))
    found.sort(key=lambda x: (-x[0], x[1]))
    return [(k, span) for _, k, span in found[:limit]]


#: what may follow an embed's '— Name (@handle)' on its signature line: a date, in words
SIGNATURE_TAIL_WORDS = 4


#: links that only an embed's text carries (a tweet's picture link, its shortened links)
_EMBED_LINK = re.compile(r"(?:\bpic\.(?:twitter|x)\.com/|\bt\.co/)\w", re.I)


def _is_embed_furniture(sentence: str) -> bool:
    """True for the furniture of an embed left in the article's text: its signature line
    ('— Name (@handle) December 22, 2014'), or a sentence carrying the links only a post's
    text holds ('… pic.twitter.com/…', 't.co/…'), the text of an embed; never a rendering."""
    from ..extract.platforms.twitter import TAIL

    line = sentence.strip()
    if _EMBED_LINK.search(line):
        return True
    m = TAIL.match(line)
    return m is not None and len(line[m.end() :].split()) <= SIGNATURE_TAIL_WORDS


#: commas in a keyword list ("Drone, Iran, USA, USS Eisenhower") at the least
_LIST_COMMAS = 4


@cache
def _dateline() -> re.Pattern[str]:
    from ..extract.dates import DATE_PATTERN

    return re.compile(rf"[^\d,.;:!?]{{1,60}},\s*{DATE_PATTERN}\.?")


def _is_page_furniture(sentence: str) -> bool:
    """True for the page's own furniture left in its text: a keyword list (distinct items of a
    few words between commas, no stop word, no closing punctuation), or a dateline or photo
    credit, a few words and a date
    ("Stansted Airport, Dec. 22, 2014"); never a rendering."""
    line = sentence.strip()
    if line.count(",") >= _LIST_COMMAS and line[-1:] not in ".!?…\"'”’)":
        items = [item.strip().casefold() for item in line.split(",")]
        if (
            len(set(items)) == len(items)
            and all(0 < len(item.split()) <= 3 for item in items)
            and all(t.content for t in tokenize(line))
        ):
            return True
    return _dateline().fullmatch(line) is not None


def _previous(text: str, sents: Sequence[Span], k: int) -> str:
    return text[sents[k - 1].start : sents[k - 1].end] if k > 0 else ""


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _is_post_copy(sentence: str, posts: Sequence[str]) -> bool:
    """True when the whole ``sentence`` is (a part of) the text of a post of its document:
    the embed's own words, which the article's text carries but does not render (a
    quotation with its attribution is more than the post's words)."""
    words = _words(sentence)
    return len(words.split()) >= 4 and any(words in p for p in posts)


@dataclass(frozen=True, slots=True)
class _Keys:
    """The content stems of a post's English text, and the stems of their synonyms."""

    stems: frozenset[str]
    loose: dict[str, frozenset[str]]  # synonym stem -> the post's stems it stands for

    @classmethod
    def of(cls, text: str) -> _Keys:
        stems = _key_stems(text)
        loose: dict[str, set[str]] = {}
        for group in lexicon().synonyms:
            members = {stem(w) for w in group}
            hits = members & stems
            for m in members - stems if hits else ():
                loose.setdefault(m, set()).update(hits)
        return cls(stems, {k: frozenset(v) for k, v in loose.items()})


def _overlap_score(keys: _Keys, stems: frozenset[str]) -> float:
    """Content words of the post's English text that a text shares (``stems``: its content
    stems; or a synonym of them), the longer words counting more: the cheap filter's order."""
    shared = keys.stems & stems
    loose: set[str] = set()
    for b in stems & keys.loose.keys():
        loose |= keys.loose[b] - shared
    return sum(min(len(w), 8) for w in shared) / 8 + 0.5 * len(loose)


def _range_match(ref: Sequence[Token], piece: str) -> float:
    cand = [t for t in tokenize(piece) if t.content]
    if not ref or not cand:
        return 0.0
    recall = sum(max(lexical_similarity(a, b) for b in cand) for a in ref) / len(ref)
    precision = sum(max(lexical_similarity(a, b) for a in ref) for b in cand) / len(cand)
    return 0.0 if recall + precision == 0 else 2.5 * recall * precision / (1.5 * precision + recall)


def _key_stems(text: str) -> frozenset[str]:
    return frozenset(t.stem for t in tokenize(text) if t.content)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))
