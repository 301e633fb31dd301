"""Kept vCard properties that point into the sender's machine are not passed on.

An imported card can carry ``PHOTO;VALUE=URI:file:///home/x/a.jpg``, a ``cid:`` reference to a
mail part or a relative path. netdesk keeps properties it has no field for so an export gives them
back, but such a reference means nothing elsewhere and makes the receiving program read a local
file (or reveals the sender's folder names), so exports leave it out. Web (http, https) and
inline ``data:`` URIs travel unchanged.
"""

from __future__ import annotations

import re

#: Schemes that name something on this machine or inside one message, never a shared resource.
LOCAL_SCHEMES = frozenset(
    {"file", "cid", "mid", "content", "smb", "nfs", "afp", "jar", "resource", "ms-appx", "ms-appdata"}
)
#: Properties whose value is a URI unless a VALUE or ENCODING parameter says otherwise (a kept
#: ``PHOTO;ENCODING=b`` is the picture itself, not a reference).
URI_PROPERTIES = frozenset(
    {
        "PHOTO",
        "LOGO",
        "SOUND",
        "SOURCE",
        "FBURL",
        "CALURI",
        "CALADRURI",
        "CAPURI",
        "ORG-DIRECTORY",
        "CONTACT-URI",
    }
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")  # C:\Users\... or C:/Users/...


def split_line(line: str) -> tuple[str, dict[str, str], str]:
    """``NAME;P=v;...:value`` -> (NAME without its group, {PARAM: value}, value); quotes respected."""
    head_end = len(line)
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head_end = i
            break
    head, value = line[:head_end], line[head_end + 1 :]
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in head:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    name = parts[0].rsplit(".", 1)[-1].strip().upper()
    params: dict[str, str] = {}
    for part in parts[1:]:
        key, _, val = part.partition("=")
        params[key.strip().upper()] = val.strip().strip('"')
    return name, params, value


def _names_local_scheme(value: str) -> bool:
    if _DRIVE.match(value):
        return True
    match = _SCHEME.match(value)
    return match is not None and match.group(1).lower() in LOCAL_SCHEMES


def is_local_uri(value: str) -> bool:
    """A URI value that only makes sense on the sender's machine: a local scheme or a bare path."""
    value = value.strip()
    if not value:
        return False
    if _names_local_scheme(value):
        return True
    return _SCHEME.match(value) is None  # no scheme: a relative or absolute file path


def points_to_local_file(line: str) -> bool:
    """True when a kept property line refers to a local file or message part (see module doc).

    A value typed as a URI (``VALUE=URI``/``URL``, or a property that is always one) must not be a
    local scheme or a bare path; any other value is only refused when it starts with a local
    scheme, since ``X-FOO:see notes/2024`` is ordinary text. Parameter values are held to that too.
    """
    name, params, value = split_line(line)
    if any(_names_local_scheme(v) for v in params.values()):  # ADR;GEO="file:..." and the like
        return True
    if params.get("ENCODING", "").lower() in ("b", "base64"):
        return False  # inline binary data: "/9j/4AAQ..." is a JPEG, not an absolute path
    kind = params.get("VALUE", "").lower()
    value = value.strip()
    if kind in ("uri", "url") or (not kind and name in URI_PROPERTIES):
        return is_local_uri(value)
    return _names_local_scheme(value)
