"""Plain builders for gig tests (importable, unlike conftest)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from app.core.clock import jakarta_today


def in_days(days: int) -> str:
    return (jakarta_today() + timedelta(days=days)).isoformat()


def gig_body(business_id: uuid.UUID | str, /, **overrides: Any) -> dict[str, Any]:
    """A valid `POST /v1/gigs` body; override any field."""
    body: dict[str, Any] = {
        "business_id": str(business_id),
        "title": "Desain kemasan standing pouch keripik tempe",
        "description": "Butuh desain kemasan standing pouch 150 gram, lengkap label halal "
        "dan PIRT, file siap cetak.",
        "category": "packaging-design",
        "skills": ["pouch-design", "label-design"],
        "budget_min_idr": 750_000,
        "budget_max_idr": 1_500_000,
        "deadline": in_days(30),
        "region_code": "35.78",
        "work_mode": "hybrid",
        "status": "open",
    }
    body.update(overrides)
    return body
