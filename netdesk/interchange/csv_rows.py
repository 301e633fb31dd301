"""One CSV row -> one import record, with a warning for every value left out or changed.

Split from ``csv_import`` (which finds rows in the file) so each stays readable: this module
knows what the fields mean, Google's " ::: " multi-values and labels, and LinkedIn's dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache

from netdesk.capture.drafts import MAX_VALUES, DraftBuilder
from netdesk.domain.models import EmailKind, HowMet, PhoneKind
from netdesk.interchange.csv_addresses import Address, from_columns, to_extra
from netdesk.interchange.csv_custom import OwnFields
from netdesk.interchange.csv_formats import ColumnMapping
from netdesk.interchange.records import LINKEDIN, ImportRecord, ImportWarning, RecordError
from netdesk.interchange.vcard_fields import parse_date as vcard_date
from netdesk.normalize.text import MAX_FIELD, clean_text

_MULTI = " ::: "
_NEUTRALISED = ("=", "+", "-", "@")
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%b %d, %Y")
_PHONE_FIELDS = {
    "phone": PhoneKind.OTHER,
    "phone_mobile": PhoneKind.MOBILE,
    "phone_work": PhoneKind.WORK,
    "phone_home": PhoneKind.HOME,
    "phone_fax": PhoneKind.FAX,
}
_DATES = ("birthday", "anniversary")
#: Outlook writes an empty date as "0/0/00" (or "00.00.00" in German).
_NO_DATE = ("0/0/00", "0/0/0000", "00.00.00", "00.00.0000")
_EMAIL_FIELDS = {"email": EmailKind.OTHER, "email_work": EmailKind.WORK, "email_home": EmailKind.HOME}


def _split(value: str, target: str) -> list[str]:
    parts = value.split(_MULTI)
    if target == "tags":
        parts = [p for part in parts for chunk in part.split(";") for p in chunk.split(",")]
    return [p.strip() for p in parts if p.strip()]


def _label_kind(label: str) -> tuple[PhoneKind, EmailKind]:
    text = label.lower()
    if "fax" in text:
        return PhoneKind.FAX, EmailKind.OTHER
    if "mobile" in text or "cell" in text:
        return PhoneKind.MOBILE, EmailKind.OTHER
    if "work" in text or "business" in text:
        return PhoneKind.WORK, EmailKind.WORK
    if "home" in text:
        return PhoneKind.HOME, EmailKind.HOME
    if "school" in text:
        return PhoneKind.OTHER, EmailKind.SCHOOL
    return PhoneKind.OTHER, EmailKind.OTHER


def fast_clean(value: str) -> str:
    """``clean_text`` with a fast path: printable ASCII needs no NFC, bidi or control filtering.

    A 50,000-row LinkedIn export is almost all ASCII; this halves its parse time.
    """
    if value.isascii() and value.isprintable():
        return " ".join(value.split())[:MAX_FIELD].strip()
    return clean_text(value, limit=MAX_FIELD)


def parse_date(value: str) -> datetime | None:
    """A LinkedIn "Connected On" date as noon UTC, so it shows as the same day in every time zone."""
    return _parse_date(value.strip())


@lru_cache(maxsize=8192)
def _parse_date(text: str) -> datetime | None:
    """``strptime`` is slow (~20 µs) and an export holds a few thousand distinct days."""
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return day.replace(hour=12, tzinfo=UTC)
    return None


def _column(headers: Sequence[str], index: int) -> str | None:
    return headers[index] if index < len(headers) and headers[index] else None


def _date(value: str) -> str:
    """A CSV birthday/anniversary as netdesk stores it ("1985-04-12", "--04-12"), or ""."""
    found = vcard_date(value)
    if found:
        return found
    for fmt in ("%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def _places(slots: dict[str, dict[str, str]]) -> list[Address]:
    """Structured addresses from their part columns; Google's slot label or Outlook's name is the type."""
    found: list[Address] = []
    for slot, values in slots.items():
        kind = (values.get("label", "") if slot.isdigit() else slot).strip().lower()
        address = from_columns("work" if kind == "business" else kind, values)
        if address is not None:
            found.append(address)
    return found


def row_record(
    cells: Sequence[str],
    line: int,
    columns: ColumnMapping,
    fmt: str,
    kinds: dict[int, int],
    headers: Sequence[str] = (),
    places: Mapping[int, tuple[str, str]] | None = None,
) -> ImportRecord | RecordError:
    """One CSV row as a record, or an error when it holds nothing to save.

    Every value that does not reach the record as written (not an address, a second value for
    a one-value field, cut to length, past the 20-values cap) becomes a warning naming the line
    and the column, so ``import --json`` and the preview can show what was lost.
    """
    builder = DraftBuilder()
    middle = ""
    named: dict[str, str] = {}
    slots: dict[str, dict[str, str]] = {}
    tags: list[str] = []
    addresses: list[str] = []
    connected: datetime | None = None
    warnings: list[ImportWarning] = []
    own = OwnFields()

    def warn(message: str, index: int) -> None:
        warnings.append(ImportWarning(line, message, _column(headers, index)))

    for index, target in columns.items():
        if index >= len(cells):
            continue
        value = cells[index].strip()
        if value[:1] == "'" and value[1:2] in _NEUTRALISED:
            value = value[1:]  # our own (or a careful tool's) formula-injection guard, undone
        if not value or target == "ignore" or (value in _NO_DATE and target in _DATES):
            continue
        if target == "address" and places and index in places:
            slot, part = places[index]
            slots.setdefault(slot, {})[part] = value
            continue
        label = cells[kinds[index]] if index in kinds and kinds[index] < len(cells) else ""
        rejected = len(builder.rejected)
        if target in _EMAIL_FIELDS:
            kind = _label_kind(label)[1] if label else _EMAIL_FIELDS[target]
            for address in _split(value, target):
                if len(builder.emails) >= MAX_VALUES:
                    warn(
                        f"“{address[:80]}” was left out: a contact keeps at most {MAX_VALUES} e-mails", index
                    )
                builder.add_email(address, kind)
        elif target in _PHONE_FIELDS:
            phone_kind = _label_kind(label)[0] if label else _PHONE_FIELDS[target]
            for number in _split(value, target):
                if len(builder.phones) >= MAX_VALUES:
                    warn(f"“{number[:80]}” was left out: a contact keeps at most {MAX_VALUES} phones", index)
                builder.add_phone(number, phone_kind)
        elif target == "url":
            for url in _split(value, target):
                builder.add_url(url)
        elif target == "tags":
            tags.extend(t.lstrip("* ").strip() for t in _split(value, target) if t != "* myContacts")
        elif target == "notes":
            builder.add_note(value)
        elif target == "address":
            first, *others = value.split(_MULTI)
            addresses.append(first)
            for other in others:
                warn(f"the further address “{other.strip()[:80]}” was left out (one address is kept)", index)
        elif target == "middle_name":
            middle = value
        elif target in ("name_prefix", "name_suffix", "nickname"):
            named[target] = fast_clean(value)
        elif target in _DATES:
            label = label.strip().lower()
            day = _date(value)
            if target == "anniversary" and label and label != "anniversary":
                warn(
                    f"the “{label[:40]}” date was left out: netdesk keeps birthdays and anniversaries", index
                )
            elif not day:
                warn(f"“{value[:40]}” is not a date; it was left out", index)
            else:
                named.setdefault(target, day)
        elif target == "custom":
            before = (len(own.others), len(own.unreadable))
            own.add(label, value)
            if len(own.others) > before[0]:
                warn(f"the custom field “{own.others[-1][0][:40]}” was added to the notes", index)
            elif len(own.unreadable) > before[1]:
                warn(
                    f"the “{own.unreadable[-1]}” value “{value[:40]}” is not one netdesk knows; it was left out",
                    index,
                )
        elif target == "connected_on":
            connected = parse_date(value)
            if connected is None:
                warn(f"“{value[:40]}” is not a date; the connection date was left out", index)
        else:
            cleaned = fast_clean(value)
            current = getattr(builder, target, None)
            if current == "":
                setattr(builder, target, cleaned)
                if len(cleaned) >= MAX_FIELD and len(value) > MAX_FIELD:
                    warn(f"“{cleaned[:40]}…” was cut to {MAX_FIELD} characters", index)
            elif current is not None and cleaned and cleaned != current:
                warn(f"“{cleaned[:80]}” was left out: another column already gave “{current[:80]}”", index)
        warnings += [
            ImportWarning(line, text, _column(headers, index)) for text in builder.rejected[rejected:]
        ]
    found = _places(slots)
    if addresses:
        builder.set_if_empty("address", ", ".join(addresses))
    elif found:
        builder.set_if_empty("address", found[0].formatted())
    if not builder.has_content():
        return RecordError(
            line, f"Row at line {line} has no name, organisation, e-mail, phone or link; it was skipped."
        )
    if not builder.display_name:
        parts = (builder.given_name, middle.strip(), builder.family_name)
        builder.set_if_empty("display_name", " ".join(p for p in parts if p))
    draft = builder.build("")
    unique_tags: dict[str, str] = {}
    for tag in tags:
        cleaned = clean_text(tag, limit=100)
        if cleaned:
            unique_tags.setdefault(cleaned.casefold(), cleaned)
    draft = replace(
        draft,
        tags=tuple(unique_tags.values()),
        how_met=HowMet.ONLINE if fmt == LINKEDIN else None,
        middle_name=fast_clean(middle),
    )
    if named:
        draft = replace(draft, **named)  # type: ignore[arg-type]
    draft = own.apply(draft)
    return ImportRecord(
        draft=draft,
        line=line,
        source=fmt,
        connected_at=connected,
        warnings=tuple(warnings),
        extras=tuple(to_extra(a) for a in found),
        **own.links(),  # type: ignore[arg-type]
    )
