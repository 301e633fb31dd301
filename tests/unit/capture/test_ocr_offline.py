"""The real rapidocr engine: a corpus card end to end, offline use, and the pinned model set.

These run the ONNX models (about a second per card), so they use small images and share the
engine where the test does not need a fresh one.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import yaml

from netdesk.capture import ocr
from netdesk.capture.drafts import phone_digits
from netdesk.capture.pipeline import capture_file

CARDS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "cards"
CORPUS_CARD = "ocr_nominal_05.jpg"  # the smallest photo; "García" checks diacritics survive


def synthetic_card(gray: bool = False) -> np.ndarray:
    """A card drawn with OpenCV's own font, so these tests do not depend on the corpus."""
    image = np.full((420, 900, 3), 255, np.uint8)
    rows = [
        ("Fatima Lee", 2.0),
        ("Marketing Director", 1.1),
        ("+1 508 555 7748", 1.0),
        ("flee@acmemarketing.com", 1.0),
    ]
    for i, (text, scale) in enumerate(rows):
        cv2.putText(
            image, text, (60, 90 + i * 85), cv2.FONT_HERSHEY_SIMPLEX, scale, (20, 20, 20), 2, cv2.LINE_AA
        )
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if gray else image


def test_a_corpus_card_without_a_code_becomes_a_contact_through_the_pipeline() -> None:
    path = CARDS / CORPUS_CARD
    if not path.is_file():
        pytest.skip(f"corpus card {path} is missing (expected ../shared/corpus next to the project)")
    expected = json.loads((CARDS / "expected.json").read_text("utf-8"))[CORPUS_CARD]["fields"]
    result = capture_file(path, ocr=ocr.read_card)
    assert result.ok and result.codes == ()
    [draft] = result.contacts
    assert draft.display_name == expected["fn"]
    assert draft.family_name == "García"
    assert draft.title == expected["title"]
    assert draft.organization == expected["org"]
    assert [e.address for e in draft.emails] == [expected["email"]]
    assert [phone_digits(p) for p in draft.phones] == [expected["phone_digits"]]


def test_recognize_card_gives_lines_boxes_and_confidences_for_review() -> None:
    reading = ocr.recognize_card(synthetic_card())
    assert reading.draft.display_name == "Fatima Lee"
    assert [e.address for e in reading.draft.emails] == ["flee@acmemarketing.com"]
    assert {"display_name", "title", "emails", "phones"} <= set(reading.confidence)
    assert all(0.0 < value <= 1.0 for value in reading.confidence.values())
    name_line = reading.lines[reading.sources["display_name"][0]]
    (x0, y0), _, (x2, y2), _ = name_line.box
    assert 40 < x0 < x2 < 900 and 30 < y0 < y2 < 130  # the name's box is where it was drawn


def test_a_sideways_photo_is_read() -> None:
    reading = ocr.recognize_card(np.ascontiguousarray(np.rot90(synthetic_card())))
    d = reading.draft
    assert (d.display_name, d.title) == ("Fatima Lee", "Marketing Director")
    assert [phone_digits(p) for p in d.phones] == ["15085557748"]


def test_gray_frames_are_read_and_a_blank_photo_gives_no_contact() -> None:
    assert [d.display_name for d in ocr.read_card(synthetic_card(gray=True))] == ["Fatima Lee"]
    assert ocr.read_card(np.full((300, 500, 3), 255, np.uint8)) == []


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way out is refused and recorded: sockets, name resolution and rapidocr's downloader."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:2] or args[:1]}")
            raise OSError(f"network unreachable (test): {what}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    from rapidocr.utils.download_file import DownloadFile

    monkeypatch.setattr(DownloadFile, "run", classmethod(refuse("DownloadFile.run")))
    return attempts


def test_works_with_the_network_unreachable(no_network: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("modelscope.cn", 443), timeout=1)  # the block is in force
    no_network.clear()
    monkeypatch.setattr(ocr, "_engine", None)  # build the engine and load every model offline
    reading = ocr.recognize_card(synthetic_card())
    assert reading.draft.display_name == "Fatima Lee"
    assert [phone_digits(p) for p in reading.draft.phones] == ["15085557748"]
    assert no_network == []


def test_the_default_model_configuration_is_pinned_to_the_files_in_the_wheel() -> None:
    import rapidocr

    package = Path(rapidocr.__file__).parent
    defaults = yaml.safe_load((package / "config.yaml").read_text("utf-8"))
    catalogue = (package / "default_models.yaml").read_text("utf-8")
    cfg = ocr.engine().cfg
    for model in ocr.PINNED_MODELS:
        path = ocr.model_dir() / model.file_name
        assert path.parent == package / "models"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == model.sha256
        assert model.sha256 in catalogue  # rapidocr's own checksum for this model
        default = defaults[model.task]
        assert (model.ocr_version, model.model_type, model.lang_type) == (
            default["ocr_version"],
            default["model_type"],
            default["lang_type"],
        ), f"rapidocr changed its default {model.task} model; review and re-pin it"
        section = cfg[model.task]
        assert section.model_path == str(path)
        assert (section.ocr_version.value, section.model_type.value) == (model.ocr_version, model.model_type)
    assert cfg.Global.text_score == defaults["Global"]["text_score"] == ocr.PINNED_GLOBAL["Global.text_score"]
    assert cfg.Global.max_side_len == defaults["Global"]["max_side_len"]


def test_a_missing_model_is_a_clear_error_not_a_download(tmp_path: Path) -> None:
    with pytest.raises(ocr.OcrUnavailable, match="never downloads"):
        ocr.pinned_params(tmp_path)


def test_the_engine_is_created_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    import rapidocr

    created: list[object] = []

    class SlowEngine:
        def __init__(self, params: dict[str, Any]) -> None:
            time.sleep(0.05)  # wide window for a second thread to slip in
            created.append(self)

    monkeypatch.setattr(rapidocr, "RapidOCR", SlowEngine)
    monkeypatch.setattr(ocr, "_engine", None)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(ocr.engine())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(created) == 1 and len(got) == 8 and all(e is created[0] for e in got)


def test_a_doubtful_line_is_read_again_from_its_own_crop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A narrow font's long e-mail line that the direction classifier turned upside down
    ("weanynet wnet") is read again, upright, from its crop; without the second read it is lost."""
    from tests.card_gen import card

    image = card(1000355, "unseen").bgr()  # Liberation Sans Narrow, e-mail | website on one line
    reading = ocr.recognize_card(image)
    assert [e.address for e in reading.draft.emails] == ["jeanlucc@polarisenergy.net"]
    monkeypatch.setattr(ocr, "REREAD_BELOW", 0.0)  # the first reading only
    assert ocr.recognize_card(image).draft.emails == ()
