"""Discovery's fallback to an event calendar when the server keeps no tasks (remote/discovery.py),
over a small in-memory DAV server: which calendar is picked, in which order, and what is asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

import pytest

from netdesk.remote.dav import Reply
from netdesk.remote.discovery import Discovery, Found
from netdesk.remote.errors import NotADavServerError, bad_response, refused

HOME = "/dav/home/"


@dataclass
class Col:
    kind: str  # "book" or "cal"
    name: str = ""
    components: tuple[str, ...] = ()


@dataclass
class FakeDav:
    """PROPFIND of the root (both homes), of the home (depth 1) and of one collection (depth 0);
    MKCOL and MKCALENDAR as ``accepts`` says: component -> HTTP status, or what the new
    calendar then says it takes (a server that ignores the component set asked for)."""

    cols: dict[str, Col] = field(default_factory=dict)
    accepts: dict[str, Any] = field(default_factory=dict)
    url: str = "https://dav.example.org/dav/"
    asked: list[str] = field(default_factory=list)

    def request(
        self, method: str, url: str, body: bytes | str = b"", headers: Any = None, ok: Any = ()
    ) -> Reply:
        path = url.replace("https://dav.example.org", "")
        text = body.decode() if isinstance(body, bytes) else body
        self.asked.append(f"{method} {path}")
        if method == "PROPFIND":
            return Reply(207, {}, self._multistatus(path, (headers or {}).get("Depth", "0")))
        if method == "MKCOL":
            self.cols[path] = Col("book", "netdesk")
            return Reply(201, {}, b"")
        if method == "MKCALENDAR":
            component = "VTODO" if 'name="VTODO"' in text else "VEVENT"
            answer = self.accepts.get(component, 201)
            if isinstance(answer, int):
                if answer == 403:
                    raise refused(403)
                if answer not in (200, 201):
                    raise bad_response(f"HTTP {answer} to MKCALENDAR")
                answer = (component,)
            self.cols[path] = Col("cal", "netdesk", tuple(answer))
            return Reply(201, {}, b"")
        if method == "DELETE":
            self.cols.pop(path, None)
            return Reply(204, {}, b"")
        raise AssertionError(method)

    def _multistatus(self, path: str, depth: str) -> bytes:
        if path == "/dav/":
            inner = (
                f"<d:resourcetype><d:collection/></d:resourcetype>"
                f"<c:addressbook-home-set><d:href>{HOME}</d:href></c:addressbook-home-set>"
                f"<cal:calendar-home-set><d:href>{HOME}</d:href></cal:calendar-home-set>"
            )
            responses = [(path, inner)]
        elif path == HOME:
            responses = [(HOME, "<d:resourcetype><d:collection/></d:resourcetype>")]
            if depth == "1":
                responses += [(p, self._props(c)) for p, c in self.cols.items()]
        elif path in self.cols:
            responses = [(path, self._props(self.cols[path]))]
        else:
            responses = []
        body = "".join(
            f"<d:response><d:href>{escape(href)}</d:href><d:propstat><d:prop>{props}</d:prop>"
            "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
            for href, props in responses
        )
        return (
            '<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav" '
            f'xmlns:cal="urn:ietf:params:xml:ns:caldav">{body}</d:multistatus>'
        ).encode()

    @staticmethod
    def _props(col: Col) -> str:
        kind = "<c:addressbook/>" if col.kind == "book" else "<cal:calendar/>"
        comps = "".join(f'<cal:comp name="{c}"/>' for c in col.components)
        components = f"<cal:supported-calendar-component-set>{comps}</cal:supported-calendar-component-set>"
        return (
            f"<d:resourcetype><d:collection/>{kind}</d:resourcetype>"
            f"<d:displayname>{escape(col.name)}</d:displayname>{components if comps else ''}"
        )

    def made(self, method: str) -> list[str]:
        return [a.split(" ", 1)[1] for a in self.asked if a.startswith(method + " ")]


def _find(dav: FakeDav, **kwargs: Any) -> Found:
    return Discovery(dav).find(**kwargs)  # type: ignore[arg-type]  # the fake speaks the same calls


def _server(*calendars: tuple[str, str, tuple[str, ...]], **accepts: Any) -> FakeDav:
    dav = FakeDav(accepts=accepts)
    dav.cols[HOME + "contacts/"] = Col("book", "Contacts")
    for slug, name, components in calendars:
        dav.cols[HOME + slug + "/"] = Col("cal", name, components)
    return dav


def test_a_task_list_is_used_as_before() -> None:
    dav = _server(("events", "Events", ("VEVENT",)), ("todo", "Tasks", ("VTODO",)), VTODO=403)
    found = _find(dav)
    assert (found.tasks, found.component) == (HOME + "todo/", "VTODO")
    assert not dav.made("MKCALENDAR")


def test_a_new_task_list_is_made_when_the_server_allows_it() -> None:
    dav = _server(("events", "Events", ("VEVENT",)))
    found = _find(dav)
    assert found.component == "VTODO" and found.tasks in dav.made("MKCALENDAR")
    assert dav.cols[found.tasks].components == ("VTODO",)


@pytest.mark.parametrize("refusal", [403, 405, 501, 507])
def test_refused_task_list_falls_back_to_the_calendar_named_netdesk(refusal: int) -> None:
    dav = _server(("events", "Events", ("VEVENT",)), ("nd", "netdesk", ("VEVENT", "VJOURNAL")), VTODO=refusal)
    found = _find(dav)
    assert (found.tasks, found.component, found.tasks_name) == (HOME + "nd/", "VEVENT", "netdesk")
    assert len(dav.made("MKCALENDAR")) == 1  # the task list only: a netdesk calendar is there


def test_refused_task_list_makes_an_event_calendar_named_netdesk() -> None:
    dav = _server(("events", "Events", ("VEVENT",)), VTODO=405)
    found = _find(dav)
    assert found.component == "VEVENT" and found.tasks_name == "netdesk"
    assert found.tasks == dav.made("MKCALENDAR")[1] and dav.cols[found.tasks].components == ("VEVENT",)


def test_when_no_calendar_can_be_made_the_first_event_calendar_is_used() -> None:
    dav = _server(("todo-less", "Events", ("VEVENT",)), ("other", "Work", ("VEVENT",)), VTODO=403, VEVENT=403)
    found = _find(dav)
    assert (found.tasks, found.component, found.tasks_name) == (HOME + "todo-less/", "VEVENT", "Events")
    assert len(dav.made("MKCALENDAR")) == 2


def test_a_new_calendar_that_takes_no_tasks_is_used_for_events() -> None:
    dav = _server(("events", "Events", ("VEVENT",)), VTODO=("VEVENT",))  # made, but for events
    found = _find(dav)
    assert found.component == "VEVENT" and found.tasks == dav.made("MKCALENDAR")[0]
    assert len(dav.made("MKCALENDAR")) == 1


def test_a_new_calendar_that_takes_neither_is_removed_again() -> None:
    dav = _server(("events", "Events", ("VEVENT",)), VTODO=("VJOURNAL",), VEVENT=403)
    found = _find(dav)
    assert (found.tasks, found.component) == (HOME + "events/", "VEVENT")
    assert dav.made("DELETE") == [dav.made("MKCALENDAR")[0]]


def test_no_calendar_at_all_is_a_sentence() -> None:
    dav = _server(VTODO=403, VEVENT=403)
    with pytest.raises(NotADavServerError, match="Create a calendar on the server"):
        _find(dav)


def test_a_connection_test_creates_nothing_and_finds_no_task_list() -> None:
    dav = _server(("events", "Events", ("VEVENT",)), VTODO=403)
    found = _find(dav, create=False)
    assert (found.tasks, found.component) == ("", "VTODO")
    assert not dav.made("MKCALENDAR") and not dav.made("MKCOL")
