"""The ranking's quality on the evaluation set (bench/matching) cannot silently drop."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bench.matching.evaluation import evaluate, load_evaluation_set

# Measured on this set (bench/matching/README.md): nDCG@10 0.877, recall@20 0.941.
# The floors sit about 0.03 below, so only a real regression trips them.
NDCG_AT_10_FLOOR = 0.85
RECALL_AT_20_FLOOR = 0.91
# Fair exposure keeps new talent in the top ten without letting it take them over.
NEW_TALENT_SHARE_RANGE = (0.2, 0.45)


async def test_ranking_quality_stays_above_the_floor(session: AsyncSession) -> None:
    loaded = await load_evaluation_set(session)
    result = await evaluate(session, loaded)
    summary = (
        f"nDCG@10={result.ndcg_at_10:.4f} recall@20={result.recall_at_20:.4f} "
        f"new talent={result.new_talent_share:.3f}"
    )
    assert result.ndcg_at_10 >= NDCG_AT_10_FLOOR, summary
    assert result.recall_at_20 >= RECALL_AT_20_FLOOR, summary
    low, high = NEW_TALENT_SHARE_RANGE
    assert low <= result.new_talent_share <= high, summary
