"""Links: only http, https, mailto and tel are ever kept as links; LinkedIn URLs normalised."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from netdesk.domain.models import UrlKind

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_CARD_HOSTS = ("linktr.ee", "hihello.me", "hihello.com", "popl.co", "blinq.me", "blinq.app")
#: The plain form nearly every export writes; anything else takes the general path below.
_PLAIN_LINKEDIN = re.compile(r"https?://(?:www\.)?linkedin\.com/in/([A-Za-z0-9_-]+)/?", re.IGNORECASE)


def safe_url(value: str) -> str | None:
    """The URL when its scheme is safe to open on a click, else None.

    A bare ``www.example.com`` becomes ``https://www.example.com``.
    """
    text = value.strip()
    if not text:
        return None
    if not (text.isascii() and text.isprintable() and " " not in text) and any(
        ch.isspace() or ord(ch) < 32 for ch in text
    ):
        return None
    if "://" not in text and not text.lower().startswith(("mailto:", "tel:")):
        if "." in text.split("/")[0] and ":" not in text.split("/")[0]:
            text = "https://" + text
        else:
            return None
    scheme = text.split(":", 1)[0].lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in ("http", "https"):
        parts = urlsplit(text)
        if not parts.hostname:
            return None
        return urlunsplit((scheme, parts.netloc, parts.path, parts.query, parts.fragment))
    return text


def normalize_linkedin(url: str) -> str | None:
    """``https://www.linkedin.com/in/<id>`` for a LinkedIn profile URL, else None.

    Case, a trailing slash, country subdomains and tracking parameters are ignored, so two
    spellings of one profile compare equal.
    """
    return _normalize_linkedin(url)


@lru_cache(maxsize=4096)
def _normalize_linkedin(url: str) -> str | None:
    plain = _PLAIN_LINKEDIN.fullmatch(url.strip())
    if plain:
        return f"https://www.linkedin.com/in/{plain.group(1).lower()}"
    if "linkedin.com" not in url.lower():
        return None  # the host must be linkedin.com or a subdomain of it
    safe = safe_url(url)
    if safe is None or not safe.startswith("http"):
        return None
    parts = urlsplit(safe)
    host = (parts.hostname or "").lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= 2 and segments[0].lower() in ("in", "pub"):
        return f"https://www.linkedin.com/in/{segments[1].lower()}"
    return None


def classify_url(url: str) -> UrlKind:
    if normalize_linkedin(url):
        return UrlKind.LINKEDIN
    host = (urlsplit(url).hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in _CARD_HOSTS):
        return UrlKind.CARD
    return UrlKind.WEBSITE
