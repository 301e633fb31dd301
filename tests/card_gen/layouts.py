"""Drawing a card: the printed lines in one of several layouts, in a font found on the machine.

A layout only places lines; which lines a card has (and in which of the issue's forms: "Title,
Organisation" on one line, e-mail and website on one line, labelled numbers) is decided in
``lines_of`` from the seeded RNG, so every layout sees every form.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tests.card_gen.people import Person

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
#: Font families as (regular file, bold file); only the ones installed are used.
FONT_FAMILIES = {
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "DejaVuSansCondensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "DejaVuSerifCondensed": ("DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf"),
    "LiberationSans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    "LiberationSansNarrow": ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"),
    "LiberationSerif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
}
PHONE_LABELS = ("", "", "Tel:", "T:", "Phone", "Phone:", "Tel.")
MOBILE_LABELS = ("M:", "Mobile", "Mobile:", "Cell", "Cell:", "Mob.")
EMAIL_LABELS = ("", "", "E:", "Email:", "E-mail:")
WIDTH, HEIGHT = 1050, 600  # 3.5 x 2 inches at 300 dpi


def installed_fonts() -> dict[str, tuple[Path, Path]]:
    """The families of FONT_FAMILIES found on this machine, in the table's order."""
    files: dict[str, Path] = {}
    for folder in FONT_DIRS:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.ttf")):
                files.setdefault(path.name, path)
    return {
        family: (files[regular], files[bold])
        for family, (regular, bold) in FONT_FAMILIES.items()
        if regular in files and bold in files
    }


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    size: int  # pixel size on the 1050 x 600 card
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Blocks:
    """The card's lines by role: who (name, title/org), contact details, and the organisation."""

    name: Line
    job: tuple[Line, ...]  # title and organisation, on one or two lines
    contact: tuple[Line, ...]
    org: Line  # the organisation alone (for layouts that print it as a header)


def lines_of(p: Person, rng: random.Random, *, org_in_job: bool = True) -> Blocks:
    """The printed lines, in the forms the issue names, with sizes for this card."""
    name_size = rng.randint(48, 66)
    small = rng.randint(26, 32)
    job_size = rng.randint(small, small + 6)
    form = rng.choice(("split", "comma", "pipe")) if org_in_job else "split"
    job: tuple[Line, ...]
    if form == "comma":
        job = (Line(f"{p.title}, {p.org}", job_size),)
    elif form == "pipe":
        job = (Line(f"{p.title} | {p.org}", job_size),)
    else:
        job = (Line(p.title, job_size),) + ((Line(p.org, job_size, bold=True),) if org_in_job else ())
    contact = [Line(f"{rng.choice(PHONE_LABELS)} {p.phone}".strip(), small)]
    if p.mobile:
        contact.append(Line(f"{rng.choice(MOBILE_LABELS)} {p.mobile}", small))
    email = f"{rng.choice(EMAIL_LABELS)} {p.email}".strip()
    if rng.random() < 0.4:
        contact.append(Line(f"{email}{rng.choice(('  |  ', ' | ', '   ', '  ·  '))}{p.website}", small))
    else:
        contact.append(Line(email, small))
        if rng.random() < 0.7:
            contact.append(Line(p.website, small))
    rng.shuffle(contact)
    address = [Line(part, small) for part in p.address]  # kept together and in order
    contact = address + contact if rng.random() < 0.5 else contact + address
    blocks = Blocks(
        Line(p.fn, name_size, bold=rng.random() < 0.7), job, tuple(contact), Line(p.org, job_size + 8, True)
    )
    total = _height((blocks.name, *blocks.job, *blocks.contact)) + (
        blocks.org.size * 2 if not org_in_job else 0
    )
    return _scaled(blocks, min(1.0, (HEIGHT - 120) / total))


def _scaled(b: Blocks, factor: float) -> Blocks:
    """Every size times ``factor``, so that a card with many lines still fits."""

    def s(line: Line) -> Line:
        return Line(line.text, round(line.size * factor), line.bold)

    return Blocks(s(b.name), tuple(map(s, b.job)), tuple(map(s, b.contact)), s(b.org))


@dataclass(frozen=True, slots=True)
class Style:
    regular: Path
    bold: Path
    ink: tuple[int, int, int]
    paper: tuple[int, int, int]
    accent: tuple[int, int, int]


class Painter:
    def __init__(self, style: Style) -> None:
        self.style = style
        self.image = Image.new("RGB", (WIDTH, HEIGHT), style.paper)
        self.draw = ImageDraw.Draw(self.image)

    def font(self, line: Line) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(self.style.bold if line.bold else self.style.regular), line.size)

    def width(self, line: Line) -> float:
        return self.draw.textlength(line.text, font=self.font(line))

    def text(
        self, line: Line, x: float, y: float, anchor: str = "la", ink: tuple[int, int, int] | None = None
    ) -> float:
        """Draw at (x, y) (left, centre or right by ``anchor``); the y of the next line.

        A line too wide for the card is drawn smaller, as a designer would set it."""
        room = (
            2 * min(x, WIDTH - x) - 40
            if anchor[0] == "m"
            else (WIDTH - x - 40 if anchor[0] == "l" else x - 40)
        )
        fitted = line
        while fitted.size > 12 and self.width(fitted) > room:
            fitted = Line(line.text, fitted.size - 2, line.bold)
        self.draw.text((x, y), line.text, font=self.font(fitted), fill=ink or self.style.ink, anchor=anchor)
        return y + line.size * 1.45

    def column(self, lines: tuple[Line, ...], x: float, y: float, anchor: str = "la") -> float:
        for line in lines:
            y = self.text(line, x, y, anchor)
        return y


def _height(lines: tuple[Line, ...]) -> float:
    return sum(line.size * 1.45 for line in lines)


def left_aligned(p: Painter, b: Blocks, rng: random.Random) -> None:
    x = rng.randint(60, 90)
    y = p.column((b.name, *b.job), x, rng.randint(50, 80))
    p.column(b.contact, x, max(y + 30, HEIGHT - 40 - _height(b.contact)))


def centred(p: Painter, b: Blocks, rng: random.Random) -> None:
    y = p.column((b.name, *b.job), WIDTH / 2, rng.randint(45, 70), "ma")
    p.column(b.contact, WIDTH / 2, max(y + 25, HEIGHT - 35 - _height(b.contact)), "ma")


def two_column(p: Painter, b: Blocks, rng: random.Random) -> None:
    p.column((b.name, *b.job), 60, rng.randint(40, 60))
    p.column(b.contact, WIDTH - 60, HEIGHT - 30 - _height(b.contact), "ra")


def logo_block(p: Painter, b: Blocks, rng: random.Random) -> None:
    side = 110
    p.draw.rectangle((60, 50, 60 + side, 50 + side), fill=p.style.accent)
    initials = "".join(w[0] for w in b.org.text.split() if w[0].isupper())[:2]
    p.text(Line(initials, 54, True), 60 + side / 2, 50 + side / 2, "mm", ink=p.style.paper)
    p.text(b.org, 60 + side + 30, 50 + side / 2 - b.org.size / 2)
    y = p.column((b.name, *b.job), 60, 50 + side + 35)
    p.column(b.contact, WIDTH - 60, max(y - _height(b.contact), HEIGHT - 40 - _height(b.contact)), "ra")


def name_at_bottom(p: Painter, b: Blocks, rng: random.Random) -> None:
    p.column(b.contact, 70, 45)
    p.column((b.name, *b.job), WIDTH - 70, HEIGHT - 40 - _height((b.name, *b.job)), "ra")


def accent_bar(p: Painter, b: Blocks, rng: random.Random) -> None:
    bar = rng.randint(22, 40)
    p.draw.rectangle((0, 0, bar, HEIGHT), fill=p.style.accent)
    p.draw.rectangle((bar + 30, 40, bar + 34, HEIGHT - 40), fill=p.style.accent)
    x = bar + 60
    y = p.column((b.name, *b.job), x, rng.randint(50, 75))
    p.column(b.contact, x, max(y + 20, HEIGHT - 40 - _height(b.contact)))


def dark(p: Painter, b: Blocks, rng: random.Random) -> None:
    (centred if rng.random() < 0.5 else left_aligned)(p, b, rng)


Layout = Callable[[Painter, Blocks, random.Random], None]
LAYOUTS: dict[str, Layout] = {
    "left_aligned": left_aligned,
    "centred": centred,
    "two_column": two_column,
    "logo_block": logo_block,
    "name_at_bottom": name_at_bottom,
    "accent_bar": accent_bar,
    "dark": dark,
}
INKS = ((20, 20, 24), (30, 40, 70), (60, 30, 30), (25, 60, 45))
PAPERS = ((255, 255, 255), (250, 247, 240), (240, 244, 248), (252, 250, 245))
ACCENTS = ((200, 70, 40), (30, 90, 160), (40, 130, 90), (120, 60, 140))
DARK_PAPERS = ((22, 28, 40), (30, 30, 30), (15, 45, 60))
LIGHT_INKS = ((245, 245, 240), (230, 225, 200), (220, 235, 245))


def style_for(layout: str, font: tuple[Path, Path], rng: random.Random) -> Style:
    if layout == "dark":
        return Style(font[0], font[1], rng.choice(LIGHT_INKS), rng.choice(DARK_PAPERS), rng.choice(ACCENTS))
    return Style(font[0], font[1], rng.choice(INKS), rng.choice(PAPERS), rng.choice(ACCENTS))


def paint(layout: str, font: tuple[Path, Path], person: Person, rng: random.Random) -> Image.Image:
    """The flat card (1050 x 600) in ``layout`` and ``font``."""
    style = style_for(layout, font, rng)
    painter = Painter(style)
    blocks = lines_of(person, rng, org_in_job=layout != "logo_block")
    LAYOUTS[layout](painter, blocks, rng)
    return painter.image
