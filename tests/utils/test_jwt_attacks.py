"""Hostile Authorization headers against a protected endpoint: always 401, never a 500."""

import asyncio
import base64
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from httpx import AsyncClient
from jose import jwt

from config import Settings
from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.auth import ME
from tests.helpers.problems import assert_unauthorized

Attack = Callable[[Settings, Account], str]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: dict[str, Any]) -> str:
    return b64url(json.dumps(value).encode())


def claims(user: Account, **changes: Any) -> dict[str, Any]:
    """The claims the app itself puts in an access token, with `changes` applied."""
    now = int(time.time())
    payload: dict[str, Any] = {
        "sub": str(user.id),
        "type": "access",
        "ver": 0,
        "iat": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
    }
    payload.update(changes)
    return payload


def signed(settings: Settings, payload: dict[str, Any], *, key: str = "", alg: str = "") -> str:
    token = jwt.encode(payload, key or settings.secret_key, algorithm=alg or settings.jwt_algorithm)
    return f"Bearer {token}"


def signed_with(*, key: str = "", alg: str = "") -> Attack:
    return lambda settings, user: signed(settings, claims(user), key=key, alg=alg)


def without(claim: str) -> Attack:
    def attack(settings: Settings, user: Account) -> str:
        payload = claims(user)
        del payload[claim]
        return signed(settings, payload)

    return attack


def with_claims(**changes: Any) -> Attack:
    return lambda settings, user: signed(settings, claims(user, **changes))


def unsigned(alg: str) -> Attack:
    def attack(settings: Settings, user: Account) -> str:
        return f"Bearer {segment({'alg': alg, 'typ': 'JWT'})}.{segment(claims(user))}."

    return attack


def none_with_real_signature(settings: Settings, user: Account) -> str:
    real_signature = user.access_token.rsplit(".", 1)[1]
    header = segment({"alg": "none", "typ": "JWT"})
    return f"Bearer {header}.{segment(claims(user))}.{real_signature}"


def tampered_payload(settings: Settings, user: Account) -> str:
    header, _, signature = user.access_token.split(".")
    return f"Bearer {header}.{segment(claims(user, sub=str(uuid.uuid4())))}.{signature}"


def with_user_token(template: str) -> Attack:
    """A header built around the user's real access or refresh token."""

    def attack(settings: Settings, user: Account) -> str:
        return template.format(access=user.access_token, refresh=user.refresh_token)

    return attack


MALFORMED_HEADERS = [
    pytest.param(None, id="no-header"),
    pytest.param(b"Bearer", id="bearer-without-token"),
    pytest.param(b"Bearer ", id="bearer-space"),
    pytest.param(b"", id="empty-header"),
    pytest.param(b"Basic xyz", id="basic-scheme"),
    pytest.param(b"Bearer not-a-token", id="garbage"),
    pytest.param(b"Bearer a.b.c", id="three-garbage-parts"),
    pytest.param(b"Bearer ....", id="only-dots"),
    pytest.param(b"Bearer Bearer x", id="bearer-twice"),
    pytest.param("Bearer ñandú-🔑-токен".encode(), id="non-ascii-utf8"),
    pytest.param(b"Bearer \xff\xfe\xfd", id="non-ascii-latin1"),
    pytest.param(b"Bearer " + b"A" * 10240, id="10kb-header"),
    pytest.param(b"Bearer " + b".".join([b"QUFB" * 850] * 3), id="10kb-jwt-shaped"),
    pytest.param(f"Bearer {segment({'alg': 'HS256'})}.e30.e30".encode(), id="empty-claims"),
    pytest.param(b"Bearer e30.W10.", id="payload-is-a-list"),
]


@pytest.mark.parametrize("header", MALFORMED_HEADERS)
async def test_malformed_authorization_is_unauthorized(
    client: AsyncClient, users: AccountFactory, header: bytes | None
) -> None:
    await users.create()
    headers = [] if header is None else [(b"Authorization", header)]

    response = await client.get(ME, headers=headers)

    assert_unauthorized(response)


HOSTILE_TOKENS = [
    pytest.param(with_user_token("Basic {access}"), id="valid-token-basic-scheme"),
    pytest.param(with_user_token("{access}"), id="valid-token-no-scheme"),
    pytest.param(with_user_token("Bearer {access} x"), id="trailing-junk"),
    pytest.param(with_user_token("Bearer {access}.x"), id="fourth-part"),
    pytest.param(unsigned("none"), id="alg-none"),
    pytest.param(unsigned("None"), id="alg-None"),
    pytest.param(unsigned("NONE"), id="alg-NONE"),
    pytest.param(none_with_real_signature, id="alg-none-real-signature"),
    pytest.param(tampered_payload, id="tampered-payload"),
    pytest.param(signed_with(key="w" * 48), id="wrong-key"),
    pytest.param(signed_with(alg="HS512"), id="hs512-right-key"),
    pytest.param(signed_with(alg="HS384"), id="hs384-right-key"),
    pytest.param(without("exp"), id="no-exp"),
    pytest.param(without("sub"), id="no-sub"),
    pytest.param(without("type"), id="no-type"),
    pytest.param(without("iat"), id="no-iat"),
    pytest.param(without("jti"), id="no-jti"),
    pytest.param(
        with_claims(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600), id="expired"
    ),
    pytest.param(with_claims(exp="tomorrow"), id="exp-not-a-number"),
    pytest.param(with_user_token("Bearer {refresh}"), id="real-refresh-token"),
    pytest.param(with_claims(type="refresh"), id="refresh-typed"),
    pytest.param(with_claims(type="admin"), id="unknown-type"),
    pytest.param(with_claims(sub="not-a-uuid"), id="sub-not-uuid"),
    pytest.param(with_claims(sub=""), id="sub-empty"),
    pytest.param(with_claims(sub=12345), id="sub-number"),
    pytest.param(with_claims(sub=str(uuid.uuid4())), id="sub-unknown-user"),
]


@pytest.mark.parametrize("attack", HOSTILE_TOKENS)
async def test_hostile_token_is_unauthorized(
    client: AsyncClient, users: AccountFactory, settings: Settings, attack: Attack
) -> None:
    user = await users.create()

    response = await client.get(ME, headers={"Authorization": attack(settings, user)})

    assert_unauthorized(response)


async def test_forged_token_with_the_apps_claims_is_accepted(
    client: AsyncClient, users: AccountFactory, settings: Settings
) -> None:
    # The control case: the hand-built tokens above differ from a valid one only by the attack.
    user = await users.create()

    response = await client.get(ME, headers={"Authorization": signed(settings, claims(user))})

    assert response.status_code == 200, response.text
    assert response.json()["id"] == str(user.id)


async def test_raw_header_bytes_reach_the_app(client: AsyncClient, users: AccountFactory) -> None:
    # The control case of the malformed headers: the same way of sending, a valid token.
    user = await users.create()
    header = f"Bearer {user.access_token}".encode()

    response = await client.get(ME, headers=[(b"Authorization", header)])

    assert response.status_code == 200, response.text


async def test_token_of_a_deleted_user_is_unauthorized(
    client: AsyncClient, users: AccountFactory, settings: Settings
) -> None:
    user = await users.create()
    deleted = await client.delete(ME, headers=user.headers)
    assert deleted.status_code == 204, deleted.text

    assert_unauthorized(await client.get(ME, headers=user.headers))
    # Even a token that carries the account's current token version.
    for version in range(3):
        forged = signed(settings, claims(user, ver=version))
        assert_unauthorized(await client.get(ME, headers={"Authorization": forged}))


async def test_token_of_a_deactivated_user_is_unauthorized(
    client: AsyncClient, users: AccountFactory, settings: Settings
) -> None:
    user = await users.create(is_active=False)

    assert_unauthorized(await client.get(ME, headers=user.headers))
    assert_unauthorized(
        await client.get(ME, headers={"Authorization": signed(settings, claims(user))})
    )


async def test_an_accepted_token_is_refused_once_it_expires(
    client: AsyncClient, users: AccountFactory, settings: Settings
) -> None:
    # Access tokens that passed are remembered (utils.tokens): the memory must not outlive `exp`.
    user = await users.create()
    expires = int(time.time()) + 1
    token = signed(settings, claims(user, exp=expires))
    accepted = await client.get(ME, headers={"Authorization": token})
    assert accepted.status_code == 200, accepted.text

    await asyncio.sleep(max(0.0, expires - time.time()) + 0.05)

    assert_unauthorized(await client.get(ME, headers={"Authorization": token}))
