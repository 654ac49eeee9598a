"""Escrow: funding, release, refunds, disputes and payouts of contract milestones."""
