"""Concrete paths win over templates, as in OpenAPI: `/news/webhook` is not a `/news/{news_ref}`.

Starlette serves a request with the first route whose template and method match, so without
this `PATCH /news/webhook` would reach `PATCH /news/{news_ref}` (a malformed id, 422) where the
document promises a 405: the path `/news/webhook` has POST alone. So once, when the app is
built, each template is compiled anew to refuse the concrete paths of the other routes it
would also match. A request's routing gains nothing but a negative look-ahead in the regex of
the few templates concerned; `Allow` follows, since it asks the same routes.
"""

import re
from typing import Any

from fastapi import FastAPI
from fastapi.routing import RouteContext, iter_route_contexts


def _matched_route(context: RouteContext) -> Any:
    # The object whose `path_regex` routing reads: an included route is matched through its
    # effective copy (full path, prefix included), a route of the app itself directly.
    return context._route_context or context.route  # FastAPI keeps it private


def give_concrete_paths_precedence(app: FastAPI) -> None:
    """Make every templated route of `app` refuse the concrete paths of its other routes.

    Call it once every route is added: a route added later is not taken into account.
    """
    contexts = [context for context in iter_route_contexts(app.routes) if context.methods]
    concrete = {str(context.path_format) for context in contexts if "{" not in str(context.path)}
    for context in contexts:
        if "{" not in str(context.path):
            continue
        route = _matched_route(context)
        pattern: str = route.path_regex.pattern
        shadowed = sorted(path for path in concrete if route.path_regex.fullmatch(path))
        if shadowed and pattern.startswith("^"):
            refused = "|".join(re.escape(path) for path in shadowed)
            route.path_regex = re.compile(f"^(?!(?:{refused})$){pattern.removeprefix('^')}")
