"""`python -m manage seed-demo`: a small, believable data set for frontend work.

The demo is a client of the API that skips HTTP: each record is validated by the request
schema a client's body would meet (trimming, limits, normalised tags and emails) and stored by
the same service, so it obeys every rule the API enforces (salary ranges, status machines, one
active application per job). Seeding is repeatable: when the demo accounts already exist it
changes nothing, and it refuses to start when only some of their emails are taken.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from database.models import Education, Experience, Job, ProfileVisibility, User
from routes.applications.schemas import ApplicationCreate, ApplicationUpdate
from routes.auth.schemas import RegisterIn
from routes.jobs.schemas import JobCreate, JobUpdate
from routes.profile.educations.schemas import EducationCreate
from routes.profile.experiences.schemas import ExperienceCreate
from routes.profile.schemas import ProfileIn
from services import applications, auth, jobs, profile_entries, profiles
from services.users import find_user_by_email
from utils.errors import Conflict

logger = structlog.get_logger(__name__)

# Published in the README: the demo accounts exist to be signed in to.
DEMO_PASSWORD = "demo-password"  # noqa: S105


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    headline: str
    location: str
    skills: tuple[str, ...]
    experience: tuple[str, str, date]  # title, company, start date (current role)
    education: tuple[str, str, date]  # school, degree, start date


PEOPLE = (
    DemoPerson(
        "ada@example.com", "Ada Lovelace", "Engineering lead at Analytical Engines",
        "London, UK", ("python", "postgresql", "hiring"),
        ("Head of Engineering", "Analytical Engines Ltd", date(2019, 3, 1)),
        ("University of London", "BSc Mathematics", date(2008, 9, 1)),
    ),
    DemoPerson(
        "grace@example.com", "Grace Hopper", "Compiler engineer and occasional recruiter",
        "New York, USA", ("compilers", "cobol", "mentoring"),
        ("Principal Engineer", "Flow-Matic Inc.", date(2017, 6, 1)),
        ("Yale University", "PhD Mathematics", date(2004, 9, 1)),
    ),
    DemoPerson(
        "alan@example.com", "Alan Turing", "Backend developer who likes hard problems",
        "Manchester, UK", ("python", "fastapi", "cryptography"),
        ("Software Engineer", "Bletchley Labs", date(2021, 1, 4)),
        ("King's College, Cambridge", "MSc Computer Science", date(2015, 10, 1)),
    ),
    DemoPerson(
        "katherine@example.com", "Katherine Johnson", "Data engineer: pipelines and numbers",
        "Hampton, USA", ("sql", "python", "airflow"),
        ("Data Engineer", "Orbital Analytics", date(2020, 8, 17)),
        ("West Virginia State", "BSc Mathematics", date(2012, 9, 1)),
    ),
    DemoPerson(
        "margaret@example.com", "Margaret Hamilton", "Reliability engineer, remote-first",
        "Boston, USA", ("sre", "kubernetes", "go"),
        ("Site Reliability Engineer", "Apollo Systems", date(2018, 2, 5)),
        ("Earlham College", "BA Mathematics", date(2010, 9, 1)),
    ),
)  # fmt: skip

# (owner email, final status, fields); every job starts as a draft and is moved on from there.
JOBS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("ada@example.com", "open", {
        "title": "Senior Backend Engineer", "employment_type": "full_time", "remote": True,
        "location": "London, UK", "salary_min": 85000, "salary_max": 110000, "currency": "GBP",
        "tags": ["python", "fastapi", "postgresql"],
    }),
    ("ada@example.com", "open", {
        "title": "Data Engineer", "employment_type": "full_time", "location": "London, UK",
        "salary_min": 70000, "salary_max": 90000, "currency": "GBP", "tags": ["sql", "airflow"],
    }),
    ("ada@example.com", "closed", {
        "title": "Platform SRE", "employment_type": "contract", "remote": True,
        "tags": ["sre", "kubernetes"],
    }),
    ("ada@example.com", "draft", {
        "title": "Frontend Intern", "employment_type": "internship", "location": "London, UK",
        "tags": ["typescript", "react"],
    }),
    ("grace@example.com", "open", {
        "title": "Compiler Engineer", "employment_type": "full_time", "location": "New York, USA",
        "salary_min": 150000, "salary_max": 190000, "currency": "USD", "tags": ["compilers"],
    }),
    ("grace@example.com", "open", {
        "title": "Technical Writer", "employment_type": "part_time", "remote": True,
        "tags": ["writing", "documentation"],
    }),
    ("grace@example.com", "draft", {
        "title": "Machine Learning Engineer", "employment_type": "freelance", "remote": True,
        "tags": ["python", "ml"],
    }),
)  # fmt: skip

# (applicant email, job title, final status): every application status appears at least once.
APPLICATIONS = (
    ("alan@example.com", "Senior Backend Engineer", "reviewing"),
    ("katherine@example.com", "Data Engineer", "accepted"),
    ("margaret@example.com", "Senior Backend Engineer", "rejected"),
    ("alan@example.com", "Compiler Engineer", "submitted"),
    ("katherine@example.com", "Technical Writer", "withdrawn"),
    ("margaret@example.com", "Technical Writer", "submitted"),
    ("grace@example.com", "Data Engineer", "reviewing"),
)
# The job owner's moves that lead from "submitted" to each final status.
OWNER_STEPS = {
    "reviewing": ["reviewing"],
    "accepted": ["reviewing", "accepted"],
    "rejected": ["rejected"],
}


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
    logger.info("demo_data_seeded", users=len(people), jobs=len(posted))
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
