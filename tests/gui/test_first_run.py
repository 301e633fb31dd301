"""The first start: a private data folder, a welcome that says what the three main panels are for,
and Help › About with the version, the data folder and the licence."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

import pytest

from netdesk import __version__
from netdesk.services.demo import load_demo
from netdesk.ui.about_box import about_text

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


def sentences(rich: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", rich)]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_data_folder_is_created_private(main_window: Any, data_dir: Path) -> None:
    assert data_dir.stat().st_mode & 0o777 == 0o700


def test_the_welcome_explains_contacts_event_mode_and_follow_ups(main_window: Any, db: Any) -> None:
    panel = main_window.contacts_panel
    assert panel.list_stack.currentWidget() is panel.empty
    assert panel.empty_title.text() == "Your network starts here"
    details = panel.empty.details
    assert details.isVisible()
    assert details.height() >= details.heightForWidth(details.width())  # no paragraph cut off
    lines = sentences(panel.empty.details.text())
    assert [line.split(" — ")[0] for line in lines] == ["Contacts", "Event mode", "Follow-ups"]
    for line in lines:  # one sentence each
        assert line.endswith(".") and line.count(". ") == 0, line
    assert panel.empty_sample.isVisible()

    load_demo(db)
    panel.refresh()
    assert panel.list_stack.currentWidget() is panel.table
    panel.search.setText("nobody-is-called-this")
    panel.refresh()
    assert panel.list_stack.currentWidget() is panel.empty
    assert not panel.empty.details.isVisible()  # a search with no match is not a welcome


def test_about_shows_version_data_folder_and_licence(main_window: Any, db: Any) -> None:
    box = main_window.about()
    assert box.isVisible() and box.windowTitle() == "About netdesk"
    text = box.text()
    assert __version__ in text
    assert html.escape(str(db.folder)) in text
    assert "MIT licence" in text and "the netdesk authors" in text
    box.close()


def test_about_shows_an_odd_folder_name_as_text(tmp_path: Path) -> None:
    text = about_text(tmp_path / '<img src="x.png"><a href="https:x">data</a>')
    assert "<img" not in text and "<a href" not in text
    assert "&lt;img src=&quot;x.png&quot;&gt;&lt;a href=&quot;https:x&quot;&gt;data&lt;/a&gt;" in text
