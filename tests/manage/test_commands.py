"""The command line, `python -m manage`, run in-process against the test database.

`manage.main` starts its own event loop (`asyncio.run`), so commands that reach the database
run in a worker thread. Commands expected to exit early are called directly: a `SystemExit`
must be caught in the test's own frame, never left to cross the event loop.
"""

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import text

import manage
from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.manage import run_manage

USERS = "/api/v1/users"
ADMIN_PASSWORD = "an admin's long passphrase"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def login(client: AsyncClient, email: str, password: str) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def emails_matching(client: AsyncClient, admin: Account, q: str) -> list[str]:
    response = await client.get(USERS, params={"q": q}, headers=admin.headers)
    assert response.status_code == 200, response.text
    return [item["email"] for item in response.json()["items"]]


async def test_create_admin_makes_an_admin_who_can_sign_in(
    client: AsyncClient, manage_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD", ADMIN_PASSWORD)
    assert await run_manage("create-admin", "Boss@Example.COM") == 0
    assert await run_manage("create-admin", "boss@example.com") == 0  # again: no duplicate

    headers = await login(client, "boss@example.com", ADMIN_PASSWORD)
    me = await client.get("/api/v1/auth/me", headers=headers)
    assert me.json()["email"] == "boss@example.com"
    assert me.json()["role"] == "admin"
    assert me.json()["is_active"] is True
    listing = await client.get(USERS, headers=headers)
    assert listing.status_code == 200, listing.text
    assert [item["email"] for item in listing.json()["items"]] == ["boss@example.com"]
    assert not (manage_env / "app.db").exists()


async def test_create_admin_promotes_an_existing_user(
    client: AsyncClient, users: AccountFactory, manage_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = await users.create(email="member@example.com")
    assert (await client.get(USERS, headers=member.headers)).status_code == 403

    # Promotion keeps the account's password, so none is asked for.
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", refuse_prompt)
    assert await run_manage("create-admin", "MEMBER@example.com") == 0

    listing = await client.get(USERS, headers=member.headers)
    assert listing.status_code == 200, listing.text
    page = listing.json()
    assert page["total"] == 1
    assert page["items"][0]["id"] == str(member.id)
    assert page["items"][0]["role"] == "admin"


async def test_create_admin_with_a_deleted_users_email_makes_a_new_account(
    client: AsyncClient, users: AccountFactory, manage_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = await users.create(email="reused@example.com")
    assert (await client.delete("/api/v1/auth/me", headers=gone.headers)).status_code == 204

    monkeypatch.setenv("ADMIN_PASSWORD", ADMIN_PASSWORD)
    assert await run_manage("create-admin", "reused@example.com") == 0

    headers = await login(client, "reused@example.com", ADMIN_PASSWORD)
    me = await client.get("/api/v1/auth/me", headers=headers)
    assert me.json()["id"] != str(gone.id)
    assert me.json()["role"] == "admin"
    assert (await client.get(f"{USERS}/{gone.id}", headers=headers)).status_code == 404


@pytest.mark.parametrize(
    "email", ["not-an-email", "missing@", "@example.com", "two@@example.com", "a b@example.com"]
)
async def test_invalid_email_exits_with_2(
    client: AsyncClient,
    users: AccountFactory,
    manage_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    email: str,
) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD", ADMIN_PASSWORD)
    assert manage.main(["create-admin", email]) == 2
    captured = capsys.readouterr()
    assert "email" in captured.err.lower()
    assert ADMIN_PASSWORD not in captured.out + captured.err

    admin = await users.admin()
    listing = await client.get(USERS, headers=admin.headers)
    assert listing.json()["total"] == 1


@pytest.mark.parametrize("password", ["abc1234", "x" * 129], ids=["7-chars", "129-chars"])
async def test_password_outside_limits_exits_with_2(
    client: AsyncClient,
    users: AccountFactory,
    manage_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    password: str,
) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD", password)
    assert await run_manage("create-admin", "weak@example.com") == 2
    captured = capsys.readouterr()
    assert "password" in captured.err.lower()
    assert password not in captured.out + captured.err

    admin = await users.admin()
    assert await emails_matching(client, admin, "weak@") == []


def refuse_prompt(prompt: str = "") -> str:
    raise AssertionError("no prompt without a terminal")


def typed(*answers: str) -> Callable[[str], str]:
    queue = iter(answers)

    def prompt(label: str = "") -> str:
        assert label, "the prompt says what to type"
        return next(queue)

    return prompt


@pytest.mark.parametrize("value", [None, ""], ids=["unset", "empty"])
async def test_missing_password_without_terminal_exits(
    client: AsyncClient,
    users: AccountFactory,
    manage_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str | None,
) -> None:
    if value is not None:
        monkeypatch.setenv("ADMIN_PASSWORD", value)
    monkeypatch.setattr("getpass.getpass", refuse_prompt)
    with pytest.raises(SystemExit) as exit_info:
        await run_manage("create-admin", "nopass@example.com")
    assert exit_info.value.code not in (0, None)

    admin = await users.admin()
    assert await emails_matching(client, admin, "nopass@") == []


async def test_password_is_prompted_on_a_terminal(
    client: AsyncClient, manage_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    monkeypatch.setattr("getpass.getpass", typed(ADMIN_PASSWORD, ADMIN_PASSWORD))
    assert await run_manage("create-admin", "typed@example.com") == 0
    headers = await login(client, "typed@example.com", ADMIN_PASSWORD)
    assert (await client.get(USERS, headers=headers)).status_code == 200


async def test_mismatched_prompted_passwords_exit(
    client: AsyncClient, users: AccountFactory, manage_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    monkeypatch.setattr("getpass.getpass", typed(ADMIN_PASSWORD, ADMIN_PASSWORD + "!"))
    with pytest.raises(SystemExit) as exit_info:
        await run_manage("create-admin", "typo@example.com")
    assert exit_info.value.code not in (0, None)

    admin = await users.admin()
    assert await emails_matching(client, admin, "typo@") == []


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["create-admin"],
        ["unknown-command"],
        ["purge-deleted"],
        ["purge-deleted", "--older-than", "-1"],
    ],
    ids=str,
)
def test_bad_command_lines_exit_with_2(manage_env: Path, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        manage.main(argv)
    assert exit_info.value.code == 2


async def alembic_revision(app: FastAPI) -> str:
    async with app.state.database.session(read_only=True) as session:
        return str(await session.scalar(text("SELECT version_num FROM alembic_version")))


async def test_migrate_is_idempotent(app: FastAPI, client: AsyncClient, manage_env: Path) -> None:
    before = await alembic_revision(app)
    assert await run_manage("migrate") == 0
    assert await run_manage("migrate") == 0
    assert await alembic_revision(app) == before
    assert not (manage_env / "app.db").exists()

    registered = await client.post(
        "/api/v1/auth/register",
        json={"email": "after@example.com", "password": "password123", "full_name": "After"},
    )
    assert registered.status_code == 201, registered.text
