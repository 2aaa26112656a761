"""Concurrent requests queue and resolve cleanly: no "database is locked", no spurious 409."""

import asyncio

import pytest
from httpx import ASGITransport, AsyncClient

from config import Settings
from main import create_app
from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import list_and_post_at_once

WRITERS = 100


async def test_one_hundred_concurrent_writers_all_succeed(
    client: AsyncClient, users: AccountFactory
) -> None:
    people = [await users.create() for _ in range(10)]
    for person in people:
        created = await client.put("/api/v1/profile", json={}, headers=person.headers)
        assert created.status_code == 201

    async def write(number: int) -> int:
        person = people[number % len(people)]
        response = await client.post(
            "/api/v1/profile/experiences",
            json={"title": f"Role {number}", "company": "Acme", "start_date": "2020-01-01"},
            headers=person.headers,
        )
        return response.status_code

    statuses = await asyncio.gather(*(write(number) for number in range(WRITERS)))
    assert statuses == [201] * WRITERS
    totals = [
        (await client.get("/api/v1/profile/experiences", headers=p.headers)).json()["total"]
        for p in people
    ]
    assert sum(totals) == WRITERS


async def test_concurrent_read_modify_write_does_not_deadlock(
    client: AsyncClient, users: AccountFactory
) -> None:
    person = await users.create()
    await client.put("/api/v1/profile", json={}, headers=person.headers)

    async def patch(number: int) -> int:
        response = await client.patch(
            "/api/v1/profile", json={"headline": f"Headline {number}"}, headers=person.headers
        )
        return response.status_code

    statuses = await asyncio.gather(*(patch(number) for number in range(50)))
    assert statuses == [200] * 50


async def test_simultaneous_first_puts_create_one_profile(
    client: AsyncClient, users: AccountFactory
) -> None:
    person = await users.create()

    async def put(number: int) -> int:
        response = await client.put(
            "/api/v1/profile", json={"headline": f"Take {number}"}, headers=person.headers
        )
        return response.status_code

    statuses = await asyncio.gather(*(put(number) for number in range(8)))
    assert sorted(statuses) == [200] * 7 + [201]


async def test_writers_from_two_processes_queue_for_the_lock(
    client: AsyncClient, users: AccountFactory, settings: Settings
) -> None:
    """A second app instance has its own pool, like a second uvicorn worker: the writers of
    both meet at the database lock, which BEGIN IMMEDIATE and the busy timeout must handle."""
    person = await users.create()
    await client.put("/api/v1/profile", json={}, headers=person.headers)
    other_process = create_app(settings)
    transport = ASGITransport(app=other_process)
    async with AsyncClient(transport=transport, base_url="http://other") as second:

        async def patch(http: AsyncClient, number: int) -> int:
            response = await http.patch(
                "/api/v1/profile", json={"headline": f"Take {number}"}, headers=person.headers
            )
            return response.status_code

        statuses = await asyncio.gather(
            *(patch(client if number % 2 else second, number) for number in range(40))
        )
    await other_process.state.database.dispose()
    assert statuses == [200] * 40


@pytest.mark.parametrize("read_connections", [1, 3])
async def test_concurrent_reads_queue_for_the_read_connections(
    users: AccountFactory, settings: Settings, read_connections: int
) -> None:
    """However few read connections SQLite gets (SQLITE_READ_CONNECTIONS), concurrent reads
    wait their turn beside concurrent writers, and every one of them is answered."""
    app = create_app(settings.model_copy(update={"sqlite_read_connections": read_connections}))
    database = app.state.database
    if settings.is_sqlite:
        assert database.read_engine.pool.size() == read_connections
    person = await users.create()
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://reads") as http:
        statuses = await list_and_post_at_once(http, person, reads=40, writes=8)
        listed = await http.get("/api/v1/jobs?mine=true", headers=person.headers)
    await database.dispose()
    assert statuses == [200] * 40 + [201] * 8
    assert listed.json()["total"] == 8
