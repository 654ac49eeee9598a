from fastapi import APIRouter

from app.core.db import SessionDep
from app.core.problems import problem_responses
from app.schemas.health import HealthStatus
from app.services import health
from app.services.health import DatabaseUnavailable

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process is up")
async def healthz() -> HealthStatus:
    return health.liveness()


@router.get(
    "/readyz",
    summary="Readiness: the database answers",
    responses=problem_responses(DatabaseUnavailable),
)
async def readyz(session: SessionDep) -> HealthStatus:
    return await health.readiness(session)
