"""Signed webhook deliveries: `X-Signature: sha256=<hex>` over `"{X-Timestamp}.{raw body}"`.

Why each rule:
- the MAC covers the exact bytes received, checked before anything parses them: a parser
  never sees unauthenticated input, and re-serialising could never reproduce the signed bytes;
- the timestamp is inside the MAC and must be within `TOLERANCE_SECONDS` of our clock in
  either direction, so a captured delivery cannot be replayed later (within the window a
  replay is harmless: deliveries are upserts, and a repeated one changes nothing);
- the comparison is `hmac.compare_digest`, in constant time, so response timing never tells
  an attacker how much of a forged signature was right;
- every refusal is the same 401, whatever was wrong.
"""

import hashlib
import hmac
import re

from utils.errors import Unauthorized

SIGNATURE_HEADER = "X-Signature"
TIMESTAMP_HEADER = "X-Timestamp"
TOLERANCE_SECONDS = 5 * 60
_SIGNATURE = re.compile(r"sha256=([0-9a-fA-F]{64})")
# Unix seconds; twelve digits reach the year 33658, and a longer number is not a timestamp.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


class SignatureRejected(Unauthorized):
    """A delivery that is not provably from the CMS holding the shared secret."""

    def __init__(self) -> None:
        super().__init__(
            "The delivery is not signed correctly, or its timestamp is stale.",
            challenge='HMAC-SHA256 realm="news-webhook"',
        )


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    """The `X-Signature` value a sender computes for `body` sent at `timestamp`."""
    digest = hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def verify_delivery(
    secret: bytes,
    *,
    timestamps: list[str],
    signatures: list[str],
    body: bytes,
    now: float,
) -> None:
    """Raise `SignatureRejected` unless exactly one timestamp and one signature header came,
    the timestamp is fresh at `now` and the signature is `sign(secret, timestamp, body)`."""
    if len(timestamps) != 1 or len(signatures) != 1:
        raise SignatureRejected()
    timestamp = timestamps[0].strip()
    given = _SIGNATURE.fullmatch(signatures[0].strip())
    if given is None or not _TIMESTAMP.fullmatch(timestamp):
        raise SignatureRejected()
    if abs(now - int(timestamp)) > TOLERANCE_SECONDS:
        raise SignatureRejected()
    expected = sign(secret, timestamp, body).removeprefix("sha256=")
    if not hmac.compare_digest(expected, given.group(1).lower()):
        raise SignatureRejected()
