"""Deterministic job rows for `benchmarks.scale`: varied text from a small vocabulary.

Rows come out in creation order (oldest first) as plain tuples in `COLUMNS` order, with
`uuid.UUID`, aware `datetime` and `list[str]` values; `benchmarks.scale_db` converts them to
what each database stores. While rows are generated, `SeedStats` counts what the benchmark
needs to know about them (visible jobs, the owner's jobs, matches of the search terms).
"""

import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar


def _words(text: str, separator: str = ",") -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(separator))


COLUMNS = _words(
    "id owner_id title description company_name location employment_type remote salary_min "
    "salary_max currency tags status published_at created_at updated_at deleted_at",
    " ",
)

Row = tuple[Any, ...]
T = TypeVar("T")

OWNER_JOBS = 10_000
START = datetime(2022, 1, 1, tzinfo=UTC)
SPAN_US = 3 * 365 * 24 * 3600 * 1_000_000
RARE_COMPANY = "Quillfeather Cartography"
RARE_JOBS = 5


# The vocabulary. Weights are repetitions: "Senior" twice as often as "Staff".
LEVELS = _words("Junior,,,Senior,Senior,Staff,Principal,Lead")
STACKS = _words(
    "Python,Go,Rust,TypeScript,Java,Kotlin,Swift,Ruby,Elixir,Scala,C++,PHP,React,"
    "Django,Cloud,Data,iOS,Android"
)
ROLES = _words(
    "Backend Engineer,Frontend Developer,Data Scientist,DevOps Engineer,Mobile "
    "Developer,Site Reliability Engineer,Machine Learning Engineer,Engineering "
    "Manager,Security Engineer,Data Engineer,Full Stack Developer,Platform Engineer,"
    "Support Engineer,Solutions Architect,QA Analyst"
)
SYLLABLES = _words(
    "ka lo mi ren tor vex quin dal bri zen ox pel sta mur fen gal hy jor nev ul cor tra vi sen", " "
)
SUFFIXES = _words(
    "Labs Systems Works Analytics Health Robotics Logistics Media Finance Studio Energy Games", " "
)
CITIES = _words(
    "Berlin,Lisbon,Zürich,München,Kraków,São Paulo,Toronto,Austin,London,Paris,"
    "Madrid,Amsterdam,Dublin,Stockholm,Warsaw,Tokyo,Singapore,Nairobi,Bogotá,"
    "Montréal"
)
TAGS = _words(
    "python go rust typescript java kotlin swift ruby elixir scala postgresql sqlite "
    "redis kafka aws gcp azure kubernetes docker terraform react vue django fastapi "
    "graphql grpc linux ml llm security mobile frontend backend devops data "
    "remote-friendly",
    " ",
)
EMPLOYMENT = ("full_time",) * 14 + ("part_time", "contract", "contract", "internship", "freelance")
CURRENCIES = _words("EUR EUR USD USD GBP CHF", " ")
VERBS = _words(
    "build,scale,redesign,maintain,own,modernise,secure,speed up,document,test,operate,migrate"
)
THINGS = _words(
    "payment platform,search service,mobile apps,data pipelines,public API,billing "
    "system,internal tools,recommendation engine,design system,observability "
    "stack,checkout flow,customer portal"
)
TEAMS = _words(
    "product managers,designers,the platform team,data analysts,customers,the "
    "security team,founders,support engineers"
)
BENEFITS = _words(
    "flexible hours,a learning budget,stock options,four weeks of holiday,a home "
    "office allowance,parental leave,health insurance,a yearly retreat,conference "
    "tickets,a four-day week"
)
TEMPLATES = (
    "We are looking for someone to {verb} our {thing} using {tech} and {tech2}.",
    "You will work closely with {team} to {verb} the {thing}.",
    "We offer {benefit}, {benefit2} and a friendly team.",
    "Experience with {tech} is a plus; {tech2} is nice to have.",
    "Our team ships every week and cares about {benefit} as much as code quality.",
    "The role is hybrid with occasional travel to {city}.",
    "In your first months you will {verb} the {thing} together with {team}.",
    "Knowledge of {tech} in production matters more to us than a degree.",
)


@dataclass
class SeedStats:
    """What the benchmark needs to know about the rows it seeded."""

    rows: int = 0
    visible: int = 0  # open and not deleted: what every user lists
    owner_live: int = 0  # the owner's jobs in any status, not deleted: `mine=true`
    newest_visible: tuple[datetime, int] | None = None  # (created_at, id as int) of page 1 top
    matches: dict[str, int] = field(default_factory=dict)  # visible rows per search term

    @property
    def newest_visible_id(self) -> uuid.UUID | None:
        return None if self.newest_visible is None else uuid.UUID(int=self.newest_visible[1])


def _companies(rng: random.Random, count: int) -> list[str]:
    """Invented, distinct company words (none inside another), each with a suffix."""
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        low = word.lower()
        if len(low) >= 6 and not any(low in w.lower() or w.lower() in low for w in words):
            words.append(word)
    return [f"{word} {rng.choice(SUFFIXES)}" for word in words]


def _sentences(rng: random.Random, count: int) -> list[str]:
    fillers = {
        "verb": VERBS,
        "thing": THINGS,
        "tech": STACKS,
        "tech2": STACKS,
        "team": TEAMS,
        "benefit": BENEFITS,
        "benefit2": BENEFITS,
        "city": CITIES,
    }
    return [
        rng.choice(TEMPLATES).format(**{key: rng.choice(words) for key, words in fillers.items()})
        for _ in range(count)
    ]


class JobGenerator:
    """`rows()` yields `n` jobs; `stats` is complete once the iterator is exhausted.

    The owner gets exactly `min(n, OWNER_JOBS)` jobs spread evenly over time (mostly open,
    some drafts and closed); the crowd user owns the rest, all open. About 1 % are deleted.
    Choices use `random()` directly: `Random.choice` would double the time of a 1M-row seed.
    """

    def __init__(self, n: int, *, owner: uuid.UUID, crowd: uuid.UUID, seed: int = 1) -> None:
        self.n, self.owner, self.crowd = n, owner, crowd
        rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
        self.random, self.bits = rng.random, rng.getrandbits
        self.companies = _companies(rng, 300)
        self.sentences = _sentences(rng, 3000)
        self.tag_sets = [rng.sample(TAGS, rng.randint(1, 5)) for _ in range(5000)]
        self.search_term = self.companies[0].split()[0]
        self.rare_term = RARE_COMPANY.split()[0]
        self.stats = SeedStats(matches={self.search_term: 0, self.rare_term: 0})

    def _pick(self, options: Sequence[T]) -> T:
        return options[int(self.random() * len(options))]

    def _below(self, limit: int) -> int:
        return int(self.random() * limit)

    def _description(self) -> str:
        target = 200 + self._below(160)
        text = self._pick(self.sentences)
        while len(text) < target:
            text = f"{text} {self._pick(self.sentences)}"
        return text if len(text) <= 400 else text[: text.rindex(" ", 0, 399)] + "."

    def _salary(self) -> tuple[int | None, int | None, str | None]:
        draw = self.random()
        if draw < 0.15:
            return None, None, None
        low = (30 + self._below(130)) * 1000
        high = None if draw < 0.2 else low + (5 + self._below(55)) * 1000
        return low, high, self._pick(CURRENCIES)

    def _status(self, owned: bool) -> str:
        if not owned:
            return "open"
        draw = self.random()
        return "draft" if draw < 0.05 else "closed" if draw < 0.1 else "open"

    def _count(self, row: Row, created: datetime, key: int) -> None:
        stats = self.stats
        stats.rows += 1
        deleted, status = row[16] is not None, row[12]
        if row[1] == self.owner and not deleted:
            stats.owner_live += 1
        if deleted or status != "open":
            return
        stats.visible += 1
        if stats.newest_visible is None or (created, key) > stats.newest_visible:
            stats.newest_visible = (created, key)
        text = f"{row[2]} {row[3]} {row[4]}".lower()
        for term in stats.matches:
            if term.lower() in text:
                stats.matches[term] += 1

    def rows(self) -> Iterator[Row]:
        n, pick, below, draw = self.n, self._pick, self._below, self.random
        owned_count = min(n, OWNER_JOBS)
        rare_every = max(1, n // RARE_JOBS)
        created_us = 0
        for i in range(n):
            owned = (i * owned_count) // n != ((i + 1) * owned_count) // n
            if draw() >= 0.02 or i == 0:  # 2 % share the previous row's created_at
                created_us = i * SPAN_US // n + below(max(1, SPAN_US // n // 2))
            created = START + timedelta(microseconds=created_us)
            status = self._status(owned)
            job_id = uuid.UUID(int=self.bits(128), version=4)
            low, high, currency = self._salary()
            title = f"{pick(LEVELS)} {pick(STACKS)} {pick(ROLES)}".lstrip()
            company = RARE_COMPANY if i % rare_every == rare_every // 2 else pick(self.companies)
            deleted = created + timedelta(days=1 + below(60)) if draw() < 0.01 else None
            row: Row = (
                job_id,
                self.owner if owned else self.crowd,
                title,
                self._description(),
                company,
                None if draw() < 0.1 else pick(CITIES),
                pick(EMPLOYMENT),
                draw() < 0.3,
                low,
                high,
                currency,
                pick(self.tag_sets),
                status,
                None if status == "draft" else created,
                created,
                created + timedelta(hours=below(72)) if draw() < 0.2 else created,
                deleted,
            )
            self._count(row, created, job_id.int)
            yield row
