"""URL slugs: lower-case ASCII words joined by `-`, derived from a title or checked as given."""

import re
import unicodedata

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_SLUG_LENGTH = 200
_SLUG = re.compile(SLUG_PATTERN)
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# Latin letters that are not an ASCII letter plus accents, so NFKD alone would drop them.
_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "đ": "d",
     "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th"}
)  # fmt: skip


def slugify(text: str, *, max_length: int = MAX_SLUG_LENGTH) -> str | None:
    """The slug of `text`: accents folded (`Café` → `cafe`), every run of anything else than
    ASCII letters and digits a single `-`, at most `max_length` characters, cut between words
    when it is too long. None when nothing is left (a title in another script)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    folded = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ALPHANUMERIC.sub("-", folded.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]
    return slug or None


def is_slug(text: str) -> bool:
    """Whether `text` has the form of a slug (as `slugify` returns and clients may send)."""
    return len(text) <= MAX_SLUG_LENGTH and _SLUG.fullmatch(text) is not None
