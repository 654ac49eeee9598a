from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from app.core.config import get_settings
from tests.notifications.whatsapp_stub import SETTINGS, WhatsAppStub, run_stub


def switch_settings(values: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


@pytest.fixture
def whatsapp(smtp_server: object) -> Iterator[WhatsAppStub]:
    """WhatsApp configured and stubbed (and mail going to the in-process SMTP server)."""
    for _ in switch_settings(SETTINGS):
        yield from run_stub()
