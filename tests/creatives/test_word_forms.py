"""Indonesian word forms used to widen full-text queries past the Snowball stemmer's reach."""

from __future__ import annotations

import pytest

from app.repositories.creatives import indonesian_variants


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("pengemasan", {"kemas", "kemasan", "mengemas"}),
        ("kemasan", {"kemas", "mengemas"}),
        ("mengemas", {"kemas", "kemasan"}),
        ("dikemas", {"kemas", "mengemas"}),
        ("pemasaran", {"pasar", "pasaran"}),
        ("menulis", {"tulis", "tulisan"}),
        ("kesehatan", {"sehat"}),
        ("melukis", {"lukis"}),
        ("kemasannya", {"kemasan", "kemas"}),
    ],
)
def test_word_forms_reach_the_root_and_its_relatives(word: str, expected: set[str]) -> None:
    variants = indonesian_variants(word)
    assert word in variants
    assert expected <= variants


@pytest.mark.parametrize(
    ("word", "unwanted"),
    [
        ("desain", "desa"),  # -i is only a suffix after a verb prefix
        ("kemasan", "mas"),  # three-letter "roots" are mostly accidents
        ("logo", "lo"),
    ],
)
def test_word_forms_avoid_accidental_roots(word: str, unwanted: str) -> None:
    assert unwanted not in indonesian_variants(word)


def test_short_words_are_left_alone() -> None:
    assert indonesian_variants("ui") == {"ui"}
