"""The language-identification tables (``analyzer/data/langid.toml``, ``languages.toml``,
``unicode_scripts.toml``), read once into one frozen record."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from ..tables import table

__all__ = ["Facts", "facts"]


def _both_yeh(words: Iterable[str]) -> frozenset[str]:
    """Each word spelled with Persian ی and with Arabic ي (Pashto writes both)."""
    out: set[str] = set()
    for w in words:
        out.add(w.replace("ي", "ی"))
        out.add(w.replace("ی", "ي"))
    return frozenset(out)


def _endings(rows: Iterable[list[object]]) -> tuple[tuple[str, int], ...]:
    return tuple((str(end), int(str(n))) for end, n in rows)


@dataclass(frozen=True, slots=True)
class Facts:
    # languages.toml
    aliases: Mapping[str, str]
    names: Mapping[str, str]
    script_language: Mapping[str, str]
    # unicode_scripts.toml
    range_starts: tuple[int, ...]
    ranges: tuple[tuple[int, int, str], ...]
    # langid.toml
    script_weight: Mapping[str, float]
    other_weight: float
    script_family: Mapping[str, str]
    script_groups: Mapping[str, tuple[str, ...]]
    fasttext_aliases: Mapping[str, str]
    cld2_outside: frozenset[str]
    cld2_unknown: frozenset[str]
    prior: Mapping[str, float]
    punctuation: Mapping[str, tuple[tuple[str, str], ...]]
    pashto_letters: frozenset[str]
    urdu_letters: frozenset[str]
    urdu_do_chashmi: str
    sorani_letters: frozenset[str]
    uyghur_letters: frozenset[str]
    sindhi_letters: frozenset[str]
    persian_letters: frozenset[str]
    arabic_only_letters: frozenset[str]
    persian_yeh_keheh: frozenset[str]
    not_pashto_letters: frozenset[str]
    persian_style_letters: frozenset[str]
    pashto_words: frozenset[str]
    pashto_endings: tuple[tuple[str, int], ...]
    not_pashto_words: frozenset[str]
    not_pashto_endings: tuple[str, ...]
    marathi_words: frozenset[str]
    marathi_endings: tuple[tuple[str, int], ...]
    hindi_words: frozenset[str]
    hindi_letters: tuple[str, ...]
    hindi_endings: tuple[str, ...]
    english_slang: frozenset[str]
    default_knobs: Mapping[str, float]

    def script_of(self, char: str) -> str:
        """The Unicode script of one letter (``Other`` when in no range)."""
        cp = ord(char)
        i = bisect_right(self.range_starts, cp) - 1
        return self.ranges[i][2] if i >= 0 and cp <= self.ranges[i][1] else "Other"


@cache
def facts() -> Facts:
    """The tables, parsed once per process (they are packaged, read-only data)."""
    lang = table("languages")
    lid = table("langid")
    ranges = tuple(sorted((int(a), int(b), str(n)) for a, b, n in table("unicode_scripts")["ranges"]))
    letters = lid["letters"]
    weights = dict(lid["script_weight"])
    other = float(weights.pop("other"))
    return Facts(
        aliases=MappingProxyType(dict(lang["aliases"])),
        names=MappingProxyType(dict(lang["names"])),
        script_language=MappingProxyType(dict(lang["script_language"])),
        range_starts=tuple(r[0] for r in ranges),
        ranges=ranges,
        script_weight=MappingProxyType({k: float(v) for k, v in weights.items()}),
        other_weight=other,
        script_family=MappingProxyType(dict(lid["script_family"])),
        script_groups=MappingProxyType({k: tuple(v) for k, v in lid["script_groups"].items()}),
        fasttext_aliases=MappingProxyType(dict(lid["fasttext_aliases"])),
        cld2_outside=frozenset(lid["cld2"]["outside"]),
        cld2_unknown=frozenset(lid["cld2"]["unknown"]),
        prior=MappingProxyType({k: float(v) for k, v in lid["prior"].items()}),
        punctuation=MappingProxyType(
            {k: tuple((str(m), str(c)) for m, c in v) for k, v in lid["punctuation"].items()}
        ),
        pashto_letters=frozenset(letters["pashto"]),
        urdu_letters=frozenset(letters["urdu"]),
        urdu_do_chashmi=str(letters["urdu_do_chashmi"]),
        sorani_letters=frozenset(letters["sorani"]),
        uyghur_letters=frozenset(letters["uyghur"]),
        sindhi_letters=frozenset(letters["sindhi"]),
        persian_letters=frozenset(letters["persian"]),
        arabic_only_letters=frozenset(letters["arabic_only"]),
        persian_yeh_keheh=frozenset(letters["persian_yeh_keheh"]),
        not_pashto_letters=frozenset(letters["not_pashto"]),
        persian_style_letters=frozenset(letters["persian_style"]),
        pashto_words=_both_yeh(lid["pashto"]["words"].split()),
        pashto_endings=_endings(lid["pashto"]["endings"]),
        not_pashto_words=frozenset(lid["pashto"]["not_words"]),
        not_pashto_endings=tuple(lid["pashto"]["not_endings"]),
        marathi_words=frozenset(lid["marathi"]["words"].split()),
        marathi_endings=_endings(lid["marathi"]["endings"]),
        hindi_words=frozenset(lid["hindi"]["words"].split()),
        hindi_letters=tuple(lid["hindi"]["letters"]),
        hindi_endings=tuple(lid["hindi"]["endings"]),
        english_slang=frozenset(lid["english"]["slang"].split()),
        default_knobs=MappingProxyType({k: float(v) for k, v in lid["default"].items()}),
    )
