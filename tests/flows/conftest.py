"""With PASAR_BASE_URL set, the story tests run against a live deployment over HTTP instead of
the in-process app (bench/cluster/run.py points them at HAProxy in front of three servers)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import httpx
import pytest

if os.environ.get("PASAR_BASE_URL"):

    @pytest.fixture
    async def client() -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(base_url=os.environ["PASAR_BASE_URL"], timeout=30) as http:
            yield http
