from __future__ import annotations

from typing import Any

import pytest
from seed_scenario import QUOTE, seed_window

from analyzer.align import LexicalAligner
from analyzer.config import Settings
from analyzer.paraphrase.finder import (
    FINDER_THRESHOLDS,
    DefaultParaphraseFinder,
    _key_stems,
    _Keys,
    _overlap_score,
    _split_renderings,
    clause_bounds,
    cue_score,
    split_sentences,
    strip_frame,
)
from analyzer.records import Article, Author, Detection, Post, PostResult, Span, Translation


def test_split_sentences_handles_quotes_abbreviations_and_paragraphs() -> None:
    text = 'Mr. Smith said "we will win." Then he left.\nNew paragraph without a stop\n\nU.S. officials agreed.'
    got = [text[s.start : s.end] for s in split_sentences(text)]
    assert got == [
        'Mr. Smith said "we will win."',
        "Then he left.",
        "New paragraph without a stop",
        "U.S. officials agreed.",
    ]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "The Taliban have said that hundreds of their fighters are heading for the Panjshir Valley.",
            "hundreds of their fighters are heading for the Panjshir Valley",
        ),
        (
            "The Taliban\u2019s Alemarah Twitter feed said hundreds of fighters were heading towards Panjshir.",
            "hundreds of fighters were heading towards Panjshir",
        ),
        (
            '"Nations must respect the rule of law, not violence," Saleh had tweeted.',
            "Nations must respect the rule of law, not violence",
        ),
        (
            "Prices rose sharply in March across the whole country.",
            "Prices rose sharply in March across the whole country",
        ),
    ],
)
def test_strip_frame(sentence: str, content: str) -> None:
    span = strip_frame(sentence, Span(0, len(sentence)))
    assert sentence[span.start : span.end] == content


def test_clause_bounds_cut_unrelated_clauses_but_not_quotes() -> None:
    s = (
        "Hundreds of fighters are heading for the valley, even as Massoud has said he wanted talks, "
        'while "the talks, which failed, are over".'
    )
    cuts = clause_bounds(s, Span(0, len(s)))
    assert [s[c : c + 9] for c in cuts] == [", even as", ', while "']


def test_cue_score_counts_author_platform_verbs_and_quotes() -> None:
    post = Post("twitter", "embed", Author("Islamic Emirate", "alemara_ar"))
    text = 'The Alemarah Twitter feed said fighters were heading "towards Panjshir".'
    assert cue_score(text, Span(0, len(text)), [post]) == pytest.approx(1.0)
    plain = "Fighters were heading towards the valley."
    assert cue_score(plain, Span(0, len(plain)), [post]) == 0.0


def _by_author(out: list[list[PostResult]]) -> dict[str, PostResult]:
    return {r.post.author.name or "": r for doc in out for r in doc}


def _check_seed(out: list[list[PostResult]], doc0: str, doc1: str, *, leads: bool) -> None:
    results = _by_author(out)
    tweet = results["الإمارة الإسلامية"]
    quote = results["Taliban"]
    assert quote.english == QUOTE and quote.english_source == "original"
    # the English quote of article 000 stands in for the Arabic tweet of article 001
    assert tweet.english == QUOTE and tweet.english_source == f"article:{doc0}"
    texts = [p.text for p in tweet.paraphrases]
    feed = 'hundreds of fighters were heading towards Panjshir "after local state officials refused to hand it over peacefully"'
    assert texts[0] == feed
    best = tweet.paraphrases[0]
    assert best.document == doc1 and best.quoted
    kinds = {f.kind: f for f in best.fidelity.flags}
    assert "to control it" in [f.reference for f in best.fidelity.flags if f.kind == "omission"]
    assert "Mujahideen of the Islamic Emirate" in (kinds["substitution"].reference or "")
    assert "fighters" in (kinds["substitution"].candidate or "")
    assert "quote_supported" in kinds
    assert best.fidelity.label == "partial"
    assert not any(f.severity == "hard" for f in best.fidelity.flags)
    if leads:
        # the lead sentence, when reported, is trimmed of its unrelated clause about Massoud
        lead = [
            p
            for p in tweet.paraphrases
            if p.document == doc1 and "hundreds of their fighters" in p.text
        ]
        assert all("Massoud" not in p.text for p in lead)
    for doc in out:
        for r in doc:
            for p in r.paraphrases:
                # never the post's own text, never what the scorer calls unrelated
                assert p.text not in (r.post.text or "")
                assert p.fidelity is not None and p.fidelity.label != "unrelated"
    # the English quote itself is not a paraphrase of anything
    assert not any(QUOTE in p.text for r in results.values() for p in r.paraphrases)


def test_seed_scenario_lexical() -> None:
    window = seed_window()
    out = DefaultParaphraseFinder(Settings(embeddings=False)).run(window, {})
    assert [len(d) for d in out] == [2, 1]
    _check_seed(out, window[0][0].id, window[1][0].id, leads=False)


def test_seed_scenario_embedding(embedding_aligner: Any) -> None:
    window = seed_window()
    out = DefaultParaphraseFinder(Settings(), aligner=embedding_aligner).run(window, {})
    _check_seed(out, window[0][0].id, window[1][0].id, leads=True)
    results = _by_author(out)
    saleh = results["Saleh"].paraphrases
    assert saleh and any(f.kind == "misquote" for f in saleh[0].fidelity.flags)


def test_translation_is_used_when_there_is_one_and_renderings_are_scored() -> None:
    window = seed_window(unavailable=False)
    from analyzer.text.normalize import post_key

    arabic = window[1][1][0].post.text or ""
    rendering = QUOTE.replace("Hundreds", "Thousands")
    out = DefaultParaphraseFinder(Settings(embeddings=False)).run(
        window, {post_key(arabic): [(rendering, "alice")]}
    )
    tweet = _by_author(out)["الإمارة الإسلامية"]
    assert tweet.english_source == "translation"
    assert tweet.paraphrases and tweet.paraphrases[0].document == window[1][0].id
    (r,) = tweet.renderings
    assert r.translator == "alice" and r.fidelity is not None and r.alignment is not None
    assert r.fidelity.label == "divergent" and any(
        f.kind == "number" and f.severity == "hard" for f in r.fidelity.flags
    )


def test_no_paraphrase_is_forced() -> None:
    text = (
        "The city council met on Tuesday to discuss the budget for parks. "
        "Bread costs went up. \u00abWir bauen eine neue Br\u00fccke\u00bb, schrieb der B\u00fcrgermeister."
    )
    article = Article("x.txt", "x", text)
    start = text.index("Wir")
    post = Post(
        "twitter",
        "quote",
        Author("Mayor"),
        text="Wir bauen eine neue Br\u00fccke",
        span=Span(start, start + 24),
    )
    result = PostResult(
        post, Detection("de", 0.9), Translation("We are building a new bridge", "ok", model="m")
    )
    (doc,) = DefaultParaphraseFinder(Settings(embeddings=False)).run([(article, [result])], {})
    assert (
        doc[0].english == "We are building a new bridge" and doc[0].english_source == "translation"
    )
    assert doc[0].paraphrases == ()


def test_unlinked_foreign_post_without_english_stays_without_paraphrases() -> None:
    text = "Ein Beitrag ohne Übersetzung. Officials said nothing about it."
    article = Article("y.txt", "y", text)
    post = Post(
        "twitter", "embed", Author("Someone"), text="Ein Beitrag ohne Übersetzung", span=Span(0, 28)
    )
    result = PostResult(post, Detection("de", 0.9), Translation(None, "unavailable"))
    (doc,) = DefaultParaphraseFinder(Settings(embeddings=False)).run([(article, [result])], {})
    assert doc[0].english is None and doc[0].english_source is None and doc[0].paraphrases == ()


def test_rendering_stands_in_when_nothing_else_exists() -> None:
    from analyzer.text.normalize import post_key

    text = "Ein Beitrag. Nothing else here."
    post = Post("twitter", "embed", text="Ein Beitrag", span=Span(0, 11))
    result = PostResult(post, Detection("de", 0.9), Translation(None, "unavailable"))
    out = DefaultParaphraseFinder(Settings(embeddings=False), aligner=LexicalAligner()).run(
        [(Article("z", "z", text), [result])], {post_key("Ein Beitrag"): [("A post", None)]}
    )
    r = out[0][0]
    assert r.english == "A post" and r.english_source == "rendering"
    assert r.renderings[0].fidelity is None


def test_empty_window() -> None:
    assert DefaultParaphraseFinder(Settings(embeddings=False)).run([], {}) == []
    article = Article("a", "a", "Nothing here.")
    assert DefaultParaphraseFinder(Settings(embeddings=False)).run([(article, [])], {}) == [[]]


def test_long_documents_are_capped_but_the_paraphrase_is_kept() -> None:
    filler = " ".join(
        f"Residents of town number {i} reported calm weather and busy markets." for i in range(400)
    )
    para = 'The Taliban\u2019s feed said hundreds of fighters were heading towards Panjshir "after local state officials refused to hand it over peacefully".'
    text = filler + " " + para
    article = Article("long.txt", "long", text)
    quote = Post("twitter", "quote", Author("Taliban"), text=QUOTE)
    window = [(article, [PostResult(quote, Detection("en", 0.9), Translation(None, "identity"))])]
    stage = DefaultParaphraseFinder(Settings(embeddings=False))
    (doc,) = stage.run(window, {})
    assert doc[0].paraphrases and doc[0].paraphrases[0].text.startswith("hundreds of fighters")


def test_stage_signature_names_aligner_and_thresholds() -> None:
    sig = DefaultParaphraseFinder(Settings(embeddings=False)).signature()
    assert sig["aligner"] == "lexical" and sig["model"] == "none"
    assert "finder.shortlist" in sig and sig["label_model"].startswith("lexical ")
    assert len(sig["id"]) == 12


def test_an_article_rendering_part_of_a_long_post_is_found(embedding_aligner: Any) -> None:
    tweet = (
        "Today I have offered my resignation to the Prime Minister. The recovery must continue "
        "without distraction. Thank you to every volunteer."
    )
    text = (
        "The minister resigned on Tuesday after days of criticism.\n\n"
        'In a post on X, the minister said she was stepping down "to let the recovery continue '
        'without distraction".\n\n' + tweet + "\n\nThe opposition welcomed the move."
    )
    start = text.index(tweet)
    post = Post("twitter", "embed", Author("Jane Doe", "janedoe_mp"), text=tweet,
                span=Span(start, start + len(tweet)))
    result = PostResult(post, translation=Translation(tweet, "identity"))
    stage = DefaultParaphraseFinder(Settings(), aligner=embedding_aligner)
    [[linked]] = stage.run([(Article("a", "a", text), [result])], {})
    assert [p.text for p in linked.paraphrases] == [
        'she was stepping down "to let the recovery continue without distraction"'
    ]
    assert linked.paraphrases[0].fidelity is not None
    assert linked.paraphrases[0].fidelity.label == "partial"


def test_a_rendering_split_over_two_sentences_is_a_candidate() -> None:
    """Articles render a post over a question and its answer ('Who will run it? …, it's X'):
    each sentence holds part of the post's words, and together they are one candidate."""
    tweet = "Maria Okafor will lead the new river agency from January, the council confirmed."
    text = (
        "The council met on Monday.\n\n"
        "So who will lead the new river agency? The answer, confirmed from January, is Maria Okafor.\n\n"
        "The weather stayed dry. Nobody else spoke."
    )
    sents = split_sentences(text)
    keys = _Keys.of(tweet)
    sharing = {}
    for k, s in enumerate(sents):
        stems = _key_stems(text[s.start : s.end])
        if _overlap_score(keys, stems) > 0:
            sharing[k] = (s, stems, _overlap_score(keys, stems))
    merged = _split_renderings(keys, text, sents, sharing, FINDER_THRESHOLDS["lexical"].merged)
    assert [text[span.start : span.end] for _, span in merged] == [
        "So who will lead the new river agency? The answer, confirmed from January, is Maria Okafor."
    ]

    post = Post("twitter", "quote", Author("Council"), text=tweet)
    result = PostResult(post, Detection("en", 0.9), Translation(tweet, "identity"))
    (doc,) = DefaultParaphraseFinder(Settings(embeddings=False), aligner=LexicalAligner()).run(
        [(Article("a", "a", text), [result])], {}
    )
    assert [p.text for p in doc[0].paraphrases][:1] == [
        "So who will lead the new river agency? The answer, confirmed from January, is Maria Okafor"
    ]


@pytest.mark.parametrize(
    ("sentence", "signature"),
    [
        ("— Harbour Ferries (@harbourferries) December 22, 2014", True),
        ("— Ana Lima (@analima) 28", True),
        ("- Bluesky Person (@person.bsky.social) 3 March 2024", True),
        ("— as Ana Lima (@analima) put it, the ferries will run again on Monday morning", False),
        ("Ana Lima (@analima) said the ferries would run again.", False),
        ("Ferries are back this morning! pic.twitter.com/AbC123xyz", True),
        ("we are on it https://t.co/Xy12AbCdE", True),
        ("The ferry company's site, ferries.co/timetable, was down.", False),
    ],
)
def test_embed_furniture_is_not_a_candidate(sentence: str, signature: bool) -> None:
    from analyzer.paraphrase.finder import _is_embed_furniture

    assert _is_embed_furniture(sentence) is signature


@pytest.mark.parametrize(
    ("sentence", "furniture"),
    [
        ("Ferries, Harbour, Storm, Coastguard, North Sea", True),
        ("Harbour Terminal, Dec. 22, 2014", True),
        ("Lisboa, 3 de março de 2024", True),
        ("That's right, no, no, no, it's the ferry again!", False),
        ("Ferries from Dover, Calais, Dunkirk, Ostend and Hull were cancelled.", False),
        ("The ferries stopped on Dec. 22, 2014, the company said.", False),
    ],
)
def test_page_furniture_is_not_a_candidate(sentence: str, furniture: bool) -> None:
    from analyzer.paraphrase.finder import _is_page_furniture

    assert _is_page_furniture(sentence) is furniture
