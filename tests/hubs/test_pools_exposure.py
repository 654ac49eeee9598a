"""Fair exposure with pools on: with 30 % of creatives affiliated with a hub (half of them
trained), and when owners rank only a pool, newcomers keep their share of the top ten."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bench.matching.eval_hubs import add_hubs
from bench.matching.evaluation import evaluate, load_evaluation_set
from tests.matching.test_quality_floor import (
    NDCG_AT_10_FLOOR,
    NEW_TALENT_SHARE_RANGE,
    RECALL_AT_20_FLOOR,
)


async def test_newcomers_keep_their_share_with_hub_signals_and_pool_filters(
    session: AsyncSession,
) -> None:
    loaded = await load_evaluation_set(session)
    hubbed = await add_hubs(session, loaded, share=0.3)
    low, high = NEW_TALENT_SHARE_RANGE

    everyone = await evaluate(session, loaded)
    summary = (
        f"all: nDCG@10={everyone.ndcg_at_10:.4f} recall@20={everyone.recall_at_20:.4f} "
        f"new talent={everyone.new_talent_share:.3f} "
        f">=2 new={everyone.gigs_with_two_new_in_top_10:.2f}"
    )
    assert everyone.ndcg_at_10 >= NDCG_AT_10_FLOOR, summary
    assert everyone.recall_at_20 >= RECALL_AT_20_FLOOR, summary
    assert low <= everyone.new_talent_share <= high, summary

    # Ranking only the pool: its newcomers hold their share of the pool's top ten.
    pooled = await evaluate(session, loaded, pool_id=hubbed.pool_id)
    pool_newcomers = sum(
        loaded.creatives[c].completed_contracts == 0 for c in hubbed.affiliated
    ) / len(hubbed.affiliated)
    summary += (
        f" | pool: new talent={pooled.new_talent_share:.3f} "
        f"(newcomers are {pool_newcomers:.3f} of the pool) "
        f">=2 new={pooled.gigs_with_two_new_in_top_10:.2f}"
    )
    print(summary)
    assert low <= pooled.new_talent_share <= high, summary
    assert pooled.gigs_with_two_new_in_top_10 >= 0.8, summary
