"""Unicode scripts and the rules that follow from them.

Many scripts name their language outright (Hangul is Korean, Thai is Thai, Georgian is
Georgian). Others narrow the choice: Arabic script means Arabic, Persian/Dari, Urdu, Pashto and a
few more, and single letters settle some of those (letters only Pashto uses, letters Urdu uses
and Persian does not). This module holds those facts (the :class:`~.script_backend.ScriptDetector` is built from
them alone; the model backends use the same facts to restrict their candidates.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

__all__ = [
    "SCRIPT_LANGUAGE",
    "arabic_script_rule",
    "script_counts",
    "script_of",
]

# (first, last, script) code point ranges; letters outside every range are "Other".
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latin"),
    (0x0061, 0x007A, "Latin"),
    (0x00AA, 0x00AA, "Latin"),
    (0x00BA, 0x00BA, "Latin"),
    (0x00C0, 0x024F, "Latin"),
    (0x0250, 0x02AF, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0531, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0700, 0x074F, "Syriac"),
    (0x0750, 0x077F, "Arabic"),
    (0x0780, 0x07BF, "Thaana"),
    (0x07C0, 0x07FF, "Nko"),
    (0x0870, 0x08FF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B00, 0x0B7F, "Oriya"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Lao"),
    (0x0F00, 0x0FFF, "Tibetan"),
    (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"),
    (0x1200, 0x139F, "Ethiopic"),
    (0x13A0, 0x13FF, "Cherokee"),
    (0x1400, 0x167F, "Canadian_Aboriginal"),
    (0x1780, 0x17FF, "Khmer"),
    (0x1800, 0x18AF, "Mongolian"),
    (0x1C80, 0x1C8F, "Cyrillic"),
    (0x1C90, 0x1CBF, "Georgian"),
    (0x1D00, 0x1DBF, "Latin"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x1F00, 0x1FFF, "Greek"),
    (0x2C00, 0x2C5F, "Glagolitic"),
    (0x2C60, 0x2C7F, "Latin"),
    (0x2D00, 0x2D2F, "Georgian"),
    (0x2D30, 0x2D7F, "Tifinagh"),
    (0x2D80, 0x2DDF, "Ethiopic"),
    (0x2DE0, 0x2DFF, "Cyrillic"),
    (0x2E80, 0x2FDF, "Han"),
    (0x3005, 0x3007, "Han"),
    (0x3021, 0x3029, "Han"),
    (0x3038, 0x303B, "Han"),
    (0x3041, 0x309F, "Hiragana"),
    (0x30A0, 0x30FF, "Katakana"),
    (0x3105, 0x312F, "Bopomofo"),
    (0x3131, 0x318F, "Hangul"),
    (0x31A0, 0x31BF, "Bopomofo"),
    (0x31F0, 0x31FF, "Katakana"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xA000, 0xA4CF, "Yi"),
    (0xA640, 0xA69F, "Cyrillic"),
    (0xA720, 0xA7FF, "Latin"),
    (0xA960, 0xA97F, "Hangul"),
    (0xAB30, 0xAB6F, "Latin"),
    (0xAB70, 0xABBF, "Cherokee"),
    (0xAC00, 0xD7FF, "Hangul"),
    (0xF900, 0xFAFF, "Han"),
    (0xFB00, 0xFB06, "Latin"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0xFF21, 0xFF3A, "Latin"),
    (0xFF41, 0xFF5A, "Latin"),
    (0xFF66, 0xFF9F, "Katakana"),
    (0xFFA0, 0xFFDC, "Hangul"),
    (0x20000, 0x3134F, "Han"),
)
_STARTS = [r[0] for r in _RANGES]
_CACHE: dict[str, str] = {}

#: scripts that name one language (ISO 639-1, 639-3 where there is none)
SCRIPT_LANGUAGE: dict[str, str] = {
    "Hangul": "ko",
    "Hiragana": "ja",
    "Katakana": "ja",
    "Greek": "el",
    "Armenian": "hy",
    "Georgian": "ka",
    "Hebrew": "he",
    "Thai": "th",
    "Lao": "lo",
    "Khmer": "km",
    "Myanmar": "my",
    "Sinhala": "si",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Gujarati": "gu",
    "Gurmukhi": "pa",
    "Oriya": "or",
    "Bengali": "bn",
    "Tibetan": "bo",
    "Thaana": "dv",
    "Ethiopic": "am",
    "Syriac": "syr",
    "Cherokee": "chr",
    "Tifinagh": "zgh",
    "Nko": "nqo",
    "Yi": "ii",
    "Bopomofo": "zh",
    "Mongolian": "mn",
}


def script_of(char: str) -> str:
    """The Unicode script of one letter (``Latin``, ``Arabic``, ``Han`` …; ``Other`` if unknown)."""
    found = _CACHE.get(char)
    if found is None:
        cp = ord(char)
        i = bisect_right(_STARTS, cp) - 1
        found = _RANGES[i][2] if i >= 0 and cp <= _RANGES[i][1] else "Other"
        if len(_CACHE) < 65536:
            _CACHE[char] = found
    return found


def script_counts(text: str) -> Counter[str]:
    """Letters per script; digits, punctuation, marks and symbols are not counted."""
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            counts[script_of(char)] += 1
    return counts


# Arabic-script letters that single out one language (see docs/langid.md).
PASHTO_LETTERS = frozenset("ټځڅډړږښګڼۍې")
# ٹ ڈ ڑ ں ے ۓ, and heh goal ہ ۂ: Urdu (and Punjabi/Saraiki) write ہ where Persian, Pashto and
# Arabic write ه. Do-chashmi ھ is Urdu too, but Arabic text occasionally uses it for ه.
URDU_LETTERS = frozenset("ٹڈڑںےۓہۂ")
URDU_DO_CHASHMI = "ھ"
SORANI_LETTERS = frozenset("ڵڕۆێە")
UYGHUR_LETTERS = frozenset("ۇۈۋ")
SINDHI_LETTERS = frozenset("ڄڃڇڊڌڍڎڏڙٺٻٽٿڦڪڳڱ")
PERSIAN_LETTERS = frozenset("پچژگ")  # not in Arabic; also Urdu, Pashto
ARABIC_ONLY_LETTERS = frozenset("ةيكى")  # Arabic yeh/kaf (Persian/Urdu use ی ک)
PERSIAN_YEH_KEHEH = frozenset("یک")


def arabic_script_rule(text: str) -> str | None:
    """The language that letters alone settle in Arabic-script text, or ``None``.

    Pashto letters win first (they appear in no Arabic, Persian or Urdu sample of the
    benchmark), then Sindhi, Uyghur and Sorani letters, then the Urdu letters.
    """
    chars = set(text)
    if chars & PASHTO_LETTERS:
        # ې is also Uyghur; Uyghur text carries ۇ ۈ ۋ as well
        if chars & UYGHUR_LETTERS and not chars & (PASHTO_LETTERS - {"ې"}):
            return "ug"
        return "ps"
    if len(chars & SINDHI_LETTERS) >= 2:
        return "sd"
    if chars & UYGHUR_LETTERS:
        return "ug"
    if chars & SORANI_LETTERS and not chars & URDU_LETTERS:
        return "ckb"
    if chars & URDU_LETTERS:
        return "ur"
    if URDU_DO_CHASHMI in chars and not chars & ARABIC_ONLY_LETTERS:
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
    return SCRIPT_LANGUAGE.get(script)
