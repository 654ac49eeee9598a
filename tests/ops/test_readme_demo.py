"""The demo logins the README gives are the seeded ones, so the README cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

from app.reference.demo import DEMO_CREATIVES, DEMO_OWNERS, DEMO_PASSWORD

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_demo_accounts_are_seeded() -> None:
    text = README.read_text()
    section = text.split("## Demo accounts and signing in", 1)[1].split("\n## ", 1)[0]
    assert f"`{DEMO_PASSWORD}`" in section
    owners = {o.email for o in DEMO_OWNERS}
    creatives = {c.email for c in DEMO_CREATIVES}
    rows = re.findall(r"^\| (owner|creative) \| `([^`]+)` \|$", section, re.M)
    assert rows, section
    for role, email in rows:
        assert email in (owners if role == "owner" else creatives), email
    assert f"-d username={rows[0][1]}" in section
