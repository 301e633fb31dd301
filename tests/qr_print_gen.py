"""Business-card photos whose QR code holds only part of the contact, the rest printed beside it.

Issue 13: many cards carry a code with only a LinkedIn or website URL (or a bare ``mailto:`` /
``tel:``) while the name, title, organisation, e-mail and phone are printed next to it. The
tests draw such cards themselves (qrcode for the symbol, Pillow with the DejaVu fonts for the
text) so the expected values are known exactly and no file is checked in.

Run as a script to write a few samples: ``python -m tests.qr_print_gen OUT_DIR``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)


@dataclass(frozen=True)
class PrintedCard:
    """What is printed on the card (any field may be empty) and what its code holds."""

    payload: str
    name: str = ""
    title: str = ""
    organization: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""


#: Cards of the kinds the issue names, each with its printed person.
SAMPLES: dict[str, PrintedCard] = {
    "linkedin_only": PrintedCard(
        "https://www.linkedin.com/in/mgarcia-204",
        "María García",
        "Talent Acquisition Manager",
        "Harbor Music Studio",
        "mgarcia@harbormusic.net",
        "+1 508 555 0142",
        "www.harbormusic.net",
    ),
    "website_only": PrintedCard(
        "https://www.coastalbio.com",
        "Jonas Becker",
        "Senior Software Engineer",
        "Coastal Biotech Inc.",
        "jbecker@coastalbio.com",
        "+1 508 555 0377",
    ),
    "mailto_only": PrintedCard(
        "mailto:pnakamura@nbpd.gov",
        "Priya Nakamura",
        "Community Outreach Officer",
        "New Bedford Police Department",
        "pnakamura@nbpd.gov",
        "+1 508 555 0917",
    ),
    "tel_only": PrintedCard(
        "tel:+15085550463",
        "Noah Okafor",
        "Marketing Director",
        "Lumen Analytics",
        "nokafor@lumen-analytics.co",
        "+1 508 555 0463",
    ),
}


def font(
    size: int, *, bold: bool = False, mono: bool = False
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A DejaVu face (it has every accent our names use); Pillow's own font when none is installed."""
    family = "DejaVuSansMono" if mono else "DejaVuSerif" if bold else "DejaVuSans"
    name = f"{family}-Bold.ttf" if bold else f"{family}.ttf"
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)


def qr_image(payload: str, box: int = 10) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box, border=2)
    code.add_data(payload)
    code.make(fit=True)
    symbol: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return symbol.convert("RGB")


def draw_card(card: PrintedCard, *, width: int = 1600, code_side: int = 420) -> Image.Image:
    """A photo of the card lying on a desk: text on the left, the code on the right."""
    card_w, card_h = int(width * 0.8), int(width * 0.8 * 0.57)
    photo = Image.new("RGB", (width, int(width * 0.66)), (112, 98, 58))
    face = Image.new("RGB", (card_w, card_h), (246, 242, 236))
    pen = ImageDraw.Draw(face)
    pen.rectangle((0, 0, card_w, 14), fill=(52, 78, 110))
    x, y = 60, 70
    if card.name:
        pen.text((x, y), card.name, font=font(60, bold=True), fill=(30, 20, 60))
        y += 95
    for text, size in ((card.title, 34), (card.organization, 34)):
        if text:
            pen.text((x, y), text, font=font(size), fill=(60, 70, 90))
            y += 50
    y += 60
    for text in (card.phone, card.email, card.website):
        if text:
            pen.text((x, y), text, font=font(32, mono=True), fill=(30, 20, 60))
            y += 50
    symbol = qr_image(card.payload).resize((code_side, code_side), Image.Resampling.NEAREST)
    face.paste(symbol, (card_w - code_side - 50, (card_h - code_side) // 2 + 20))
    photo.paste(face, ((width - card_w) // 2, (photo.height - card_h) // 2))
    return photo


def write_card(card: PrintedCard, path: Path, **kwargs: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = draw_card(card, **kwargs)
    if path.suffix.lower() in (".jpg", ".jpeg"):
        image.save(path, quality=92)
    else:
        image.save(path)
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.qr_print_gen OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    for name, card in SAMPLES.items():
        print(write_card(card, out / f"{name}.jpg"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
