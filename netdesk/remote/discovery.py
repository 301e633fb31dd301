"""Finding the address book and task list as DAVx5 does: the URL given (a collection, a principal
or the server root), then ``/.well-known/carddav`` and ``/.well-known/caldav``, then
current-user-principal, then addressbook-home-set and calendar-home-set; the first address book
and the first calendar that holds tasks, or new ones named "netdesk".

A server that keeps no tasks (Google's CalDAV; a calendar home of event calendars where
MKCALENDAR with VTODO is refused: 403/405/501/507, or the new calendar says it takes no VTODO)
gets the follow-ups as events instead, in this order: the calendar the URL given points at, one
named "netdesk", a new event calendar named "netdesk", the first calendar that takes events.
``Found.component`` says which (VTODO or VEVENT); the sync stores it with the collection."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from netdesk.remote import multistatus as ms
from netdesk.remote.dav import DavConnection
from netdesk.remote.errors import AuthenticationError, BadResponseError, NotADavServerError

COLLECTION_NAME = "netdesk"
_JSON = {"Content-Type": "application/xml; charset=utf-8"}
_PROBE = [
    (ms.DAV, "resourcetype"),
    (ms.DAV, "current-user-principal"),
    (ms.CARD, "addressbook-home-set"),
    (ms.CAL, "calendar-home-set"),
    (ms.CAL, "supported-calendar-component-set"),
    (ms.DAV, "displayname"),
]
_LIST = [(ms.DAV, "resourcetype"), (ms.DAV, "displayname"), (ms.CAL, "supported-calendar-component-set")]


@dataclass(frozen=True)
class Found:
    """Collection paths (absolute paths on the server); "" when ``find(create=False)`` found none
    (a first sync creates it). The names are the collections' display names, when they have one."""

    addressbook: str
    tasks: str
    addressbook_name: str = ""
    tasks_name: str = ""
    component: str = "VTODO"  # what the follow-ups are in ``tasks``: VTODO, or VEVENT (no task support)


def _propfind(conn: DavConnection, url: str, props: list[tuple[str, str]], depth: int) -> list[ms.Entry]:
    headers = {**_JSON, "Depth": str(depth)}
    try:
        reply = conn.request("PROPFIND", url, ms.propfind_body(props), headers, ok=(207,))
    except BadResponseError:
        return []
    return ms.parse(reply.body).entries


def _first(entries: list[ms.Entry]) -> ms.Entry | None:
    return entries[0] if entries else None


def _name(entry: ms.Entry | None) -> str:
    return (entry.text(ms.DAV, "displayname") or "").strip() if entry is not None else ""


def _is_addressbook(entry: ms.Entry) -> bool:
    return ms.tag(ms.CARD, "addressbook") in entry.resource_types()


def _takes(entry: ms.Entry, component: str) -> bool:
    if ms.tag(ms.CAL, "calendar") not in entry.resource_types():
        return False
    components = entry.components()
    return not components or component in components  # no set: every component is allowed


def _is_tasklist(entry: ms.Entry) -> bool:
    return _takes(entry, "VTODO")


def _is_event_calendar(entry: ms.Entry) -> bool:
    return _takes(entry, "VEVENT")


class Discovery:
    def __init__(self, conn: DavConnection) -> None:
        self.conn = conn

    def find(self, *, create: bool = True) -> Found:
        """The collections to sync; missing ones are created unless ``create`` is False (a
        connection test changes nothing on the server and answers "" for them)."""
        start = _first(_propfind(self.conn, self.conn.url, _PROBE, 0))
        book = start if start is not None and _is_addressbook(start) else None
        tasks = start if start is not None and _is_tasklist(start) else None
        card_home, cal_home = self._homes(start)
        book = book or self._pick(card_home, _is_addressbook)
        tasks = tasks or self._pick(cal_home, _is_tasklist)
        book_href = book.href if book is not None else ""
        if create and not book_href:
            book_href = self._create_addressbook(card_home)
        if tasks is not None or not create:
            return Found(book_href, tasks.href if tasks is not None else "", _name(book), _name(tasks))
        href, component, name = self._followups_calendar(cal_home, start)
        return Found(book_href, href, _name(book), name, component)

    def _homes(self, start: ms.Entry | None) -> tuple[str, str]:
        candidates = [start]
        principal = self._principal(start)
        if principal:
            candidates.append(_first(_propfind(self.conn, principal, _PROBE, 0)))
        found = [e for e in candidates if e is not None]
        card = next((h for e in found for h in e.hrefs(ms.CARD, "addressbook-home-set")), "")
        cal = next((h for e in found for h in e.hrefs(ms.CAL, "calendar-home-set")), "")
        if not card or not cal:
            for well_known in ("/.well-known/carddav", "/.well-known/caldav"):
                entry = _first(_propfind(self.conn, well_known, _PROBE, 0))
                principal = self._principal(entry)
                if principal:
                    entry = _first(_propfind(self.conn, principal, _PROBE, 0))
                if entry is not None:
                    card = card or next(iter(entry.hrefs(ms.CARD, "addressbook-home-set")), "")
                    cal = cal or next(iter(entry.hrefs(ms.CAL, "calendar-home-set")), "")
        if not card and not cal:
            raise NotADavServerError(
                "No address book or calendar was found at that address; nothing was changed here. "
                "Give the server's CardDAV/CalDAV address (Nextcloud: https://HOST/remote.php/dav)."
            )
        return card or cal, cal or card

    def _principal(self, entry: ms.Entry | None) -> str:
        if entry is None:
            return ""
        return next(iter(entry.hrefs(ms.DAV, "current-user-principal")), "")

    def _pick(
        self, home: str, wanted: Callable[[ms.Entry], bool], *, named_only: bool = False
    ) -> ms.Entry | None:
        if not home:
            return None
        entries = [e for e in _propfind(self.conn, home, _LIST, 1) if e.href.rstrip("/") != home.rstrip("/")]
        found = [e for e in entries if wanted(e)]
        named = [e for e in found if e.text(ms.DAV, "displayname") == COLLECTION_NAME]
        choices = named if named_only else named or found
        return choices[0] if choices else None

    def _followups_calendar(self, home: str, start: ms.Entry | None) -> tuple[str, str, str]:
        """A new task list; else, when the server will not make one, a calendar for events:
        (href, component, display name)."""
        created = self._create_calendar(home, "VTODO")
        if created:
            entry = _first(_propfind(self.conn, created, _LIST, 0))
            if entry is None or _is_tasklist(entry):
                return created, "VTODO", COLLECTION_NAME
            if _is_event_calendar(entry):  # made, but for events only: use it as such
                return created, "VEVENT", _name(entry) or COLLECTION_NAME
            self._delete_quietly(created)
        events = start if start is not None and _is_event_calendar(start) else None
        events = events or self._pick(home, _is_event_calendar, named_only=True)
        if events is None and (made := self._create_calendar(home, "VEVENT")):
            return made, "VEVENT", COLLECTION_NAME
        events = events or self._pick(home, _is_event_calendar)
        if events is None:
            raise NotADavServerError(
                "The server has no calendar for the follow-ups and would not create one; nothing "
                "was changed here. Create a calendar on the server (any calendar will do), then sync again."
            )
        return events.href, "VEVENT", _name(events)

    def _new_path(self, home: str) -> str:
        return home.rstrip("/") + f"/{COLLECTION_NAME}-{uuid.uuid4().hex[:8]}/"

    def _create_addressbook(self, home: str) -> str:
        path = self._new_path(home)
        self.conn.request("MKCOL", path, ms.mkcol_addressbook_body(COLLECTION_NAME), _JSON, ok=(200, 201))
        return path

    def _create_calendar(self, home: str, component: str) -> str:
        """A new calendar named "netdesk" for ``component``; "" when the server refuses it
        (403, 405, 501, 507...: no such calendars here, or no room)."""
        if not home:
            return ""
        path = self._new_path(home)
        body = ms.mkcalendar_body(COLLECTION_NAME, component)
        try:
            self.conn.request("MKCALENDAR", path, body, _JSON, ok=(200, 201))
        except (AuthenticationError, BadResponseError):  # the password worked for the PROPFINDs
            return ""
        return path

    def _delete_quietly(self, path: str) -> None:
        with contextlib.suppress(AuthenticationError, BadResponseError):  # left behind empty: no harm
            self.conn.request("DELETE", path, b"", {}, ok=(200, 204, 404))
