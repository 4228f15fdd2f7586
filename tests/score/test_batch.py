"""score_fidelities: many pairs at once, the results of score_fidelity one by one."""

from __future__ import annotations

import pytest

from analyzer import ConfigError, score_fidelities, score_fidelity

PAIRS = [
    ("Hundreds of fighters are heading to Panjshir", "Thousands of fighters are heading to Panjshir"),
    ("We will never negotiate with them", "He said they would not negotiate", "لن نتفاوض معهم أبدا"),
    ("The bridge will reopen on Monday", "Rescue workers searched the rubble late on Sunday."),
]


def test_many_pairs_score_as_one_by_one() -> None:
    many = score_fidelities(PAIRS, author="Jane Roe", handle="janeroe")
    one = [
        score_fidelity(*p[:2], source=p[2] if len(p) == 3 else None, author="Jane Roe", handle="janeroe")
        for p in PAIRS
    ]
    assert many == one
    assert [f.label for f in many][2] == "unrelated" and many[0].label != "unrelated"
    assert score_fidelities([]) == []


@pytest.mark.parametrize("bad", [["not a pair"], [("only one",)], [("a", 3)]])
def test_a_bad_pair_is_a_config_error(bad: list[object]) -> None:
    with pytest.raises(ConfigError):
        score_fidelities(bad)  # type: ignore[arg-type]
