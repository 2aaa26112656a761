"""The `Allow` header of a 405: every method the path supports, whichever route serves it.

Starlette answers 405 from the first route whose path matched and names only that route's
methods, so a path served by two routes (`GET /jobs` and `POST /jobs`) would advertise one.
"""

from fastapi.routing import iter_route_contexts
from starlette.requests import Request
from starlette.routing import Match

# The order RFC 9110 lists them in, so the header reads the same on every path.
_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


def allowed_methods(request: Request) -> list[str]:
    """The methods of every route whose path matches the request's, in a stable order.

    A concrete path is matched by no template (`utils.route_precedence`), so
    `/applications/received` names the methods of that path alone, as in OpenAPI.
    """
    methods: set[str] = set()
    # Included routers stay nested in FastAPI's route tree; their contexts carry full paths.
    for route in iter_route_contexts(request.app.routes):
        if route.methods:
            match, _ = route.matches(request.scope)
            if match != Match.NONE:
                methods |= route.methods
    return sorted(methods, key=_position)


def _position(method: str) -> int:
    return _METHOD_ORDER.index(method) if method in _METHOD_ORDER else len(_METHOD_ORDER)
