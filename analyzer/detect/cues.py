"""Word-level cues that tell close languages apart on short text.

Statistical models see letters; some languages that share a script differ most clearly in
their small, frequent words and their inflections. Each cue is a linguistic fact, not a fitted
threshold: words that are standalone words in one language and not in its script neighbours,
and endings that belong to one language's morphology. The words, endings and letters are data
(``analyzer/data/langid.toml``); the rules that weigh them are here.

* Pashto against Persian/Dari, Urdu and Arabic, for Pashto written without its own letters
  (ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې), as in older or keyboard-limited spelling.
* Marathi against Hindi (Devanagari).
* Posts made only of English internet abbreviations (``lol``, ``OMG``, ``wtf``), whose letter
  n-grams look like any Latin language to the models.
"""

from __future__ import annotations

from .facts import facts

__all__ = ["is_english_slang", "marathi_evidence", "pashto_evidence", "rules_out_pashto"]


def rules_out_pashto(text: str) -> bool:
    """``text`` writes a letter Pashto never writes (Arabic ة ك ى, hamza seats, Persian گ)."""
    return not facts().not_pashto_letters.isdisjoint(text)


def pashto_evidence(words: list[str]) -> float:
    """Pashto cues per word (0-1): Pashto function words, Pashto endings, and one more cue
    when the text writes both Arabic ي and Persian-style letters (ی ک پ چ ژ), as Pashto
    spelling does and Persian, Urdu and Arabic do not. 0 when a letter rules Pashto out."""
    if not words:
        return 0.0
    f = facts()
    letters = set("".join(words))
    if letters & f.not_pashto_letters:
        return 0.0
    hits = 1 if "ي" in letters and letters & f.persian_style_letters else 0
    for word in words:
        if word in f.pashto_words:
            hits += 1
        elif (
            word not in f.not_pashto_words
            and not word.endswith(f.not_pashto_endings)
            and not (word.endswith("ونه") and "ي" in word)  # Arabic verb + pronoun: يعرفونه
            and any(len(word) >= n and word.endswith(end) for end, n in f.pashto_endings)
        ):
            hits += 1
    return min(1.0, hits / len(words))


def marathi_evidence(words: list[str]) -> tuple[int, int]:
    """(Marathi cues, Hindi cues) among the words; the letter ळ counts for Marathi, ँ ड़ ढ़ and
    the ending -ों for Hindi."""
    f = facts()
    marathi = hindi = 0
    for word in words:
        if word in f.marathi_words or "ळ" in word:
            marathi += 1
        elif word in f.hindi_words:
            hindi += 1
        elif word.endswith(f.hindi_endings) or any(x in word for x in f.hindi_letters):
            hindi += 1
        elif any(len(word) > n and word.endswith(end) for end, n in f.marathi_endings):
            marathi += 1
    return marathi, hindi


def is_english_slang(words: list[str]) -> bool:
    """Every word is an English internet abbreviation (case ignored)."""
    slang = facts().english_slang
    return bool(words) and all(w.lower() in slang for w in words)
