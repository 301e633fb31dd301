"""About me: the user's one profile. My card shows it as a QR code others scan at events, and
the follow-up drafts sign with it ({my_name}, {my_school}, {my_major}...); migration 0011 merged
the drafts' separate key/value profile into this record, so nobody types their name twice.

The QR code holds a vCard 3.0 in UTF-8 with just the fields people need to reach the user
(no PRODID, no major/year/notes, only the headline as NOTE), so the code stays small enough to
scan from a laptop screen across a table. PNG, SVG and .vcf exports are written atomically.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from netdesk.interchange.textio import atomic_write
from netdesk.interchange.vcard_export import escape, fold
from netdesk.normalize.emails import EmailError, check_email
from netdesk.normalize.links import normalize_linkedin, safe_url
from netdesk.normalize.phones import PhoneError, validate_phone
from netdesk.normalize.text import clean_text
from netdesk.services.database import Database
from netdesk.services.people import split_name
from netdesk.storage.event_models import UserProfileRow

if TYPE_CHECKING:
    import qrcode

PROFILE_ID = 1
QrMatrix = tuple[tuple[bool, ...], ...]


class ProfileError(ValueError):
    """A profile field that cannot be saved; ``field`` names it, the message says what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class MyCard:
    """The About me profile. Everything but major, year and notes is on the card."""

    display_name: str = ""
    title: str = ""
    organization: str = ""  # school or organisation: {my_school} in drafts
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    website: str = ""
    headline: str = ""
    major: str = ""
    year: str = ""
    notes: str = ""  # private: never on the card or in a draft

    @property
    def is_empty(self) -> bool:
        return not (self.display_name or self.email or self.phone or self.linkedin)


#: The fields the QR code carries, in the order the About me dialog shows them.
CARD_FIELDS = ("display_name", "title", "organization", "email", "phone", "linkedin", "website", "headline")
NOTES_LIMIT = 4000


def card_vcard(card: MyCard) -> str:
    """The vCard 3.0 text of ``card`` (CRLF line ends, folded at 75 octets)."""
    given, family = split_name(card.display_name)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{escape(family)};{escape(given)};;;"]
    lines.append(f"FN:{escape(card.display_name)}")
    if card.organization:
        lines.append(f"ORG:{escape(card.organization)}")
    if card.title:
        lines.append(f"TITLE:{escape(card.title)}")
    if card.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{card.email}")
    if card.phone:
        lines.append(f"TEL;TYPE=CELL:{escape(card.phone)}")
    for url in (card.linkedin, card.website):
        if url:
            lines.append(f"URL:{url}")
    if card.headline:
        lines.append(f"NOTE:{escape(card.headline)}")
    lines.append("END:VCARD")
    return b"".join(fold(line) for line in lines).decode("utf-8")


def _qr(text: str) -> qrcode.QRCode:  # type: ignore[type-arg]
    import qrcode  # on first use: with Pillow it costs about 80 ms, nothing the first paint needs
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return code


def qr_matrix(text: str) -> QrMatrix:
    """The modules of the QR code of ``text`` (True = dark), quiet zone included."""
    return tuple(tuple(bool(v) for v in row) for row in _qr(text).get_matrix())


def _write(path: Path, data: bytes) -> None:
    def write(handle: BinaryIO) -> None:
        handle.write(data)

    atomic_write(Path(path), write)


class ProfileService:
    """The one About me record; ``fallback`` is what ``get`` returns before it is filled in."""

    def __init__(self, db: Database, fallback: Callable[[], MyCard] | None = None) -> None:
        self.db = db
        self.fallback = fallback or MyCard

    def get(self) -> MyCard:
        with self.db.sessions() as s:
            row = s.get(UserProfileRow, PROFILE_ID)
            if row is not None:
                return MyCard(**{f.name: getattr(row, f.name) or "" for f in fields(MyCard)})
        return self.fallback()

    def exists(self) -> bool:
        """Whether the user has filled in About me (My card opens the editor until then)."""
        return not self.get().is_empty

    def clean(self, card: MyCard) -> MyCard:
        values = {f.name: clean_text(getattr(card, f.name), limit=300) for f in fields(MyCard)}
        values["notes"] = clean_text(card.notes, limit=NOTES_LIMIT, multiline=True)
        if not values["display_name"]:
            raise ProfileError("display_name", "Enter your name: it is the first line of your card.")
        if values["email"]:
            try:
                values["email"] = check_email(values["email"])
            except EmailError as exc:
                raise ProfileError("email", str(exc)) from None
        if values["phone"]:
            try:
                values["phone"] = validate_phone(values["phone"]).raw
            except PhoneError as exc:
                raise ProfileError("phone", str(exc)) from None
        if values["linkedin"]:
            linkedin = normalize_linkedin(values["linkedin"])
            if linkedin is None:
                raise ProfileError(
                    "linkedin",
                    "Enter your LinkedIn profile address, e.g. https://www.linkedin.com/in/yourname.",
                )
            values["linkedin"] = linkedin
        if values["website"]:
            site = safe_url(values["website"])
            if site is None or not site.startswith("http"):
                raise ProfileError(
                    "website", "Enter a web address starting with https://, or leave it empty."
                )
            values["website"] = site
        return MyCard(**values)

    def save(self, card: MyCard) -> MyCard:
        card = self.clean(card)
        with self.db.sessions.begin() as s:
            row = s.get(UserProfileRow, PROFILE_ID)
            if row is None:
                row = UserProfileRow(id=PROFILE_ID)
                s.add(row)
            for f in fields(MyCard):
                setattr(row, f.name, getattr(card, f.name))
        return card

    # -- the card as QR code and files ---------------------------------------------------------
    def vcard(self, card: MyCard | None = None) -> str:
        return card_vcard(card or self.get())

    def matrix(self, card: MyCard | None = None) -> QrMatrix:
        return qr_matrix(self.vcard(card))

    def export_png(self, path: Path | str, card: MyCard | None = None, box_size: int = 16) -> Path:
        from PIL import Image

        matrix = self.matrix(card)
        size = len(matrix)
        image = Image.new("L", (size, size), 255)
        image.putdata([0 if dark else 255 for row in matrix for dark in row])
        image = image.resize((size * box_size, size * box_size), Image.Resampling.NEAREST)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        _write(Path(path), buffer.getvalue())
        return Path(path)

    def export_svg(self, path: Path | str, card: MyCard | None = None) -> Path:
        import qrcode.image.svg

        code = _qr(self.vcard(card))
        image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
        buffer = io.BytesIO()
        image.save(buffer)
        _write(Path(path), buffer.getvalue())
        return Path(path)

    def export_vcf(self, path: Path | str, card: MyCard | None = None) -> Path:
        _write(Path(path), self.vcard(card).encode("utf-8"))
        return Path(path)
