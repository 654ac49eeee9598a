"""What a new password must be: 8 characters or more, not easy to guess (zxcvbn score 3+,
with common Indonesian choices added to its English lists) and not made of the account's own
name or address."""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

from app.core.errors import Unprocessable
from app.core.security import off_the_loop

MIN_LENGTH = 8
MIN_SCORE = 3
# zxcvbn looks at this many characters; beyond them a password is not weaker, only slower
# to score (its matching grows quadratically with length).
SCORED_PREFIX = 64
# Common in Indonesian password leaks and absent from zxcvbn's English dictionaries.
INDONESIAN_COMMON = (
    "bismillah",
    "sayang",
    "sayangku",
    "cinta",
    "cintaku",
    "indonesia",
    "merdeka",
    "garuda",
    "rahasia",
    "jakarta",
    "surabaya",
    "bandung",
    "pasarkreatif",
    "pasar",
    "kreatif",
    "anjing",
    "kucing",
    "doraemon",
    "persija",
    "persib",
    "alhamdulillah",
    "katasandi",
    "sandi",
)


class WeakPassword(Unprocessable):
    code, title = "weak_password", "The password is too easy to guess"


def _account_words(email: str, full_name: str) -> list[str]:
    local = email.split("@", 1)[0].lower()
    words = {local, *re.split(r"[^a-z0-9]+", local), *full_name.lower().split()}
    return [w for w in words if len(w) >= 4]


async def ensure_strong_password(password: str, *, email: str, full_name: str) -> None:
    """`check_password` in the hashing pool: scoring a long password takes tens of ms."""
    await off_the_loop(check_password, password, email=email, full_name=full_name)


def check_password(password: str, *, email: str, full_name: str) -> None:
    """Raise 422 `weak_password` with the reason when `password` breaks the policy."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Use at least {MIN_LENGTH} characters", reason="too_short")
    lowered = password.lower()
    account_words = _account_words(email, full_name)
    if any(word in lowered for word in account_words) and len(lowered) < 2 * MIN_LENGTH:
        raise WeakPassword("Do not build the password from your name or email", reason="personal")
    result = zxcvbn(password[:SCORED_PREFIX], user_inputs=[*INDONESIAN_COMMON, *account_words])
    if result["score"] < MIN_SCORE:
        warning = result["feedback"].get("warning") or "This password is easy to guess"
        warning = warning.rstrip(".")  # zxcvbn's warnings may end with a period already
        raise WeakPassword(f"{warning}. Add more words or characters", reason="guessable")
