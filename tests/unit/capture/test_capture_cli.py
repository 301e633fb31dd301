"""``netdesk decode`` keeps the CLI.md contract: JSON lines per file, exit 1 when any file failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import qrcode

from netdesk.cli import main


def _write_qr(path: Path, text: str) -> None:
    code = qrcode.QRCode(box_size=5)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    code.make_image().get_image().convert("L").save(path)


def test_decode_json_lines_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = tmp_path / "card.png"
    payload = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Núñez;José\r\nFN:José Núñez\r\nORG:Harbor Music Studio\r\nEMAIL:jnunez@harbormusic.net\r\nEND:VCARD"
    _write_qr(card, payload)
    wifi = tmp_path / "wifi.png"
    _write_qr(wifi, "WIFI:S:Guest;T:WPA;P:x;;")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"")
    status = main(["decode", "--json", str(card), str(broken), str(wifi)])
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [doc["file"] for doc in lines] == [str(card), str(broken), str(wifi)]
    assert all(set(doc) >= {"file", "codes", "contacts", "error"} for doc in lines)
    first = lines[0]
    assert first["codes"] == [{"text": payload, "format": "QR Code"}]
    assert first["error"] is None
    contact = first["contacts"][0]
    assert (contact["id"], contact["fn"], contact["org"]) == (None, "José Núñez", "Harbor Music Studio")
    assert contact["emails"] == ["jnunez@harbormusic.net"] and contact["tags"] == []
    assert "Núñez" in out  # UTF-8, not \u escapes
    assert lines[1]["codes"] == [] and str(broken) in lines[1]["error"]
    assert str(broken) in err
    assert lines[2]["contacts"] == [] and lines[2]["codes"][0]["text"].startswith("WIFI:")


def test_decode_readable_summary_and_ocr_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = tmp_path / "card.png"
    _write_qr(card, "MECARD:N:Okafor,Kwame;EMAIL:kokafor@example.co;;")
    assert main(["decode", "--ocr", str(card)]) == 0
    out = capsys.readouterr().out
    assert "1 code(s), 1 contact(s)" in out
    assert "Kwame Okafor" in out and "kokafor@example.co" in out
