"""Registration, login and the identity behind an access token."""

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from database.models import User
from database.scoping import live
from services import tokens
from services.tokens import TokenPair
from services.users import find_user_by_email
from utils.errors import BadRequest, Conflict, Unauthorized
from utils.passwords import burn_verification_time, hash_password, verify_password
from utils.tokens import TokenType, decode_token

# Longer input is never a valid password, so it is rejected before any hashing work.
MAX_PASSWORD_LENGTH = 128
_BAD_CREDENTIALS = "Incorrect email or password."


async def register(session: AsyncSession, *, email: str, password: str, full_name: str) -> User:
    if await find_user_by_email(session, email) is not None:
        raise Conflict("An account with this email already exists.")
    user = User(
        email=email.lower(), hashed_password=await hash_password(password), full_name=full_name
    )
    session.add(user)
    await session.flush()
    return user


async def login(
    session: AsyncSession, *, settings: Settings, email: str, password: str
) -> TokenPair:
    """Check credentials; unknown email, wrong password and inactive account look the same."""
    user = await find_user_by_email(session, email)
    if user is None or len(password) > MAX_PASSWORD_LENGTH:
        await burn_verification_time()
        raise Unauthorized(_BAD_CREDENTIALS)
    valid, upgraded_hash = await verify_password(password, user.hashed_password)
    if not valid or not user.is_active:
        raise Unauthorized(_BAD_CREDENTIALS)
    if upgraded_hash is not None:
        user.hashed_password = upgraded_hash
    return await tokens.issue_token_pair(session, settings=settings, user=user)


async def user_for_access_token(session: AsyncSession, *, settings: Settings, token: str) -> User:
    """The live, active user an access token speaks for, if the token is still current."""
    claims = decode_token(settings, token, expected=TokenType.ACCESS)
    user: User | None = await session.scalar(live(User).where(User.id == claims.user_id))
    if user is None or not user.is_active or user.token_version != claims.version:
        raise Unauthorized("The token is no longer valid.")
    return user


async def change_password(
    session: AsyncSession, *, user: User, current_password: str, new_password: str
) -> None:
    valid = (
        len(current_password) <= MAX_PASSWORD_LENGTH
        and (await verify_password(current_password, user.hashed_password))[0]
    )
    if not valid:
        raise BadRequest("The current password is incorrect.")
    user.hashed_password = await hash_password(new_password)
    await tokens.end_every_session(session, user=user)
