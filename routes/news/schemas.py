"""Bodies of the news endpoints, and of the deliveries a CMS pushes to the webhook."""

import uuid
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from database.models import RESERVED_SLUGS, NewsStatus
from utils.instants import UtcDateTime, UtcInstant
from utils.schemas import InputModel, PatchModel, ResourceOut, Tags, Title
from utils.slugs import MAX_SLUG_LENGTH, SLUG_PATTERN


def _not_reserved(slug: str) -> str:
    if slug in RESERVED_SLUGS:
        raise ValueError("is reserved: the path /news/" + slug + " is taken")
    return slug


Slug = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_SLUG_LENGTH, pattern=SLUG_PATTERN),
    AfterValidator(_not_reserved),
    Field(
        description="Lower-case ASCII letters and digits, words joined by `-`; not `webhook`.",
        json_schema_extra={"not": {"enum": sorted(RESERVED_SLUGS)}},
    ),
]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
NewsText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50_000)]
# When the item is (or was, or will be) published; an explicit offset, any instant.
PublishedAt = Annotated[UtcInstant, Field(description="Null: a draft; in the future: scheduled.")]
ExternalId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class NewsCreate(InputModel):
    title: Title
    slug: Slug | None = Field(default=None, description="Derived from the title when absent.")
    summary: Summary
    body: NewsText
    tags: Tags = Field(default_factory=list)
    published_at: PublishedAt | None = None


class NewsUpdate(PatchModel):
    NOT_NULL = ("title", "slug", "summary", "body", "tags")

    title: Title | None = None
    slug: Slug | None = None
    summary: Summary | None = None
    body: NewsText | None = None
    tags: Tags | None = None
    published_at: PublishedAt | None = None


class NewsDelivery(NewsCreate):
    """The whole item as the CMS holds it; omitted fields take their defaults (no tags, a
    draft), except `slug`, which an existing item keeps."""

    external_id: ExternalId = Field(description="The CMS's id of the item: the upsert key.")


class NewsOut(ResourceOut):
    title: str
    slug: str
    summary: str
    body: str
    tags: list[str]
    published_at: UtcDateTime | None
    status: NewsStatus = Field(validation_alias="shown_status")
    # Null for items a CMS delivered, and once the author's account is purged.
    author_id: uuid.UUID | None
    external_id: str | None
