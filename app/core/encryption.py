"""Secrets the service must read back (webhook signing secrets), stored encrypted.

Fernet (AES-128-CBC with HMAC-SHA256, authenticated) under a key derived with HKDF from
SECRET_KEY, so a database dump alone reveals no secret. SECRET_KEY_PREVIOUS still decrypts
while a rotation is under way; `pasar rotate-secrets` re-encrypts everything under the
current key, after which the previous one may go.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.core.config import get_settings

_KEY_PURPOSE = b"pasar-kreatif stored secrets v1"


class SecretUndecryptable(Exception):
    """Neither SECRET_KEY nor SECRET_KEY_PREVIOUS decrypts a stored secret."""


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_PURPOSE).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


@lru_cache(maxsize=4)
def _keyring(secret_key: str, previous: str) -> MultiFernet:
    # The first key encrypts; every key is tried to decrypt.
    return MultiFernet([_fernet(k) for k in (secret_key, previous) if k])


def _current() -> MultiFernet:
    settings = get_settings()
    return _keyring(settings.secret_key, settings.secret_key_previous)


def encrypt_secret(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode()).decode()


def decrypt_secret(ciphertext: str) -> str:
    try:
        return _current().decrypt(ciphertext.encode()).decode()
    except InvalidToken as error:
        raise SecretUndecryptable(
            "stored secret is not readable with SECRET_KEY or SECRET_KEY_PREVIOUS"
        ) from error


def reencrypt_secret(ciphertext: str) -> str:
    """The same secret encrypted under the current SECRET_KEY."""
    try:
        return _current().rotate(ciphertext.encode()).decode()
    except InvalidToken as error:
        raise SecretUndecryptable(
            "stored secret is not readable with SECRET_KEY or SECRET_KEY_PREVIOUS"
        ) from error
