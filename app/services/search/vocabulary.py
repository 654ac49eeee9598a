"""The vocabulary of gig titles, and correcting a query's misspelt words against it.

A word of the query that no gig title has ever used ("kemasn") is replaced by the closest
title word by trigram similarity ("kemasan"), and the search runs for both spellings. The
lookup touches only `search_words` (a few thousand rows, trigram-indexed), never the gigs,
so typo tolerance costs one small query instead of a similarity scan of every title.
Queries with websearch syntax (quotes, -exclusion, or) are meant precisely: not corrected.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sqlalchemy import Float, Select, String, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import SearchWord
from app.services.search.indonesian import uses_websearch_syntax

# "kemsan" ~ "kemasan" is 0.5; below 0.45 suggestions stop resembling the word.
MIN_SIMILARITY = 0.45
MIN_WORD_LENGTH = 3
MAX_WORD_LENGTH = 64
_WORD = re.compile(r"[a-z][a-z0-9]*")

# The same words for every gig at once (bulk loads; migration 0005 ran its own copy).
VOCABULARY_FROM_ALL_GIGS = """
    INSERT INTO search_words (word)
    SELECT DISTINCT m[1] FROM gigs, regexp_matches(lower(title), '([a-z][a-z0-9]*)', 'g') m
    WHERE length(m[1]) BETWEEN 3 AND 64
    ON CONFLICT DO NOTHING
"""


def title_words(title: str) -> list[str]:
    """Distinct words of a title as the vocabulary keeps them."""
    words = (
        w for w in _WORD.findall(title.lower()) if MIN_WORD_LENGTH <= len(w) <= MAX_WORD_LENGTH
    )
    return sorted(set(words))


async def remember_title_words(session: AsyncSession, title: str) -> None:
    """Add a new or changed title's words (in the gig's own transaction)."""
    words = title_words(title)
    if words:
        statement = insert(SearchWord).values([{"word": word} for word in words])
        await session.execute(statement.on_conflict_do_nothing(index_elements=["word"]))


@cache
def _corrections_statement() -> Select[Any]:
    asked = (
        func.unnest(bindparam("words", type_=ARRAY(String)))
        .table_valued("word")
        .render_derived(name="asked")
    )
    closest = (
        select(SearchWord.word)
        .where(SearchWord.word.op("%")(asked.c.word))
        .where(func.similarity(SearchWord.word, asked.c.word) >= bindparam("min", type_=Float))
        .order_by(func.similarity(SearchWord.word, asked.c.word).desc(), SearchWord.word)
        .limit(1)
        .scalar_subquery()
    )
    known = select(literal_column("1")).where(SearchWord.word == asked.c.word).exists()
    return select(asked.c.word, closest.label("closest")).where(~known)


async def corrected_query(session: AsyncSession, q: str) -> str | None:
    """`q` with each unknown word replaced by its closest title word, or None if unchanged."""
    if uses_websearch_syntax(q):
        return None
    words = [w for w in _WORD.findall(q.lower()) if MIN_WORD_LENGTH <= len(w) <= MAX_WORD_LENGTH]
    if not words:
        return None
    rows = await session.execute(
        _corrections_statement(), {"words": sorted(set(words)), "min": MIN_SIMILARITY}
    )
    replacements = {row.word: row.closest for row in rows if row.closest is not None}
    if not replacements:
        return None
    return " ".join(replacements.get(word, word) for word in _WORD.findall(q.lower()))
