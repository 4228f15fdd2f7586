"""Quality gate for the text handling around the model (labelled cases, pinned floors).

``tests/data/eval/translate/cases.jsonl``: real-world post shapes in several languages, each
with the tokens that must come back verbatim (links, handles, emoji) and which hashtags sit
inside a sentence (translated as words in context) or at an edge (translated alone, returned
as a hashtag). Floors are in ``baseline.json``; lowering one is a deliberate change."""

from __future__ import annotations

import json
from pathlib import Path

from analyzer.translate.textproc import assemble, prepare, tag_words

DATA = Path(__file__).resolve().parent.parent / "data" / "eval" / "translate"


def load_cases() -> list[dict]:
    lines = (DATA / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def scores() -> dict[str, float]:
    kept = leaked = total = 0
    placed = tags = returned = edge = 0
    for case in load_cases():
        prepared = prepare(case["text"], case["lang"])
        inputs = prepared.model_inputs()
        mapping = {u: f"Xq{i} Zr{i}" for i, u in enumerate(inputs)}
        out = assemble(prepared, mapping)
        for token in case["verbatim"]:
            total += 1
            kept += token in out
            leaked += any(token in u for u in inputs)
        for tag in case["inline_tags"]:
            tags += 1
            words = tag_words(tag)
            placed += any(words in u and u != words for u in inputs)
        for tag in case["edge_tags"]:
            tags += 1
            edge += 1
            words = tag_words(tag)
            if words.isascii():
                ok = tag in out and not any(words in u for u in inputs)
                placed += ok
                returned += ok
            else:
                placed += words in inputs
                returned += (
                    f"#Xq{inputs.index(words)}_Zr{inputs.index(words)}" in out
                    if words in inputs
                    else 0
                )
    return {
        "verbatim_recall": kept / total,
        "verbatim_leak_free": 1 - leaked / total,
        "hashtag_placement_accuracy": placed / tags,
        "hashtag_returned": returned / edge,
    }


def test_text_handling_meets_the_pinned_floors() -> None:
    baseline = json.loads((DATA / "baseline.json").read_text(encoding="utf-8"))
    measured = scores()
    assert set(measured) == set(baseline)
    for name, floor in baseline.items():
        assert measured[name] >= floor, f"{name}: {measured[name]:.3f} < floor {floor}"
