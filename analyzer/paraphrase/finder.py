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

from ..align import get_aligner
from ..config import Settings
from ..records import Alignment, Article, Paraphrase, Post, PostResult, Rendering, Span
from ..score.fidelity import FidelityScorer, coverage_precision
from ..stages import Aligner
from ..text.normalize import post_key
from ..text.sentences import content_sentences, split_sentences
from ..text.tokens import is_content, normalize_quotes, quoted_spans, stem, synonyms, tokenize

__all__ = ["DefaultParaphraseFinder", "split_sentences", "clause_bounds", "strip_frame", "FinderThresholds"]

logger = logging.getLogger(__name__)

#: A post's English text needs this many content words before paraphrases are searched.
MIN_CONTENT_WORDS = 3


# -- sentences and clauses -------------------------------------------------------------

_CLAUSE = re.compile(
    r"(?:,|;|\s[—–]|\s--)\s+(?=(?:even as|even though|while|whereas|but|although|though|which|who|"
    r"adding|as|and said|and that|however|since|after|before|because|when|saying)\b)|;\s+|\s[—–]\s|\s--\s",
    re.I,
)


def clause_bounds(text: str, span: Span) -> list[int]:
    """Offsets inside ``span`` where a clause may be cut (", even as", ", which", "; " …),
    not inside quotation marks."""
    norm = normalize_quotes(text[span.start : span.end])
    quotes = quoted_spans(norm)
    cuts = []
    for m in _CLAUSE.finditer(norm):
        if any(a - 1 <= m.start() < b + 1 for a, b in quotes):
            continue
        cuts.append(span.start + m.start())
    return cuts


_FRAME = re.compile(
    r"^(?P<frame>[^\"“”]{0,120}?\b(?:has |have |had )?(?:said|says|wrote|writes|tweeted|posted|stated|"
    r"announced|claimed|claims|declared|added|warned|reported|told [\w ]{1,30}?|according to [\w’' ]{1,40}?)"
    r"(?: on \w+| in \w+| in a (?:tweet|post|statement))?(?:,)?\s+(?:that\s+)?)(?=\S)",
    re.I,
)
_VERB = re.compile(
    r"\b(?:said|says|wrote|tweeted|posted|stated|announced|claimed|added|told)\b", re.I
)
_TRAIL = re.compile(
    r"[,.]?[\"”’']?\s*,?\s*(?:[\w’'@.-]+\s){0,8}?(?:has |had )?(?:said|says|wrote|tweeted|posted|stated|"
    r"announced|claimed|added|told)\b[^\"“”]{0,120}$",
    re.I,
)


def strip_frame(text: str, span: Span) -> Span:
    """The span without its reporting frame: "The Taliban have said that X" -> "X",
    '"X," Saleh had tweeted.' -> "X"."""
    s, e = span.start, span.end
    piece = text[s:e]
    m = _FRAME.match(piece)
    if (
        m
        and len(m.group("frame").split())
        <= (22 if m.group("frame").rstrip().endswith("that") else 14)
        and len(piece) - m.end() > 15
    ):
        s += m.end()
    piece = text[s:e]
    tail = max(0, len(piece) - 200)  # a trailing frame is short; bound the search
    t = _TRAIL.search(piece, tail) if _VERB.search(piece, tail) else None
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

_PLATFORM_WORDS = frozenset(
    stem(w)
    for w in "twitter tweet tweeted feed post posted handle account facebook telegram instagram tiktok "
    "youtube video channel x bluesky mastodon threads reddit message statement".split()
)
_SAID_WORDS = frozenset(
    stem(w)
    for w in "said says wrote writes tweeted posted claimed stated announced declared according warned".split()
)


def _author_stems(post: Post) -> set[str]:
    out: set[str] = set()
    for value in (post.author.name, post.author.handle):
        if value:
            for t in tokenize(value.replace("_", " ")):
                if len(t.stem) >= 3:
                    out.add(t.stem)
    return out


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
    if words & _PLATFORM_WORDS:
        score += 0.25
    if words & _SAID_WORDS:
        score += 0.2
    if quoted_spans(piece):
        score += 0.15
    return min(1.0, score)


# -- the stage -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FinderThresholds:
    """Cut-offs of the paraphrase finder on the aligner's similarity scale."""

    prefilter: float  # whole-sentence similarity below this: not considered
    accept: float  # match (similarity, coverage, precision) of the trimmed span: a paraphrase
    link: float  # similarity of an English quote to a post's MT or paraphrases: same post
    accept_cued: float  # lower acceptance when attribution cues are strong
    max_per_post: int = 6
    max_documents: int = 25  # other articles searched for one post (a viral post: many)
    max_sentences: int = 300  # sentences scored per article (long documents)


FINDER_THRESHOLDS = {
    "embedding": FinderThresholds(prefilter=0.35, accept=0.5, link=0.55, accept_cued=0.45),
    "lexical": FinderThresholds(prefilter=0.15, accept=0.45, link=0.35, accept_cued=0.4),
}


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

    def __init__(self, settings: Settings, aligner: Aligner | None = None) -> None:
        self.settings = settings
        self._aligner = aligner
        self._post_spans: dict[int, list[Span]] = {}
        self._cache: dict[object, list[tuple[float, float, int, Paraphrase]]] = {}
        self._sentence_cache: dict[str, list[str]] = {}

    def signature(self) -> dict[str, object]:
        """Aligner, model and thresholds behind the paraphrases and fidelity scores."""
        aligner = self.aligner
        limits = FINDER_THRESHOLDS.get(aligner.name, FINDER_THRESHOLDS["lexical"])
        return {
            **dict(FidelityScorer(aligner).signature),
            "finder.accept": limits.accept,
            "finder.accept_cued": limits.accept_cued,
            "finder.link": limits.link,
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
        sentences = {d: split_sentences(article.text) for d, (article, _) in enumerate(window)}
        self._post_spans = {}
        self._cache = {}
        for s in slots:
            if s.result.post.span is not None:
                self._post_spans.setdefault(s.doc, []).append(s.result.post.span)

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

        out: list[list[PostResult]] = [[] for _ in window]
        for s in slots:
            paraphrases: tuple[Paraphrase, ...] = ()
            if s.english:
                paraphrases = tuple(self._paraphrases(s, groups[id(s)], sentences, scorer, limits))
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
            best: tuple[float, _Slot] | None = None
            for q in quotes:
                if q in groups[id(p)] or not self._compatible(p, q, lang):
                    continue
                qtext = q.result.post.text or ""
                if p.mt:
                    sim = self.aligner.similarity(p.mt, qtext)
                else:
                    sim = max((v for v, _ in self._around(p, qtext, sentences)), default=0.0)
                if sim >= limits.link and (best is None or sim > best[0]):
                    best = (sim, q)
            if best is None:
                continue
            q = best[1]
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

    @staticmethod
    def _compatible(p: _Slot, q: _Slot, lang: str) -> bool:
        qp, pp = q.result.post, p.result.post
        same_lang = qp.stated_language == lang
        pa, qa = _author_stems(pp), _author_stems(qp)
        same_author = bool(pa & qa)
        if not (same_lang or same_author):
            return False
        a, b = _day(pp.date), _day(qp.date)
        return a is None or b is None or abs((a - b).days) <= 3

    def _around(
        self, p: _Slot, text: str, sentences: Mapping[int, list[Span]]
    ) -> list[tuple[float, Span]]:
        """Similarity of ``text`` to the (trimmed) sentences near post ``p`` in its article."""
        article = p.article
        span = p.result.post.span
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
            out.append(
                (self.aligner.similarity(text, article.text[trimmed.start : trimmed.end]), trimmed)
            )
        return out

    def _is_post_text(self, doc: int, s: Span) -> bool:
        """True when sentence ``s`` is mostly the text of a post of document ``doc``."""
        return any(_overlap(s, b) > 0.5 * (s.end - s.start) for b in self._post_spans.get(doc, ()))

    # -- paraphrases ----------------------------------------------------------------------
    def _paraphrases(
        self,
        s: _Slot,
        group: Sequence[_Slot],
        sentences: Mapping[int, list[Span]],
        scorer: FidelityScorer,
        limits: FinderThresholds,
    ) -> list[Paraphrase]:
        english = s.english or ""
        if sum(1 for t in tokenize(english) if is_content(t)) < MIN_CONTENT_WORDS:
            return []  # too little meaning to recognise a paraphrase by
        own_span = s.result.post.span
        docs: dict[int, Article] = {s.doc: s.article}
        for o in group:
            if len(docs) > limits.max_documents:
                break
            docs.setdefault(o.doc, o.article)
        posts = [o.result.post for o in group]
        authors = frozenset(a for p in posts for a in _author_stems(p))
        found: list[tuple[float, Paraphrase]] = []
        for d, article in docs.items():
            key = (english, d, authors, s.result.post.text)
            cands = self._cache.get(key)
            if cands is None:
                cands = self._doc_candidates(
                    english, d, article, sentences[d], posts, scorer, limits, s.result.post.text
                )
                self._cache[key] = cands
            sents = sentences[d]
            own = [
                j for j, x in enumerate(sents) if own_span is not None and _overlap(x, own_span) > 0
            ]
            for match, cues, k, paraphrase in cands:
                if d == s.doc and own:
                    proximity = 1.0 / (1.0 + min(abs(k - j) for j in own) / 3.0)
                elif d == s.doc:
                    proximity = 0.4
                else:
                    proximity = 0.5
                score = 0.7 * match + 0.2 * cues + 0.1 * proximity
                found.append((score, replace(paraphrase, score=round(score, 4))))
        found.sort(key=lambda x: -x[0])
        return [p for _, p in found[: limits.max_per_post]]

    def _doc_candidates(
        self,
        english: str,
        d: int,
        article: Article,
        sents: Sequence[Span],
        posts: Sequence[Post],
        scorer: FidelityScorer,
        limits: FinderThresholds,
        source: str | None,
    ) -> list[tuple[float, float, int, Paraphrase]]:
        """Paraphrases of ``english`` in one article: (match, cues, sentence index, paraphrase)."""
        text = article.text
        bodies = [
            (k, sent, strip_frame(text, sent))
            for k, sent in enumerate(sents)
            if not self._is_post_text(d, sent)
        ]
        keys = _key_stems(english)
        bodies = [
            b
            for b in bodies
            if b[2].end - b[2].start >= 12 and _shares(keys, text[b[2].start : b[2].end])
        ]
        if len(bodies) > limits.max_sentences:
            # very long documents: keep the sentences sharing most content words
            def overlap(b: tuple[int, Span, Span]) -> int:
                return len(keys & _key_stems(text[b[2].start : b[2].end]))

            keep = set(
                sorted(range(len(bodies)), key=lambda i: -overlap(bodies[i]))[
                    : limits.max_sentences
                ]
            )
            bodies = [b for i, b in enumerate(bodies) if i in keep]
        self._warm([english] + [text[b.start : b.end] for _, _, b in bodies])
        kept = [
            (k, sent, body)
            for k, sent, body in bodies
            if self.aligner.similarity(english, text[body.start : body.end]) >= limits.prefilter
        ]
        ranges = {k: self._ranges(text, body) for k, _, body in kept}
        self._warm([text[r.start : r.end] for rs in ranges.values() for r in rs])
        out: list[tuple[float, float, int, Paraphrase]] = []
        for k, sent, _body in kept:
            match, span, alignment = self._best_range(english, text, ranges[k])
            context = text[sents[k - 1].start : sents[k - 1].end] if k > 0 else ""
            cues = cue_score(text, sent, posts, context)
            logger.debug(
                "range %r match=%.3f cues=%.2f", text[span.start : span.end][:60], match, cues
            )
            if match < limits.accept and not (match >= limits.accept_cued and cues >= 0.6):
                continue
            ptext = text[span.start : span.end]
            fidelity = scorer.score_aligned(english, ptext, alignment, source)
            paraphrase = Paraphrase(
                text=ptext,
                span=span,
                document=article.id,
                alignment=alignment,
                fidelity=fidelity,
                quoted=bool(quoted_spans(ptext)),
            )
            out.append((match, cues, k, paraphrase))
        return out

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

    def _match(self, english: str, piece: str) -> tuple[float, Alignment]:
        """How well ``piece`` renders ``english``: similarity, and how much of each side the
        phrase alignment covers (a paraphrase span should be mostly about the post)."""
        alignment = self.aligner.align(english, piece)
        coverage, precision = coverage_precision(english, piece, alignment)
        sim = self.aligner.similarity(english, piece)
        # articles often render one sentence of a longer post: meaning is also compared
        # with each sentence of the post (coverage still shows what was left out)
        parts = self._post_sentences(english)
        if len(parts) > 1:
            sim = max(sim, *(self.aligner.similarity(part, piece) for part in parts))
        return 0.5 * sim + 0.25 * coverage + 0.25 * precision, alignment

    def _post_sentences(self, english: str) -> list[str]:
        parts = self._sentence_cache.get(english)
        if parts is None:
            parts = self._sentence_cache[english] = content_sentences(english)
        return parts

    def _best_range(
        self, english: str, text: str, ranges: Sequence[Span]
    ) -> tuple[float, Span, Alignment]:
        """The clause range that best renders ``english`` (the longer one on near ties)."""
        best: tuple[float, Span, Alignment] | None = None
        for span in ranges:
            value, alignment = self._match(english, text[span.start : span.end])
            if (
                best is None
                or value > best[0] + 0.01
                or (
                    abs(value - best[0]) <= 0.01
                    and span.end - span.start > best[1].end - best[1].start
                )
            ):
                best = (value, span, alignment)
        assert best is not None
        return best

    def _warm(self, texts: Sequence[str]) -> None:
        """Encode texts in batches ahead of many similarity calls (embedding aligner)."""
        encode = getattr(self.aligner, "encode", None)
        if encode is not None and texts:
            encode(texts)

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


def _key_stems(text: str) -> frozenset[str]:
    return frozenset(t.stem for t in tokenize(text) if t.content)


def _shares(keys: frozenset[str], text: str) -> bool:
    """Cheap pre-check: a paraphrase shares at least one content word (or a synonym)
    with the post's English text."""
    stems = _key_stems(text)
    return bool(keys & stems) or any(synonyms(a, b) for a in keys for b in stems)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))
