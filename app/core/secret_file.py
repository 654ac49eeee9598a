"""The development SECRET_KEY: generated once, kept in DATA_DIR, shared by every process."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"


def development_secret_key(data_dir: Path) -> str:
    """Read DATA_DIR/secret_key, creating it (mode 600) if it does not exist yet.

    The API workers and the worker are separate processes started together; each must end up
    with the same key. The key is written to a private temporary file and then hard-linked to
    its final name: link() fails when the name exists, so exactly one process's key wins, and
    nobody ever reads a half-written file.
    """
    path = data_dir / SECRET_KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        temporary = data_dir / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
                handle.flush()
                os.fsync(handle.fileno())
            # FileExistsError: another process won the race, and its key is the key.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty; delete it to generate a new development key")
    return key
