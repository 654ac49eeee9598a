"""One side's words as a full-text query: the brief of a gig, or what a creative offers.

Content words (stop words dropped, `app.services.search.indonesian.content_words`) are widened
with every Indonesian form of each and stemmed by PostgreSQL itself (`indonesian`, plus the
word's `english` reading), so the OR-query reaches the lexemes the index actually holds.

For a gig's candidates PostgreSQL returns only the part of each profile's search vector that
the brief's lexemes reach (`found_lexemes`, with positions and weights), and `FoundLexemes.rank`
computes ts_rank's OR-query rank from it in Python: the same value, without running ts_rank
over every lexeme of the brief for every candidate, and the shared words come with it.
"""

from __future__ import annotations

import operator
import re
import struct
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    any_,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.matching.execution import run
from app.services.search.indonesian import content_words, indonesian_variants

# A brief's title and first sentences say what it is about; more words only slow the rank.
BRIEF_WORDS = 30
PROFILE_WORDS = 40

_INDONESIAN: ColumnElement[Any] = literal_column("'indonesian'::regconfig")
_ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")
_LEXEME = re.compile(r"[a-z0-9]+")
# ts_rank's default weights of D, C, B and A, and its limit of sum(1/i^2) (pi^2/6).
_WEIGHT = {"D": 0.1, "C": 0.2, "B": 0.4, "A": 1.0}
_SUM_INVERSE_SQUARES = 1.64493406685
# 1/i^2 for the at most 256 positions a tsvector keeps per lexeme.
_INVERSE_SQUARES = [1.0 / (i * i) for i in range(1, 257)]


@dataclass(frozen=True)
class QueryWords:
    """One side's content words and the index lexemes each reaches (all its word forms)."""

    stems_by_word: dict[str, frozenset[str]]
    # Every Indonesian form of each word, for matching text PostgreSQL has not indexed.
    word_by_form: dict[str, str] = field(default_factory=dict)

    # Cached: read for every candidate (`cached_property` writes the instance dict directly,
    # which a frozen dataclass allows).
    @cached_property
    def stems(self) -> list[str]:
        return sorted({stem for stems in self.stems_by_word.values() for stem in stems})

    @cached_property
    def _position(self) -> dict[str, int]:
        return {word: n for n, word in enumerate(self.stems_by_word)}

    @cached_property
    def _words_by_stem(self) -> dict[str, list[str]]:
        words: dict[str, list[str]] = {}
        for word, stems in self.stems_by_word.items():
            for stem in stems:
                words.setdefault(stem, []).append(word)
        return words

    @property
    def tsquery_text(self) -> str:
        """An OR over every lexeme; a never-matching lexeme stands in for an empty side."""
        return " | ".join(f"'{stem}'" for stem in self.stems) or "'-'"

    def tsquery(self) -> ColumnElement[Any]:
        return cast(literal(self.tsquery_text, Text), TSQUERY)

    def found_in(self, tokens: Collection[str]) -> tuple[str, ...]:
        """The words, as written, that these plain tokens use in one of their forms."""
        forms, position = self.word_by_form, self._position
        found = {forms[t] for t in tokens if t in forms and forms[t] in position}
        return tuple(sorted(found, key=position.__getitem__)) if found else ()

    def shared(self, lexemes: Collection[str] | None) -> tuple[str, ...]:
        """The words, as written, whose lexemes the other side's document contains."""
        by_stem = self._words_by_stem
        found = {word for lexeme in lexemes or () for word in by_stem.get(lexeme, ())}
        return tuple(sorted(found, key=self._position.__getitem__)) if found else ()


@cache
def _stems_statement() -> Select[Any]:
    """Each word's lexemes: its Indonesian forms stemmed as Indonesian, itself as English.
    Built once and bound per call."""
    pairs = (
        func.unnest(bindparam("words", type_=ARRAY(Text)), bindparam("forms", type_=ARRAY(Text)))
        .table_valued("word", "forms")
        .render_derived(name="w")
    )
    vector = func.to_tsvector(_INDONESIAN, pairs.c.forms).op("||")(
        func.to_tsvector(_ENGLISH, pairs.c.word)
    )
    return select(pairs.c.word, func.tsvector_to_array(vector))


async def query_words(session: AsyncSession, texts: Iterable[str], *, limit: int) -> QueryWords:
    """Stem each content word's Indonesian forms and its English reading in PostgreSQL."""
    words = content_words(texts, limit=limit)
    if not words:
        return QueryWords({})
    forms = [" ".join(sorted(indonesian_variants(word))) for word in words]
    rows = await run(session, _stems_statement(), {"words": words, "forms": forms})
    word_by_form: dict[str, str] = {}
    for word in reversed(words):  # the first word owning a form wins
        word_by_form.update(dict.fromkeys(indonesian_variants(word), word))
    stems_by_word = {
        word: frozenset(s for s in stems if _LEXEME.fullmatch(s)) for word, stems in rows.tuples()
    }
    return QueryWords(stems_by_word, word_by_form)


def shared_lexemes(vector: ColumnElement[Any], words: QueryWords) -> ColumnElement[Any]:
    """The lexemes of `vector` that the words reach (for the reasons' "shared words")."""
    lexeme = func.unnest(func.tsvector_to_array(vector)).table_valued("lexeme").render_derived()
    return (
        select(func.array_agg(lexeme.c.lexeme))
        .where(lexeme.c.lexeme == any_(literal(words.stems, ARRAY(Text))))
        .scalar_subquery()
    )


def found_lexemes(vector: ColumnElement[Any]) -> ColumnElement[Any]:
    """The part of `vector` that the `stems` parameter reaches, as text: deleting everything
    else (the vector without the stems, deleted from the vector) keeps positions and weights."""
    stems = bindparam("stems", type_=ARRAY(Text))
    others = func.tsvector_to_array(func.ts_delete(vector, stems))
    return cast(func.ts_delete(vector, others), Text)


@dataclass(frozen=True, slots=True)
class FoundLexemes:
    """A document's lexemes that one side's words reach, each with its positions' weights."""

    weights: dict[str, list[float]]

    @classmethod
    def parse(cls, text: str | None) -> FoundLexemes:
        """From a tsvector's text form, `'lexeme':3A,17,20B ...` (no letter: weight D); the
        lexemes are stems of `QueryWords`, plain letters and digits without quotes."""
        weights: dict[str, list[float]] = {}
        for entry in (text or "").split():
            quoted, _, positions = entry.partition(":")
            weights[quoted.strip("'")] = (
                [_WEIGHT.get(p[-1], _WEIGHT["D"]) for p in positions.split(",")]
                if positions
                else [_WEIGHT["D"]]
            )
        return cls(weights)

    def rank(self, words: QueryWords) -> float:
        """PostgreSQL's ts_rank(document, OR-query of the words' stems), default weights and
        normalisation: per lexeme found, its best weight plus the others' weights falling with
        the square of their order, averaged over every lexeme of the query."""
        size = len(words.stems)
        if not size:
            return 0.0
        total = 0.0
        for weights in self.weights.values():
            best = max(weights)
            first_best = weights.index(best)
            spread = sum(map(operator.mul, weights, _INVERSE_SQUARES))
            total += (best + spread - best / (first_best + 1) ** 2) / _SUM_INVERSE_SQUARES
        # ts_rank returns a float4.
        rank: float = struct.unpack("f", struct.pack("f", total / size))[0]
        return rank
