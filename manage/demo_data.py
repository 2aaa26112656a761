"""The demo data set of `python -m manage seed-demo`: who exists, what they post and send.

Plain records; `manage.demo` turns them into accounts, jobs, applications, proposals,
courses, enrollments and news through the API's schemas and services.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

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
    DemoPerson(
        "hedy@example.com", "Hedy Lamarr", "Editor of the Talent Hub newsroom",
        "Vienna, Austria", ("writing", "radio", "editing"),
        ("News Editor", "Talent Hub", date(2022, 5, 2)),
        ("Max Reinhardt Seminar", "Diploma in Acting", date(2006, 9, 1)),
    ),
)  # fmt: skip
# The admin of the demo: writes the news, and sees drafts and scheduled items.
NEWS_EDITOR = "hedy@example.com"

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

# (sender, recipient, final status, fields): every status a reader can see appears once.
# `expired` is reached the only way it can be: a deadline that passes (see `manage.demo`).
PROPOSALS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("ada@example.com", "alan@example.com", "pending", {
        "title": "Backend contract, three months", "job": "Senior Backend Engineer",
        "rate_amount": "650.00", "rate_currency": "GBP", "rate_unit": "day", "expires_in_days": 14,
    }),
    ("grace@example.com", "katherine@example.com", "accepted", {
        "title": "Compiler test-suite audit", "rate_amount": 12000, "rate_currency": "USD",
        "rate_unit": "fixed",
    }),
    ("ada@example.com", "margaret@example.com", "declined", {
        "title": "On-call cover for the summer", "rate_amount": 95.5, "rate_currency": "GBP",
        "rate_unit": "hour",
    }),
    ("grace@example.com", "alan@example.com", "withdrawn", {"title": "Cryptography review"}),
    ("ada@example.com", "katherine@example.com", "expired", {
        "title": "Data pipeline rescue", "job": "Data Engineer", "expires_in_days": 7,
    }),
    ("grace@example.com", "margaret@example.com", "pending", {"title": "Docs platform advice"}),
)  # fmt: skip

# (owner email, status, fields): published courses to browse and enroll in, and a draft.
COURSES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("ada@example.com", "published", {
        "title": "FastAPI in Production", "provider": "Analytical Engines Academy",
        "url": "https://example.com/courses/fastapi-in-production", "level": "intermediate",
        "duration_hours": 12, "price": "149.00", "currency": "GBP",
        "tags": ["python", "fastapi", "postgresql"],
    }),
    ("grace@example.com", "published", {
        "title": "Compilers from Scratch", "level": "advanced", "duration_hours": 40,
        "price": "299.99", "currency": "USD", "tags": ["compilers"],
    }),
    ("grace@example.com", "draft", {
        "title": "COBOL for the Curious", "level": "beginner", "duration_hours": 6.5,
        "price": "49.50", "currency": "USD", "tags": ["cobol"],
    }),
    ("katherine@example.com", "published", {
        "title": "SQL Window Functions", "provider": "Orbital Analytics",
        "level": "beginner", "duration_hours": 1.5, "price": 0, "currency": "USD",
        "tags": ["sql"],
    }),
)  # fmt: skip

# (student email, course title): each published course has students; a draft has none.
ENROLLMENTS = (
    ("alan@example.com", "FastAPI in Production"),
    ("margaret@example.com", "FastAPI in Production"),
    ("alan@example.com", "Compilers from Scratch"),
    ("ada@example.com", "SQL Window Functions"),
    ("grace@example.com", "SQL Window Functions"),
)
# (days from now it is published, or None for a draft, fields): published, scheduled, draft.
NEWS: tuple[tuple[int | None, dict[str, Any]], ...] = (
    (-14, {
        "title": "Talent Hub opens its doors",
        "summary": "Profiles, jobs and applications in one place, from today.",
        "tags": ["launch", "product"],
    }),
    (-3, {
        "title": "Proposals: employers can now make you an offer",
        "summary": "Send a rate, a deadline and a message; the talent accepts or declines.",
        "tags": ["product", "proposals"],
    }),
    (7, {
        "title": "Course certificates are coming next month",
        "summary": "Finish a course and show it on your profile, signed by its instructor.",
        "tags": ["product", "courses"],
    }),
    (None, {
        "title": "Hiring report: what employers asked for this year",
        "summary": "Python, SQL and writing top the list again; a draft for review.",
        "tags": ["hiring", "report"],
    }),
)  # fmt: skip
