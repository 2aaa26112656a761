"""Conditional GET for public reads: a strong `ETag`, `Cache-Control`, and `304 Not Modified`.

Why: public reads (news) are the same bytes for every caller, so a CDN or a browser can keep
them for a short while and then revalidate with `If-None-Match`; a matching tag costs the
server a query but no body on the wire. The tag is a digest of the exact body bytes, so it is
strong (RFC 9110 §8.8.1): equal tags mean byte-identical bodies, whatever produced them.
Responses that depend on who asks are sent with `no-store` and no tag instead.
"""

import hashlib
import re

from fastapi import Request, Response
from pydantic import BaseModel

JSON_MEDIA_TYPE = "application/json"
NOT_STORED = "private, no-store"
# An entity tag, optionally weak (RFC 9110 §8.8.3); `etagc` excludes only the double quote.
_ENTITY_TAG = re.compile(r'[\s,]*(?:W/)?("[^"]*")\s*(?:,|$)')


def strong_etag(body: bytes) -> str:
    """A strong entity tag for exactly these bytes."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def names_etag(if_none_match: str, etag: str) -> bool:
    """True when an `If-None-Match` value lists `etag`, or is `*`: the client has it already.

    RFC 9110 §13.1.2 compares tags weakly here, so `W/"x"` names `"x"`. A value that is not a
    list of entity tags names nothing, and the full response is sent.
    """
    text = if_none_match.strip(" \t,")
    if text == "*":
        return True
    listed, position = set(), 0
    while position < len(text):
        match = _ENTITY_TAG.match(text, position)
        if match is None:
            return False
        listed.add(match.group(1))
        position = match.end()
    return etag.removeprefix("W/") in listed


def _render(content: BaseModel) -> bytes:
    return content.model_dump_json().encode()


def cacheable_json(request: Request, content: BaseModel, *, max_age: int) -> Response:
    """`content` as JSON that shared caches may keep for `max_age` seconds, with its strong
    ETag; `304` without a body when the request's `If-None-Match` already names it."""
    body = _render(content)
    headers = {"ETag": strong_etag(body), "Cache-Control": f"public, max-age={max_age}"}
    conditions = request.headers.getlist("If-None-Match")
    if conditions and names_etag(", ".join(conditions), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=JSON_MEDIA_TYPE, headers=headers)


def uncacheable_json(content: BaseModel) -> Response:
    """`content` as JSON that no cache may store: it depends on who asked."""
    return Response(
        _render(content), media_type=JSON_MEDIA_TYPE, headers={"Cache-Control": NOT_STORED}
    )
