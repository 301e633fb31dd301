"""How file names are written in sentences: undecodable bytes and control characters escaped."""

from __future__ import annotations

import os
from pathlib import Path

from netdesk.domain.file_names import printable, shown_path


def test_ordinary_names_are_unchanged() -> None:
    assert shown_path(Path("/home/ada/José Núñez.vcf")) == "/home/ada/José Núñez.vcf"
    assert printable("Line one\n\tline two") == "Line one\n\tline two"


def test_undecodable_bytes_are_shown_as_escapes() -> None:
    surrogates = os.fsdecode(b"/tmp/caf\xe9.vcf")
    assert shown_path(surrogates) == "/tmp/caf\\xe9.vcf"
    assert shown_path(b"/tmp/caf\xe9.vcf") == "/tmp/caf\\xe9.vcf"
    assert shown_path(Path(surrogates)) == "/tmp/caf\\xe9.vcf"
    assert printable(f"{surrogates} cannot be read.") == "/tmp/caf\\xe9.vcf cannot be read."
    shown_path(surrogates).encode("utf-8")  # now encodable anywhere


def test_control_and_invisible_characters_are_escaped() -> None:
    assert shown_path("a\nb\x1b[31m\u202ec.vcf") == "a\\x0ab\\x1b[31m\\u202ec.vcf"
