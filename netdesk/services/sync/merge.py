"""Field-by-field merge of a contact changed on both sides since the last sync.

Three versions of the card are compared, each read back through the same vCard reader so that
formatting never counts as a change: the base (what both sides agreed on at the last sync), the
local contact and the server's copy. A field changed on one side only takes that side's value;
a field changed on both sides to different values overlaps: the local value is kept and the
field is named, so the server's copy is kept as a conflict for the user to resolve.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from netdesk.domain.models import ContactDraft
from netdesk.interchange.dav_cards import CARD_FIELDS, CardFields, card_fields
from netdesk.interchange.records import ImportRecord


@dataclass(frozen=True)
class Merged:
    record: ImportRecord
    overlapping: tuple[str, ...]
    local_changed: bool  # the result differs from the local contact
    remote_changed: bool  # the result differs from the server's copy


def merge(base: ImportRecord | None, local: ImportRecord, remote: ImportRecord) -> Merged:
    b = card_fields(base) if base is not None else None
    lf, rf = card_fields(local), card_fields(remote)
    values: dict[str, object] = {}
    overlapping: list[str] = []
    for name, mine in lf.values.items():
        theirs = rf[name]
        if mine == theirs:
            values[name] = mine
        elif b is not None and mine == b[name]:
            values[name] = theirs
        elif b is not None and theirs == b[name]:
            values[name] = mine
        else:
            values[name] = mine
            overlapping.append(name)
    record = _record(values, local, remote)
    result = card_fields(record)
    return Merged(record, tuple(overlapping), result != lf, result != rf)


def _record(values: dict[str, object], local: ImportRecord, remote: ImportRecord) -> ImportRecord:
    draft = replace(ContactDraft(), **{name: values[name] for name in CARD_FIELDS})  # type: ignore[arg-type]
    introducer = str(values["introducer"] or "")
    label = local.introduced_by_label if introducer == (local.introduced_by_name or "") else None
    label = label or (remote.introduced_by_label if introducer == (remote.introduced_by_name or "") else None)
    extras = values["extras"]
    return replace(
        local,
        draft=replace(draft, uid=local.draft.uid),
        extras=tuple(extras) if isinstance(extras, tuple) else (),
        event_name=str(values["event"] or "") or None,
        introduced_by_name=introducer or None,
        introduced_by_label=label,
    )


def same_content(first: ImportRecord, second: ImportRecord) -> bool:
    return card_fields(first) == card_fields(second)


__all__ = ["CardFields", "Merged", "merge", "same_content"]
