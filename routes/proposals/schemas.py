"""Bodies of the proposal endpoints."""

import uuid
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from database.models import ProposalStatus, RateUnit
from utils.input_schema import required_with
from utils.instants import FutureDateTime, UtcDateTime
from utils.money import Money, MoneyOut
from utils.schemas import Currency, InputModel, PatchModel, ResourceOut, Title

Message = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class ProposalTerms(InputModel):
    """What the sender offers; a rate is its amount, currency and unit together (checked by
    `services.proposals`, which also sees the stored terms a change leaves in place)."""

    # `services.proposals._check_rate` as the schema states it, for a whole set of terms.
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                required_with("rate_currency", given="rate_amount"),
                required_with("rate_amount", given="rate_currency"),
                required_with("rate_amount", given="rate_unit"),
            ]
        }
    )

    title: Title
    message: Message
    rate_amount: Money | None = None
    rate_currency: Currency | None = None
    rate_unit: RateUnit | None = None
    expires_at: FutureDateTime | None = None


class ProposalCreate(ProposalTerms):
    recipient_id: uuid.UUID
    job_id: uuid.UUID | None = Field(default=None, description="One of your own jobs.")


class ProposalUpdate(PatchModel):
    """The sender changes terms or withdraws; the recipient accepts or declines. `pending`
    and `expired` are statuses no move leads to: asking for them is a 400, not a 422."""

    NOT_NULL = ("title", "message", "status")

    title: Title | None = None
    message: Message | None = None
    rate_amount: Money | None = None
    rate_currency: Currency | None = None
    rate_unit: RateUnit | None = None
    expires_at: FutureDateTime | None = None
    status: ProposalStatus | None = None


class ProposalOut(ResourceOut):
    sender_id: uuid.UUID
    recipient_id: uuid.UUID
    job_id: uuid.UUID | None
    title: str
    message: str
    rate_amount: MoneyOut | None
    rate_currency: str | None
    rate_unit: RateUnit | None
    expires_at: UtcDateTime | None
    # A pending proposal past `expires_at` reads as `expired`.
    status: ProposalStatus = Field(validation_alias="shown_status")
