"""Unicode scripts and the rules that follow from them.

Many scripts name their language outright (Hangul is Korean, Thai is Thai, Georgian is
Georgian). Others narrow the choice: Arabic script means Arabic, Persian/Dari, Urdu, Pashto and a
few more, and single letters settle some of those (letters only Pashto uses, letters Urdu uses
and Persian does not). This module holds those facts (the :class:`~.script_backend.ScriptDetector` is built from
them alone); the model backends use the same facts to restrict their candidates. The facts
themselves are data: ``analyzer/data/langid.toml`` and ``unicode_scripts.toml``.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .facts import facts

__all__ = [
    "arabic_script_rule",
    "script_counts",
    "script_of",
]

@lru_cache(maxsize=65536)
def script_of(char: str) -> str:
    """The Unicode script of one letter (``Latin``, ``Arabic``, ``Han`` …; ``Other`` if unknown)."""
    return facts().script_of(char)


def script_counts(text: str) -> Counter[str]:
    """Letters per script; digits, punctuation, marks and symbols are not counted."""
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            counts[script_of(char)] += 1
    return counts


def arabic_script_rule(text: str) -> str | None:
    """The language that letters alone settle in Arabic-script text, or ``None``.

    Pashto letters win first (they appear in no Arabic, Persian or Urdu sample of the
    benchmark), then Sindhi, Uyghur and Sorani letters, then the Urdu letters.
    """
    f = facts()
    chars = set(text)
    if chars & f.pashto_letters:
        # ې is also Uyghur; Uyghur text carries ۇ ۈ ۋ as well
        if chars & f.uyghur_letters and not chars & (f.pashto_letters - {"ې"}):
            return "ug"
        return "ps"
    if len(chars & f.sindhi_letters) >= 2:
        return "sd"
    if chars & f.uyghur_letters:
        return "ug"
    if chars & f.sorani_letters and not chars & f.urdu_letters:
        return "ckb"
    if chars & f.urdu_letters:
        return "ur"
    if f.urdu_do_chashmi in chars and not chars & f.arabic_only_letters:
        return "ur"
    return None


def rule_for(script: str, counts: Counter[str], text: str) -> str | None:
    """The language the script settles on its own, or ``None`` when a model must decide."""
    if script in ("Hiragana", "Katakana") or (
        script == "Han" and (counts["Hiragana"] or counts["Katakana"])
    ):
        return "ja"
    if script == "Han":
        return "ko" if counts["Hangul"] > counts["Han"] else "zh"
    if script == "Arabic":
        return arabic_script_rule(text)
    return facts().script_language.get(script)
