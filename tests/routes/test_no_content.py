"""A 204 answer is empty and says nothing about a body type.

A `Content-Type: application/json` on an empty 204 makes the common frontend helper ("parse
JSON when the answer says it is JSON") throw on success. FastAPI's default response class
sends that header, so every 204 route declares `response_class=Response`.
"""

from fastapi import FastAPI, Response
from fastapi.routing import APIRoute, iter_route_contexts
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import create_job, job_path


def test_every_no_content_route_answers_without_a_body_type(app: FastAPI) -> None:
    # Included routers stay nested in FastAPI's route tree; their contexts hold the routes.
    routes = [context.original_route for context in iter_route_contexts(app.routes)]
    no_content = [r for r in routes if isinstance(r, APIRoute) and r.status_code == 204]
    assert len(no_content) >= 10  # deletes, logout, password changes
    untyped = [route.path for route in no_content if route.response_class is not Response]
    assert untyped == []


async def test_a_delete_answers_204_with_no_content_type(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    job = await create_job(client, owner)
    deleted = await client.delete(job_path(job["id"]), headers=owner.headers)
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert "content-type" not in deleted.headers
    assert "content-length" not in deleted.headers or deleted.headers["content-length"] == "0"


async def test_a_failed_delete_is_still_a_problem_document(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, stranger = await users.create(), await users.create()
    job = await create_job(client, owner)
    refused = await client.delete(job_path(job["id"]), headers=stranger.headers)
    assert refused.status_code in {403, 404}
    assert refused.headers["content-type"] == "application/problem+json"
