"""vCard 2.1 / 3.0 / 4.0 → contact drafts, robust to what real phones and mail clients export.

Why our own content-line reader instead of handing the text to vobject: the hard parts of real
vCards happen *below* the grammar vobject implements. Lines must be unfolded as bytes (a fold can
split a UTF-8 character), quoted-printable soft breaks must be joined before decoding, ``CHARSET``
must be applied per property, 2.1 bare parameters (``TEL;CELL;VOICE``) must become types, base64
photos must be skipped, and one broken card must not lose the rest of the file. Once all that is
done, what is left (splitting on unescaped ``;`` and unescaping ``\\n \\, \\; \\:``) is a few lines,
and doing it here keeps line numbers for error messages. vobject raises on the whole card for
things such as a ``LABEL=`` parameter containing colons; this reader keeps FN/TEL/EMAIL instead.

The same function serves QR payloads (one card) and the vCard file importer (many cards).
"""

from __future__ import annotations

import codecs
import quopri
import re
from dataclasses import dataclass, field

from netdesk.capture.drafts import DraftBuilder
from netdesk.capture.vcard_values import components, email_in_angles, tel_text, unescape
from netdesk.domain.models import ContactDraft, EmailKind, PhoneKind, UrlKind

_LINE_SPLIT = re.compile(rb"\r\r\n|\r\n|\n|\r")
_BASE64_LINE = re.compile(rb"^[A-Za-z0-9+/=\s]*$")
#: Properties whose values are binary or references we never show or fetch.
_BINARY_PROPS = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_PHONE_KINDS = {
    "CELL": PhoneKind.MOBILE,
    "MOBILE": PhoneKind.MOBILE,
    "IPHONE": PhoneKind.MOBILE,
    "FAX": PhoneKind.FAX,
    "WORK": PhoneKind.WORK,
    "HOME": PhoneKind.HOME,
}
_EMAIL_KINDS = {"WORK": EmailKind.WORK, "HOME": EmailKind.HOME}


@dataclass(frozen=True, slots=True)
class ContentLine:
    """One unfolded property: ``group.NAME;params:value`` with the value still as bytes."""

    name: str
    params: dict[str, tuple[str, ...]]
    value: bytes
    line: int
    #: ``item1`` of ``item1.EMAIL``: Apple ties an X-ABLabel to its property this way.
    group: str = ""

    def types(self) -> set[str]:
        return {t.upper() for t in self.params.get("TYPE", ())}

    def text(self) -> str:
        """The value decoded: quoted-printable and CHARSET applied, invalid bytes replaced."""
        raw = self.value
        if "ENCODING" not in self.params and "CHARSET" not in self.params:
            try:  # the common case: plain UTF-8
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return raw.decode("cp1252", errors="replace")
        encoding = {e.upper() for e in self.params.get("ENCODING", ())}
        if "QUOTED-PRINTABLE" in encoding:
            raw = quopri.decodestring(raw.replace(b"=\r\n", b"").replace(b"=\n", b""))
        charset = (self.params.get("CHARSET") or ("",))[0].strip().lower()
        if charset:
            try:
                codecs.lookup(charset)
            except LookupError:
                charset = ""
        if charset:
            return raw.decode(charset, errors="replace")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            # Windows exports without CHARSET are cp1252; never raises, unmapped bytes replaced.
            return raw.decode("cp1252", errors="replace")


@dataclass(frozen=True, slots=True)
class VCardProblem:
    """A card that could not be imported, with the 1-based line where it starts."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class ParsedCard:
    """One card's draft; ``properties`` are its content lines, for callers that keep more than the
    draft (the vCard file importer reads CATEGORIES and preserves unknown properties)."""

    draft: ContactDraft
    line: int
    version: str
    warnings: tuple[str, ...] = ()
    properties: tuple[ContentLine, ...] = field(default=(), compare=False, repr=False)
    #: Values changed while reading, as (line in the text, message): the file importer reports
    #: them with the property's own line.
    line_warnings: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class VCardParseResult:
    cards: tuple[ParsedCard, ...]
    errors: tuple[VCardProblem, ...] = field(default=())

    @property
    def drafts(self) -> list[ContactDraft]:
        return [c.draft for c in self.cards]


def looks_like_vcard(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").upper().startswith("BEGIN:VCARD")


def parse_vcards(data: bytes | str) -> VCardParseResult:
    """Every card in ``data`` (a QR payload or a whole .vcf file) plus a problem per bad card."""
    raw = _to_utf8_bytes(data)
    physical = _LINE_SPLIT.split(raw)
    cards: list[ParsedCard] = []
    errors: list[VCardProblem] = []
    for start, end, lines, closed in _split_cards(_logical_lines(physical)):
        source = b"\n".join(physical[start - 1 : end]).decode("utf-8", errors="replace")
        try:
            card = _build_card(start, lines, closed, source)
        except Exception as exc:  # one broken card must never lose the others
            errors.append(VCardProblem(start, f"Card starting at line {start} could not be read ({exc})."))
            continue
        if card is None:
            errors.append(
                VCardProblem(
                    start,
                    f"Card starting at line {start} has no name, organisation, e-mail, phone or link; skipped.",
                )
            )
        else:
            cards.append(card)
    if not cards and not errors:
        errors.append(VCardProblem(1, "No BEGIN:VCARD … END:VCARD block was found."))
    return VCardParseResult(tuple(cards), tuple(errors))


def _to_utf8_bytes(data: bytes | str) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8", errors="surrogatepass").lstrip(b"\xef\xbb\xbf")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    if len(data) > 3 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        return data.decode("utf-16-le", errors="replace").encode("utf-8")
    if len(data) > 3 and data[0:1] == b"\x00" and data[2:3] == b"\x00":
        return data.decode("utf-16-be", errors="replace").encode("utf-8")
    return data.lstrip(b"\xef\xbb\xbf")


def _logical_lines(physical_lines: list[bytes]) -> list[tuple[int, bytes]]:
    """Unfold as bytes: RFC folds (leading space/tab) and 2.1 quoted-printable soft breaks.

    vCard 2.1 folds only at white space and unfolding keeps it ("CRLF followed by LWSP is
    regarded as LWSP"); 3.0 and 4.0 fold anywhere and drop the one folding character. The
    version is tracked per card, so ``Hello\r\n World`` is "Hello World" in 2.1.
    """
    out: list[tuple[int, bytes]] = []
    in_qp_soft_break = False
    in_base64 = False
    v21 = False
    for number, physical in enumerate(physical_lines, start=1):
        stripped = physical.strip().upper()
        if in_qp_soft_break and out and stripped != b"END:VCARD":
            # The previous line ended in "=": the value continues here (leading blanks are data).
            start, text = out[-1]
            out[-1] = (start, text[:-1] + physical)
        elif physical[:1] in (b" ", b"\t") and out:
            start, text = out[-1]
            out[-1] = (start, text + (physical if v21 and not in_base64 else physical[1:]))
        elif in_base64 and physical and b":" not in physical and _BASE64_LINE.match(physical):
            start, text = out[-1]  # 2.1 base64 data written without indentation
            out[-1] = (start, text + physical.strip())
            continue
        elif stripped:
            out.append((number, physical))
            if stripped.startswith(b"BEGIN:VCARD"):
                v21 = False
            elif stripped.startswith(b"VERSION:"):
                v21 = stripped[8:].strip().startswith(b"2")
        else:
            in_base64 = False
            continue
        head = out[-1][1].split(b":", 1)[0].upper()
        in_qp_soft_break = b"QUOTED-PRINTABLE" in head and out[-1][1].endswith(b"=")
        if not in_qp_soft_break and physical[:1] not in (b" ", b"\t"):
            in_base64 = b"BASE64" in head or b"ENCODING=B" in head
    return out


def _parse_line(number: int, line: bytes) -> ContentLine | None:
    colon = _value_colon(line)
    if colon < 0:
        return None
    head, value = line[:colon].decode("utf-8", errors="replace"), line[colon + 1 :]
    parts = _split_unquoted(head, ";")
    group, _, name = parts[0].strip().rpartition(".")
    name = name.upper()
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, sep, val = part.partition("=")
        if not sep:  # vCard 2.1 bare parameter: TEL;CELL;VOICE, or ENCODING shorthand
            bare = key.strip().upper()
            if bare in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"):
                params.setdefault("ENCODING", []).append(bare)
            elif bare:
                params.setdefault("TYPE", []).append(bare)
            continue
        values = [_param_unescape(v.strip().strip('"')) for v in _split_unquoted(val, ",")]
        if key.strip().upper() == "TYPE":  # TYPE="work,voice" is a list even when quoted
            values = [t.strip() for v in values for t in v.split(",")]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    return ContentLine(name, {k: tuple(v) for k, v in params.items()}, value, number, group)


def _value_colon(line: bytes) -> int:
    """Index of the colon between name/params and value, ignoring colons in quoted parameters."""
    colon = line.find(b":")
    if colon < 0 or line.find(b'"', 0, colon) < 0:
        return colon  # no quoted parameter before the first colon: it is the one
    quoted = False
    for i, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return i
    return line.find(b":")


def _split_unquoted(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return text.split(sep)
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _param_unescape(value: str) -> str:
    """RFC 6868 caret escapes in parameter values."""
    if "^" not in value:
        return value
    return re.sub(r"\^(.)", lambda m: {"n": "\n", "'": '"', "^": "^"}.get(m.group(1), m.group(0)), value)


def _split_cards(lines: list[tuple[int, bytes]]) -> list[tuple[int, int, list[ContentLine], bool]]:
    """Cards as (first line, last line, properties, whether END:VCARD was seen)."""
    cards: list[tuple[int, int, list[ContentLine], bool]] = []
    current: list[ContentLine] | None = None
    start = 0
    depth = 0
    for number, line in lines:
        upper = line.strip().upper()
        if upper.startswith(b"BEGIN:VCARD"):
            if current is None:
                current, start, depth = [], number, 1
            else:
                depth += 1  # a 2.1 AGENT card nested inside: skipped with its parent's lines
            continue
        if upper.startswith(b"END:VCARD") and current is not None:
            depth -= 1
            if depth == 0:
                cards.append((start, number, current, True))
                current = None
            continue
        if current is not None and depth == 1:
            parsed = _parse_line(number, line)
            if parsed is not None:
                current.append(parsed)
    if current is not None:
        cards.append((start, lines[-1][0], current, False))
    return cards


def _build_card(start: int, lines: list[ContentLine], closed: bool, source: str) -> ParsedCard | None:
    builder = DraftBuilder()
    version = next((p.value.decode("ascii", "replace").strip() for p in lines if p.name == "VERSION"), "")
    labels: list[str] = []
    roles: list[str] = []
    changed: list[tuple[int, str]] = []
    for prop in lines:
        name = prop.name
        if name in _BINARY_PROPS or (
            "ENCODING" in prop.params and {e.upper() for e in prop.params["ENCODING"]} & {"B", "BASE64"}
        ):
            continue
        if name == "VERSION":
            continue
        value = prop.text()
        text = unescape(value, version)
        if name == "FN":
            builder.set_if_empty("display_name", text)
        elif name == "N":
            parts = [*components(value, version), "", ""]
            builder.set_if_empty("family_name", parts[0].replace(",", " "))
            builder.set_if_empty("given_name", parts[1].replace(",", " "))
        elif name == "ORG":
            org = [p for p in components(value, version) if p]
            if org and not builder.organization:
                builder.set_if_empty("organization", org[0])
                builder.set_if_empty("department", ", ".join(org[1:]))
        elif name == "TITLE":
            builder.set_if_empty("title", text)
        elif name == "ROLE":
            roles.append(text)  # a function ("Project leader"), the title only when there is none
        elif name == "EMAIL":
            kind = next((k for t, k in _EMAIL_KINDS.items() if t in prop.types()), EmailKind.OTHER)
            angled = email_in_angles(text)
            if angled is not None:
                address, shown = angled
                if shown:
                    changed.append((prop.line, f"the e-mail “{text[:80]}” was kept as {address}"))
                text = address
            builder.add_email(text, kind)
        elif name == "TEL":
            builder.add_phone(tel_text(text), _phone_kind(prop.types()))
        elif name == "URL":
            builder.add_url(text)
        elif name == "X-SOCIALPROFILE":
            if text.lower().startswith("http"):
                builder.add_url(text, UrlKind.OTHER)
        elif name == "ADR":
            parts = [p for p in components(value, version) if p]
            builder.set_if_empty("address", ", ".join(parts))
        elif name == "LABEL":
            labels.append(text)
        elif name == "NOTE":
            builder.add_note(text)
    if not builder.title and roles:
        builder.set_if_empty("title", roles[0])
    if not builder.address and labels:
        builder.set_if_empty("address", labels[0])
    if not builder.has_content():
        return None
    warnings = list(builder.rejected)
    if not closed:
        warnings.append(f"Card starting at line {start} has no END:VCARD; read up to the end of the text.")
    return ParsedCard(builder.build(source), start, version, tuple(warnings), tuple(lines), tuple(changed))


def _phone_kind(types: set[str]) -> PhoneKind:
    for name in ("CELL", "MOBILE", "IPHONE", "FAX", "WORK", "HOME"):
        if name in types:
            return _PHONE_KINDS[name]
    return PhoneKind.OTHER
