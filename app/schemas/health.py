"""Liveness and readiness answers."""

from pydantic import BaseModel


class HealthStatus(BaseModel):
    status: str
