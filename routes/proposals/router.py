"""Proposals of work, seen by two parties: the sender (an employer) and the recipient."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from database.models import Proposal, ProposalStatus
from database.session import DbSession
from routes.proposals.schemas import ProposalCreate, ProposalOut, ProposalUpdate
from services import proposals as proposals_service
from utils.access import CurrentUser
from utils.idempotency import IdempotentRoute
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses

router = APIRouter(
    prefix="/proposals",
    tags=["proposals"],
    route_class=IdempotentRoute,
    responses=error_responses(401, 422),
)

ProposalsPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=proposals_service.SORT_COLUMNS, default="-created_at")),
]


async def load_visible_proposal(
    proposal_id: uuid.UUID, user: CurrentUser, session: DbSession
) -> Proposal:
    return await proposals_service.get_visible_proposal(
        session, viewer=user, proposal_id=proposal_id
    )


async def load_proposal_to_change(
    proposal_id: uuid.UUID, user: CurrentUser, session: DbSession
) -> Proposal:
    return await proposals_service.get_visible_proposal(
        session, viewer=user, proposal_id=proposal_id, lock="update"
    )


# A proposal the caller sent or received (404 otherwise).
VisibleProposal = Annotated[Proposal, Depends(load_visible_proposal)]
# The same, locked for a change; which changes the caller may make depends on their side.
ProposalToChange = Annotated[Proposal, Depends(load_proposal_to_change)]


@router.get("", name="list")
async def list_proposals(
    user: CurrentUser,
    session: DbSession,
    page: ProposalsPage,
    box: Annotated[
        proposals_service.Box, Query(description="Proposals you received, or those you sent.")
    ] = "received",
    status_filter: Annotated[
        ProposalStatus | None,
        Query(alias="status", description="Only this status; `expired` as read now."),
    ] = None,
) -> Page[ProposalOut]:
    """Proposals you received (default) or sent, newest first."""
    result = await proposals_service.list_proposals(
        session, viewer=user, box=box, status=status_filter, page=page
    )
    return Page[ProposalOut].of(result, page)


@router.post(
    "",
    name="create",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 404),
)
async def send_proposal(body: ProposalCreate, user: CurrentUser, session: DbSession) -> ProposalOut:
    """Offer work to another user, optionally about one of your jobs; it starts `pending`."""
    proposal = await proposals_service.send_proposal(session, sender=user, data=body.model_dump())
    return ProposalOut.model_validate(proposal)


@router.get("/{proposal_id}", name="get", responses=error_responses(404))
async def get_proposal(proposal: VisibleProposal) -> ProposalOut:
    """A proposal you sent or received."""
    return ProposalOut.model_validate(proposal)


@router.patch("/{proposal_id}", name="update", responses=error_responses(400, 403, 404))
async def update_proposal(
    body: ProposalUpdate, proposal: ProposalToChange, user: CurrentUser, session: DbSession
) -> ProposalOut:
    """The sender edits the terms or withdraws; the recipient accepts or declines."""
    updated = await proposals_service.update_proposal(
        session, proposal=proposal, editor=user, changes=body.changes()
    )
    return ProposalOut.model_validate(updated)


@router.delete(
    "/{proposal_id}",
    name="delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(403, 404),
)
async def delete_proposal(
    proposal: ProposalToChange, user: CurrentUser, session: DbSession
) -> None:
    """Delete a proposal you sent."""
    await proposals_service.delete_proposal(session, proposal=proposal, editor=user)
