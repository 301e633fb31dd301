"""Deterministic generator of business cards the OCR rules were not tuned on.

``card(seed, split)`` draws a person (``people``), a layout and a font (``layouts``) from
``random.Random(seed)``, paints the card with Pillow and photographs it: the card is placed on a
table-coloured background, slightly rotated, blurred, given sensor noise and JPEG-compressed. The
ground truth travels with the image (``GeneratedCard.truth``: fn, title, org, email,
phone_digits, the keys of the shared corpus's ``expected.json``).

The seed space is split so that rules can be written against one part and measured on another:

- ``dev``: seeds ``DEV_SEEDS``; layouts and fonts exclude the held-out ones; look at these freely;
- ``unseen``: seeds from ``UNSEEN_BASE`` on, every layout and font including the held-out layout
  (``HELD_OUT_LAYOUT``) and font family (``HELD_OUT_FONTS``, the first one installed) that dev
  cards never use; only measure these.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from tests.card_gen.layouts import LAYOUTS, installed_fonts, paint
from tests.card_gen.people import person

__all__ = ["GeneratedCard", "card", "cards", "dev_fonts", "held_out_font", "write_set"]

HELD_OUT_LAYOUT = "name_at_bottom"
HELD_OUT_FONTS = ("LiberationSerif", "DejaVuSerifCondensed", "DejaVuSerif")
DEV_SEEDS = range(0, 10_000)
UNSEEN_BASE = 1_000_000
SPLITS = ("dev", "unseen")


@dataclass(frozen=True, slots=True)
class GeneratedCard:
    seed: int
    split: str
    layout: str
    font: str
    image: Image.Image  # RGB, as a phone photo would give it
    truth: dict[str, str]

    @property
    def name(self) -> str:
        return f"gen_{self.split}_{self.seed}_{self.layout}_{self.font}.png"

    def bgr(self) -> np.ndarray:
        """The photo as the BGR array OpenCV and rapidocr take."""
        return np.ascontiguousarray(np.asarray(self.image)[:, :, ::-1])


def held_out_font() -> str | None:
    """The font family dev cards never use (the first of HELD_OUT_FONTS installed)."""
    fonts = installed_fonts()
    return next((f for f in HELD_OUT_FONTS if f in fonts), None)


def dev_fonts() -> list[str]:
    held = held_out_font()
    return [f for f in installed_fonts() if f != held]


def card(seed: int, split: str = "dev") -> GeneratedCard:
    """The card of ``seed`` in ``split``; the same seed and split always give the same card."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    fonts = installed_fonts()
    if not fonts:
        raise RuntimeError("no TrueType font of card_gen.layouts.FONT_FAMILIES is installed")
    if split == "dev":
        layouts = [name for name in LAYOUTS if name != HELD_OUT_LAYOUT]
        families = dev_fonts() or list(fonts)
    else:
        layouts, families = list(LAYOUTS), list(fonts)
    rng = random.Random(f"{split}:{seed}")
    who = person(rng)
    layout, font = rng.choice(layouts), rng.choice(families)
    flat = paint(layout, fonts[font], who, rng)
    return GeneratedCard(seed, split, layout, font, _photograph(flat, rng), who.truth)


def _photograph(flat: Image.Image, rng: random.Random) -> Image.Image:
    """The card as photographed: scaled, on a background, turned a little, soft, noisy, JPEG."""
    scale = rng.uniform(0.75, 1.25)
    card_img = flat.resize((round(flat.width * scale), round(flat.height * scale)), Image.Resampling.LANCZOS)
    table = tuple(rng.randint(90, 200) for _ in range(3))
    margin = round(rng.uniform(0.05, 0.15) * card_img.width)
    photo = Image.new("RGB", (card_img.width + 2 * margin, card_img.height + 2 * margin), table)
    photo.paste(card_img, (margin, margin))
    photo = photo.rotate(rng.uniform(-3.0, 3.0), resample=Image.Resampling.BICUBIC, fillcolor=table)
    radius = rng.choice((0.0, 0.4, 0.8, 1.2))
    if radius:
        photo = photo.filter(ImageFilter.GaussianBlur(radius))
    noise = np.random.default_rng(rng.getrandbits(32)).normal(
        0.0, rng.uniform(2.0, 8.0), (photo.height, photo.width, 1)
    )
    pixels = np.clip(np.asarray(photo, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=rng.randint(55, 90))
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def cards(split: str, count: int, start: int = 0) -> list[GeneratedCard]:
    """``count`` cards of ``split``: dev seeds from ``start``, unseen seeds from UNSEEN_BASE + start."""
    base = UNSEEN_BASE if split == "unseen" else 0
    return [card(base + start + i, split) for i in range(count)]


def write_set(folder: Path, split: str, count: int, start: int = 0) -> Path:
    """PNG cards and an ``expected.json`` in the corpus's shape (``{file: {"fields": truth}}``)."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for generated in cards(split, count, start):
        generated.image.save(folder / generated.name)
        expected[generated.name] = {
            "layout": generated.layout,
            "font": generated.font,
            "fields": generated.truth,
        }
    path = folder / "expected.json"
    path.write_text(json.dumps(expected, ensure_ascii=False, indent=1), "utf-8")
    return path
