"""``--format html``: one self-contained page for translators.

Per document and post: the post (platform, author, date, link, text in its own direction
and language), its detected language, the machine translation (or why there is none),
translator renderings, and each English paraphrase side by side with the post's English
text, aligned phrases in matching colours, omissions and additions marked, the fidelity
score, label and flags with their evidence.

Safety: every piece of data goes through :func:`html.escape`; only ``http(s)`` URLs become
links; the page carries a Content-Security-Policy that allows no network at all and only
its own inline style and script (by hash), so even markup that slipped through would not
run. The page reads fully without JavaScript; the script only adds filters and sorting.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from typing import Any, TextIO, cast

from ..records import Alignment, DocumentResult, Fidelity, Flag, Paraphrase, PostResult, Rendering
from ..tables import table
from ._common import GuardedOut, dumps, post_label, post_score, run_version
from .table import RunSummary

__all__ = ["HtmlReporter", "highlight"]

DEFAULT_MAX_POSTS = 1000
_MAX_ERROR_DOCS = 200
_MAX_EMPTY_LISTED = 100
_PAIR_COLOURS = 8
LABELS = ("faithful", "partial", "divergent", "unrelated")
KIND_TITLES = {
    "embed": "embedded in the article",
    "quote": "quoted in the article's prose",
    "reference": "linked or mentioned without its text",
}
_LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
_WS = re.compile(r"\s+")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _safe_href(url: str | None) -> str | None:
    if url and re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def _link(url: str | None, label: str) -> str:
    href = _safe_href(url)
    if href is None:
        return _e(url) if url else ""
    return (
        f'<a href="{_e(href)}" target="_blank" rel="noopener noreferrer nofollow">{_e(label)}</a>'
    )


def _lang_attr(code: str | None) -> str:
    if code and code != "und" and _LANG_TAG.match(code):
        return f' lang="{_e(code)}"'
    return ""


def _direction(result: PostResult) -> str:
    lang = result.language
    _, rtl_scripts, rtl_languages = _languages()
    if lang and ((lang.script or "").casefold() in rtl_scripts or lang.code in rtl_languages):
        return "rtl"
    return "auto"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@cache
def _languages() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """Display names, right-to-left scripts and languages: the shared languages table."""
    t = table("languages")
    return (
        dict(t["display"]),
        frozenset(t["right_to_left"]["scripts"]),
        frozenset(t["right_to_left"]["languages"]),
    )


def _language_name(code: str | None) -> str:
    if not code:
        return "unknown"
    return _languages()[0].get(code, code)


# -- highlighting ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    css: str
    title: str
    number: int | None = None


def highlight(text: str, marks: Sequence[_Mark]) -> str:
    """``text`` escaped, with ``<mark>`` around each mark's span (later marks win where
    spans overlap; spans outside the text are clipped)."""
    owner = [-1] * len(text)
    for i, mark in enumerate(marks):
        for j in range(max(mark.start, 0), min(mark.end, len(text))):
            owner[j] = i
    out: list[str] = []
    pos = 0
    while pos < len(text):
        who = owner[pos]
        end = pos
        while end < len(text) and owner[end] == who:
            end += 1
        chunk = _e(text[pos:end])
        if who < 0:
            out.append(chunk)
        else:
            m = marks[who]
            number = f' data-n="{m.number}"' if m.number is not None else ""
            out.append(f'<mark class="{m.css}" title="{_e(m.title)}"{number}>{chunk}</mark>')
        pos = end
    return "".join(out)


def _same(a: str, b: str) -> bool:
    return _WS.sub(" ", a).strip().casefold() == _WS.sub(" ", b).strip().casefold()


def _in_range(text: str, start: int, end: int) -> bool:
    return 0 <= start <= end <= len(text)


def _pick_reference(alignment: Alignment, options: Sequence[str | None]) -> str | None:
    """The text the alignment's reference spans point into: the option whose spans are all
    in range and whose pair phrases match best."""
    best: str | None = None
    best_hits = -1
    spans = [(p.reference_span.start, p.reference_span.end) for p in alignment.pairs]
    spans += [(s.start, s.end) for s in alignment.reference_unaligned]
    for text in options:
        if not text or not all(_in_range(text, s, e) for s, e in spans):
            continue
        hits = sum(
            _same(text[p.reference_span.start : p.reference_span.end], p.reference)
            for p in alignment.pairs
        )
        if hits > best_hits:
            best, best_hits = text, hits
    return best


def _aligned_texts(alignment: Alignment | None, reference: str, candidate: str) -> tuple[str, str]:
    if alignment is None:
        return _e(reference), _e(candidate)
    ref_marks: list[_Mark] = []
    cand_marks: list[_Mark] = []
    for span in alignment.reference_unaligned:
        ref_marks.append(_Mark(span.start, span.end, "omit", "omitted: not in the candidate"))
    for span in alignment.candidate_unaligned:
        if _in_range(candidate, span.start, span.end):
            cand_marks.append(_Mark(span.start, span.end, "add", "added: not in the post"))
    for n, pair in enumerate(alignment.pairs):
        css = f"a{n % _PAIR_COLOURS}"
        title = f"aligned phrase {n + 1} · similarity {pair.score:.2f}"
        ref_marks.append(
            _Mark(pair.reference_span.start, pair.reference_span.end, css, title, n + 1)
        )
        if _in_range(candidate, pair.candidate_span.start, pair.candidate_span.end):
            cand_marks.append(
                _Mark(pair.candidate_span.start, pair.candidate_span.end, css, title, n + 1)
            )
    return highlight(reference, ref_marks), highlight(candidate, cand_marks)


# -- pieces of the page ------------------------------------------------------------------


def _chip(text: str, css: str = "") -> str:
    return f'<span class="chip {css}">{_e(text)}</span>'


def _label_chip(label: str | None) -> str:
    if not label:
        return _chip("no paraphrase", "label")
    return _chip(label, f"label label-{_e(label)}")


_SEVERITY_TITLE = {"hard": "hard problem", "soft": "soft problem", "info": "note, not a problem"}


def _flag_html(flag: Flag) -> str:
    evidence = []
    if flag.reference is not None or flag.candidate is not None:
        ref = f"<q>{_e(flag.reference)}</q>" if flag.reference else "<i>nothing</i>"
        cand = f"<q>{_e(flag.candidate)}</q>" if flag.candidate else "<i>nothing</i>"
        evidence.append(
            f'<span class="evidence">post: {ref}<span class="arrow">→</span>'
            f"candidate: {cand}</span>"
        )
    return (
        f'<li class="sev-{_e(flag.severity)}" title="{_e(_SEVERITY_TITLE.get(flag.severity, flag.severity))}">'
        f'<span class="flag-kind">{_e(flag.kind)}</span>{_e(flag.message)}'
        f"{''.join(evidence)}</li>"
    )


def _details(alignment: Alignment | None, fidelity: Fidelity | None) -> str:
    rows: list[str] = []
    if alignment and alignment.pairs:
        rows.append(
            '<table class="kv"><tr><th>#</th><th>post</th><th>candidate</th><th>similarity</th></tr>'
        )
        for n, pair in enumerate(alignment.pairs):
            rows.append(
                f"<tr><td>{n + 1}</td><td>{_e(pair.reference)}</td><td>{_e(pair.candidate)}</td>"
                f"<td>{pair.score:.2f}</td></tr>"
            )
        rows.append("</table>")
    if fidelity and fidelity.components:
        rows.append('<table class="kv"><tr><th>component</th><th>value</th></tr>')
        for name, value in fidelity.components:
            rows.append(f"<tr><td>{_e(name)}</td><td>{value:.3f}</td></tr>")
        rows.append("</table>")
    if not rows:
        return ""
    method = f" · {_e(alignment.method)}" if alignment and alignment.method else ""
    return (
        f'<details class="small"><summary>Aligned phrases and score components{method}'
        f"</summary>{''.join(rows)}</details>"
    )


def _compare_card(
    *,
    reference: str | None,
    reference_title: str,
    candidate: str,
    candidate_title: str,
    alignment: Alignment | None,
    fidelity: Fidelity | None,
    where: str,
) -> str:
    label = fidelity.label if fidelity else None
    head = [_label_chip(label) if fidelity else _chip("not scored")]
    if fidelity:
        head.append(f'<span class="score">{fidelity.score:.2f}</span>')
        head.append(
            f'<meter min="0" max="1" low="0.45" high="0.75" optimum="1" '
            f'value="{fidelity.score:.4f}">{fidelity.score:.2f}</meter>'
        )
    if where:
        head.append(f'<span class="where">{where}</span>')
    if reference is not None:
        ref_html, cand_html = _aligned_texts(alignment, reference, candidate)
        ref_col = f'<p class="text hl" lang="en" dir="ltr">{ref_html}</p>'
    else:
        cand_html = _e(candidate)
        ref_col = '<p class="missing">No English text of the post to compare with.</p>'
    flags = ""
    if fidelity and fidelity.flags:
        flags = '<ul class="flags">' + "".join(_flag_html(f) for f in fidelity.flags) + "</ul>"
    css = f" label-{_e(label)}" if label else ""
    return (
        f'<div class="card{css}"><div class="card-head">{"".join(head)}</div>'
        f'<div class="cols"><div class="col"><h4>{_e(reference_title)}</h4>{ref_col}</div>'
        f'<div class="col"><h4>{_e(candidate_title)}</h4>'
        f'<p class="text hl" lang="en" dir="auto">{cand_html}</p></div></div>'
        f"{flags}{_details(alignment, fidelity)}</div>"
    )


class _Page:
    """Renders the kept documents once the stream has ended."""

    def __init__(self, docs: list[DocumentResult]) -> None:
        self.docs = docs
        self.anchors: dict[str, str] = {}
        for i, doc in enumerate(docs):
            for key in (doc.id, doc.source, f"{doc.source}#{doc.id}"):
                self.anchors.setdefault(key, f"doc-{i}")
        self.order = 0

    def document_ref(self, name: str) -> str:
        anchor = self.anchors.get(name)
        if anchor:
            return f'<a href="#{anchor}">{_e(name)}</a>'
        return _e(name)

    def render(self) -> str:
        return "".join(self.document(i, doc) for i, doc in enumerate(self.docs))

    def document(self, i: int, doc: DocumentResult) -> str:
        title = doc.title or doc.source
        meta = [_e(doc.source), f"id {_e(doc.id)}"]
        if doc.url:
            meta.append(_link(doc.url, doc.url))
        meta.append(_plural(len(doc.posts), "post"))
        parts = [
            f'<section class="doc" id="doc-{i}"><h2>{_e(title)}</h2>'
            f'<p class="docmeta">{" · ".join(meta)}</p>'
        ]
        if doc.errors:
            parts.append('<ul class="errors">')
            for err in doc.errors:
                parts.append(f"<li><b>{_e(err.stage)}</b>: {_e(err.error)}: {_e(err.message)}</li>")
            parts.append("</ul>")
        parts.append(f'<div class="doc-posts" id="dp-{i}">')
        for index, result in enumerate(doc.posts):
            parts.append(self.post(i, doc, index, result))
        parts.append("</div></section>")
        return "".join(parts)

    def post(self, i: int, doc: DocumentResult, index: int, result: PostResult) -> str:
        post = result.post
        label = post_label(result)
        score = post_score(result)
        self.order += 1
        head = [f'<span class="platform">{_e(post.platform)}</span>']
        head.append(
            f'<span class="kind" title="{_e(KIND_TITLES.get(post.kind, post.kind))}">'
            f"{_e(post.kind)}</span>"
        )
        if post.author.name:
            head.append(f'<bdi class="author">{_e(post.author.name)}</bdi>')
        if post.author.handle:
            head.append(f'<span class="handle">@{_e(post.author.handle)}</span>')
        if post.date:
            head.append(f'<time class="date" datetime="{_e(post.date)}">{_e(post.date)}</time>')
        if post.url:
            head.append(_link(post.url, "open post ↗") if _safe_href(post.url) else _e(post.url))
        head.append(
            f'<span class="docref">in <a href="#doc-{i}">{_e(doc.title or doc.source)}</a></span>'
        )
        head.append('<span class="spacer"></span>')
        head.append(_label_chip(label).replace("<span ", '<span title="best fidelity label" ', 1))
        attrs = (
            f'data-label="{_e(label or "none")}" data-platform="{_e(post.platform)}" '
            f'data-score="{"" if score is None else f"{score:.4f}"}" '
            f'data-order="{self.order}" data-home="dp-{i}"'
        )
        body = [
            f'<div class="cols">{self.source_column(result)}{self.english_column(result)}</div>'
        ]
        if result.renderings:
            body.append(self.renderings(result))
        if result.paraphrases:
            body.append(self.paraphrases(result))
        elif post.text:
            body.append(
                '<div class="block"><h3>Paraphrases in articles</h3>'
                '<p class="missing">No English paraphrase of this post was found.</p></div>'
            )
        return (
            f'<article class="post" id="post-{i}-{index}" {attrs}>'
            f'<header class="post-head">{"".join(head)}</header>'
            f'<div class="post-body">{"".join(body)}</div></article>'
        )

    def source_column(self, result: PostResult) -> str:
        post, lang = result.post, result.language
        heading = "Post"
        if lang:
            heading += f" · {_language_name(lang.code)}"
        if post.text:
            text = (
                f'<p class="text"{_lang_attr(lang.code if lang else None)} '
                f'dir="{_direction(result)}">{_e(post.text)}</p>'
            )
        else:
            text = '<p class="missing">The article does not carry this post\'s words.</p>'
        facts: list[str] = []
        if lang:
            bits = [f"<b>{_e(lang.code)}</b> {lang.confidence:.2f}"]
            if lang.script:
                bits.append(f"{_e(lang.script)} script")
            if lang.detector:
                bits.append(f"by {_e(lang.detector)}")
            if len(lang.candidates) > 1:
                others = ", ".join(f"{_e(c)} {p:.2f}" for c, p in lang.candidates[1:4])
                bits.append(f"also {others}")
            facts.append("language " + " · ".join(bits))
            if lang.stated:
                note = f"the article says it is in {_e(_language_name(lang.stated))}"
                if lang.disagrees:
                    note = f'<span class="warn">⚠ {note}; the detector disagrees</span>'
                facts.append(note)
        elif post.stated_language:
            facts.append(f"the article says it is in {_e(_language_name(post.stated_language))}")
        if post.hashtags:
            tags = " ".join(f"<bdi>#{_e(h.lstrip('#'))}</bdi>" for h in post.hashtags)
            facts.append(f"hashtags {tags}")
        if post.links or post.media:
            links = [_link(u, u) for u in (*post.links, *post.media)]
            facts.append("links " + " ".join(links))
        if post.method:
            facts.append(f"found by {_e(post.method)}")
        facts_html = "".join(f'<p class="facts">{f}</p>' for f in facts)
        return f'<div class="col"><h3>{_e(heading)}</h3>{text}{facts_html}</div>'

    def english_column(self, result: PostResult) -> str:
        tr = result.translation
        parts = ['<div class="col"><h3>English</h3>']
        if tr is None:
            parts.append('<p class="missing">Not translated.</p>')
        else:
            model = f" {_e(tr.model)}" if tr.model else ""
            cached = " · cached" if tr.cached else ""
            parts.append(
                f'<p class="facts"><span class="status status-{_e(tr.status)}">'
                f"{_e(tr.status)}</span>machine translation{model}{cached}</p>"
            )
            if tr.status == "identity" and tr.text == result.post.text:
                parts.append('<p class="facts">The post is in English: it is compared as is.</p>')
            elif tr.text and tr.status in ("ok", "identity"):
                parts.append(f'<p class="text" lang="en" dir="ltr">{_e(tr.text)}</p>')
            if tr.hint or tr.status not in ("ok", "identity"):
                why = tr.hint or {
                    "unavailable": "The translation model is not available here.",
                    "skipped": "Translation was turned off or there was no text.",
                    "unsupported": "No translation model for this language.",
                    "failed": "The translation model failed.",
                }.get(tr.status, "")
                parts.append(f'<p class="hint">No machine translation: {_e(why)}</p>')
            if tr.flags:
                parts.append(f'<p class="facts">notes: {_e(", ".join(tr.flags))}</p>')
        if result.english and (tr is None or result.english != tr.text):
            source = f" ({_e(result.english_source)})" if result.english_source else ""
            parts.append(
                f'<p class="facts">English used for comparison{source}:</p>'
                f'<p class="text" lang="en" dir="ltr">{_e(result.english)}</p>'
            )
        parts.append("</div>")
        return "".join(parts)

    def renderings(self, result: PostResult) -> str:
        tr = result.translation
        options = [tr.text if tr else None, result.english]
        cards = []
        for rendering in result.renderings:
            cards.append(self.rendering_card(rendering, options))
        return (
            f'<div class="block"><h3>Translator renderings ({len(result.renderings)})</h3>'
            f"{''.join(cards)}</div>"
        )

    def rendering_card(self, rendering: Rendering, options: list[str | None]) -> str:
        reference = self.reference(rendering.alignment, options)
        return _compare_card(
            reference=reference,
            reference_title="Post in English (reference)",
            candidate=rendering.text,
            candidate_title="Rendering"
            + (f" by {rendering.translator}" if rendering.translator else ""),
            alignment=rendering.alignment if reference is not None else None,
            fidelity=rendering.fidelity,
            where="",
        )

    def paraphrases(self, result: PostResult) -> str:
        tr = result.translation
        options = [result.english, tr.text if tr else None]
        ranked = sorted(
            result.paraphrases, key=lambda p: -(p.fidelity.score if p.fidelity else -1.0)
        )
        cards = []
        for para in ranked:
            cards.append(self.paraphrase_card(para, options))
        return (
            f'<div class="block"><h3>Paraphrases in articles ({len(ranked)})</h3>'
            f"{''.join(cards)}</div>"
        )

    def paraphrase_card(self, para: Paraphrase, options: list[str | None]) -> str:
        reference = self.reference(para.alignment, options)
        where = [f"in {self.document_ref(para.document)}"]
        if para.quoted:
            where.append("given as a direct quote")
        where.append(f"match {para.score:.2f}")
        return _compare_card(
            reference=reference,
            reference_title="Post in English (reference)",
            candidate=para.text,
            candidate_title="Article's paraphrase",
            alignment=para.alignment if reference is not None else None,
            fidelity=para.fidelity,
            where=" · ".join(where),
        )

    @staticmethod
    def reference(alignment: Alignment | None, options: list[str | None]) -> str | None:
        if alignment is None or not (alignment.pairs or alignment.reference_unaligned):
            return next((o for o in options if o), None)
        return _pick_reference(alignment, options)


def _stat(number: object, key: str, chips: str = "") -> str:
    inner = f'<div class="chips">{chips}</div>' if chips else ""
    return f'<div class="stat"><div class="n">{_e(number)}</div><div class="k">{_e(key)}</div>{inner}</div>'


def _counter_chips(
    counter: Counter[str], css: str = "", names: dict[str, str] | None = None
) -> str:
    return "".join(_chip(f"{(names or {}).get(k, k)} {v}", css) for k, v in counter.most_common(8))


class HtmlReporter:
    """One self-contained HTML page; keeps at most ``max_posts`` posts (a note says how many
    more the run had)."""

    def __init__(
        self, *, quiet: bool = False, width: int | None = None, max_posts: int = DEFAULT_MAX_POSTS
    ) -> None:
        del quiet, width
        self.max_posts = max_posts

    def write(
        self, signature: dict[str, Any], documents: Iterable[DocumentResult], out: TextIO
    ) -> None:
        summary = RunSummary()
        kept: list[DocumentResult] = []
        kept_posts = 0
        error_docs = 0
        empty: list[str] = []
        for doc in documents:
            summary.add(doc)
            if not doc.posts and not doc.errors:
                if len(empty) < _MAX_EMPTY_LISTED:
                    empty.append(f"{doc.source} #{doc.id}")
                continue
            if doc.posts and kept_posts + len(doc.posts) <= self.max_posts:
                kept.append(doc)
                kept_posts += len(doc.posts)
            elif not doc.posts and error_docs < _MAX_ERROR_DOCS:
                kept.append(doc)
                error_docs += 1
        out = cast("TextIO", GuardedOut(out))
        css, js = _asset("report.css"), _asset("report.js")
        body = _Page(kept).render()
        out.write(self._head(summary, css, js))
        out.write(self._top(summary, signature, kept_posts, empty, kept))
        out.write(f'<main class="wrap" id="posts"><div id="flat" hidden></div>{body}</main>')
        out.write(self._foot(signature, kept_posts, summary.posts, js))

    @staticmethod
    def _head(summary: RunSummary, css: str, js: str) -> str:
        csp = (
            "default-src 'none'; "
            f"style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
            "base-uri 'none'; form-action 'none'"
        )
        title = f"analyze-posts report — {summary.posts} posts in {summary.documents} documents"
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>{_e(title)}</title><style>{css}</style></head><body>"
        )

    @staticmethod
    def _top(
        s: RunSummary,
        signature: dict[str, Any],
        kept_posts: int,
        empty: list[str],
        kept: list[DocumentResult],
    ) -> str:
        version = run_version(signature)
        parts = [
            '<header class="top"><div class="wrap"><h1>Social posts and their English renderings</h1>'
            f"<p>analyze-posts {_e(version)} · {s.documents} documents · {s.posts} posts</p>"
            '</div></header><div class="wrap">'
        ]
        labels = "".join(
            _chip(f"{k} {v}", f"label-{_e(k)}" if k in LABELS else "")
            for k, v in s.labels.most_common()
        )
        parts.append('<div class="summary">')
        parts.append(
            _stat(
                s.documents,
                "documents",
                _chip(f"{s.failed} with errors") + _chip(f"{s.empty} without posts"),
            )
        )
        parts.append(_stat(s.posts, "posts", _counter_chips(s.platforms)))
        parts.append(
            _stat(len(s.languages), "languages", _counter_chips(s.languages, names=_languages()[0]))
        )
        parts.append(
            _stat(s.statuses.get("ok", 0), "machine translated", _counter_chips(s.statuses))
        )
        parts.append(
            _stat(sum(v for k, v in s.labels.items() if k in LABELS), "scored posts", labels)
        )
        parts.append(_stat(s.n_errors, "errors"))
        parts.append("</div>")
        if kept_posts < s.posts:
            parts.append(
                f'<p class="note">This page shows the first {kept_posts} of {s.posts} posts. '
                "Use <code>--format jsonl</code> or <code>--format csv</code> for all of them.</p>"
            )
        if empty:
            more = s.empty - len(empty)
            items = ", ".join(_e(x) for x in empty) + (f" and {more} more" if more > 0 else "")
            parts.append(
                f'<details class="meta"><summary>{_plural(s.empty, "document")} without posts'
                f"</summary><p>{items}</p></details>"
            )
        parts.append(
            '<details class="meta"><summary>Run signature (versions, models, settings)</summary>'
            f"<pre>{_e(dumps(signature, indent=2))}</pre></details>"
        )
        platforms = sorted({r.post.platform for d in kept for r in d.posts})
        label_opts = "".join(f'<option value="{x}">{x}</option>' for x in LABELS)
        platform_opts = "".join(f'<option value="{_e(p)}">{_e(p)}</option>' for p in platforms)
        parts.append(
            '<div class="controls" id="controls" hidden>'
            '<label>Label <select id="f-label"><option value="">all</option>'
            f'{label_opts}<option value="none">no paraphrase</option></select></label>'
            '<label>Platform <select id="f-platform"><option value="">all</option>'
            f"{platform_opts}</select></label>"
            '<label>Order <select id="f-sort"><option value="doc">by document</option>'
            '<option value="desc">score, high to low</option>'
            '<option value="asc">score, low to high</option></select></label>'
            '<span class="count" id="f-count"></span></div>'
        )
        parts.append(
            '<div class="legend"><span>Aligned phrases share a colour and number:</span>'
            '<span><mark class="a0" data-n="1">post phrase</mark> ↔ '
            '<mark class="a0" data-n="1">paraphrase phrase</mark></span>'
            '<span><mark class="omit">omitted</mark> in the post, missing from the candidate</span>'
            '<span><mark class="add">added</mark> in the candidate, not in the post</span></div>'
        )
        parts.append("</div>")
        return "".join(parts)

    @staticmethod
    def _foot(signature: dict[str, Any], kept_posts: int, total: int, js: str) -> str:
        version = run_version(signature)
        return (
            f'<footer class="wrap">Generated by analyze-posts {_e(version)}. '
            f"{kept_posts} of {total} posts shown. This page is self-contained and makes no "
            f"network requests.</footer><script>{js}</script></body></html>\n"
        )
