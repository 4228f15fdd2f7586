"""Word-level cues that tell close languages apart on short text.

Statistical models see letters; some languages that share a script differ most clearly in
their small, frequent words and their inflections. Each cue here is a linguistic fact, not
a fitted threshold: words that are standalone words in one language and not in its script
neighbours, and endings that belong to one language's morphology.

* Pashto against Persian/Dari, Urdu and Arabic, for Pashto written without its own letters
  (ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې), as in older or keyboard-limited spelling.
* Marathi against Hindi (Devanagari).
* Posts made only of English internet abbreviations (``lol``, ``OMG``, ``wtf``), whose letter
  n-grams look like any Latin language to the models.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["is_english_slang", "marathi_evidence", "pashto_evidence"]


def _both_yeh(words: Iterable[str]) -> frozenset[str]:
    """Each word spelled with Persian ی and with Arabic ي (Pashto writes both)."""
    out: set[str] = set()
    for w in words:
        out.add(w.replace("ي", "ی"))
        out.add(w.replace("ی", "ي"))
    return frozenset(out)


# Pashto function words with no standalone use in Persian, Urdu or Arabic: د (of), په (in),
# زه (I), هغه (that, he), دغه (this), دوی (they), تاسو (you), اوس (now), لپاره (for),
# یوه (one, feminine), سره (with), زما/ستا/ستاسو (my/your), کوي (does), وايي (says), لري
# (has), وو (were), هغوی/هغو/دغو (they, those/these in the oblique), خورا (very), دومره/هومره
# (so much), پخوا (before), وروسته (after), چیرته (where), داسی (so), زیات (more; Persian زیاد),
# خپل (own), یوبل (each other) …
# Not listed although Pashto: نه, او, پر, دی, ده, دا, نو, بیا, هم, یو, وی, ولی — common
# Persian or Urdu words (or Egyptian Arabic, or parts of abbreviations) as well.
PASHTO_WORDS = _both_yeh(
    "د په زه هغه دغه همدغه هماغه دوی تاسو اوس لپاره یوه سره کوي وايي لري وو "
    "لرم لرو ورسره راته ورته دلته هلته زما ستا ستاسو "
    "هغوی هغو دغو همدغو خورا دومره هومره پخوا وروسته چیرته داسی زیات زیاته "
    "خپل خپله خپلو خپلی یوبل".split()
)

# Pashto plural and derivational endings spelled with shared letters (minimum word length):
# -ونه/-ونو (masculine plural, direct/oblique), -انو/-یانو (animate plural, oblique),
# -ونکی (agent nouns), -تیا (abstract nouns), -اتو (Arabic plural -ات in the oblique case),
# -ولای/-تلای/-دلای (the potential verb form: کولای, راتلای, موندلای).
PASHTO_ENDINGS: tuple[tuple[str, int], ...] = (
    ("ونو", 5),
    ("انو", 5),
    ("ونه", 6),
    ("ونکی", 6),
    ("ونکي", 6),
    ("ونکو", 6),
    ("تیا", 5),
    ("اتو", 5),
    ("ولای", 6),
    ("تلای", 6),
    ("دلای", 6),
)
# Persian, Arabic and Italian-name words with those endings (-گونه "-like", نمونه "sample" …)
_NOT_PASHTO = frozenset("نمونه وارونه افزونه بانو زانو پیانو میلانو ميلانو".split())
_NOT_PASHTO_ENDINGS = ("گونه", "یتیا", "اتیا")


# Letters Pashto never writes (Arabic ة ك ى and hamza seats; Persian گ, Pashto has ګ)
NOT_PASHTO_LETTERS = frozenset("ةكىأإؤگ")
# Persian-style letters; Pashto writes ی and ي as two letters, Persian and Urdu only ی
_PERSIAN_STYLE = frozenset("یکپچژ")


def pashto_evidence(words: list[str]) -> float:
    """Pashto cues per word (0-1): Pashto function words, Pashto endings, and one more cue
    when the text writes both Arabic ي and Persian-style letters (ی ک پ چ ژ), as Pashto
    spelling does and Persian, Urdu and Arabic do not. 0 when a letter rules Pashto out."""
    if not words:
        return 0.0
    letters = set("".join(words))
    if letters & NOT_PASHTO_LETTERS:
        return 0.0
    hits = 1 if "ي" in letters and letters & _PERSIAN_STYLE else 0
    for word in words:
        if word in PASHTO_WORDS:
            hits += 1
        elif (
            word not in _NOT_PASHTO
            and not word.endswith(_NOT_PASHTO_ENDINGS)
            and not (word.endswith("ونه") and "ي" in word)  # Arabic verb + pronoun: يعرفونه
            and any(len(word) >= n and word.endswith(end) for end, n in PASHTO_ENDINGS)
        ):
            hits += 1
    return min(1.0, hits / len(words))


# Marathi function words and verb forms that Hindi does not use: आहे/आहेत (is/are), आणि (and),
# नाही (not), होते (was), झाला/झाली (happened), केले/केली (did), म्हणून (so), मध्ये (in) …
# (हे, ते, व are left out: too close to Hindi words or too short to trust).
MARATHI_WORDS = frozenset(
    "आहे आहेत आहोत आणि नाही नाहीत होता होती होते झाला झाली झाले केले केली केला म्हणून "
    "मध्ये असे असा अशी तसेच त्यांनी त्याने त्याचा त्याची त्याचे त्यांच्या माझा माझी माझे "
    "आम्ही तुम्ही आपण काय कसे येथे तेथे पण".split()
)
# Hindi function words that Marathi does not use as words.
HINDI_WORDS = frozenset(
    "है हैं था थी थे और के की का में से को ने नहीं यह वह ये वो भी लिए कि पर हुआ हुई "
    "गया गई किया कर रहा रही रहे".split()
)
# Marathi genitive and case endings: -च्या/-चा/-ची/-चे (of), -ला (to), -त (in), -ने (by)
MARATHI_ENDINGS: tuple[tuple[str, int], ...] = (("च्या", 4), ("ांचा", 4), ("ांची", 4), ("ांचे", 4))


# Hindi spelling that Marathi does not use: chandrabindu ँ (Marathi writes the anusvara), the
# flapped ड़ ढ़ (precomposed or with nukta; not Marathi sounds), and the oblique plural -ों
# (लोगों, सालों; Marathi declines with -ां: लोकांना).
HINDI_LETTERS = ("\u0901", "\u095c", "\u095d", "\u0921\u093c", "\u0922\u093c")  # ँ ड़ ढ़
HINDI_ENDINGS = ("ों",)


def marathi_evidence(words: list[str]) -> tuple[int, int]:
    """(Marathi cues, Hindi cues) among the words; the letter ळ counts for Marathi, ँ ड़ ढ़ and
    the ending -ों for Hindi."""
    marathi = hindi = 0
    for word in words:
        if word in MARATHI_WORDS or "ळ" in word:
            marathi += 1
        elif word in HINDI_WORDS:
            hindi += 1
        elif word.endswith(HINDI_ENDINGS) or any(x in word for x in HINDI_LETTERS):
            hindi += 1
        elif any(len(word) > n and word.endswith(end) for end, n in MARATHI_ENDINGS):
            marathi += 1
    return marathi, hindi


# English internet abbreviations, written the same in posts in any language; a post made of
# nothing else is English as far as a label goes (the models see too few letters to tell).
ENGLISH_SLANG = frozenset(
    "lol lols lool loool lmao lmfao rofl omg omfg wtf wth smh tbh imo imho idk idc btw fyi ftw "
    "irl nsfw brb afaik iirc ffs thx tnx pls plz tysm ily bff rip gg wp ikr yolo fomo jk "
    "nvm ngl bruh".split()
)


def is_english_slang(words: list[str]) -> bool:
    """Every word is an English internet abbreviation (case ignored)."""
    return bool(words) and all(w.lower() in ENGLISH_SLANG for w in words)
