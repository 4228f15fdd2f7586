"""Invariant checks behind the fidelity flags, one check per module.

Similarity cannot see a changed number, a flipped polarity or a swapped place name (they
score *higher* than a loose but faithful paraphrase), so these are separate, explicit checks.
Each compares the English text of the post (reference) with a candidate in a
:class:`~.base.Context` (both texts, their words, the alignment, the speaker) and returns a
:class:`~.base.Finding`: flags with evidence, and named values for the label model.

=================  ============================================================
:mod:`.number`     numbers and quantities (changed: hard; dropped/added: soft)
:mod:`.negation`   polarity: antonyms, negative prefixes, negation scope (hard)
:mod:`.entity`     names, aliases, titles, the speaker (changed: hard)
:mod:`.quote`      quoted words the post does not contain (misquote)
:mod:`.certainty`  hedges lost or added (a report becomes fact)
:mod:`.hashtag`    hashtags and handles not rendered
:mod:`.coverage`   omissions, additions, added claims
=================  ============================================================

To add a check: a module with ``check(ctx) -> Finding``, listed in :data:`CHECKS`; its word
lists go in ``analyzer/data/fidelity_<name>.toml`` (read with :func:`analyzer.tables.table`).
"""

from __future__ import annotations

from ...records import Flag
from . import certainty, coverage, entity, hashtag, negation, number, quote
from .base import LONG_RUN, Check, Context, Finding, Speaker
from .coverage import added_claims
from .entity import extract_entities
from .number import extract_numbers
from .quote import QUOTE_SUPPORTED, quote_support

__all__ = [
    "CHECKS",
    "Check",
    "Context",
    "Finding",
    "LONG_RUN",
    "QUOTE_SUPPORTED",
    "Speaker",
    "added_claims",
    "extract_entities",
    "extract_numbers",
    "quote_support",
    "run_checks",
]

#: Every check, by name, in the order their flags are reported.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("number", number.check),
    ("negation", negation.check),
    ("entity", entity.check),
    ("quote", quote.check),
    ("certainty", certainty.check),
    ("hashtag", hashtag.check),
    ("omission", coverage.check_omissions),
    ("addition", coverage.check_additions),
)


def run_checks(ctx: Context) -> Finding:
    """Every check of :data:`CHECKS` on ``ctx``: all flags, in order, and all evidence."""
    flags: list[Flag] = []
    evidence: list[tuple[str, float]] = []
    for _, check in CHECKS:
        found = check(ctx)
        flags.extend(found.flags)
        evidence.extend(found.evidence)
    return Finding(tuple(flags), tuple(evidence))
