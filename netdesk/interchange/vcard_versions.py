"""Kept vCard properties made valid for the version being written (3.0 = RFC 2426, 4.0 = RFC 6350).

Why: an import keeps every property netdesk has no field for, as the other client wrote it —
often in the other version. Copying such a line verbatim makes an invalid file (``ENCODING=b``
in 4.0, ``GENDER`` or ``PREF=1`` in 3.0), which strict clients reject whole. Each line is
parsed, converted where the other version has an equivalent (TYPE=pref <-> PREF=1, base64
photos <-> ``data:`` URIs, 4.0-only properties as ``X-`` in 3.0), and dropped otherwise; every
conversion or drop returns a note for the export summary. Notes name kinds, never values, so a
summary may be shown or logged without personal data.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import replace

from netdesk.interchange.vcard_prop import Prop, parse_line

#: Properties each version defines (plus any ``X-`` name); RFC 2739/4770 additions included.
V3_PROPS = frozenset(
    [
        "SOURCE",
        "NAME",
        "PROFILE",
        "FN",
        "N",
        "NICKNAME",
        "PHOTO",
        "BDAY",
        "ADR",
        "LABEL",
        "TEL",
        "EMAIL",
        "MAILER",
        "TZ",
        "GEO",
        "TITLE",
        "ROLE",
        "LOGO",
        "AGENT",
        "ORG",
        "CATEGORIES",
        "NOTE",
        "PRODID",
        "REV",
        "SORT-STRING",
        "SOUND",
        "UID",
        "URL",
        "CLASS",
        "KEY",
        "IMPP",
        "FBURL",
        "CALADRURI",
        "CALURI",
    ]
)
V4_PROPS = frozenset(
    [
        "SOURCE",
        "KIND",
        "XML",
        "FN",
        "N",
        "NICKNAME",
        "PHOTO",
        "BDAY",
        "ANNIVERSARY",
        "GENDER",
        "ADR",
        "TEL",
        "EMAIL",
        "IMPP",
        "LANG",
        "TZ",
        "GEO",
        "TITLE",
        "ROLE",
        "LOGO",
        "ORG",
        "MEMBER",
        "RELATED",
        "CATEGORIES",
        "NOTE",
        "PRODID",
        "REV",
        "SOUND",
        "UID",
        "CLIENTPIDMAP",
        "URL",
        "KEY",
        "FBURL",
        "CALADRURI",
        "CALURI",
        "BIRTHPLACE",
        "DEATHPLACE",
        "DEATHDATE",
        "EXPERTISE",
        "HOBBY",
        "INTEREST",
        "ORG-DIRECTORY",
    ]
)
#: Parameters each version defines (plus any ``X-`` name).
V3_PARAMS = frozenset({"TYPE", "VALUE", "ENCODING", "LANGUAGE", "CONTEXT"})
V4_PARAMS = frozenset(
    {
        "TYPE",
        "VALUE",
        "LANGUAGE",
        "PREF",
        "ALTID",
        "PID",
        "MEDIATYPE",
        "CALSCALE",
        "SORT-AS",
        "GEO",
        "TZ",
        "LABEL",
        "LEVEL",
        "INDEX",
    }
)
BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
#: Written once from netdesk's own fields; a kept copy would be a second, conflicting value.
_OWN_IN_4 = frozenset({"KIND", "VERSION", "BEGIN", "END"})
_MEDIA = {
    "JPEG": "image/jpeg",
    "JPG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
    "WAV": "audio/wav",
    "PGP": "application/pgp-keys",
}
#: RFC 2426 address/label types; the ``vcard`` validator and strict readers accept no others.
ADR_TYPES_3 = frozenset({"dom", "intl", "postal", "parcel", "home", "work", "pref"})
_GEO_3 = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[;,]\s*([-+]?\d+(?:\.\d+)?)\s*$")
_GEO_4 = re.compile(r"^geo:([-+]?\d+(?:\.\d+)?),([-+]?\d+(?:\.\d+)?)(?:[,;].*)?$", re.IGNORECASE)
_OFFSET = re.compile(r"^([-+])?(\d{1,2}):?(\d{2})$")
_DATA_URI = re.compile(
    r"^data:(?P<type>[\w.+-]+/[\w.+-]+)?(?P<params>(?:;[^,;]+)*?);base64,(?P<data>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _pref_and_types(prop: Prop, version: str) -> None:
    types = [t for t in prop.types() if t]
    pref = any(t.lower() == "pref" for t in types) or bool(prop.params.pop("PREF", []))
    types = [t for t in types if t.lower() != "pref"]
    if version == "4.0":
        if prop.name == "EMAIL":
            types = [t for t in types if t.lower() not in ("internet", "x400")]
        types = [t.lower() if not t.upper().startswith("X-") else t for t in types]
        if pref:
            prop.params["PREF"] = ["1"]
    elif pref:
        types.append("pref")
    if types:
        prop.params["TYPE"] = list(dict.fromkeys(types))
    else:
        prop.params.pop("TYPE", None)


def _binary(prop: Prop, version: str) -> str | None:
    """PHOTO/LOGO/SOUND/KEY data between ENCODING=b (3.0) and ``data:`` URIs (4.0); a note or None."""
    encoding = {e.upper() for e in prop.params.pop("ENCODING", [])}
    media = (prop.params.pop("MEDIATYPE", []) or [""])[0]
    if encoding & {"B", "BASE64"}:
        kind = next((t for t in prop.types() if "/" not in t and t.lower() != "pref"), "")
        mime = media or _MEDIA.get(
            kind.upper(), f"image/{kind.lower()}" if kind else "application/octet-stream"
        )
        if version == "4.0":
            prop.params.pop("TYPE", None)
            prop.params.pop("VALUE", None)
            prop.value = f"data:{mime};base64,{prop.value}"
            return f"{prop.name} data written as a data: URI (vCard 4.0 has no ENCODING=b)"
        prop.params = {"ENCODING": ["b"], **prop.params}
        return None
    found = _DATA_URI.match(prop.value)
    if found and version == "3.0":
        mime = found.group("type") or media or "application/octet-stream"
        short = mime.split("/", 1)[-1].upper()
        prop.params.pop("VALUE", None)
        prop.params = {"ENCODING": ["b"], "TYPE": ["JPEG" if short == "JPG" else short]}
        prop.value = re.sub(r"\s+", "", found.group("data"))
        return f"{prop.name} data: URI written as ENCODING=b (vCard 3.0 has no data: URIs)"
    if version == "3.0":
        prop.params["VALUE"] = ["uri"]  # a link: 3.0 defaults these to binary
    else:
        values = [v for v in prop.params.pop("VALUE", []) if v.lower() not in ("uri", "url")]
        if values:
            prop.params["VALUE"] = values
        if media:
            prop.params["MEDIATYPE"] = [media]
    return None


def _damaged(prop: Prop) -> bool:
    """Base64 data (ENCODING=b or a ``data:`` URI) that does not decode: no reader can show it,
    and strict ones (vobject) reject the whole file over it."""
    encoding = {e.upper() for e in prop.params.get("ENCODING", [])}
    found = None if encoding & {"B", "BASE64"} else _DATA_URI.match(prop.value)
    if not encoding & {"B", "BASE64"} and found is None:
        return False
    data = re.sub(r"\s+", "", found.group("data") if found else prop.value)
    try:
        base64.b64decode(data, validate=True)
    except binascii.Error:
        return True
    return False


def _geo(prop: Prop, version: str) -> tuple[Prop | None, list[str]]:
    """GEO is ``lat;lon`` without parameters in 3.0 and a ``geo:`` URI in 4.0."""
    found = _GEO_3.match(prop.value) or _GEO_4.match(prop.value.strip())
    if found is None:
        return None, ["GEO left out: its value is not a latitude and longitude"]
    lat, lon = found.groups()
    if version == "3.0":
        notes = ["GEO parameters left out: vCard 3.0 GEO takes none"] if prop.params else []
        return Prop("GEO", f"{lat};{lon}", prop.group), notes
    if _GEO_3.match(prop.value):
        return replace(prop, value=f"geo:{lat},{lon}"), ["GEO written as a geo: URI (vCard 4.0)"]
    return prop, []


def _tz_3(prop: Prop) -> list[str]:
    """3.0 TZ defaults to a UTC offset (``-05:00``): an unsigned or short one gets its sign and
    two-digit hour (east of UTC, as such clients mean it), anything else says VALUE=text."""
    if any(v.lower() == "text" for v in prop.params.get("VALUE", [])):
        return []
    found = _OFFSET.match(prop.value.strip())
    if found is None:
        prop.params["VALUE"] = ["text"]
        return ["TZ name written with VALUE=text (vCard 3.0 TZ defaults to an offset)"]
    sign, hour, minute = found.groups()
    value = f"{sign or '+'}{int(hour):02d}:{minute}"
    if value == prop.value:
        return []
    prop.value = value
    return ["TZ offset written with its sign and two-digit hour (vCard 3.0)"]


def _address_types(prop: Prop) -> list[str]:
    """3.0 ADR/LABEL types in RFC 2426's lower-case spelling; undefined ones taken off (notes)."""
    types = [t.lower() if t.lower() in ADR_TYPES_3 else t for t in prop.types()]
    odd = [t for t in types if t not in ADR_TYPES_3 and not t.upper().startswith("X-")]
    if types:
        prop.params["TYPE"] = [t for t in types if t not in odd]
    if not prop.params.get("TYPE"):
        prop.params.pop("TYPE", None)
    return ["an address type vCard 3.0 does not define was left out"] if odd else []


def convert(prop: Prop, version: str) -> tuple[Prop | None, list[str]]:
    """``prop`` valid for ``version`` (a converted copy), or None when it cannot be; and notes."""
    prop = replace(prop, params={k: list(v) for k, v in prop.params.items()})
    notes: list[str] = []
    known = V4_PROPS if version == "4.0" else V3_PROPS
    if version == "4.0" and prop.name in _OWN_IN_4:
        return None, []
    if prop.name == "PROFILE":  # always "VCARD"; vobject refuses a card that carries it
        return None, ["PROFILE left out: it only repeats BEGIN:VCARD"]
    if prop.name in BINARY and _damaged(prop):
        return None, [
            f"{prop.name} left out: its data is not valid base64 (damaged in the file it came from)"
        ]
    if prop.name == "GEO":
        geo, notes = _geo(prop, version)
        if geo is None or version == "3.0":
            return geo, notes
        prop = geo
    if not prop.name.startswith("X-") and prop.name not in known:
        if prop.name in ("NAME", "PROFILE") or (version == "4.0" and prop.name == "AGENT"):
            return None, [f"{prop.name} left out: vCard {version} has no such property"]
        notes.append(f"{prop.name} written as X-{prop.name}: vCard {version} has no such property")
        prop.name = f"X-{prop.name}"
    if prop.name in BINARY:
        note = _binary(prop, version)
        if note:
            notes.append(note)
    elif prop.params.get("VALUE") and version == "3.0":
        value_types = [v for v in prop.params["VALUE"] if v.lower() != "text"]
        if prop.name == "BDAY" and not value_types:
            return None, ["BDAY as free text left out: vCard 3.0 birthdays are dates"]
        prop.params["VALUE"] = value_types or prop.params["VALUE"]
        if not value_types:
            prop.params.pop("VALUE")
    label = prop.params.pop("LABEL", None) if version == "3.0" else None
    allowed = V4_PARAMS if version == "4.0" else V3_PARAMS
    for key in list(prop.params):
        if key in ("TYPE", "PREF") or key.startswith("X-") or key in allowed:
            continue
        del prop.params[key]
        notes.append(f"{key} parameter left out: vCard {version} does not define it")
    _pref_and_types(prop, version)
    if version == "3.0" and prop.name in ("ADR", "LABEL"):
        notes += _address_types(prop)
    if version == "3.0" and prop.name == "TZ":
        notes += _tz_3(prop)
    if version == "3.0" and prop.name == "URL" and prop.params.pop("TYPE", []):
        notes.append("URL TYPE left out: a vCard 3.0 URL takes no parameters")
    if label and prop.name == "ADR":
        notes.append("address LABEL parameter written as a LABEL property (vCard 3.0)")
    return prop, notes


def _kinds(prop: Prop) -> list[str]:
    """An address's types that say whose it is (home, work, ...), in one spelling."""
    return sorted(
        t.lower() for t in prop.types() if t.lower() not in ("pref", "postal", "parcel", "intl", "dom")
    )


def _labels_onto_addresses(lines: list[str]) -> tuple[list[str], list[str]]:
    """vCard 3.0 LABEL properties as the LABEL parameter of their ADR (how 4.0 writes them).

    A LABEL belongs to the ADR of its group, else to the first one with the same types; a LABEL
    with no such ADR is left for ``convert`` (it becomes X-LABEL). RFC 6350's own example writes
    the label's line breaks as a backslash and "n" inside the parameter.
    """
    props = [parse_line(line) for line in lines]
    adrs = {
        i: p for i, p in enumerate(props) if p is not None and p.name == "ADR" and "LABEL" not in p.params
    }
    out = list(lines)
    notes: list[str] = []
    for i, prop in enumerate(props):
        if prop is None or prop.name != "LABEL":
            continue
        same = [j for j, adr in adrs.items() if prop.group and adr.group == prop.group]
        same = same or [j for j, adr in adrs.items() if _kinds(adr) == _kinds(prop)]
        if not same:
            continue
        adr = adrs.pop(same[0])
        text = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), prop.value)
        adr.params["LABEL"] = [text.replace("\n", "\\n")]
        out[same[0]] = adr.render()
        out[i] = ""
        notes.append("address LABEL property written as the LABEL parameter of its ADR (vCard 4.0)")
    return [line for line in out if line], notes


def converted_lines(lines: list[str], version: str) -> tuple[list[str], list[str]]:
    """Kept lines valid for ``version``, and the notes of what was converted or left out."""
    out: list[str] = []
    notes: list[str] = []
    if version == "4.0":
        lines, notes = _labels_onto_addresses(lines)
    for line in lines:
        prop = parse_line(line)
        if prop is None:
            notes.append("a kept line that is not a vCard property was left out")
            continue
        label = prop.params.get("LABEL") if version == "3.0" and prop.name == "ADR" else None
        new, found = convert(prop, version)
        notes += found
        if new is not None:
            out.append(new.render())
            if label:
                # RFC 6350's own LABEL example writes line breaks as a backslash and "n" in the parameter.
                text = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), label[0])
                text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
                extra = Prop(
                    "LABEL",
                    text.replace("\n", "\\n"),
                    new.group,
                    {"TYPE": new.params["TYPE"]} if new.params.get("TYPE") else {},
                )
                out.append(extra.render())
    return out, notes
