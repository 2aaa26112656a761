"""Command line: `python -m manage <command>`.

migrate                 apply all database migrations (Alembic `upgrade head`)
create-admin EMAIL      promote the account with EMAIL to admin, or create an admin
                        account; a new account's password comes from ADMIN_PASSWORD,
                        else a prompt (an existing account keeps its password)
seed-demo               add demo accounts, profiles, jobs, applications, proposals and news
                        (none when they exist already; refused with ENVIRONMENT=production)
purge-deleted --older-than DAYS
                        permanently remove rows soft-deleted more than DAYS days ago
worker [--once]         deliver the email outbox until stopped (SIGINT/SIGTERM), or only
                        what is due now; run with OUTBOX_WORKER_EMBEDDED=false on the web
outbox [--retry-dead]   show pending and dead messages; --retry-dead queues the dead again
openapi FILE            write the OpenAPI document (what /openapi.json serves) to FILE, for
                        client generators (clients/typescript)
"""

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import structlog
from alembic import command
from alembic.config import Config
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings, get_settings
from database.engine import Database
from manage import demo
from manage.openapi import write_openapi
from manage.outbox import run_worker, show_outbox
from services import maintenance
from services import users as users_service
from utils.errors import Conflict
from utils.logging import configure_logging
from utils.passwords import hash_password
from utils.schemas import Email, Password

ROOT = Path(__file__).resolve().parent.parent  # the repository: alembic.ini and migrations/
ResultT = TypeVar("ResultT")
logger = structlog.get_logger("talent_hub.manage")


def migrate(settings: Settings) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = settings.database_url
    command.upgrade(config, "head")
    logger.info("migrations_applied")


def in_transaction(
    settings: Settings, work: Callable[[AsyncSession], Awaitable[ResultT]]
) -> ResultT:
    """Run `work` in one committed transaction on a database opened for this command only."""

    async def run() -> ResultT:
        database = Database(settings)
        try:
            async with database.session() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await database.dispose()

    return asyncio.run(run())


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


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def create_admin(settings: Settings, raw_email: str) -> int:
    try:
        email = TypeAdapter(Email).validate_python(raw_email)
    except ValidationError as error:
        return fail(f"Invalid email: {error.errors()[0]['msg']}")

    async def promote(session: AsyncSession) -> bool:
        return await users_service.promote_to_admin(session, email=email) is not None

    if in_transaction(settings, promote):
        return 0
    try:
        password = TypeAdapter(Password).validate_python(read_admin_password())
    except ValidationError as error:
        return fail(f"Invalid password: {error.errors()[0]['msg']}")

    async def create(session: AsyncSession) -> None:
        await users_service.create_admin(
            session,
            email=email,
            hashed_password=await hash_password(password),
            full_name=email.split("@", 1)[0],
        )

    in_transaction(settings, create)
    return 0


def purge_deleted(settings: Settings, older_than_days: int) -> int:
    async def purge(session: AsyncSession) -> dict[str, int]:
        return await maintenance.purge_deleted(session, older_than_days=older_than_days)

    counts = in_transaction(settings, purge)
    logger.info("deleted_rows_purged", older_than_days=older_than_days, **counts)
    return 0


def seed_demo(settings: Settings) -> int:
    if settings.environment == "production":
        return fail("seed-demo is refused with ENVIRONMENT=production: it creates known passwords.")
    try:
        seeded = in_transaction(settings, demo.seed_demo)
    except Conflict as error:
        return fail(f"{error.detail} Use an empty database for the demo.")
    if not seeded:
        print("The demo data is already there; nothing changed.")
        return 0
    emails = ", ".join(person.email for person in demo.PEOPLE)
    print(f"Demo data added. Sign in as any of {emails} with password {demo.DEMO_PASSWORD!r}.")
    return 0


def non_negative_days(text: str) -> int:
    days = int(text)
    if days < 0:
        raise argparse.ArgumentTypeError("DAYS must be 0 or more")
    return days


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m manage", description="Talent Hub commands")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply all database migrations")
    admin = commands.add_parser("create-admin", help="create or promote an admin account")
    admin.add_argument("email")
    commands.add_parser("seed-demo", help="add a demo data set for frontend development")
    purge = commands.add_parser("purge-deleted", help="remove old soft-deleted rows")
    purge.add_argument("--older-than", type=non_negative_days, required=True, metavar="DAYS")
    worker = commands.add_parser("worker", help="deliver the email outbox")
    worker.add_argument("--once", action="store_true", help="deliver what is due, then exit")
    shown = commands.add_parser("outbox", help="show pending and dead outbox messages")
    shown.add_argument("--retry-dead", action="store_true", help="queue dead messages again")
    openapi = commands.add_parser("openapi", help="write the OpenAPI document to a file")
    openapi.add_argument("output", type=Path, metavar="FILE")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = get_settings()
    configure_logging(settings)
    if args.command == "migrate":
        migrate(settings)
        return 0
    if args.command == "seed-demo":
        return seed_demo(settings)
    if args.command == "purge-deleted":
        return purge_deleted(settings, args.older_than)
    if args.command == "worker":
        return run_worker(settings, once=args.once)
    if args.command == "outbox":
        return show_outbox(settings, retry_dead=args.retry_dead)
    if args.command == "openapi":
        return write_openapi(settings, args.output)
    return create_admin(settings, args.email)
