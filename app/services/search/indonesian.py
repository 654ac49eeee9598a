"""Indonesian query expansion: the one place every full-text search widens its words.

PostgreSQL's Snowball `indonesian` stemmer cannot undo nasal assimilation or the ke-...-an
confix: "pengemasan" stems to "emas" and "mengemas" to "emas", while "kemasan" stems to
"masan" and "dikemas" to "kemas"; "penulisan" gives "ulis" but "tulisan" gives "tulis". The
index keeps Snowball's stems, so each query word is widened here with its likely roots and
their derived forms (each then stemmed by PostgreSQL itself), and any form of a word finds the
others. ts_rank keeps the exact form first.

Used by `GET /v1/gigs?q=`, `GET /v1/creatives?q=` and the matching service (which turns a whole
gig brief or profile into an OR-query of its content words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Text, bindparam, func, literal, literal_column

_VOWELS = frozenset("aeiou")
# Longest first: a nasal prefix plus the root letter it swallows before a vowel.
_NASAL_PREFIXES = (
    ("meng", "k"),
    ("peng", "k"),
    ("meny", "s"),
    ("peny", "s"),
    ("mem", "p"),
    ("pem", "p"),
    ("men", "t"),
    ("pen", "t"),
)
_PLAIN_PREFIXES = ("di", "ter", "ber", "per", "ke", "se")
_VERB_PREFIXES = ("me", "pe", "di", "ter", "ber", "per")
_MIN_ROOT = 4  # shorter "roots" ("mas" from "kemasan") are mostly accidental
MAX_EXPANDED_WORDS = 8

# Function words and brief boilerplate: the `indonesian` configuration has no stop list, so
# "yang", "untuk" and "kami" would otherwise match every profile when a brief becomes a query.
STOP_WORDS = frozenset(
    # One string rather than a formatter-expanded list of 150 lines.
    """
    ada adalah agar akan aku anda apa atau bagi bahwa baik banyak bapak baru beberapa belum
    bisa boleh buat bukan dalam dan dari dengan di dia harus hanya hingga ibu ini itu jadi
    jika juga kak kalau kami kamu karena ke kita lagi lain lebih mau maupun mereka misalnya
    mohon nanti oleh pada para per perlu saat saja sama sampai sangat saya sebagai sebelum
    secara sedang sehingga sekali semua sendiri seperti serta setelah siap sudah supaya tanpa
    tapi telah tentang terima tersebut tetapi tiap tolong untuk yang yg dll dsb
    butuh butuhkan membutuhkan mencari cari ingin kasih silakan
    a an and are as at be but by can for from has have i in is it its me my need needs
    of on or our please should so than that the their them then these they this to us
    want was we what when which who will with would you your looking
    """.split()  # noqa: SIM905
)
_WORD = re.compile(r"[a-z][a-z0-9]*")


def _suffix_stripped(word: str) -> set[str]:
    forms = {word}
    for particle in ("nya", "lah", "kah", "pun", "ku", "mu"):
        if len(word) - len(particle) >= _MIN_ROOT and word.endswith(particle):
            forms.add(word.removesuffix(particle))
    for form in list(forms):
        if len(form) - 2 >= _MIN_ROOT and form.endswith("an"):
            forms.add(form.removesuffix("an"))
        # -kan and -i are verb suffixes: only stripped with a verb prefix ("desain" stays).
        if form.startswith(_VERB_PREFIXES):
            for suffix in ("kan", "i"):
                if len(form) - len(suffix) >= _MIN_ROOT and form.endswith(suffix):
                    forms.add(form.removesuffix(suffix))
    return forms


def _prefix_stripped(word: str) -> set[str]:
    roots: set[str] = set()
    for prefix, swallowed in _NASAL_PREFIXES:
        if word.startswith(prefix):
            rest = word.removeprefix(prefix)
            roots.add(rest)
            if rest[:1] in _VOWELS:
                roots.add(swallowed + rest)
            break
    else:
        if word.startswith(("me", "pe")) and word[2:3] in set("lrwymn"):
            roots.add(word[2:])
    for prefix in _PLAIN_PREFIXES:
        if word.startswith(prefix):
            roots.add(word.removeprefix(prefix))
    return {root for root in roots if len(root) >= _MIN_ROOT}


def _nasalised(root: str) -> str | None:
    if root.startswith(_VERB_PREFIXES):  # already a derived form
        return None
    first = root[0]
    if first in _VOWELS or first in "ghk":
        return "meng" + (root[1:] if first == "k" else root)
    if first == "s":
        return "meny" + root[1:]
    if first in "tdcjz":
        return "men" + (root[1:] if first == "t" else root)
    if first in "pbfv":
        return "mem" + (root[1:] if first == "p" else root)
    return "me" + root


@lru_cache(maxsize=8192)
def _variants(word: str) -> frozenset[str]:
    if len(word) < _MIN_ROOT:
        return frozenset({word})
    variants = _suffix_stripped(word)
    for form in list(variants):
        roots = _prefix_stripped(form)
        # The -an noun of each root: "mengemas" -> "kemas" -> "kemasan".
        variants |= roots | {root + "an" for root in roots if not root.endswith("an")}
    for form in list(variants):
        if (nasal := _nasalised(form)) is not None:
            variants.add(nasal)
    return frozenset(variants)


def indonesian_variants(word: str) -> set[str]:
    """The word, its likely roots, their -an nouns and nasal verbs (`kemas` -> `mengemas`)."""
    return set(_variants(word))


# A phrase search skips expansion, but a nasal prefix before a vowel still hides a k- or t-
# root from the stemmer ("pengemasan" -> "emas"); a second reading with it restored
# ("kemasan") finds the phrase as owners write it. (p- and s- roots it gets right.)
_NASAL_BEFORE_VOWEL = re.compile(r"\b[pm]e(ng|n)(?=[aiueo])", re.IGNORECASE)


def restore_nasal_roots(q: str) -> str:
    """`pengemasan kopi` -> `kemasan kopi`, `penulisan` -> `tulisan`."""
    return _NASAL_BEFORE_VOWEL.sub(lambda m: "k" if m.group(1).lower() == "ng" else "t", q)


_WEBSEARCH_SYNTAX = re.compile(r'"|(?:^|\s)-\S|(?:^|\s)or(?:\s|$)', re.IGNORECASE)


def uses_websearch_syntax(q: str) -> bool:
    """Quotes, `-exclusion` or `or`: the query is meant precisely."""
    return _WEBSEARCH_SYNTAX.search(q) is not None


def expanded_tsquery_text(q: str) -> str | None:
    """`(w1 | root1 | ...) & (w2 | ...) & !neg` for to_tsquery, or None to skip expansion."""
    if '"' in q:  # a phrase search asks for precision, not for word forms
        return None
    groups: list[str] = []
    for chunk in q.lower().split()[:MAX_EXPANDED_WORDS]:
        negated = chunk.startswith("-")
        words = _WORD.findall(chunk)
        if not words or chunk == "or":
            continue
        if negated:
            groups.extend(f"!{word}" for word in words)
        else:
            groups.extend(
                "(" + " | ".join(sorted(indonesian_variants(word))) + ")" for word in words
            )
    return " & ".join(groups) or None


def text_query(q: str) -> ColumnElement[Any]:
    """websearch syntax in Indonesian and English, widened with Indonesian word forms."""
    kind, extra = text_query_reading(q)
    return _text_query(literal(q), kind, None if extra is None else literal(extra))


def text_query_reading(q: str) -> tuple[str, str | None]:
    """What `text_query` ORs in beside q itself: its expanded forms, q with nasal roots
    restored, or nothing (`plain`)."""
    expanded = expanded_tsquery_text(q)
    if expanded is not None:
        return "expanded", expanded
    if (restored := restore_nasal_roots(q)) != q:
        return "restored", restored
    return "plain", None


def bound_text_query(name: str, kind: str) -> ColumnElement[Any]:
    """`text_query` for a prebuilt statement: q bound as `name`, its reading as `name_extra`."""
    extra = None if kind == "plain" else bindparam(f"{name}_extra", type_=Text)
    return _text_query(bindparam(name, type_=Text), kind, extra)


def _text_query(
    q: ColumnElement[Any], kind: str, extra: ColumnElement[Any] | None
) -> ColumnElement[Any]:
    indonesian: ColumnElement[Any] = literal_column("'indonesian'::regconfig")
    english: ColumnElement[Any] = literal_column("'english'::regconfig")
    query = func.websearch_to_tsquery(indonesian, q).op("||")(func.websearch_to_tsquery(english, q))
    if kind == "expanded" and extra is not None:
        query = query.op("||")(func.to_tsquery(indonesian, extra))
    elif kind == "restored" and extra is not None:
        query = query.op("||")(func.websearch_to_tsquery(indonesian, extra))
    return query


def content_words(texts: Iterable[str], *, limit: int) -> list[str]:
    """Distinct lower-cased words worth matching on, in order of first use, stop words dropped.

    How the matching service turns a whole brief or profile into query words.
    """
    seen: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if len(word) >= 3 and word not in STOP_WORDS and not word.isdigit():
                seen.setdefault(word, None)
                if len(seen) >= limit:
                    return list(seen)
    return list(seen)


def any_form_tsquery_text(words: Iterable[str]) -> str:
    """`w1 | root1 | ... | w2 | ...`: a to_tsquery OR over every form of every word."""
    forms: dict[str, None] = {}
    for word in words:
        for form in sorted(_variants(word)):
            forms.setdefault(form, None)
    return " | ".join(forms)
