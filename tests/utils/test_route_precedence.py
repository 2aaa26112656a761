"""Concrete paths win over templates (`utils.route_precedence`), as OpenAPI reads them."""

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from utils.error_handlers import install_problem_handlers
from utils.route_precedence import give_concrete_paths_precedence


def things_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/things/special")
    async def special() -> str:
        return "special"

    @app.get("/things/{ref}")
    @app.patch("/things/{ref}")
    async def thing(ref: int) -> int:
        return ref

    give_concrete_paths_precedence(app)
    return app


async def test_a_template_no_longer_serves_a_concrete_path() -> None:
    async with AsyncClient(transport=ASGITransport(app=things_app()), base_url="http://t") as http:
        refused = await http.patch("/things/special")
        assert (refused.status_code, refused.headers["allow"]) == (405, "POST")
        assert (await http.get("/things/special")).status_code == 405
        assert (await http.post("/things/special")).json() == "special"
        assert (await http.get("/things/7")).json() == 7
        assert (await http.get("/things/specialist")).status_code == 422  # not an int: a ref
        assert (await http.options("/things/7")).headers["allow"] == "GET, PATCH"
