"""The README's curl walkthrough, run as written against a live `pasar serve` on the demo data.

The shell blocks between `<!-- walkthrough:start -->` and `<!-- walkthrough:end -->` run in
one bash with `set -euo pipefail`; the lines `# value` in them are what the commands print.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.seed import seed_demo
from tests.conftest import ROOT, truncate_user_data
from tests.ops.replicas import running_replicas

_SECTION = re.compile(r"<!-- walkthrough:start -->(.*?)<!-- walkthrough:end -->", re.S)
_SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def walkthrough_blocks() -> list[str]:
    section = _SECTION.search((ROOT / "README.md").read_text())
    assert section, "README.md lost its walkthrough markers"
    return _SHELL_BLOCK.findall(section.group(1))


def expected_output(blocks: list[str]) -> list[str]:
    return [line[2:] for block in blocks for line in block.splitlines() if line.startswith("# ")]


@pytest.fixture
async def demo_data(engine: AsyncEngine) -> AsyncIterator[None]:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        await seed_demo(session)
        await session.commit()
    yield
    await truncate_user_data(engine)


def test_the_walkthrough_has_the_whole_story() -> None:
    script = "\n".join(walkthrough_blocks())
    for step in ("/v1/gigs", "/proposals", "/accept", "/fund", "/submit", "/approve"):
        assert step in script
    assert expected_output(walkthrough_blocks())[-1] == "unknown_parameter"


@pytest.mark.usefixtures("demo_data")
def test_the_readme_walkthrough_runs_as_written(migrated_url: str) -> None:
    missing = [tool for tool in ("bash", "curl", "jq") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the walkthrough needs {', '.join(missing)} (CI installs them)")
    blocks = walkthrough_blocks()
    with running_replicas(migrated_url, count=1) as (server,):
        finished = subprocess.run(
            ["bash", "-c", "set -euo pipefail\n" + "\n".join(blocks)],
            env={"BASE": server.url, "PATH": os.environ["PATH"]},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == expected_output(blocks), finished.stderr
