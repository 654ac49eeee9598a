"""The platform fee and the PPN on it, in whole rupiah.

Rounding rule: percentages are held as basis points (10% = 1000 bps, at most two decimals);
the fee is `floor(amount × fee_bps / 10 000)` and the PPN is `floor(fee × ppn_bps / 10 000)`,
both rounded down to the whole rupiah, so the creative is never charged more than the stated
rates; the creative receives the exact remainder, so the three parts always add up to the
released amount. The fee is taken from released money only: refunds carry no fee.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.core.config import get_settings

BPS_PER_UNIT = 10_000


def percent_to_bps(percent: Decimal) -> int:
    """10 -> 1000, 7.25 -> 725; settings allow at most two decimals, so this is exact."""
    return int(percent * 100)


@dataclass(frozen=True)
class FeeSplit:
    amount_idr: int
    fee_idr: int
    ppn_idr: int

    @property
    def creative_share_idr(self) -> int:
        return self.amount_idr - self.fee_idr - self.ppn_idr


def split_release(amount_idr: int, *, fee_bps: int, ppn_bps: int) -> FeeSplit:
    """Divide released rupiah into the platform fee, the PPN on the fee and the creative's share."""
    if amount_idr < 0 or not 0 <= fee_bps <= BPS_PER_UNIT or not 0 <= ppn_bps <= BPS_PER_UNIT:
        raise ValueError("amount and rates must be non-negative, rates at most 100%")
    fee_idr = amount_idr * fee_bps // BPS_PER_UNIT
    ppn_idr = fee_idr * ppn_bps // BPS_PER_UNIT
    return FeeSplit(amount_idr=amount_idr, fee_idr=fee_idr, ppn_idr=ppn_idr)


def current_rates_bps() -> tuple[int, int]:
    """(platform fee, PPN) in basis points from the settings; snapshotted on each payment."""
    settings = get_settings()
    return percent_to_bps(settings.platform_fee_percent), percent_to_bps(settings.ppn_percent)
