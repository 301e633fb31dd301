"""WebDAV XML: request bodies and the 207 Multi-Status answers (RFC 4918, 6352, 4791, 6578).

The standard library's parser (expat with its entity-expansion limits) reads the answers; an
answer that is not well-formed XML, or not a multistatus, is a ``BadResponseError``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from netdesk.remote.errors import bad_response

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CAL = "urn:ietf:params:xml:ns:caldav"
_NS = {"d": DAV, "c": CARD, "cal": CAL}


def tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


@dataclass
class Entry:
    """One ``<response>``: its href (a path, decoded) and the properties found with status 200."""

    href: str
    status: int = 200
    props: dict[str, ET.Element] = field(default_factory=dict)

    def text(self, ns: str, name: str) -> str:
        element = self.props.get(tag(ns, name))
        return "" if element is None else "".join(element.itertext()).strip()

    def hrefs(self, ns: str, name: str) -> list[str]:
        element = self.props.get(tag(ns, name))
        if element is None:
            return []
        return [href_path(h.text or "") for h in element.iter(tag(DAV, "href")) if (h.text or "").strip()]

    def resource_types(self) -> set[str]:
        element = self.props.get(tag(DAV, "resourcetype"))
        return set() if element is None else {child.tag for child in element}

    def components(self) -> set[str]:
        element = self.props.get(tag(CAL, "supported-calendar-component-set"))
        if element is None:
            return set()
        return {(c.get("name") or "").upper() for c in element.iter(tag(CAL, "comp"))}


@dataclass
class Multistatus:
    entries: list[Entry]
    sync_token: str = ""


_STATUS = re.compile(r"HTTP/\d(?:\.\d)?\s+(\d{3})")


def _status(element: ET.Element | None) -> int:
    if element is None or not element.text:
        return 200
    match = _STATUS.search(element.text)
    return int(match.group(1)) if match else 200


def href_path(href: str) -> str:
    """The decoded path of an href (servers answer with absolute URLs or paths, encoded or not)."""
    return unquote(urlsplit(href.strip()).path)


def parse(body: bytes) -> Multistatus:
    if not body.strip():
        raise bad_response("an empty answer where a list was expected")
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        raise bad_response("the answer is not well-formed XML") from None
    if root.tag != tag(DAV, "multistatus"):
        raise bad_response("the answer is not a WebDAV multistatus")
    entries: list[Entry] = []
    for response in root.findall("d:response", _NS):
        href = response.find("d:href", _NS)
        if href is None or not (href.text or "").strip():
            continue
        entry = Entry(href_path(href.text or ""), _status(response.find("d:status", _NS)))
        for propstat in response.findall("d:propstat", _NS):
            if _status(propstat.find("d:status", _NS)) != 200:
                continue
            prop = propstat.find("d:prop", _NS)
            for child in [] if prop is None else list(prop):
                entry.props[child.tag] = child
        entries.append(entry)
    token = root.find("d:sync-token", _NS)
    return Multistatus(entries, (token.text or "").strip() if token is not None else "")


def _prop_xml(props: list[tuple[str, str]]) -> str:
    prefixes = {DAV: "d", CARD: "c", CAL: "cal"}
    return "".join(f"<{prefixes[ns]}:{name}/>" for ns, name in props)


_XMLNS = f'xmlns:d="{DAV}" xmlns:c="{CARD}" xmlns:cal="{CAL}"'


def propfind_body(props: list[tuple[str, str]]) -> str:
    return f'<?xml version="1.0" encoding="utf-8"?><d:propfind {_XMLNS}><d:prop>{_prop_xml(props)}</d:prop></d:propfind>'


def sync_collection_body(token: str) -> str:
    token_xml = f"<d:sync-token>{_escape(token)}</d:sync-token>" if token else "<d:sync-token/>"
    return (
        f'<?xml version="1.0" encoding="utf-8"?><d:sync-collection {_XMLNS}>{token_xml}'
        "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
    )


def multiget_body(kind: str, hrefs: list[str]) -> str:
    """``addressbook-multiget`` (kind ``card``) or ``calendar-multiget`` (``cal``) of ``hrefs``."""
    if kind == "card":
        head, data = "c:addressbook-multiget", "<c:address-data/>"
    else:
        head, data = "cal:calendar-multiget", "<cal:calendar-data/>"
    links = "".join(f"<d:href>{_escape(h)}</d:href>" for h in hrefs)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><{head} {_XMLNS}><d:prop><d:getetag/>{data}</d:prop>'
        f"{links}</{head}>"
    )


def mkcol_addressbook_body(name: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><d:mkcol {_XMLNS}><d:set><d:prop>'
        "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
        f"<d:displayname>{_escape(name)}</d:displayname></d:prop></d:set></d:mkcol>"
    )


def mkcalendar_body(name: str, component: str) -> str:
    """MKCALENDAR for a calendar named ``name`` that takes ``component`` (VTODO or VEVENT) only."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><cal:mkcalendar {_XMLNS}><d:set><d:prop>'
        f"<d:displayname>{_escape(name)}</d:displayname>"
        f'<cal:supported-calendar-component-set><cal:comp name="{_escape(component)}"/>'
        "</cal:supported-calendar-component-set></d:prop></d:set></cal:mkcalendar>"
    )


def mkcalendar_tasks_body(name: str) -> str:
    return mkcalendar_body(name, "VTODO")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
