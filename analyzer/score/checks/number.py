"""Numbers and quantities: a changed number is a hard problem, a dropped or added one soft.

Digits (Arabic-Indic and Persian too), number words, scales ("1.5 million"), vague
quantities ("hundreds", "dozens") and times of day ("3.30pm", "15:30", and "1530" as a
post writes it); the word lists are ``analyzer/data/fidelity_numbers.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ...tables import table
from .base import Context, Finding, pairing_flags

__all__ = ["Number", "check", "extract_numbers"]

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: a time of day: "3pm", "3.30 p.m.", "15:30" (the value is its 24-hour HHMM, so that a
#: post's bare "1530" is the same time)
_CLOCK = re.compile(
    r"(?<![\w.:])(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?m\b\.?|(?<![\w.:])(\d{1,2}):(\d{2})(?![\d:]|\.\d)",
    re.I,
)

#: a phone number or a code written in digit groups ("08000 858 531", "0800-123-4567"): one
#: number, however it is grouped (at least this many digits in all)
_CODE = re.compile(r"(?<![\w.,])\+?\d{2,6}(?:[ -]\d{2,6}){1,4}(?![\w.,]\d)")
_CODE_DIGITS = 7


@dataclass(frozen=True, slots=True)
class _Words:
    units: dict[str, float]
    scales: dict[str, float]
    vague: dict[str, str]
    ranges: dict[str, tuple[float, float]]
    ordinals: dict[str, float]
    ordinal_re: re.Pattern[str]
    number_re: re.Pattern[str]
    word_re: re.Pattern[str]


@cache
def _words() -> _Words:
    t = table("fidelity_numbers")
    units = {k: float(v) for k, v in t["units"].items()}
    scales = {k: float(v) for k, v in t["scales"].items()}
    vague = dict(t["vague"])
    ordinals = {k: float(v) for k, v in t["ordinals"].items()}
    unit_alt = "|".join(units)
    ordinal_re = re.compile(
        r"\b(?:" + "|".join(ordinals) + r")\b|(?<![\w.])(\d+)(?:st|nd|rd|th)\b", re.I
    )
    number_re = re.compile(
        r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(%|percent|per cent|"
        + "|".join(sorted(scales, key=len, reverse=True))
        + r")\b)?",
        re.I,
    )
    word_re = re.compile(
        r"\b(?:(?:a(?=\s+(?:hundred|thousand|million|billion|dozen)\b)|one|"
        + unit_alt
        + r")(?:[\s-](?:"
        + unit_alt
        + r"))?"
        r"(?:\s+(?:hundred|thousand|million|billion)(?:\s+(?:and\s+)?(?:"
        + unit_alt
        + r"))?)*|"
        + "|".join(vague)
        + r"|several\s+(?:hundred|thousand|million)|a\s+dozen|a\s+few\s+(?:hundred|thousand))\b",
        re.I,
    )
    ranges = {k: (float(a), float(b)) for k, (a, b) in t["vague_ranges"].items()}
    return _Words(units, scales, vague, ranges, ordinals, ordinal_re, number_re, word_re)


@dataclass(frozen=True, slots=True)
class Number:
    text: str
    start: int
    end: int
    value: float | None  # exact value
    vague: str | None  # "hundreds", "thousands", ... "ordinal" or "time" (value HHMM)

    def same(self, other: Number) -> bool:
        if "time" in (self.vague, other.vague):
            # a time of day is the same time, or the same HHMM written as a plain number
            plain = self.vague in ("time", None) and other.vague in ("time", None)
            return plain and self.value == other.value
        if (self.vague == "ordinal") != (other.vague == "ordinal"):
            return False
        if self.vague == "ordinal":
            return self.value == other.value
        if self.value is not None and other.value is not None:
            return abs(self.value - other.value) <= 1e-9 * max(1.0, abs(self.value))
        vague = self.vague or other.vague
        value = self.value if self.value is not None else other.value
        if self.vague and other.vague:
            return self.vague == other.vague
        if vague and value is not None:
            lo, hi = _words().ranges[vague]
            return lo <= value <= hi
        return False


def _word_value(text: str) -> tuple[float | None, str | None]:
    w = _words()
    words = re.split(r"[\s-]+", text.lower())
    if len(words) == 1 and words[0] in w.vague:
        return None, w.vague[words[0]]
    if words[0] == "several" or (words[0] == "a" and len(words) > 1 and words[1] == "few"):
        return None, {"hundred": "hundreds", "thousand": "thousands", "million": "millions"}[
            words[-1]
        ]
    total, current = 0.0, 0.0
    for word in words:
        if word in ("a", "one"):
            current += 1
        elif word in w.units and word != "dozen":
            current += w.units[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in w.scales:
            total += (current or 1) * w.scales[word]
            current = 0
    return total + current, None


def extract_numbers(text: str) -> list[Number]:
    """Numbers and quantities of ``text``, in order."""
    return list(_numbers(text))


#: texts whose numbers are kept (a post's text is compared with many candidates)
NUMBERS_CACHE = 4096


@lru_cache(maxsize=NUMBERS_CACHE)
def _numbers(text: str) -> tuple[Number, ...]:
    w = _words()
    norm = text.translate(_DIGITS)
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _CODE.finditer(norm):
        digits = re.sub(r"\D", "", m.group(0))
        groups = re.split(r"[ -]", m.group(0))
        coded = m.group(0)[:1] in "0+" or len(groups) >= 3  # not "in 2019 1200 people"
        if len(digits) >= _CODE_DIGITS and len(groups) > 1 and coded:
            found.append(Number(text[m.start() : m.end()], m.start(), m.end(), float(digits), None))
            taken.append((m.start(), m.end()))
    for m in _CLOCK.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        hour = int(m.group(1) or m.group(4))
        minute = int(m.group(2) or m.group(5) or 0)
        if m.group(3):
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
        if hour > 23 or minute > 59:
            continue
        found.append(
            Number(text[m.start() : m.end()], m.start(), m.end(), float(hour * 100 + minute), "time")
        )
        taken.append((m.start(), m.end()))
    for m in w.ordinal_re.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        value = float(m.group(1)) if m.group(1) else w.ordinals[m.group(0).lower()]
        found.append(Number(text[m.start() : m.end()], m.start(), m.end(), value, "ordinal"))
        taken.append((m.start(), m.end()))
    for m in w.number_re.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        whole = m.group(1).replace(",", "")
        value = float(whole + ("." + m.group(2) if m.group(2) else ""))
        unit = (m.group(3) or "").lower()
        if unit in w.scales:
            value *= w.scales[unit]
        found.append(Number(text[m.start() : m.end()], m.start(), m.end(), value, None))
        taken.append((m.start(), m.end()))
    for m in w.word_re.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        surface = m.group(0)
        if surface.lower() in ("a", "one", "half"):
            continue  # "a"/"one" are far more often articles and pronouns
        wvalue, vague = _word_value(surface)
        if wvalue is not None and wvalue == 0 and surface.lower() != "zero":
            continue
        found.append(Number(text[m.start() : m.end()], m.start(), m.end(), wvalue, vague))
    return tuple(sorted(found, key=lambda n: n.start))


def _match(ref: list[Number], cand: list[Number]) -> tuple[list[Number], list[Number]]:
    """One-to-one matching, exact equalities first, then vague quantities ("thousands")
    with the exact numbers left over. Returns (unmatched reference, unmatched candidate)."""
    left_r, left_c = list(ref), list(cand)
    for exact in (True, False):
        for r in list(left_r):
            for c in left_c:
                same_kind = (r.vague is None) == (c.vague is None)
                if (same_kind if exact else not same_kind) and r.same(c):
                    left_r.remove(r)
                    left_c.remove(c)
                    break
    return left_r, left_c


def check(ctx: Context) -> Finding:
    ref_nums = [n for n in extract_numbers(ctx.reference) if not ctx.in_long_ref_gap(n.start, n.end)]
    cand_nums = [
        n for n in extract_numbers(ctx.candidate) if not ctx.in_long_cand_gap(n.start, n.end)
    ]
    missing, extra = _match(ref_nums, cand_nums)
    shared = len(ref_nums) - len(missing)
    return Finding(
        tuple(pairing_flags("number", "number", missing, extra)),
        (("numbers_shared", float(shared)),),
    )
