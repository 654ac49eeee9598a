"""Error messages per language: English lives on the error classes, other languages here.

`code` never changes with the language; only `title`, `detail` and field `message` do.
tests/ops/test_messages.py fails when a code raised anywhere (every `DomainError` subclass and
every code the handlers emit) has no Indonesian text.
"""

from __future__ import annotations

from typing import Literal

from app.core.messages.indonesian import FIELD_MESSAGES, TITLES

Language = Literal["en", "id"]
SUPPORTED: tuple[Language, ...] = ("en", "id")


def preferred_language(accept_language: str | None) -> Language:
    """The best of our languages for an Accept-Language header (RFC 9110 q-values); English
    when nothing matches."""
    best: tuple[float, Language] = (0.0, "en")
    for position, entry in enumerate((accept_language or "").split(",")):
        tag, _, params = entry.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in SUPPORTED:
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        # Earlier entries win ties, as clients list them in order of preference.
        score = quality - position * 1e-6
        if score > best[0]:
            best = (score, primary)
    return best[1]


def title_for(code: str, english: str, language: Language) -> str:
    if language == "id":
        return TITLES.get(code, english)
    return english


def field_message(code: str, english: str, context: dict[str, object], language: Language) -> str:
    """A field error's message (a pydantic error `type` or a rule's domain code) in the
    language; English when not listed."""
    if language != "id":
        return english
    if code not in FIELD_MESSAGES:
        # A broken rule in `errors` carries its domain error's code (app/core/errors.py).
        return TITLES.get(code, english)
    try:
        return FIELD_MESSAGES[code].format(**context)
    except (KeyError, IndexError, ValueError):
        return english
