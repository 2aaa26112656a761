"""Proposals: an employer offers work to a talent; each side has its own moves.

Two parties see a proposal, so queries start from `involving(Proposal, user)`: the sender's
and the recipient's box. Expiry is a fact of the clock and is never stored: each read names
one instant, and the `status` filter, the count and every item's `status` are computed in SQL
for that instant (`Proposal.status_as_of`), so a page never disagrees with itself about what
has expired. An expired proposal cannot move or change; the sender can send a new one.
"""

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

import structlog
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import with_expression

from database.cascades import soft_delete
from database.models import Proposal, ProposalStatus, User
from database.pagination import SortColumns, fetch_page
from database.scoping import RowLock, involving, live, locked
from database.types import utcnow
from services import jobs
from utils.errors import BadRequest, Forbidden, InvalidFields, NotFound
from utils.pagination import PageRequest, PageResult
from utils.transitions import check_move

logger = structlog.get_logger(__name__)

Box = Literal["received", "sent"]
BOX_PARTY: Mapping[Box, str] = {"received": "recipient", "sent": "sender"}
SORT_COLUMNS: SortColumns = {
    "created_at": Proposal.created_at,
    "updated_at": Proposal.updated_at,
}
Moves = Mapping[ProposalStatus, frozenset[ProposalStatus]]
# Only a pending proposal moves: the recipient answers it, the sender takes it back.
RECIPIENT_MOVES: Moves = {
    ProposalStatus.PENDING: frozenset({ProposalStatus.ACCEPTED, ProposalStatus.DECLINED})
}
SENDER_MOVES: Moves = {ProposalStatus.PENDING: frozenset({ProposalStatus.WITHDRAWN})}
RATE_FIELDS = ("rate_amount", "rate_currency", "rate_unit")


def _as_of(statement: Select[Proposal], now: datetime) -> Select[Proposal]:
    # populate_existing: a row already in the session still gets the status as of `now`.
    return statement.options(
        with_expression(Proposal.shown_status, Proposal.status_as_of(now))
    ).execution_options(populate_existing=True)


def _check_rate(values: Mapping[str, Any]) -> None:
    """An amount comes with its currency (SPEC's money rule); a unit is optional but, like a
    currency, only qualifies an amount and never stands alone (422 on the missing field)."""
    if values.get("rate_amount") is not None:
        missing = None if values.get("rate_currency") is not None else "rate_currency"
    else:
        qualified = any(values.get(name) is not None for name in RATE_FIELDS)
        missing = "rate_amount" if qualified else None
    if missing is not None:
        raise InvalidFields(
            [{"loc": ["body", missing], "msg": "is required with a rate", "type": "missing"}],
            detail=f"A rate needs {missing} as well.",
        )


def _log(event: str, proposal: Proposal, **fields: Any) -> None:
    logger.info(
        event,
        proposal_id=str(proposal.id),
        sender_id=str(proposal.sender_id),
        recipient_id=str(proposal.recipient_id),
        **fields,
    )


async def _lock_parties(session: AsyncSession, *, sender: User, recipient_id: uuid.UUID) -> None:
    """Both users, share-locked so neither account's deletion can miss the new proposal
    (`database.cascades`); an unknown, deleted or deactivated recipient is not found."""
    statement = live(User).where(User.id.in_([sender.id, recipient_id]))
    found = (await session.scalars(locked(statement, User, "share"))).all()
    if not any(user.id == recipient_id and user.is_active for user in found):
        raise NotFound("Recipient not found.")


async def send_proposal(
    session: AsyncSession, *, sender: User, data: Mapping[str, Any]
) -> Proposal:
    """Send a pending proposal to another active user, optionally about one of the sender's
    own jobs (any other job is not found)."""
    if data["recipient_id"] == sender.id:
        raise BadRequest("You cannot send a proposal to yourself.")
    await _lock_parties(session, sender=sender, recipient_id=data["recipient_id"])
    if data.get("job_id") is not None:
        await jobs.get_own_job(session, owner=sender, job_id=data["job_id"])
    _check_rate(data)
    proposal = Proposal(sender_id=sender.id, **data)
    session.add(proposal)
    await session.flush()
    proposal.shown_status = proposal.status_at(utcnow())
    job = str(proposal.job_id) if proposal.job_id else None
    _log("proposal_sent", proposal, job_id=job)
    return proposal


async def list_proposals(
    session: AsyncSession,
    *,
    viewer: User,
    box: Box,
    status: ProposalStatus | None,
    page: PageRequest,
) -> PageResult[Proposal]:
    """The viewer's received or sent proposals, each with its status as of now."""
    now = utcnow()
    statement = _as_of(involving(Proposal, viewer.id, party=BOX_PARTY[box]), now)
    if status is not None:
        statement = statement.where(Proposal.status_as_of(now) == status.value)
    return await fetch_page(
        session, statement, request=page, sort_columns=SORT_COLUMNS, tie_breaker=Proposal.id
    )


async def get_visible_proposal(
    session: AsyncSession,
    *,
    viewer: User,
    proposal_id: uuid.UUID,
    lock: RowLock | None = None,
) -> Proposal:
    """The proposal if the viewer sent or received it; anyone else gets 404.

    Load it with `lock="update"` to change or delete it (see `database.scoping.locked`).
    """
    statement = _as_of(involving(Proposal, viewer.id), utcnow()).where(Proposal.id == proposal_id)
    proposal: Proposal | None = await session.scalar(locked(statement, Proposal, lock))
    if proposal is None:
        raise NotFound("Proposal not found.")
    return proposal


async def update_proposal(
    session: AsyncSession, *, proposal: Proposal, editor: User, changes: Mapping[str, Any]
) -> Proposal:
    """The sender edits terms or withdraws, the recipient accepts or declines, while pending.

    The other party's change is 403; any change to a proposal that is no longer pending
    (expired included) is 400. `proposal` must have been loaded with `lock="update"`, so two
    concurrent moves never both succeed.
    """
    is_sender = proposal.sender_id == editor.id
    changes = dict(changes)
    target: ProposalStatus | None = changes.pop("status", None)
    if changes and not is_sender:
        raise Forbidden("Only the sender may change the terms of a proposal.")
    if target in _targets(SENDER_MOVES) and not is_sender:
        raise Forbidden("Only the sender may withdraw a proposal.")
    if target in _targets(RECIPIENT_MOVES) and is_sender:
        raise Forbidden("Only the recipient may accept or decline a proposal.")
    now = utcnow()
    current = proposal.status_at(now)
    if changes and current != ProposalStatus.PENDING:
        raise BadRequest(f"The terms of a {current} proposal can no longer change.")
    if target is not None:
        check_move(SENDER_MOVES if is_sender else RECIPIENT_MOVES, current, target, what="proposal")
    _check_rate({name: changes.get(name, getattr(proposal, name)) for name in RATE_FIELDS})
    proposal.apply(changes)
    if target is not None:
        proposal.status = target
    await session.flush()
    proposal.shown_status = proposal.status_at(now)
    if changes:
        _log("proposal_updated", proposal, fields=sorted(changes))
    if target is not None:
        _log("proposal_status_changed", proposal, previous=current.value, status=target.value)
    return proposal


def _targets(moves: Moves) -> frozenset[ProposalStatus]:
    return frozenset(status for targets in moves.values() for status in targets)


async def delete_proposal(session: AsyncSession, *, proposal: Proposal, editor: User) -> None:
    """Only the sender deletes a proposal; the recipient sees it but may not."""
    if proposal.sender_id != editor.id:
        raise Forbidden("Only the sender may delete a proposal.")
    await soft_delete(session, proposal)
    _log("proposal_deleted", proposal)
