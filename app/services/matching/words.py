"""One side's words as a full-text query: the brief of a gig, or what a creative offers.

Content words (stop words dropped, `app.services.search.indonesian.content_words`) are widened
with every Indonesian form of each and stemmed by PostgreSQL itself (`indonesian`, plus the
word's `english` reading), so the OR-query reaches the lexemes the index actually holds.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Text, any_, cast, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from app.services.search.indonesian import content_words, indonesian_variants

# A brief's title and first sentences say what it is about; more words only slow the rank.
BRIEF_WORDS = 30
PROFILE_WORDS = 40

_INDONESIAN: ColumnElement[Any] = literal_column("'indonesian'::regconfig")
_ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")
_LEXEME = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class QueryWords:
    """One side's content words and the index lexemes each reaches (all its word forms)."""

    stems_by_word: dict[str, frozenset[str]]
    # Every Indonesian form of each word, for matching text PostgreSQL has not indexed.
    word_by_form: dict[str, str] = field(default_factory=dict)

    @property
    def stems(self) -> list[str]:
        return sorted({stem for stems in self.stems_by_word.values() for stem in stems})

    @property
    def tsquery_text(self) -> str:
        """An OR over every lexeme; a never-matching lexeme stands in for an empty side."""
        return " | ".join(f"'{stem}'" for stem in self.stems) or "'-'"

    def tsquery(self) -> ColumnElement[Any]:
        return cast(literal(self.tsquery_text, Text), TSQUERY)

    def found_in(self, tokens: Collection[str]) -> tuple[str, ...]:
        """The words, as written, that these plain tokens use in one of their forms."""
        found = {self.word_by_form[t] for t in tokens if t in self.word_by_form}
        return tuple(word for word in self.stems_by_word if word in found)

    def shared(self, lexemes: Collection[str] | None) -> tuple[str, ...]:
        """The words, as written, whose lexemes the other side's document contains."""
        found = set(lexemes or ())
        return tuple(word for word, stems in self.stems_by_word.items() if stems & found)


async def query_words(session: AsyncSession, texts: Iterable[str], *, limit: int) -> QueryWords:
    """Stem each content word's Indonesian forms and its English reading in PostgreSQL."""
    words = content_words(texts, limit=limit)
    if not words:
        return QueryWords({})
    forms = [" ".join(sorted(indonesian_variants(word))) for word in words]
    pairs = (
        func.unnest(literal(words, ARRAY(Text)), literal(forms, ARRAY(Text)))
        .table_valued("word", "forms")
        .render_derived(name="w")
    )
    vector = func.to_tsvector(_INDONESIAN, pairs.c.forms).op("||")(
        func.to_tsvector(_ENGLISH, pairs.c.word)
    )
    rows = await session.execute(select(pairs.c.word, func.tsvector_to_array(vector)))
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
