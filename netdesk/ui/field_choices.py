"""Per-field radio choices shared by the side-by-side choosers (merge, sync conflicts)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QButtonGroup

from netdesk.services.duplicates import Choice


def choose_in(groups: Mapping[str, QButtonGroup], field: str, choice: Choice, same: str) -> None:
    """Select ``choice`` for ``field`` as a click on its radio button would; ``same`` says why
    a field without a group has nothing to choose."""
    group = groups.get(field)
    if group is None:
        raise KeyError(f"{field} {same}")
    for button in group.buttons():
        if button.property("choice") == choice.value:
            button.setChecked(True)
            return
    raise KeyError(f"{choice} is not offered for {field}")


def checked_choices(groups: Mapping[str, QButtonGroup]) -> dict[str, Choice]:
    out: dict[str, Choice] = {}
    for name, group in groups.items():
        checked = group.checkedButton()
        if checked is not None:
            out[name] = Choice(str(checked.property("choice")))
    return out
