from __future__ import annotations

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class SearchWord(Base):
    """A word used in some gig title: the vocabulary that search corrects misspellings to.

    Words are only ever added (when a gig is posted or retitled); a word whose gigs are gone
    costs one row and at worst suggests a correction that finds nothing.
    """

    __tablename__ = "search_words"
    __table_args__ = (
        Index(
            "ix_search_words_word_trgm",
            "word",
            postgresql_using="gin",
            postgresql_ops={"word": "gin_trgm_ops"},
        ),
    )

    word: Mapped[str] = mapped_column(String(64), primary_key=True)
