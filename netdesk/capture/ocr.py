"""Read the printed text of business cards without a QR code, offline, with rapidocr.

rapidocr 3.x ships its default ONNX models inside the wheel (``rapidocr/models``), but when a
configuration names a model that is not there it silently downloads one from modelscope.cn on
first use. netdesk must never do that, so the engine is built with every model *path* pinned to
the files in the wheel: rapidocr then never reaches its download code, and a missing or replaced
model is a clear ``OcrUnavailable`` instead of a network call. The model choice itself (PP-OCRv6
small detection and recognition, PP-OCRv4 mobile direction classifier) is pinned too, with the
SHA-256 of each file, so an upgrade of rapidocr that changes its defaults is noticed by a test
rather than by users.

The engine is created once, lazily (importing rapidocr and loading ~30 MB of models takes time the
GUI should not spend at start-up), and calls are serialised: ``RapidOCR.__call__`` stores per-call
options on the shared object, so two threads must not run it at once.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from netdesk.capture.card_fields import Box, CardReading, TextLine, extract_fields
from netdesk.domain.models import ContactDraft
from netdesk.normalize.phones import DEFAULT_REGION

Image = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class PinnedModel:
    """One model of the pinned configuration: which rapidocr model it is and its exact file."""

    task: str  # "Det", "Cls" or "Rec": the section of rapidocr's config.yaml
    ocr_version: str
    model_type: str
    lang_type: str
    file_name: str
    sha256: str


#: rapidocr 3.10's defaults (its config.yaml), written out so a change of defaults cannot slip in.
PINNED_MODELS = (
    PinnedModel(
        "Det",
        "PP-OCRv6",
        "small",
        "ch",
        "PP-OCRv6_det_small.onnx",
        "090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f",
    ),
    PinnedModel(
        "Cls",
        "PP-OCRv4",
        "mobile",
        "ch",
        "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
        "e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
    ),
    PinnedModel(
        "Rec",
        "PP-OCRv6",
        "small",
        "ch",
        "PP-OCRv6_rec_small.onnx",
        "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
    ),
)
#: Other pinned settings (also rapidocr's defaults); quiet logging keeps stderr for our messages.
PINNED_GLOBAL: dict[str, Any] = {
    "Global.log_level": "error",
    "Global.use_det": True,
    "Global.use_cls": True,
    "Global.use_rec": True,
    "Global.text_score": 0.5,
    "Global.min_side_len": 30,
    "Global.max_side_len": 2000,
}

_engine: Any = None
_engine_lock = threading.Lock()
_run_lock = threading.Lock()


class OcrUnavailable(RuntimeError):
    """OCR cannot run on this installation; the message says how to fix it."""


def model_dir() -> Path:
    """The ``models`` folder inside the installed rapidocr wheel, found without importing it."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise OcrUnavailable(
            "Reading cards without a QR code needs the rapidocr package; "
            "reinstall netdesk with its dependencies (pip install rapidocr onnxruntime)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def pinned_params(models: Path | None = None) -> dict[str, Any]:
    """The ``params`` given to ``RapidOCR``: pinned versions plus an explicit path for every model."""
    from rapidocr.utils.typings import EngineType, LangCls, LangDet, LangRec, ModelType, OCRVersion

    folder = models or model_dir()
    langs: dict[str, Callable[[str], Any]] = {"Det": LangDet, "Cls": LangCls, "Rec": LangRec}
    params = dict(PINNED_GLOBAL)
    for model in PINNED_MODELS:
        path = folder / model.file_name
        if not path.is_file():
            raise OcrUnavailable(
                f"The OCR model {path} is missing; reinstall rapidocr "
                "(pip install --force-reinstall rapidocr) — netdesk never downloads models."
            )
        params[f"{model.task}.engine_type"] = EngineType.ONNXRUNTIME
        params[f"{model.task}.ocr_version"] = OCRVersion(model.ocr_version)
        params[f"{model.task}.model_type"] = ModelType(model.model_type)
        params[f"{model.task}.lang_type"] = langs[model.task](model.lang_type)
        params[f"{model.task}.model_path"] = str(path)
    return params


def engine() -> Any:
    """The shared rapidocr engine, created on first use (thread-safe)."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                try:
                    from rapidocr import RapidOCR
                except ImportError as exc:
                    raise OcrUnavailable(
                        f"Reading cards without a QR code needs rapidocr and onnxruntime ({exc}); "
                        "reinstall netdesk with its dependencies."
                    ) from None
                _engine = RapidOCR(params=pinned_params())
    return _engine


def ocr_problem() -> str | None:
    """Why OCR cannot run here, as a sentence for the user, or None when it can."""
    try:
        engine()
    except OcrUnavailable as exc:
        return str(exc)
    return None


def _u8(array: Any) -> Image:
    """OpenCV's results typed as what they are (uint8 in, uint8 out); no copy is made."""
    return np.asarray(array, dtype=np.uint8)


def _as_bgr(image: Image) -> Image:
    """rapidocr takes arrays as BGR; gray frames (and BGRA screenshots) are converted."""
    if image.ndim == 2:
        return _u8(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
    if image.ndim == 3 and image.shape[2] == 4:
        return _u8(cv2.cvtColor(image, cv2.COLOR_BGRA2BGR))
    return image


#: A line read with less confidence than this is read again from its own crop (see ``_reread``).
REREAD_BELOW = 0.8


def recognize_lines(image: Image) -> list[TextLine]:
    """Every text line rapidocr finds: text, box (image pixels) and score."""
    ocr = engine()
    bgr = _as_bgr(image)
    with _run_lock:
        # The stage flags are passed on every call: rapidocr keeps the last call's choice.
        result = ocr(bgr, use_det=True, use_cls=True, use_rec=True)
        if result.boxes is None or result.txts is None or result.scores is None:
            return []
        lines = []
        for box, text, score in zip(result.boxes, result.txts, result.scores, strict=False):
            corners = [(float(x), float(y)) for x, y in np.asarray(box).reshape(4, 2)]
            quad: Box = (corners[0], corners[1], corners[2], corners[3])
            line = TextLine(str(text), quad, float(score))
            lines.append(_reread(ocr, bgr, line) if line.score < REREAD_BELOW else line)
    return lines


def _reread(ocr: Any, image: Image, line: TextLine) -> TextLine:
    """A doubtful line read again from its own upright crop, as it lies and turned half round.

    The direction classifier sometimes turns a long, thin line upside down (a narrow font's
    "jeanlucc@polarisenergy.net | www..." came out as "weanynet wnet", 0.65); read without the
    classifier in both directions, the better of the two replaces the first reading when it is
    surer. Only low-scoring lines pay for this.
    """
    src = np.array(line.box, dtype=np.float32)
    width = int(max(np.linalg.norm(src[1] - src[0]), np.linalg.norm(src[2] - src[3])))
    height = int(max(np.linalg.norm(src[3] - src[0]), np.linalg.norm(src[2] - src[1])))
    if width < 8 or height < 8:
        return line
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    crop = cv2.warpPerspective(
        image, cv2.getPerspectiveTransform(src, target), (width, height), borderMode=cv2.BORDER_REPLICATE
    )
    best = line
    for candidate in (crop, cv2.rotate(crop, cv2.ROTATE_180)):
        result = ocr(candidate, use_det=False, use_cls=False, use_rec=True)
        for text, score in zip(result.txts or (), result.scores or (), strict=False):
            if float(score) > best.score and str(text).strip():
                best = TextLine(str(text), line.box, float(score))
    return best


def _enhanced(image: Image) -> Image:
    """A second chance for dim, low-contrast photos: local contrast equalised on lightness."""
    lab = cv2.cvtColor(_as_bgr(image), cv2.COLOR_BGR2LAB)
    lab[:, :, 0] = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(lab[:, :, 0])
    return _u8(cv2.cvtColor(lab, cv2.COLOR_LAB2BGR))


def light_on_dark(image: Image, lines: list[TextLine]) -> bool:
    """Whether most recognised lines are light print on a dark card (white on navy...).

    Inside a line's box most pixels are the paper and a minority the ink, so the median sits on
    the paper's side of the range: below the middle of the 5th-95th percentiles on dark paper.
    A dim photo of a white card keeps its paper on the light side, so it does not count.
    """
    gray = cv2.cvtColor(_as_bgr(image), cv2.COLOR_BGR2GRAY)
    votes = 0
    for line in lines:
        xs, ys = [p[0] for p in line.box], [p[1] for p in line.box]
        x0, x1 = max(0, int(min(xs))), min(gray.shape[1], int(max(xs)) + 1)
        y0, y1 = max(0, int(min(ys))), min(gray.shape[0], int(max(ys)) + 1)
        patch = gray[y0:y1, x0:x1]
        if patch.size < 50:
            continue
        low, middle, high = np.percentile(patch, (5, 50, 95))
        if high - low >= 40:  # a line with no contrast tells nothing
            votes += 1 if middle < (low + high) / 2 else -1
    return votes > 0


def _rank(reading: CardReading) -> tuple[int, float]:
    """More filled fields first, then higher mean confidence."""
    values = list(reading.confidence.values())
    return len(values), (sum(values) / len(values) if values else 0.0)


def recognize_card(image: Image, *, region: str = DEFAULT_REGION) -> CardReading:
    """The card in a photo as a draft with per-field confidence, lines and boxes for review.

    One OCR pass reads almost every card (sideways ones too: the recogniser turns each line, and
    ``extract_fields`` turns the layout). A card printed light on dark is read again as its
    negative, and a photo that gave neither a name nor an e-mail address is read again with its
    contrast equalised, so those get a second chance without slowing the rest.
    """
    lines = recognize_lines(image)
    reading = extract_fields(lines, region=region)
    if light_on_dark(image, lines):
        # The direction classifier turns some light-on-dark lines upside down ("wwhnetwwynt" for
        # an e-mail address); the models read dark print on light paper best, so read the negative.
        negative = extract_fields(recognize_lines(_u8(255 - _as_bgr(image))), region=region)
        reading = negative if _rank(negative) >= _rank(reading) else reading
    if reading.draft.display_name or reading.draft.emails:
        return reading
    second = extract_fields(recognize_lines(_enhanced(image)), region=region)
    return second if _rank(second) > _rank(reading) else reading


def read_card(image: Image, *, region: str = DEFAULT_REGION) -> list[ContactDraft]:
    """The capture pipeline's OCR hook: the card's contact, or nothing when none was found."""
    reading = recognize_card(image, region=region)
    return [reading.draft] if reading.has_contact else []
