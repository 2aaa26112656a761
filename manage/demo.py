"""`python -m manage seed-demo`: a small, believable data set for frontend work.

The demo is a client of the API that skips HTTP: each record of `manage.demo_data` is
validated by the request schema a client's body would meet (trimming, limits, normalised tags
and emails) and stored by the same service, so it obeys every rule the API enforces (salary
ranges, status machines, one active application per job, one enrollment per course).
Seeding is repeatable: when the demo accounts already exist it changes nothing, and it
refuses to start when only some of their emails are taken.
"""

from datetime import date, timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from database.models import Course, Education, Experience, Job, ProfileVisibility, Proposal, User
from database.types import utcnow
from manage.demo_data import (
    APPLICATIONS,
    COURSES,
    DEMO_PASSWORD,
    ENROLLMENTS,
    JOBS,
    NEWS,
    NEWS_EDITOR,
    OWNER_STEPS,
    PEOPLE,
    PROPOSALS,
    DemoPerson,
)
from routes.applications.schemas import ApplicationCreate, ApplicationUpdate
from routes.auth.schemas import RegisterIn
from routes.courses.schemas import CourseCreate
from routes.jobs.schemas import JobCreate, JobUpdate
from routes.news.schemas import NewsCreate
from routes.profile.educations.schemas import EducationCreate
from routes.profile.experiences.schemas import ExperienceCreate
from routes.profile.schemas import ProfileIn
from routes.proposals.schemas import ProposalCreate, ProposalUpdate
from services import (
    applications,
    auth,
    courses,
    enrollments,
    jobs,
    news,
    profile_entries,
    profiles,
    proposals,
)
from services.users import find_user_by_email, promote_to_admin
from utils.errors import Conflict

logger = structlog.get_logger(__name__)

__all__ = ["DEMO_PASSWORD", "PEOPLE", "seed_demo"]


async def seed_demo(session: AsyncSession) -> bool:
    """Create the demo data set; returns False, changing nothing, when it is already there.

    Raises Conflict when some demo emails belong to accounts that are not the demo's.
    """
    taken = [p.email for p in PEOPLE if await find_user_by_email(session, email=p.email)]
    if len(taken) == len(PEOPLE):
        logger.info("demo_data_present")
        return False
    if taken:
        raise Conflict(f"Demo emails already in use by other accounts: {', '.join(taken)}.")
    people = {person.email: await _create_person(session, person) for person in PEOPLE}
    companies = {person.email: person.experience[1] for person in PEOPLE}
    posted = {
        fields["title"]: await _create_job(
            session, people[owner], status, {"company_name": companies[owner], **fields}
        )
        for owner, status, fields in JOBS
    }
    for email, title, status in APPLICATIONS:
        await _create_application(session, people[email], posted[title], people, status)
    for sender, recipient, status, fields in PROPOSALS:
        await _create_proposal(session, people[sender], people[recipient], posted, status, fields)
    offered = {
        fields["title"]: await _create_course(session, people[owner], status, fields)
        for owner, status, fields in COURSES
    }
    for email, title in ENROLLMENTS:
        await enrollments.enroll(session, student=people[email], course=offered[title])
    editor = await promote_to_admin(session, email=NEWS_EDITOR)
    for days, fields in NEWS:
        await _create_news(session, editor, days, fields)
    logger.info(
        "demo_data_seeded",
        users=len(people),
        jobs=len(posted),
        proposals=len(PROPOSALS),
        courses=len(offered),
        enrollments=len(ENROLLMENTS),
        news=len(NEWS),
    )
    return True


async def _create_person(session: AsyncSession, person: DemoPerson) -> User:
    account = RegisterIn(email=person.email, password=DEMO_PASSWORD, full_name=person.full_name)
    user = await auth.register(session, **account.model_dump())
    profile_in = ProfileIn(
        headline=person.headline,
        bio=f"{person.full_name.split()[0]} is a demo account of Talent Hub.",
        location=person.location,
        skills=list(person.skills),
        visibility=ProfileVisibility.PUBLIC,
        open_to_work=True,
    )
    profile, _ = await profiles.replace_profile(session, owner=user, data=profile_in.model_dump())
    title, company, started = person.experience
    experience = ExperienceCreate(title=title, company=company, start_date=started)
    await profile_entries.create_entry(
        session, Experience, profile=profile, data=experience.model_dump()
    )
    school, degree, started = person.education
    education = EducationCreate(
        school=school, degree=degree, start_date=started, end_date=date(started.year + 3, 6, 30)
    )
    await profile_entries.create_entry(
        session, Education, profile=profile, data=education.model_dump()
    )
    return user


async def _create_job(
    session: AsyncSession, owner: User, status: str, fields: dict[str, Any]
) -> Job:
    description = (
        f"{fields['title']} at {fields['company_name']}: you will work with a small team, "
        "ship often and help shape how we build. Tell us about something you are proud of."
    )
    body = JobCreate.model_validate({"description": description, **fields})
    job = await jobs.create_job(session, owner=owner, data=body.model_dump())
    for step in {"draft": [], "open": ["open"], "closed": ["open", "closed"]}[status]:
        move = JobUpdate.model_validate({"status": step})
        await jobs.update_job(session, job=job, editor=owner, changes=move.changes())
    return job


async def _create_course(
    session: AsyncSession, owner: User, status: str, fields: dict[str, Any]
) -> Course:
    description = (
        f"{fields['title']}: short lessons, worked examples and an exercise after each one, "
        f"taught by {owner.full_name}."
    )
    body = CourseCreate.model_validate({"description": description, "status": status, **fields})
    return await courses.create_course(session, owner=owner, data=body.model_dump())


async def _create_application(
    session: AsyncSession, applicant: User, job: Job, people: dict[str, User], status: str
) -> None:
    body = ApplicationCreate(
        job_id=job.id,
        cover_letter=f"Hello! I would like to apply for {job.title}.",
        resume_url=f"https://example.com/resumes/{applicant.email.split('@')[0]}.pdf",
    )
    application = await applications.create_application(
        session, applicant=applicant, data=body.model_dump()
    )
    owner = next(user for user in people.values() if user.id == job.owner_id)
    moves = [(applicant, "withdrawn")] if status == "withdrawn" else []
    moves += [(owner, step) for step in OWNER_STEPS.get(status, [])]
    for editor, step in moves:
        move = ApplicationUpdate.model_validate({"status": step})
        await applications.update_application(
            session, application=application, editor=editor, changes=move.changes()
        )


async def _create_proposal(
    session: AsyncSession,
    sender: User,
    recipient: User,
    posted: dict[str, Job],
    status: str,
    fields: dict[str, Any],
) -> None:
    fields = dict(fields)
    job = posted[fields.pop("job")] if "job" in fields else None
    days = fields.pop("expires_in_days", None)
    body = ProposalCreate.model_validate(
        {
            "recipient_id": recipient.id,
            "job_id": job.id if job else None,
            "message": f"Hello {recipient.full_name.split()[0]}, would this suit you?",
            "expires_at": utcnow() + timedelta(days=days) if days else None,
            **fields,
        }
    )
    proposal = await proposals.send_proposal(session, sender=sender, data=body.model_dump())
    if status == "expired":
        _as_if_sent_earlier(proposal, days=(days or 0) + 3)
        return
    editor = sender if status == "withdrawn" else recipient
    if status != "pending":
        move = ProposalUpdate.model_validate({"status": status})
        await proposals.update_proposal(
            session, proposal=proposal, editor=editor, changes=move.changes()
        )


async def _create_news(
    session: AsyncSession, editor: User | None, days: int | None, fields: dict[str, Any]
) -> None:
    body = NewsCreate.model_validate(
        {
            "body": f"{fields['summary']} Read more on the Talent Hub blog.",
            "published_at": None if days is None else utcnow() + timedelta(days=days),
            **fields,
        }
    )
    await news.create_news(session, author=editor, data=body.model_dump())


def _as_if_sent_earlier(proposal: Proposal, *, days: int) -> None:
    """Move a fresh proposal back in time, so that its deadline has already passed: the API
    rightly refuses a deadline in the past, and only time makes a proposal expire."""
    shift = timedelta(days=days)
    proposal.created_at -= shift
    proposal.updated_at -= shift
    if proposal.expires_at is not None:
        proposal.expires_at -= shift
