from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from app.core.db import SessionDep
from app.core.errors import DomainError
from app.core.problems import problem_responses

router = APIRouter(tags=["health"])


class HealthStatus(BaseModel):
    status: str


class DatabaseUnavailable(DomainError):
    status, code, title = 503, "database_unavailable", "The database is not reachable"


@router.get("/healthz", summary="Liveness: the process is up")
async def healthz() -> HealthStatus:
    return HealthStatus(status="ok")


@router.get(
    "/readyz",
    summary="Readiness: the database answers",
    responses=problem_responses(DatabaseUnavailable),
)
async def readyz(session: SessionDep) -> HealthStatus:
    try:
        await session.execute(text("SELECT 1"))
    except OSError as exc:
        raise DatabaseUnavailable() from exc
    return HealthStatus(status="ok")
