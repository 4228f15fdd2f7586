"""Make the training data of the fidelity label model (``scripts/train_fidelity.py``).

Writes JSON Lines, one pair a line: ``{"reference", "candidate", "label", "group", "origin",
"speaker", "heads"}``; ``label`` is faithful/partial/divergent/unrelated, ``heads`` says which
heads of the model learn from it (``both``, or ``related`` for pairs whose grade is unknown).

Sources (all given on the command line; provenance in docs/fidelity.md):

1. ``--cases``: the project's own labelled case files (``tests/data/eval/fidelity/*.jsonl``).
2. ``--sts``: STS-B dev pairs (``score<TAB>s1<TAB>s2``): gold >= 3.6 renders, <= 1.0 does not
   (relatedness only).
3. ``--pages``: real article pages with embedded posts. Each English post the extractor finds
   is perturbed FactCC-style into faithful renderings (reported speech with person shifts, a
   quotation credited to the poster, hashtags and links dropped), partial ones (one sentence,
   a clause dropped, a hedge added), divergent ones (a number, polarity, antonym or name
   changed, a hedge removed, quoted words altered, a claim credited to the poster), and paired
   with same-story distractors (other sentences of its article, other posts of the page) and
   a sentence of another article (unrelated). Reported speech takes the poster's first
   person to the third ("we" -> "they" or "it", "I" -> "he"/"she"/"they") and, in half the
   posts, the tense back ("will never" -> "would not", "is" -> "was"); half the pairs are
   also given without the poster (scored as a user may, not knowing who posted).
   ``--exclude`` names page paths to leave out (the development set's pages).
   With ``--perturb-cases`` the case sets' posts are perturbed the same way, credited to a
   generic speaker ("The ministry said it would not ...").
4. ``--real``: hand-labelled real renderings (``items.json`` of the fidelity-real set), grouped
   by article page (for grouped cross-validation).

    python scripts/make_fidelity_data.py --out build/fidelity-train.jsonl \\
        --cases tests/data/eval/fidelity/cases.jsonl tests/data/eval/fidelity/heldout.jsonl \\
        --sts ../shared/benchmarks/similarity/stsb-dev.tsv \\
        --pages ../shared/benchmarks/real-pages/pages --manifest ../shared/benchmarks/real-pages/manifest.tsv \\
        --exclude-items tests/data/fidelity-real/items.json \\
        --real tests/data/fidelity-real/items.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analyzer.config import load_settings  # noqa: E402
from analyzer.tables import table  # noqa: E402
from analyzer.text.sentences import split_sentences  # noqa: E402
from analyzer.text.tokens import is_content, stem, tokenize  # noqa: E402

Example = dict[str, Any]

_PERSON = {
    "i": "{he}", "me": "{him}", "my": "{his}", "mine": "{his}", "myself": "{himself}",
    "we": "{we}", "us": "{us}", "our": "{our}", "ours": "{ours}", "ourselves": "{ourselves}",
    "i'm": "{he} is", "i've": "{he} has", "i'll": "{he} would", "we're": "{we} are",
    "we've": "{we} have", "we'll": "{we} would", "am": "is",
}
#: the first person plural of an organisation or a group: "they" or "it" ("the ministry said
#: it would ...")
_PLURAL = {
    "they": {"we": "they", "us": "them", "our": "their", "ours": "theirs", "ourselves": "themselves"},
    "it": {"we": "it", "us": "it", "our": "its", "ours": "its", "ourselves": "itself"},
}
#: tense backshift of reported speech ("we will never" -> "they would not")
_BACKSHIFT = {
    "will": "would", "won't": "would not", "can": "could", "can't": "could not",
    "cannot": "could not", "is": "was", "are": "were", "has": "had", "have": "had",
    "shall": "would", "will never": "would not", "will not": "would not",
}
_VERBS = ("said", "wrote", "tweeted", "posted", "stated", "announced")
_HEDGES_ADD = ("reportedly", "apparently", "possibly")
_AUX = re.compile(r"\b(is|are|was|were|will|can|has|have|had|would|should|could|does|do|did)\b")
_NEG = re.compile(r"\s*\b(not|never)\b|n't\b")
_SIGNATURE = re.compile(r"\(@\w+\)|pic\.twitter\.com|https?://")
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+")


def _content(text: str) -> int:
    return sum(1 for t in tokenize(text) if is_content(t))


def _clean(text: str) -> str:
    text = _URL.sub("", text)
    return " ".join(text.split()).strip(" -–—:")


def _person_shift(text: str, pronoun: str, plural: str = "they") -> str:
    he = {"he": pronoun, "him": {"he": "him", "she": "her", "they": "them"}[pronoun],
          "his": {"he": "his", "she": "her", "they": "their"}[pronoun],
          "himself": {"he": "himself", "she": "herself", "they": "themselves"}[pronoun],
          **_PLURAL[plural]}

    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        out = _PERSON[word.lower().replace("’", "'")].format(**he)
        return out.capitalize() if word[0].isupper() and m.start() == 0 else out

    pattern = r"(?<![\w'’])(?:" + "|".join(re.escape(k) for k in sorted(_PERSON, key=len, reverse=True)) + r")(?![\w'’])"
    out = re.sub(pattern, sub, text, flags=re.I).replace("’", "'")
    for wrong, right in (("they was", "they were"), ("they is", "they are"), ("they has", "they have"),
                         ("it are", "it is"), ("it were", "it was"), ("it have", "it has")):
        out = re.sub(rf"\b{wrong}\b", right, out, flags=re.I)
    return out


def _backshift(text: str) -> str:
    """Reported speech's tense: "will" -> "would", "is" -> "was", "will never" -> "would
    not" (the post's own tense otherwise)."""
    keys = sorted(_BACKSHIFT, key=len, reverse=True)
    pattern = r"(?<![\w'’])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w'’])"

    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        out = _BACKSHIFT[word.lower().replace("’", "'")]
        return out.capitalize() if word[0].isupper() else out

    return re.sub(pattern, sub, text, flags=re.I)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _ex(ref: str, cand: str, label: str, group: str, origin: str,
        speaker: dict[str, str | None] | None = None, heads: str = "both") -> Example:
    return {"reference": ref, "candidate": cand, "label": label, "group": group,
            "origin": origin, "speaker": speaker, "heads": heads}


# -- perturbations ------------------------------------------------------------------------

def _numbers(text: str, rng: random.Random) -> str | None:
    m = list(re.finditer(r"(?<![\w.])\d+(?:[.,]\d+)?", text))
    if m:
        x = rng.choice(m)
        value = float(x.group(0).replace(",", ""))
        new = value * rng.choice((2, 3, 10)) + rng.choice((0, 1, 7))
        s = str(int(new)) if new == int(new) else f"{new:g}"
        return text[: x.start()] + s + text[x.end():]
    words = {"two": "five", "three": "seven", "four": "nine", "five": "two", "hundreds": "thousands",
             "thousands": "hundreds", "dozens": "hundreds", "ten": "three", "six": "two"}
    for w, r in words.items():
        if re.search(rf"\b{w}\b", text, re.I):
            return re.sub(rf"\b{w}\b", r, text, count=1, flags=re.I)
    return None


def _negate(text: str) -> str | None:
    if _NEG.search(text):
        out = _NEG.sub("", text, count=1)
        return out if out != text else None
    m = _AUX.search(text)
    if m:
        return text[: m.end()] + " not" + text[m.end():]
    return None


def _antonym(text: str) -> str | None:
    pairs = table("fidelity_polarity")["antonyms"]
    for t in tokenize(text):
        for a, b in pairs:
            for x, y in ((a, b), (b, a)):
                if t.lower == x:
                    return text[: t.start] + (y.capitalize() if t.text[0].isupper() else y) + text[t.end:]
    return None


def _names(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,}(?:\s[A-Z][a-z]{2,})*)\b", text):
        out.append((m.start(), m.end(), m.group(0)))
    return out


def _swap_name(text: str, others: list[str], rng: random.Random) -> str | None:
    names = _names(text)
    pool = [o for o in others if o.lower() not in text.lower()]
    if not names or not pool:
        return None
    a, b, _ = rng.choice(names)
    return text[:a] + rng.choice(pool) + text[b:]


def _drop_clause(text: str) -> str | None:
    cuts = [m.start() for m in re.finditer(r",\s|\s(?:and|but|after|because|while|as)\s", text)]
    for c in reversed(cuts):
        head, tail = text[:c], text[c:]
        if _content(head) >= 3 and _content(tail) >= 3:
            return head.rstrip(" ,")
    return None


def _hedge(text: str, rng: random.Random) -> str | None:
    m = _AUX.search(text)
    if not m:
        return None
    return text[: m.end()] + " " + rng.choice(_HEDGES_ADD) + text[m.end():]


def _unhedge(text: str) -> str | None:
    hedges = set(table("fidelity_certainty")["hedges"]) - {"would", "claim", "claims"}
    for t in tokenize(text):
        if t.lower in hedges:
            out = (text[: t.start] + text[t.end:]).replace("  ", " ")
            return out if _content(out) >= 3 else None
    m = re.search(r"\b(?:I|we) hope to (\w+)", text, re.I)
    if m:
        return text[: m.start()] + m.group(0).split()[0] + " will " + m.group(1) + text[m.end():]
    return None


def _misquote(text: str, vocab: list[str], rng: random.Random) -> str | None:
    toks = [t for t in tokenize(text) if is_content(t) and t.text.isalpha() and len(t.text) > 3]
    if len(toks) < 4 or not vocab:
        return None
    chosen = rng.sample(toks, 2)
    out = text
    for t in sorted(chosen, key=lambda t: -t.start):
        out = out[: t.start] + rng.choice(vocab) + out[t.end:]
    return out


def perturb(post: str, speaker: str, others: list[str], article_sentences: list[str],
            vocab: list[str], rng: random.Random, group: str,
            spk: dict[str, str | None]) -> Iterator[Example]:
    """FactCC-style renderings of one post (see the module docstring)."""
    post = _clean(post)
    if _content(post) < 4:
        return
    pronoun = rng.choice(("he", "she", "they"))
    plural = rng.choice(("they", "it"))
    verb = rng.choice(_VERBS)
    body = _person_shift(post, pronoun, plural).rstrip(".!? ")
    if rng.random() < 0.5:
        body = _backshift(body)  # reported speech: "we will never" -> "they would not"

    inner = "the " + speaker[4:] if speaker.startswith("The ") else speaker  # mid-sentence

    def said(text: str) -> str:
        forms = (f"{speaker} {verb} that {_lower_first(text)}.",
                 f"{text}, {inner} {verb}.",
                 f"According to {inner}, {_lower_first(text)}.",
                 f"In a post on social media, {inner} {verb} that {_lower_first(text)}.",
                 f"{speaker} {verb} on social media that {_lower_first(text)}.")
        return rng.choice(forms)

    def ex(cand: str, label: str, kind: str) -> Example:
        return _ex(post, cand, label, group, f"synthetic:{kind}", spk)

    yield ex(said(body), "faithful", "reported")
    yield ex(f'"{post.rstrip()}," {inner} {verb}.', "faithful", "quoted")
    tagless = re.sub(r"[#@](\w+)", r"\1", post)
    if tagless != post:
        yield ex(tagless, "faithful", "tags")
    sents = [post[s.start:s.end] for s in split_sentences(post)]
    sents = [s for s in sents if _content(s) >= 3]
    if len(sents) >= 2:
        yield ex(said(_person_shift(rng.choice(sents), pronoun, plural).rstrip(".!? ")), "partial",
                 "sentence")
    dropped = _drop_clause(body)
    if dropped:
        yield ex(said(dropped), "partial", "clause")
    hedged = _hedge(body, rng)
    if hedged:
        yield ex(said(hedged), "partial", "hedge-added")
    for kind, changed in (
        ("number", _numbers(body, rng)),
        ("negation", _negate(body)),
        ("antonym", _antonym(body)),
        ("entity", _swap_name(body, others, rng)),
        ("hedge-removed", _unhedge(body)),
    ):
        if changed and changed != body:
            yield ex(said(changed), "divergent", kind)
    # a change inside a part of the post (FactCC's compositions): divergent, not partial
    part = dropped or (_person_shift(rng.choice(sents), pronoun, plural).rstrip(".!? ")
                       if len(sents) >= 2 else None)
    if part:
        kind, changed = rng.choice((("number", _numbers(part, rng)), ("negation", _negate(part)),
                                    ("antonym", _antonym(part)),
                                    ("entity", _swap_name(part, others, rng))))
        if changed and changed != part:
            yield ex(said(changed), "divergent", f"part-{kind}")
        hedged_part = _hedge(part, rng)
        if hedged_part:
            yield ex(said(hedged_part), "partial", "part-hedge-added")
    misquoted = _misquote(post, vocab, rng)
    if misquoted:
        yield ex(f'"{misquoted.rstrip()}," {inner} {verb}.', "divergent", "misquote")
    if article_sentences:
        extra = rng.choice(article_sentences).rstrip(".")
        if _content(extra) >= 4:
            yield ex(said(body) [:-1] + f", adding that {_lower_first(extra)}.", "divergent", "claim")


# -- sources ------------------------------------------------------------------------------

def from_cases(paths: list[Path]) -> Iterator[Example]:
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                yield _ex(d["reference"], d["candidate"], d["label"], f"{path.name}:{d['group']}",
                          f"cases:{path.name}")


#: who the perturbed case posts are credited to (the case sets name no poster)
_CASE_SPEAKERS = ("The ministry", "The group", "The spokesman", "The official", "The company",
                  "The minister", "The army", "The president", "The organisation", "The police")


def from_case_posts(paths: list[Path], rng: random.Random) -> Iterator[Example]:
    """The case sets' posts (their references), perturbed as the pages' posts are, credited
    to a generic speaker ("The ministry said it would ..."), the poster known or not."""
    refs: dict[str, str] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                refs.setdefault(d["reference"], f"cases-posts:{path.name}:{d['group']}")
    texts = sorted(refs)
    others = sorted({n for t in texts for _, _, n in _names(t)})
    vocab = sorted({t.text.lower() for s in texts for t in tokenize(s)
                    if is_content(t) and t.text.isalpha() and len(t.text) > 4})
    for ref in texts:
        speaker = rng.choice(_CASE_SPEAKERS)
        spk = {"name": speaker.removeprefix("The ").lower(), "handle": None}
        rest = [t for t in texts if t != ref]
        for e in perturb(ref, speaker, others, rest, vocab, rng, refs[ref], spk):
            yield e if rng.random() < 0.5 else {**e, "speaker": None}


def from_sts(path: Path) -> Iterator[Example]:
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        score, a, b = line.split("\t")[:3]
        value = float(score)
        if value >= 3.6:
            yield _ex(a, b, "partial", f"sts:{k}", "sts", heads="related")
        elif value <= 1.0:
            yield _ex(a, b, "unrelated", f"sts:{k}", "sts", heads="related")


def from_real(path: Path) -> Iterator[Example]:
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    for it in items:
        page = f"{it['page']['repo']}:{it['page']['path']}"
        for c in it["candidates"]:
            if c.get("doubtful"):
                continue
            spk = {"name": None, "handle": it.get("handle")}
            yield _ex(it["reference"], c["text"], c["label"], f"real:{page}", "real", spk)
            yield _ex(it["reference"], c["text"], c["label"], f"real:{page}", "real", None)


def from_pages(pages: Path, manifest: Path | None, exclude: set[str], rng: random.Random,
               limit_distractors: int = 5) -> Iterator[Example]:
    from analyzer.detect import get_detector
    from analyzer.extract import get_extractor
    from analyzer.ingest import iter_articles
    from analyzer.records import Article

    names: dict[str, str] = {}
    if manifest is not None:
        for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
            f, repo, p, _ = line.split("\t")
            names[f] = f"{repo}:{p}"
    settings = load_settings(translate=False, embeddings=False, cache=False)
    extractor, detector = get_extractor(), get_detector("default")
    files = sorted(str(p) for p in pages.glob("*.html.gz"))
    arts = [a for a in iter_articles(files, settings) if isinstance(a, Article)]
    all_sents: list[str] = []
    docs = []
    for a in arts:
        key = names.get(Path(a.source).name.removesuffix(".gz"), a.source)
        if key in exclude or any(key.endswith(e.split(":", 1)[-1]) for e in exclude):
            continue
        if detector.detect(a.text[:3000]).code != "en":
            continue  # English articles only
        posts = [p for p in extractor.extract(a) if p.text and _content(p.text) >= 4]
        posts = [p for p in posts if detector.detect(p.text or "").code == "en"]
        spans = [p.span for p in posts if p.span]
        sents = [a.text[s.start:s.end] for s in split_sentences(a.text)
                 if not any(x.start < s.end and s.start < x.end for x in spans)]
        sents = [s for s in sents if 6 <= _content(s) <= 60 and not _SIGNATURE.search(s)]
        if a.title:
            sents.append(a.title)
        all_sents.extend(sents)
        docs.append((key, a, posts, sents))
    vocab = sorted({t.text.lower() for s in all_sents for t in tokenize(s)
                    if is_content(t) and t.text.isalpha() and len(t.text) > 4})
    for e in _pages_pairs(docs, all_sents, vocab, rng, limit_distractors):
        yield e
        if rng.random() < 0.5:
            yield {**e, "speaker": None}  # scored without knowing who posted, as a user may


def _pages_pairs(docs: list[Any], all_sents: list[str], vocab: list[str], rng: random.Random,
                 limit_distractors: int) -> Iterator[Example]:
    for key, _article, posts, sents in docs:
        others = sorted({n for s in sents for _, _, n in _names(s)})
        for k, post in enumerate(posts):
            text = _clean(post.text or "")
            name = post.author.name or (post.author.handle or "").lstrip("@") or "The account"
            spk = {"name": post.author.name, "handle": post.author.handle}
            group = f"page:{key}:{k}"
            yield from perturb(text, name, others, sents, vocab, rng, group, spk)
            stems = {t.stem for t in tokenize(text) if is_content(t)}
            # same-story distractors: sentences of the article sharing few of the post's words
            scored = sorted(sents, key=lambda s: -len(stems & {t.stem for t in tokenize(s)}))
            same_story = [s for s in scored[3:] if stems & {t.stem for t in tokenize(s)}]
            rng.shuffle(same_story)
            for s in same_story[:limit_distractors]:
                yield _ex(text, s, "unrelated", group, "synthetic:same-story", spk)
            for other in posts:
                if other is not post and other.text and stem(other.text[:20]) != stem(text[:20]):
                    o = _clean(other.text)
                    oname = other.author.name or other.author.handle or "another user"
                    if o and rng.random() < 0.5:
                        yield _ex(text, f'"{o}," {oname} wrote.', "unrelated", group,
                                  "synthetic:other-post", spk)
            if all_sents:
                yield _ex(text, rng.choice(all_sents), "unrelated", group, "synthetic:other-article", spk)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cases", type=Path, nargs="*", default=[])
    ap.add_argument("--perturb-cases", action="store_true",
                    help="also perturb the case sets' posts into reported speech (see from_case_posts)")
    ap.add_argument("--sts", type=Path, default=None)
    ap.add_argument("--pages", type=Path, default=None)
    ap.add_argument("--manifest", type=Path, default=None)
    ap.add_argument("--exclude-items", type=Path, default=None,
                    help="items.json whose pages are left out of --pages")
    ap.add_argument("--real", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    exclude: set[str] = set()
    if a.exclude_items:
        for it in json.loads(a.exclude_items.read_text(encoding="utf-8"))["items"]:
            exclude.add(f"{it['page']['repo']}:{it['page']['path']}")
    out: list[Example] = []
    out.extend(from_cases(a.cases))
    if a.perturb_cases:
        out.extend(from_case_posts(a.cases, rng))
    if a.sts:
        out.extend(from_sts(a.sts))
    if a.pages:
        out.extend(from_pages(a.pages, a.manifest, exclude, rng))
    if a.real:
        out.extend(from_real(a.real))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("w", encoding="utf-8") as fh:
        for e in out:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    from collections import Counter
    print(f"{len(out)} pairs -> {a.out}")
    print(dict(Counter((e["origin"].split(":")[0], e["label"]) for e in out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
