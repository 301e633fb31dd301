"""Which vCard properties are kept verbatim (``contact_vcard_extra``) and how, with a warning for
every value that is not kept or was changed.

Why: netdesk has fields for a name, organisation, title, e-mails, phones, links, an address and
notes. Everything else a client wrote (NICKNAME, BDAY, ANNIVERSARY, structured ADR with types,
IMPP, PHOTO, X-ABLabel, unknown X- properties, a second ORG or TITLE, ROLE) must come back on
export, so it is stored as one unfolded content line in vCard 3.0/4.0 escaping, *with its group*
(``item1.``) so Apple's labels stay with the property they name. A grouped e-mail, phone or link
that has a label is kept as well (its value as stored in the field); the exporter then writes
that line instead of the plain field line (``vcard_groups``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from netdesk.capture.drafts import clean_url
from netdesk.capture.vcard import ContentLine
from netdesk.capture.vcard_values import email_in_angles, is_21, unescape
from netdesk.domain.models import ContactDraft
from netdesk.normalize.emails import normalize_email

#: A kept text property longer than this is left out (with a warning).
MAX_EXTRA = 8_000
#: A kept photo, logo, sound or key (base64 or data: URI) up to this size; larger ones are left out.
MAX_BINARY = 2 << 20
#: Properties that become draft fields, or are regenerated on export, and so are not kept raw.
CONSUMED = frozenset({"VERSION", "PRODID", "FN", "N", "EMAIL", "TEL", "URL", "NOTE", "CATEGORIES", "REV"})
#: Properties kept only from their second occurrence on: the first fills a field.
FIRST_IS_FIELD = frozenset({"ORG", "TITLE"})
#: Consumed properties that anchor a group: kept too when the group has a label or other members.
ANCHORS = frozenset({"EMAIL", "TEL", "URL"})
BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
#: 2.1 text properties whose commas and backslashes need 3.0 escaping when kept.
_TEXT_21 = frozenset({"ADR", "LABEL", "ROLE", "TITLE", "ORG", "NICKNAME", "NOTE", "FN", "N", "AGENT"})
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")


def kept_lines(
    props: Sequence[ContentLine], draft: ContactDraft, version: str, own: Iterable[str]
) -> tuple[tuple[str, ...], list[tuple[int, str]]]:
    """The property lines to keep for export, and (line, message) for each value left out."""
    skip = frozenset(own)
    groups: dict[str, int] = {}
    for prop in props:
        if prop.group:
            groups[prop.group.casefold()] = groups.get(prop.group.casefold(), 0) + 1
    seen: set[str] = set()
    kept: list[str] = []
    warnings: list[tuple[int, str]] = []
    for prop in props:
        name = prop.name
        if not name or name in skip:
            continue
        first = name in FIRST_IS_FIELD and name not in seen
        seen.add(name)
        if name in CONSUMED or first:
            anchored = name in ANCHORS and groups.get(prop.group.casefold(), 0) > 1
            if anchored:
                line = _anchor_line(prop, version)
                if line is not None:
                    kept.append(line)
            elif name in ("FN", "N") and _is_second(props, prop):
                warnings.append((prop.line, f"a second {name} was left out; netdesk keeps one name"))
            continue
        if name == "KIND" and prop.text().strip().lower() in ("", "individual"):
            continue  # our own export writes it for 4.0
        if name == "AGENT" and not prop.text().strip():
            continue  # its card follows on the next lines and is imported as its own contact
        if name == "ADR" and _own_address(prop, draft):
            continue  # a one-part address without types is fully kept in the address field
        line, problem = _line(prop, version)
        if line is None:
            warnings.append((prop.line, problem))
        else:
            kept.append(line)
    return tuple(kept), warnings


def _is_second(props: Sequence[ContentLine], prop: ContentLine) -> bool:
    return next(p for p in props if p.name == prop.name) is not prop


def _own_address(prop: ContentLine, draft: ContactDraft) -> bool:
    if prop.group or set(prop.params) - {"CHARSET", "ENCODING"}:
        return False
    parts = [p for p in re.split(r"(?<!\\);", prop.text()) if p.strip()]
    return len(parts) <= 1 and bool(draft.address)


def _params(prop: ContentLine) -> str:
    return "".join(
        f";{key}={','.join(_quote(v) for v in values)}"
        for key, values in prop.params.items()
        if key not in ("ENCODING", "CHARSET")
    )


def _head(prop: ContentLine, params: str) -> str:
    return f"{prop.group}.{prop.name}{params}" if prop.group else f"{prop.name}{params}"


def _anchor_line(prop: ContentLine, version: str) -> str | None:
    """A labelled e-mail/phone/link, its value as the field stores it (so export can match it)."""
    text = unescape(prop.text(), version).strip()
    value: str | None = text
    if prop.name == "EMAIL":
        angled = email_in_angles(text)
        value = normalize_email(angled[0] if angled else text)
    elif prop.name == "URL":
        url = clean_url(text)
        value = url.url if url else None
    if not value or _has_control(value):
        return None
    return f"{_head(prop, _params(prop))}:{_escape(value) if prop.name == 'TEL' else value}"


def _line(prop: ContentLine, version: str) -> tuple[str | None, str]:
    """One kept property as an unfolded 3.0/4.0 content line, or None and why it was left out."""
    encodings = {e.upper() for e in prop.params.get("ENCODING", ())}
    label = f"{prop.name} ({prop.group})" if prop.group else prop.name
    if encodings & {"B", "BASE64"}:
        data = re.sub(rb"\s+", b"", prop.value)
        if len(data) > MAX_BINARY:
            return None, f"{label} is larger than {MAX_BINARY >> 20} MB and was left out"
        params = ";ENCODING=b" + _params(prop)
        return f"{_head(prop, params)}:{data.decode('ascii', 'replace')}", ""
    text = prop.text()
    limit = MAX_BINARY if prop.name in BINARY else MAX_EXTRA
    if len(text) > limit:
        return None, f"{label} is longer than {limit:,} characters and was left out"
    if "\ufffd" in text or _has_control(re.sub(r"[\r\n\t]", "", text)):
        return None, f"{label} holds bytes that are not text and was left out"
    if is_21(version) and _is_text(prop, text):
        # 2.1 escapes only "\;": a lone backslash or comma is text, which 3.0 writes escaped.
        text = re.sub(r"\\(?!;)", r"\\\\", text).replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f"{_head(prop, _params(prop))}:{text}", ""


def _is_text(prop: ContentLine, text: str) -> bool:
    if prop.name in BINARY or {v.upper() for v in prop.params.get("VALUE", ())} & {"URI", "URL"}:
        return False
    return prop.name in _TEXT_21 or (prop.name.startswith("X-") and not _URI.match(text))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _has_control(text: str) -> bool:
    if text.isascii():  # an ASCII character is unprintable exactly when it is a control (Cc)
        return not text.isprintable()
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def _quote(value: str) -> str:
    """A parameter value written back safely: RFC 6868 caret escapes, quotes when needed."""
    value = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    return f'"{value}"' if any(ch in value for ch in ",;:") else value
