"""Test data built straight through services, so tests spend their time on the API under test.

Users get a password hash computed once per run and tokens issued by the real token service:
the same tokens `/auth/login` would hand out, without paying for argon2 on every test.
"""

import uuid
from dataclasses import dataclass, field
from functools import cache
from itertools import count

from fastapi import FastAPI

from config import Settings
from database.engine import Database
from database.models import User, UserRole
from services import tokens
from utils.passwords import hash_password_sync

DEFAULT_PASSWORD = "correct horse battery staple"
_sequence = count(1)


@cache
def default_password_hash() -> str:
    return hash_password_sync(DEFAULT_PASSWORD)


@dataclass
class Account:
    id: uuid.UUID
    email: str
    full_name: str
    access_token: str
    refresh_token: str
    password: str = DEFAULT_PASSWORD
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.headers = {"Authorization": f"Bearer {self.access_token}"}


@dataclass
class AccountFactory:
    app: FastAPI
    settings: Settings

    @property
    def database(self) -> Database:
        database: Database = self.app.state.database
        return database

    async def create(
        self,
        *,
        email: str | None = None,
        full_name: str | None = None,
        role: UserRole = UserRole.USER,
        is_active: bool = True,
    ) -> Account:
        number = next(_sequence)
        email = email or f"user{number}@example.com"
        full_name = full_name or f"Test User {number}"
        async with self.database.session() as session:
            user = User(
                email=email.lower(),
                hashed_password=default_password_hash(),
                full_name=full_name,
                role=role,
                is_active=is_active,
            )
            session.add(user)
            await session.flush()
            pair = await tokens.issue_token_pair(session, settings=self.settings, user=user)
            await session.commit()
        return Account(
            id=user.id,
            email=user.email,
            full_name=full_name,
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
        )

    async def admin(self) -> Account:
        return await self.create(role=UserRole.ADMIN)
