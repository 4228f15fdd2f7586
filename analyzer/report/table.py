"""``--format table``: a per-post view for people, then a summary table (rich).

With ``quiet`` only the summary is printed. Colours only when ``out`` is a terminal.
Post text is untrusted: it always goes into :class:`rich.text.Text` (never parsed as markup).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO, cast

from ..records import DocumentResult, ErrorRecord, Fidelity, PostResult
from ._common import GuardedOut, post_label, run_version

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

__all__ = ["RunSummary", "TableReporter"]

LABEL_STYLES = {
    "faithful": "bold green",
    "partial": "bold yellow",
    "divergent": "bold red",
    "unrelated": "bold magenta",
}
STATUS_STYLES = {"ok": "green", "identity": "cyan", "unavailable": "yellow", "failed": "red"}
_MAX_ERRORS_LISTED = 20


@dataclass(slots=True)
class RunSummary:
    """Counts gathered while documents stream past."""

    documents: int = 0
    failed: int = 0
    empty: int = 0
    posts: int = 0
    platforms: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    errors: list[ErrorRecord] = field(default_factory=list)
    n_errors: int = 0

    def add(self, doc: DocumentResult) -> None:
        self.documents += 1
        self.failed += bool(doc.errors)
        self.empty += not doc.posts and not doc.errors
        self.posts += len(doc.posts)
        for result in doc.posts:
            self.platforms[result.post.platform] += 1
            self.kinds[result.post.kind] += 1
            self.languages[result.language.code if result.language else "—"] += 1
            self.statuses[result.translation.status if result.translation else "—"] += 1
            self.labels[post_label(result) or "no paraphrase"] += 1
        self.n_errors += len(doc.errors)
        room = _MAX_ERRORS_LISTED - len(self.errors)
        if room > 0:
            self.errors.extend(doc.errors[:room])


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.most_common()) or "—"


def _fidelity_text(fid: Fidelity | None) -> Any:
    from rich.text import Text

    if fid is None:
        return Text("not scored", style="dim")
    text = Text(f"{fid.score:.2f} ")
    text.append(fid.label, style=LABEL_STYLES.get(fid.label, ""))
    return text


class TableReporter:
    def __init__(self, *, quiet: bool = False, width: int | None = None) -> None:
        self.quiet = quiet
        self.width = width

    def _console(self, out: TextIO) -> Console:
        from rich.console import Console

        isatty = getattr(out, "isatty", lambda: False)()
        return Console(
            file=out,
            width=self.width or (None if isatty else 100),
            highlight=False,
            markup=False,
            emoji=False,
            no_color=not isatty,
            force_terminal=isatty,
        )

    def write(
        self, signature: dict[str, Any], documents: Iterable[DocumentResult], out: TextIO
    ) -> None:
        out = cast("TextIO", GuardedOut(out))
        console = self._console(out)
        summary = RunSummary()
        for doc in documents:
            summary.add(doc)
            if not self.quiet and (doc.posts or doc.errors):
                self._document(console, doc)
        console.print(self._summary_table(summary, signature))
        if summary.errors:
            console.print(self._errors_table(summary))

    # -- per-post view -------------------------------------------------------------------

    def _document(self, console: Console, doc: DocumentResult) -> None:
        from rich.text import Text

        head = Text(f"{doc.source} #{doc.id}", style="bold")
        if doc.title:
            head.append(f" — {doc.title}", style="")
        console.rule(head, align="left")
        for index, result in enumerate(doc.posts):
            console.print(self._post(index, result))
        for error in doc.errors:
            console.print(Text(f"error in {error.stage}: {error.error}: {error.message}", "red"))

    def _post(self, index: int, result: PostResult) -> RenderableType:
        from rich import box
        from rich.panel import Panel
        from rich.table import Table
        from rich.text import Text

        post = result.post
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        who = " ".join(
            x
            for x in (post.author.name, f"@{post.author.handle}" if post.author.handle else "")
            if x
        )
        if who:
            grid.add_row("author", Text(who))
        if post.date:
            grid.add_row("date", Text(post.date))
        if post.url:
            grid.add_row("url", Text(post.url))
        grid.add_row(
            "text", Text(post.text) if post.text else Text("(no text in the article)", "dim")
        )
        if result.language:
            lang = result.language
            line = Text(f"{lang.code} {lang.confidence:.2f}")
            if lang.script:
                line.append(f" · {lang.script} script")
            if lang.stated:
                line.append(f" · article says {lang.stated}")
            if lang.disagrees:
                line.append(" · disagrees with the article", style="yellow")
            grid.add_row("language", line)
        if result.translation:
            tr = result.translation
            line = Text(tr.status, style=STATUS_STYLES.get(tr.status, ""))
            if tr.model:
                line.append(f" · {tr.model}")
            if tr.cached:
                line.append(" · cached", style="dim")
            if tr.text and tr.status == "ok":
                line.append("\n")
                line.append(tr.text)
            if tr.hint:
                line.append("\n")
                line.append(tr.hint, style="yellow")
            grid.add_row("translation", line)
        if result.english and (not result.translation or result.english != result.translation.text):
            line = Text(result.english)
            if result.english_source:
                line.append(f"  ({result.english_source})", style="dim")
            grid.add_row("english", line)
        for rendering in result.renderings:
            line = Text(rendering.text)
            line.append("  ")
            line.append_text(_fidelity_text(rendering.fidelity))
            if rendering.translator:
                line.append(f"  by {rendering.translator}", style="dim")
            if rendering.fidelity and rendering.fidelity.flags:
                line.append("  flags: " + ", ".join(f.kind for f in rendering.fidelity.flags))
            grid.add_row("rendering", line)
        parts: list[RenderableType] = [grid]
        if result.paraphrases:
            table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
            table.add_column("score", no_wrap=True)
            table.add_column("paraphrase", ratio=3, overflow="fold")
            table.add_column("flags", ratio=2, overflow="fold")
            for para in sorted(
                result.paraphrases,
                key=lambda p: -(p.fidelity.score if p.fidelity else -1.0),
            ):
                text = Text(para.text)
                text.append(f"\n{para.document}" + (" · quoted" if para.quoted else ""), "dim")
                flags = Text()
                for flag in para.fidelity.flags if para.fidelity else ():
                    if flags:
                        flags.append("\n")
                    flags.append(flag.kind, style={"hard": "red", "info": "green"}.get(flag.severity, "yellow"))
                    flags.append(f": {flag.message}")
                table.add_row(_fidelity_text(para.fidelity), text, flags)
            parts.append(table)
        from rich.console import Group

        title = Text(f"[{index}] {post.platform} {post.kind}")
        if post.method:
            title.append(f" · {post.method}", style="dim")
        return Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED)

    # -- summary -------------------------------------------------------------------------

    def _summary_table(self, s: RunSummary, signature: dict[str, Any]) -> RenderableType:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(title="analyze-posts summary", box=box.SIMPLE_HEAVY, show_header=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        table.add_row(
            "documents", Text(f"{s.documents} ({s.failed} with errors, {s.empty} without posts)")
        )
        table.add_row("posts", Text(f"{s.posts} ({_counts(s.kinds)})"))
        table.add_row("platforms", Text(_counts(s.platforms)))
        table.add_row("languages", Text(_counts(s.languages)))
        table.add_row("translation", Text(_counts(s.statuses)))
        labels = Text()
        for i, (label, n) in enumerate(s.labels.most_common()):
            if i:
                labels.append(", ")
            labels.append(label, style=LABEL_STYLES.get(label, ""))
            labels.append(f" {n}")
        table.add_row("fidelity", labels if labels else Text("—"))
        table.add_row("errors", Text(str(s.n_errors), style="red" if s.n_errors else ""))
        version = run_version(signature)
        if version:
            table.add_row("version", Text(str(version)))
        return table

    def _errors_table(self, s: RunSummary) -> RenderableType:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        more = s.n_errors - len(s.errors)
        table = Table(
            title="errors" + (f" (first {len(s.errors)} of {s.n_errors})" if more else ""),
            box=box.SIMPLE_HEAD,
        )
        for name in ("source", "stage", "error", "message"):
            table.add_column(name, overflow="fold")
        for e in s.errors:
            table.add_row(
                Text(f"{e.source} #{e.id}" if e.id else e.source),
                Text(e.stage),
                Text(e.error),
                Text(e.message),
            )
        return table
