"""Outside text is shown as text: HTML in any field never renders in a label, box or tooltip.

Every text field of contacts, events, interviews, leads, follow-ups, the user's card, a scanned
card and an imported file holds markup that would load a local file and make a link if Qt rendered
it. The test walks every panel and dialog and checks *generically* every QLabel, QMessageBox,
tooltip and item-view tooltip it finds, so widgets added later are covered without touching it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QGraphicsView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QWidget,
)

from netdesk.domain.followups import FollowUpKind
from netdesk.domain.interviews import InterviewDraft, QuestionDraft, Reflection
from netdesk.domain.leads import LeadDraft
from netdesk.domain.models import (
    Circle,
    ContactDraft,
    Email,
    EventDraft,
    HowMet,
    InteractionDraft,
    InteractionKind,
)
from netdesk.services.card_scanning import FoundCard
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.services.interviews import InterviewService
from netdesk.services.leads import LeadService
from netdesk.services.profile import MyCard, ProfileService
from tests.gui.conftest import type_text

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support")

PAYLOAD = '<b>R&D</b><img src="file:///etc/passwd"><a href="https://evil.example/">y</a>'
#: What only the unescaped payload contains: seeing one of these in text Qt renders as HTML fails.
RAW = ('<img src="file:', '<a href="https://evil')


def hostile(word: str) -> str:
    return f"{PAYLOAD}{word}"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    # The data folder is shown in the About box: it is outside text too.
    return tmp_path / '<img src="file:passwd">data'


class Report:
    """Collects every place showing the payload and every place rendering it as HTML."""

    def __init__(self) -> None:
        self.problems: dict[str, str] = {}  # what and where -> the first step that saw it
        self.shown: list[str] = []

    def text(self, where: str, text: str, rendered_as_html: bool) -> None:
        if not isinstance(text, str) or "passwd" not in text:
            return
        self.shown.append(where)
        if rendered_as_html and any(mark in text for mark in RAW):
            step, _, what = where.partition(": ")
            self.problems.setdefault(f"{what}: {text[:70]!r}", step)

    def label(self, where: str, label: QLabel) -> None:
        fmt = label.textFormat()
        text = label.text()
        rich = fmt in (Qt.TextFormat.RichText, Qt.TextFormat.MarkdownText) or (
            fmt == Qt.TextFormat.AutoText and QtGui.mightBeRichText(text)
        )
        self.text(f"{where}: QLabel {label.objectName() or type(label.parent()).__name__}", text, rich)

    def tooltip(self, where: str, text: object) -> None:
        # QToolTip decides with Qt.mightBeRichText whatever the widget: that is the only rule.
        if isinstance(text, str):
            self.text(f"{where} tooltip", text, QtGui.mightBeRichText(text))

    def model(self, where: str, model: QAbstractItemModel, parent: QModelIndex | None = None) -> None:
        parent = parent or QModelIndex()
        for row in range(model.rowCount(parent)):
            for column in range(64):  # list models hide columnCount; an invalid index ends the row
                index = model.index(row, column, parent)
                if not index.isValid():
                    break
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                self.tooltip(f"{where} column {column}", tip)
                if column == 0 and model.rowCount(index) > 0:
                    self.model(where, model, index)

    def widget_tree(self, where: str, root: QWidget) -> None:
        widgets = [root, *root.findChildren(QWidget)]
        for widget in widgets:
            self.tooltip(f"{where}: {type(widget).__name__} {widget.objectName()}", widget.toolTip())
            if isinstance(widget, QLabel):
                self.label(where, widget)
            model = widget.model() if isinstance(widget, QAbstractItemView) else None
            if model is not None and not isinstance(widget, QHeaderView):  # a header shares its view's
                self.model(f"{where}: {type(model).__name__} in a {type(widget).__name__}", model)
            if isinstance(widget, QGraphicsView) and widget.scene() is not None:
                for item in widget.scene().items():
                    self.tooltip(f"{where}: scene item", item.toolTip())
            if isinstance(widget, QAbstractButton) and "passwd" in widget.text():
                # Button text is plain, but a lone '&' is a mnemonic: "R&D" must arrive as "R&&D".
                self.shown.append(f"{where}: button")
                if "R&D" in widget.text().replace("R&&D", ""):
                    self.problems.setdefault(
                        f"button {widget.text()[:60]!r} turns '&' into a mnemonic", where
                    )


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every message box the window opens, without showing it: instances, and static calls."""
    seen: list[Any] = []

    def record(self: QMessageBox) -> int:
        seen.append(self)
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "open", record)
    monkeypatch.setattr(QMessageBox, "exec", record)
    for name in ("about", "information", "warning", "critical", "question"):

        def static(*args: Any, _name: str = name, **_kwargs: Any) -> QMessageBox.StandardButton:
            seen.append((_name, args[2] if len(args) > 2 else ""))
            return QMessageBox.StandardButton.Cancel

        monkeypatch.setattr(QMessageBox, name, static)
    return seen


def _fill_database(db: Any) -> dict[str, int]:
    now = datetime.now().astimezone()
    event = EventService(db).create(
        EventDraft(
            name=hostile("Fair"),
            location=hostile("Hall"),
            goals=hostile("talk to 3 employers"),
            notes=hostile("notes"),
            starts_at=now - timedelta(days=1),
        )
    )
    contacts = ContactService(db)
    ada = contacts.create(
        ContactDraft(
            display_name=hostile("Ada"),
            given_name=hostile("Ada"),
            family_name=hostile("Lovelace"),
            title=hostile("Engineer"),
            organization=hostile("Org"),
            department=hostile("Dept"),
            field=hostile("Field"),
            emails=(Email("ada@example.org"),),
            address=hostile("Street"),
            notes=hostile("notes"),
            tags=(hostile("tag"),),
            circle=Circle.PROFESSIONAL,
            how_met=HowMet.EVENT,
            met_at=now - timedelta(hours=30),
            event_id=event.id,
        )
    )
    twin = contacts.create(
        ContactDraft(
            display_name=hostile("Ada twin"),
            organization=hostile("Org"),
            title=hostile("Other title"),
            emails=(Email("ada@example.org"),),
            notes=hostile("other notes"),
            introduced_by_id=ada.id,
            circle=Circle.PROFESSIONAL,
            met_at=now - timedelta(days=200),
        )
    )
    contacts.log_interaction(
        InteractionDraft(ada.id, InteractionKind.NOTE, now - timedelta(hours=2), summary=hostile("talk"))
    )
    FollowUpService(db).add(
        ada.id, FollowUpKind.CUSTOM, hostile("Call"), now - timedelta(hours=1), note=hostile("note")
    )
    interviews = InterviewService(db)
    interview = interviews.create(
        InterviewDraft(
            field=hostile("Field"),
            job_titles=hostile("Titles"),
            contact_id=ada.id,
            organization=hostile("Org"),
            location=hostile("Cafe"),
            notes=hostile("notes"),
            pitch=hostile("pitch"),
        ),
        [QuestionDraft(text=hostile("Question?"), topic=hostile("Topic"), note=hostile("answer"))],
    )
    interviews.save_reflection(
        interview.id, Reflection(profession=hostile("P"), workplace=hostile("W"), notes=hostile("N"))
    )
    lead = LeadService(db).create(
        LeadDraft(
            organization=hostile("Org"),
            role=hostile("Intern"),
            notes=hostile("notes"),
            url="https://example.org/job",
            source_event_id=event.id,
            deadline_at=now + timedelta(days=10),
            contact_ids=(ada.id, twin.id),
        )
    )
    ProfileService(db).save(
        MyCard(
            display_name=hostile("Me"),
            title=hostile("Student"),
            organization=hostile("School"),
            email="me@example.org",
            headline=hostile("headline"),
        )
    )
    return {"ada": ada.id, "twin": twin.id, "event": event.id, "interview": interview.id, "lead": lead.id}


def _dialogs(window: QWidget, kind: str) -> list[Any]:
    return [w for w in window.findChildren(QDialog) if type(w).__name__ == kind]


def test_hostile_text_is_never_rendered_as_html(
    main_window: Any, qtbot: Any, db: Any, boxes: list[Any], tmp_path: Path
) -> None:
    ids = _fill_database(db)
    window = main_window
    window.reload_all()
    report = Report()

    # Contacts: the table, the editor, the interaction log, the delete confirmation.
    window.show_page(0)
    window.contacts_panel.show_contact(ids["ada"])
    editor = window.contacts_panel.editor
    assert PAYLOAD in editor.heading.text()
    report.widget_tree("contacts", window)
    editor.delete_button.click()  # the confirmation is only recorded, never answered
    # Validation messages quote what was typed: a pasted payload as an e-mail address.
    editor.emails.add_button.click()
    type_text(editor.emails.line_edit(1), PAYLOAD)
    assert not editor.save()
    assert any("passwd" in label.text() for label in editor.emails.findChildren(QLabel))
    report.widget_tree("contact editor validation", window)
    editor.revert()
    # Every panel, shown as a user switches to it.
    for page in range(1, 6):
        window.show_page(page)
        qtbot.wait(10)
        report.widget_tree(f"page {page}", window)

    # Event mode: the selected event's tooltip, a scanned hostile card, the summary.
    events = window.events_panel
    window.show_page(1)
    events.select_event(ids["event"])
    events.camera_lister = list
    view = events.start_event(ids["event"], camera=False)
    card_draft = ContactDraft(
        display_name=hostile("Scanned"), title=hostile("T"), organization=hostile("O"), notes=hostile("n")
    )
    view.on_cards_found((FoundCard(draft=card_draft, source="camera", key="hostile-1", text=PAYLOAD),))
    report.widget_tree("event mode", window)
    events.close_view()
    events.show_summary(ids["event"])
    report.widget_tree("event summary", window)
    events.summary_dialog.close()

    # Interviews and leads with their hostile records open.
    window.show_page(3)
    window.interviews_panel.wait_for_list()  # read in a pool thread
    window.interviews_panel.show_interview(ids["interview"])
    for tab in range(window.interviews_panel.tabs.count()):
        window.interviews_panel.tabs.setCurrentIndex(tab)
        report.widget_tree(f"interviews tab {tab}", window)
    window.show_page(4)
    window.leads_panel.wait_for_list()  # read in a pool thread
    window.leads_panel.show_lead(ids["lead"])
    report.widget_tree("leads", window)

    # Follow-ups: the selected item's details and its draft.
    window.show_page(2)
    followups = window.followups_panel
    followups.refresh()
    followups.wait_for_queue()  # read in a pool thread
    index = followups._first_item_index()
    followups.tree.setCurrentIndex(index)
    report.widget_tree("follow-ups", window)
    draft = followups.open_draft()
    assert draft is not None
    report.widget_tree("draft", window)
    draft.close()

    # Dialogs reached from the menus: intro paths, duplicates and merge, import, about.
    window.who_can_introduce()
    intro = _dialogs(window, "IntroDialog")[0]
    intro.query.setText("x")
    intro.search()
    report.widget_tree("intro", window)
    intro.close()

    window.find_duplicates()
    duplicates = _dialogs(window, "DuplicatesDialog")[0]
    qtbot.waitUntil(lambda: bool(duplicates.pairs), timeout=10000)
    report.widget_tree("duplicates", window)
    merge = duplicates.open_merge()
    assert merge is not None
    report.widget_tree("merge", window)
    merge.close()
    duplicates.close()

    hostile_file = tmp_path / '<img src="x">cards.vcf'
    hostile_file.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{PAYLOAD}Imported\r\nORG:{PAYLOAD}\r\n"
        f"NOTE:{PAYLOAD}\r\nEMAIL:imported@example.org\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    window.import_contacts([hostile_file])
    importer = _dialogs(window, "ImportDialog")[0]
    report.widget_tree("import files", window)
    importer.next_from_files()
    qtbot.waitUntil(lambda: importer.preview is not None, timeout=10000)
    report.widget_tree("import preview", window)
    importer.close()

    window.about()

    for box in boxes:
        if isinstance(box, QMessageBox):
            report.widget_tree(f"message box {box.windowTitle()!r}", box)
        else:
            name, text = box
            report.text(f"message box QMessageBox.{name}", str(text), QtGui.mightBeRichText(str(text)))

    # The test sees the payload where it must: otherwise it proves nothing.
    for where in (
        "contacts: QLabel",
        "contact editor validation",
        "page 1",
        "event mode",
        "event summary",
        "import files",
        "interviews tab 0",
        "leads",
        "follow-ups",
        "draft",
        "intro",
        "duplicates",
        "merge",
        "import preview",
        "message box",
    ):
        assert any(place.startswith(where) for place in report.shown), f"the payload never reached {where}"
    assert any("about" in place.lower() for place in report.shown), "the About box did not show the folder"
    found = [f"{what} (first seen at {step})" for what, step in sorted(report.problems.items())]
    assert not found, f"{len(found)} places render outside text as HTML:\n" + "\n".join(found)
