"""Command line: `python -m manage <command>`.

migrate                 apply all database migrations (Alembic `upgrade head`)
create-admin EMAIL      create an admin, or promote an existing account to admin;
                        the password comes from ADMIN_PASSWORD, else a prompt
"""

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path

import structlog
from alembic import command
from alembic.config import Config
from pydantic import TypeAdapter, ValidationError

from config import Settings, get_settings
from database.engine import Database
from services import maintenance
from services import users as users_service
from utils.logging import configure_logging
from utils.passwords import hash_password
from utils.schemas import Email, Password

ROOT = Path(__file__).resolve().parent
logger = structlog.get_logger("talent_hub.manage")


def migrate(settings: Settings) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = settings.database_url
    command.upgrade(config, "head")
    logger.info("migrations_applied")


def read_admin_password() -> str:
    password = os.environ.get("ADMIN_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise SystemExit("Set ADMIN_PASSWORD or run interactively to type the password.")
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Repeat password: "):
        raise SystemExit("The passwords do not match.")
    return password


async def create_admin(settings: Settings, email: str, password: str) -> bool:
    database = Database(settings)
    try:
        async with database.session() as session:
            user, created = await users_service.create_or_promote_admin(
                session,
                email=email,
                hashed_password=await hash_password(password),
                full_name=email.split("@", 1)[0],
            )
            await session.commit()
    finally:
        await database.dispose()
    logger.info("admin_created" if created else "admin_promoted", user_id=str(user.id))
    return created


async def purge(settings: Settings, older_than_days: int) -> dict[str, int]:
    database = Database(settings)
    try:
        async with database.session() as session:
            counts = await maintenance.purge_deleted(session, older_than_days=older_than_days)
            await session.commit()
    finally:
        await database.dispose()
    logger.info("deleted_rows_purged", older_than_days=older_than_days, **counts)
    return counts


def non_negative_days(text: str) -> int:
    days = int(text)
    if days < 0:
        raise argparse.ArgumentTypeError("DAYS must be 0 or more")
    return days


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m manage", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply all database migrations")
    admin = commands.add_parser("create-admin", help="create or promote an admin account")
    admin.add_argument("email")
    purge_parser = commands.add_parser("purge-deleted", help="remove old soft-deleted rows")
    purge_parser.add_argument("--older-than", type=non_negative_days, required=True, metavar="DAYS")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = get_settings()
    configure_logging(settings)
    if args.command == "migrate":
        migrate(settings)
        return 0
    if args.command == "purge-deleted":
        asyncio.run(purge(settings, args.older_than))
        return 0
    try:
        email = TypeAdapter(Email).validate_python(args.email)
        password = TypeAdapter(Password).validate_python(read_admin_password())
    except ValidationError as error:
        field = "email" if "email" in str(error.errors()[0].get("msg", "")) else "password"
        print(f"Invalid {field}: {error.errors()[0]['msg']}", file=sys.stderr)
        return 2
    asyncio.run(create_admin(settings, email, password))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
