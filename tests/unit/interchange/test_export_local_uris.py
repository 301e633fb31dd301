"""Kept vCard properties that point at the sender's files (file:, cid:, paths) are not exported."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from netdesk.domain.models import Contact
from netdesk.interchange.local_uris import points_to_local_file
from netdesk.interchange.vcard_export import export_vcards
from netdesk.interchange.vcard_import import read_vcards

LOCAL = [
    "PHOTO;VALUE=URI:file:///home/x/a.jpg",
    "PHOTO;VALUE=uri:FILE:///home/x/a.jpg",
    "PHOTO;VALUE=URL;TYPE=JPEG:file:///C:/pics/a.jpg",  # vCard 2.1 says URL
    "PHOTO:file:///home/x/a.jpg",  # a kept PHOTO is always a reference
    "item1.PHOTO;VALUE=URI:file:/home/x/a.jpg",
    "LOGO;VALUE=uri:cid:part1.06090408@example.com",
    "SOUND:sounds/hello.wav",  # relative path
    "PHOTO;VALUE=URI:/home/x/a.jpg",
    "PHOTO;VALUE=URI:~/a.jpg",
    r"PHOTO;VALUE=URI:C:\Users\x\a.jpg",
    r"PHOTO;VALUE=URI:\\server\share\a.jpg",
    "KEY;VALUE=uri:file:///home/x/.gnupg/pub.asc",
    "X-SOCIALPROFILE;VALUE=uri:content://contacts/photo/12",
    "X-ANYTHING:file:///etc/passwd",  # text, but a local file reference all the same
    'ADR;GEO="file:///tmp/x";TYPE=HOME:;;1 Main St;Springfield;;;',
]
KEPT = [
    "PHOTO;VALUE=URI:https://example.org/a.jpg",
    "PHOTO;VALUE=uri:http://example.org/a.jpg",
    "PHOTO;VALUE=URI:data:image/png;base64,iVBORw0KGgo=",
    "KEY;VALUE=uri:data:application/pgp-keys;base64,AAAA",
    "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/someone",
    "RELATED;TYPE=friend:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
    "IMPP;X-SERVICE-TYPE=Skype:skype:someone",
    "NICKNAME:file cabinet",
    "X-NOTE:see notes/2024 for details",
    "BDAY:1980-03-22",
    'X-ABLABEL;X-NOTE="a:b;c":_$!<Anniversary>!$_',
]


@pytest.mark.parametrize("line", LOCAL)
def test_local_references_are_recognised(line: str) -> None:
    assert points_to_local_file(line)


@pytest.mark.parametrize("line", KEPT)
def test_web_inline_and_text_values_are_not(line: str) -> None:
    assert not points_to_local_file(line)


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_imported_local_photo_is_not_exported_but_web_photo_is(tmp_path: Path, version: str) -> None:
    source = tmp_path / "in.vcf"
    source.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
        b"PHOTO;VALUE=URI:file:///home/x/a.jpg\r\n"
        b"LOGO;VALUE=uri:cid:part1@example.com\r\n"
        b"SOUND:sounds/ada.wav\r\n"
        b"X-SOCIALPROFILE;TYPE=twitter;VALUE=uri:https://twitter.com/ada\r\n"
        b"KEY;VALUE=uri:data:application/pgp-keys;base64,AAAA\r\n"
        b"NICKNAME:Countess\r\n"
        b"END:VCARD\r\n"
    )
    parsed = read_vcards(source)
    [record] = parsed.records
    assert any("file:///home/x/a.jpg" in e for e in record.extras)  # kept on import, as-is
    now = datetime(2026, 11, 20, tzinfo=UTC)
    out = tmp_path / "out.vcf"
    export_vcards([Contact(1, record.draft, now, now)], out, version, extras={1: record.extras})
    text = out.read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    assert "file:" not in text and "cid:" not in text and "sounds/ada.wav" not in text
    assert "https://twitter.com/ada" in text
    # 4.0 carries inline data as a data: URI; 3.0 has none, so the same key is ENCODING=b.
    if version == "4.0":
        assert "data:application/pgp-keys;base64,AAAA" in text
    else:
        assert "KEY;ENCODING=b;TYPE=PGP-KEYS:AAAA" in text
    assert "NICKNAME:Countess" in text
    [again] = read_vcards(out).records
    assert again.draft.name == "Ada Lovelace"
