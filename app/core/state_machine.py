"""Explicit state machines: one table of allowed transitions per entity."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from app.core.errors import InvalidTransition

S = TypeVar("S", bound=StrEnum)


class StateMachine(Generic[S]):
    def __init__(self, entity: str, transitions: Mapping[S, frozenset[S]]) -> None:
        self.entity = entity
        self.transitions = transitions

    def can(self, current: S, target: S) -> bool:
        return target in self.transitions.get(current, frozenset())

    def sources(self, target: S) -> frozenset[S]:
        """The states that may move to `target`: the WHERE clause of a bulk UPDATE to it."""
        return frozenset(state for state, targets in self.transitions.items() if target in targets)

    def ensure(self, current: S, target: S, *, action: str) -> None:
        """Raise a 409 naming the entity and action when `current -> target` is not allowed."""
        if not self.can(current, target):
            raise InvalidTransition(
                f"Cannot {action} a {self.entity} that is {current.value}",
                entity=self.entity,
                action=action,
                current_status=current.value,
            )
