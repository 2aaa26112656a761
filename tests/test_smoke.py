from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory


async def test_me(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    response = await client.get("/api/v1/auth/me", headers=user.headers)
    assert response.status_code == 200, response.text
    assert response.json()["email"] == user.email


async def test_register_login(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": "New@Example.com", "password": "password123", "full_name": " Ann "},
    )
    assert response.status_code == 201, response.text
    assert response.json()["full_name"] == "Ann"
    response = await client.post(
        "/api/v1/auth/login", json={"email": "new@example.com", "password": "password123"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
