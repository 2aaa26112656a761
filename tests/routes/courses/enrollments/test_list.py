"""GET /courses/{id}/enrollments: the owner's list of a course's students, as
`{user_id, full_name, enrolled_at}` rows, paged; anyone else who can see the course gets 403."""

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.courses import (
    ENROLLED_STUDENT_FIELDS,
    create_course,
    enroll,
    list_enrollments,
    published_course,
    student_ids,
    unenroll,
)
from tests.helpers.problems import (
    assert_not_found,
    assert_problem,
    assert_validation_error,
    json_body,
)


@pytest.fixture
async def owner(users: AccountFactory) -> Account:
    return await users.create()


async def test_the_owner_sees_each_student_newest_first(
    client: AsyncClient, owner: Account, users: AccountFactory
) -> None:
    course = await published_course(client, owner)
    other_course = await published_course(client, owner)
    students = [await users.create(full_name=f"Student {n}") for n in range(3)]
    enrolled = [await enroll(client, student, course["id"]) for student in students]
    await enroll(client, students[0], other_course["id"])

    page = json_body(await list_enrollments(client, owner, course["id"]))

    assert page["total"] == 3
    assert page["items"][0] == {
        "user_id": str(students[2].id),
        "full_name": "Student 2",
        "enrolled_at": enrolled[2]["enrolled_at"],
    }
    assert all(set(item) == ENROLLED_STUDENT_FIELDS for item in page["items"])
    assert student_ids(page) == [str(student.id) for student in reversed(students)]
    oldest_first = json_body(
        await list_enrollments(client, owner, course["id"], sort="enrolled_at")
    )
    assert student_ids(oldest_first) == [str(student.id) for student in students]
    first = json_body(await list_enrollments(client, owner, course["id"], page_size=2))
    rest = json_body(
        await list_enrollments(
            client, owner, course["id"], page_size=2, cursor=first["next_cursor"]
        )
    )
    assert student_ids(first) + student_ids(rest) == student_ids(page)
    assert (rest["page"], rest["total"], rest["next_cursor"]) == (2, 3, None)


async def test_a_draft_can_be_listed_by_its_owner(client: AsyncClient, owner: Account) -> None:
    draft = await create_course(client, owner)
    page = json_body(await list_enrollments(client, owner, draft["id"]))
    assert (page["total"], page["items"], page["next_cursor"]) == (0, [], None)


async def test_others_who_see_the_course_are_forbidden(
    client: AsyncClient, owner: Account, users: AccountFactory
) -> None:
    student, stranger = await users.create(), await users.create()
    course = await published_course(client, owner)
    await enroll(client, student, course["id"])
    for user in (student, stranger):
        assert_problem(await list_enrollments(client, user, course["id"]), 403, "forbidden")


async def test_someone_elses_draft_is_not_found(
    client: AsyncClient, owner: Account, users: AccountFactory
) -> None:
    draft = await create_course(client, owner)
    assert_not_found(await list_enrollments(client, await users.create(), draft["id"]))


async def test_who_is_listed_after_leaving_deactivation_and_deletion(
    client: AsyncClient, owner: Account, users: AccountFactory
) -> None:
    """Leaving and account deletion take a student off the list; deactivation does not (the
    account is locked out, its enrollments stay as they are)."""
    admin = await users.admin()
    leaving, deactivated, deleted, staying = [await users.create() for _ in range(4)]
    course = await published_course(client, owner)
    for student in (leaving, deactivated, deleted, staying):
        await enroll(client, student, course["id"])

    assert (await unenroll(client, leaving, course["id"])).status_code == 204
    off = await client.patch(
        f"/api/v1/users/{deactivated.id}", headers=admin.headers, json={"is_active": False}
    )
    json_body(off)
    assert (await client.delete("/api/v1/auth/me", headers=deleted.headers)).status_code == 204

    page = json_body(await list_enrollments(client, owner, course["id"]))
    assert student_ids(page) == [str(staying.id), str(deactivated.id)]


@pytest.mark.parametrize("params", [{"sort": "full_name"}, {"page_size": 101}])
async def test_bad_list_parameters_are_refused(
    client: AsyncClient, owner: Account, params: dict[str, object]
) -> None:
    course = await published_course(client, owner)
    assert_validation_error(await list_enrollments(client, owner, course["id"], **params))
