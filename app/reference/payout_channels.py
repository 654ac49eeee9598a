"""Where Xendit can pay a creative: bank and e-wallet channel codes, shipped as data
(`xendit_payout_channels.json`, whose `source` says where it comes from)."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files


@cache
def payout_channels() -> dict[str, dict[str, str]]:
    raw = json.loads(files("app.reference").joinpath("xendit_payout_channels.json").read_text())
    return {"banks": dict(raw["banks"]), "ewallets": dict(raw["ewallets"])}


def is_payout_bank(code: str) -> bool:
    return code in payout_channels()["banks"]


def is_payout_ewallet(code: str) -> bool:
    return code in payout_channels()["ewallets"]
