"""Services reach owned and two-party tables only through `database.scoping` (STYLE §3).

A static check over `services/`: selecting, updating or deleting an owned or two-party model
directly, comparing an owned model's `owner_id` by hand, or starting from `live(...)` on a
two-party model instead of `involving(...)`, fails this test with the file and line to fix.
Both kinds of model are found from the mapper registry: a new one is checked without an edit.
"""

import ast
from pathlib import Path

import database.models  # noqa: F401  (registers every model)
from database.scoping import owned_models, two_party_models

SERVICES = Path(__file__).resolve().parent.parent / "services"
STATEMENT_BUILDERS = {"select", "update", "delete"}


def owned_model_names() -> set[str]:
    return {model.__name__ for model in owned_models()}


def two_party_model_names() -> set[str]:
    return {model.__name__ for model in two_party_models()}


def scoped_model_names() -> set[str]:
    return owned_model_names() | two_party_model_names()


def bypasses(tree: ast.AST, owned: set[str]) -> list[int]:
    """Line numbers where a statement starts on a scoped model, a two-party query starts from
    `live`, or a line filters `Model.owner_id`."""
    two_party = two_party_model_names()
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            name = node.func.attr if isinstance(node.func, ast.Attribute) else name
            models = {arg.id for arg in node.args if isinstance(arg, ast.Name)}
            if (name in STATEMENT_BUILDERS and models & owned) or (
                name == "live" and models & two_party
            ):
                lines.append(node.lineno)
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "owner_id"
            and isinstance(node.value, ast.Name)
            and (node.value.id in owned or node.value.id == "model")
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_owned_models_are_discovered() -> None:
    assert {"Profile", "Experience", "Education", "Job"} <= owned_model_names()


def test_two_party_models_are_discovered() -> None:
    assert {"Application", "Proposal"} <= two_party_model_names()


def test_services_never_bypass_scoping() -> None:
    owned = scoped_model_names()
    offenders = {
        path.name: lines
        for path in sorted(SERVICES.glob("*.py"))
        if (lines := bypasses(ast.parse(path.read_text()), owned))
    }
    assert offenders == {}, f"use database.scoping instead: {offenders}"


def test_the_check_catches_a_bypass() -> None:
    sample = (
        "select(Profile).where(Profile.owner_id == user.id)\n"
        "update(Experience)\n"
        "model.owner_id == owner\n"
        "select(Application)\n"
        "live(Proposal).where(Proposal.sender_id == user.id)\n"
        "involving(Proposal, user.id)\n"
    )
    assert bypasses(ast.parse(sample), scoped_model_names()) == [1, 1, 2, 3, 4, 5]
