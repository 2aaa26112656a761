"""Status machines: the moves a resource's status may make, checked one way everywhere."""

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from utils.errors import InvalidTransition

StatusT = TypeVar("StatusT", bound=StrEnum)


def check_move(
    moves: Mapping[StatusT, frozenset[StatusT]], current: StatusT, target: StatusT, *, what: str
) -> None:
    """Raise 400 `invalid_transition` unless `moves` allows current → target.

    Staying put is a move too: a machine that does not list it refuses it.
    """
    if target not in moves.get(current, frozenset()):
        raise InvalidTransition(f"This {what} cannot move from {current} to {target}.")
