"""The listing card: one picture a village official forwards to a WeChat group.

Phones show a forwarded picture about 350 points wide, so everything on the 750 px card is drawn
at least 36 px high, in dark on white, and the product and price are the largest things on it.
The QR code leads to the Official Account with the listing as the scan's scene; without one the
card says what to type instead.

Without a font that draws Chinese the card cannot be made: `render_card` raises `NoCjkFont`
(logged once per reason) and the caller sends the text broadcast alone.
"""

import io
import logging
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import segno
from PIL import Image, ImageDraw, ImageFont

from core.templates import render

if TYPE_CHECKING:
    from catalog.models import Listing

log = logging.getLogger("zhunong.card")

WIDTH, HEIGHT = 750, 1000
MARGIN = 40
GREEN, RED, INK, GREY, PAPER = "#1b7f3b", "#d32f2f", "#1a1a1a", "#555555", "#ffffff"
# Where the QR code is drawn: left, top and side of its square, quiet zone included.
QR_BOX = (470, 690, 240)
QR_BORDER = 2  # modules of quiet zone; the white card around it adds more
QR_ERROR = "m"
NO_LINE_START = "，。、：；！？）」』…"

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/wqy"),
             Path("/usr/share/fonts/truetype/droid"))
# In order of preference: Noto Sans CJK draws Simplified Chinese best; WenQuanYi and Droid are
# what older Debian systems have.
BOLD_FONTS = ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "wqy-zenhei.ttc",
              "wqy-microhei.ttc", "DroidSansFallbackFull.ttf")
REGULAR_FONTS = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "wqy-microhei.ttc",
                 "wqy-zenhei.ttc", "DroidSansFallbackFull.ttf")


class NoCjkFont(Exception):
    """No font on this system draws Chinese; send the listing as text only."""


@dataclass(frozen=True)
class CardFields:
    """What the card shows, as plain values, so that callers need no catalog models."""

    product: str
    price_fen: int  # per unit
    unit: str
    quantity: Decimal
    remaining: Decimal
    village: str
    farmer: str
    fulfilment: str  # 村部自提, 送货上门 ...; may be empty
    code: int  # the listing's number: 订12


def card_fields(listing: "Listing", *, village: str, farmer: str) -> CardFields:
    """The card of a catalog Listing."""
    return CardFields(listing.product, listing.price_fen, listing.unit, listing.quantity,
                      listing.remaining, village, farmer, listing.fulfilment, listing.code)


@dataclass(frozen=True)
class CardFonts:
    bold: Path
    regular: Path


def find_font(names: tuple[str, ...], weight: str) -> Path | None:
    """The first of `names` under FONT_DIRS that draws Chinese, else what fontconfig offers."""
    for name in names:
        for directory in FONT_DIRS:
            if draws_chinese(directory / name):
                return directory / name
    if shutil.which("fc-match") is None:
        return None
    pattern = f"sans-serif:lang=zh-cn:weight={weight}"
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True,
                               text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(found) if found and draws_chinese(Path(found)) else None


def system_fonts() -> CardFonts:
    """The bold and regular fonts cards are drawn with; either stands in for a missing other."""
    found = _system_fonts()
    if found is None:
        raise NoCjkFont("no font on this system draws Chinese")
    return found


@cache  # looked up once per process, found or not: the fonts do not change under us
def _system_fonts() -> CardFonts | None:
    bold, regular = find_font(BOLD_FONTS, "bold"), find_font(REGULAR_FONTS, "regular")
    if bold is None or regular is None:
        bold = regular = bold or regular
    return None if bold is None else CardFonts(bold, regular)  # type: ignore[arg-type]


def draws_chinese(path: Path) -> bool:
    """Whether the font at `path` has real glyphs for Chinese rather than empty boxes."""
    try:
        font = load_font(path, 40)
    except OSError:
        return False
    # A codepoint no font has: where 农 looks the same, the font drew its missing-glyph box.
    return _ink("农", font) != _ink("\U0010fffd", font)


def _ink(text: str, font: ImageFont.FreeTypeFont) -> bytes:
    canvas = Image.new("L", (60, 60))
    ImageDraw.Draw(canvas).text((5, 5), text, font=font, fill=255)
    return canvas.tobytes()


@cache
def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """The Simplified Chinese face of a font collection (a .ttc holds JP, KR, SC, TC ...)."""
    if not path.is_file():  # else Pillow looks for a font of the same name elsewhere
        raise OSError(f"no font file at {path}")
    faces = []
    for index in range(10):
        try:
            faces.append(ImageFont.truetype(str(path), size, index=index))
        except OSError:
            break
    if not faces:
        raise OSError(f"cannot load {path}")
    return next((face for face in faces if " SC" in face.getname()[0]), faces[0])


@cache
def _warn_once(reason: str) -> None:
    log.warning("listing cards are off, broadcasts go as text only: %s", reason)


def render_card(card: CardFields, qr_payload: str | None, *,
                fonts: CardFonts | None = None) -> bytes:
    """The card as a 750×1000 PNG; the QR code encodes `qr_payload` (a QR code's url).

    `fonts` defaults to the system's (see `find_font`). Raises NoCjkFont when there is none or
    the given fonts cannot draw Chinese.
    """
    try:
        fonts = fonts or system_fonts()
        if not (draws_chinese(fonts.bold) and draws_chinese(fonts.regular)):
            raise NoCjkFont(f"these fonts do not draw Chinese: {fonts.bold}, {fonts.regular}")
    except NoCjkFont as missing:
        _warn_once(str(missing))
        raise
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    Painter(ImageDraw.Draw(image), fonts).paint(card, has_qr=bool(qr_payload))
    if qr_payload:
        draw_qr(image, qr_payload)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _text(name: str, card: CardFields) -> str:
    return render(f"card/{name}.txt", **vars(card))


@dataclass
class Painter:
    draw: ImageDraw.ImageDraw
    fonts: CardFonts

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        return load_font(self.fonts.bold if bold else self.fonts.regular, size)

    def fit(self, text: str, size: int, width: int, bold: bool = False
            ) -> ImageFont.FreeTypeFont:
        """The font at `size`, or smaller until `text` fits in `width` (long product names)."""
        while size > 36 and self.draw.textlength(text, font=self.font(size, bold)) > width:
            size -= 4
        return self.font(size, bold)

    def wrap(self, text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
        """Chinese wraps between any two characters; what does not fit in `lines` ends in …."""
        result = [""]
        for char in text:
            # A comma or closing bracket never starts a line; it may hang past the edge.
            fits = self.draw.textlength(result[-1] + char, font=font) <= width
            if not fits and char not in NO_LINE_START:
                if len(result) == lines:
                    result[-1] = result[-1][:-1] + "…"
                    return result
                result.append("")
            result[-1] += char
        return result

    def line(self, y: int, text: str, font, fill: str, x: int = MARGIN) -> int:
        """Draw one line with its top at `y`; the y below it."""
        self.draw.text((x, y), text, font=font, fill=fill)
        return y + round(font.size * 1.3)

    def paint(self, card: CardFields, has_qr: bool) -> None:
        inner = WIDTH - 2 * MARGIN
        self.draw.rectangle((0, 0, WIDTH, 120), fill=GREEN)
        self.line(22, _text("title", card), self.font(56, bold=True), PAPER)

        # Fixed slots, so that a long name or note shrinks or wraps instead of pushing the
        # ordering instructions off the card.
        self.product(card.product, inner)
        price = _text("price", card)
        self.line(275, price, self.fit(price, 96, inner, bold=True), RED)
        body = self.font(42)
        y = self.line(415, _text("stock", card), body, INK)
        y = self.line(y, _text("origin", card), body, INK)
        if card.fulfilment:
            for text in self.wrap(_text("fulfilment", card), body, inner, lines=2):
                y = self.line(y, text, body, INK)

        top = QR_BOX[1]
        self.draw.line((MARGIN, top - 20, WIDTH - MARGIN, top - 20), fill="#dddddd", width=3)
        ask, command, example = _text("order", card).splitlines()
        left = QR_BOX[0] - MARGIN - 20
        y = self.line(top + 10, ask, self.fit(ask, 40, left), INK)
        y = self.line(y + 5, command, self.fit(command, 76, left, bold=True), GREEN)
        self.line(y + 5, example, self.fit(example, 38, left), GREY)
        x, _, side = QR_BOX
        if has_qr:
            self.centred(_text("scan", card), self.font(26), x, top + side + 2, side, GREY)
        else:
            # Where the code would be, say plainly what to type instead.
            self.draw.rounded_rectangle((x, top, x + side, top + side), radius=20,
                                        fill="#e8f5e9")
            font = self.font(36, bold=True)
            lines = self.wrap(_text("no_qr", card), font, side - 24, lines=4)
            height = len(lines) * round(font.size * 1.3)
            self.centred("\n".join(lines), font, x, top + (side - height) // 2, side, GREEN)

    def product(self, name: str, width: int) -> None:
        """The product as large as it fits its slot: one line, else two smaller ones."""
        font = self.fit(name, 110, width, bold=True)
        if self.draw.textlength(name, font=font) <= width and font.size >= 72:
            self.line(135, name, font, INK)
            return
        font = self.font(56, bold=True)
        y = 140
        for text in self.wrap(name, font, width, lines=2):
            y = self.line(y, text, font, INK)

    def centred(self, text: str, font, x: int, y: int, width: int, fill: str) -> None:
        for line in text.splitlines():
            offset = (width - self.draw.textlength(line, font=font)) / 2
            y = self.line(y, line, font, fill, x=round(x + offset))


def qr_code(payload: str) -> segno.QRCode:
    return segno.make_qr(payload, error=QR_ERROR)


def draw_qr(image: Image.Image, payload: str) -> None:
    """The QR code, in whole pixels per module so every phone camera reads it crisply."""
    matrix = qr_code(payload).matrix
    modules = len(matrix) + 2 * QR_BORDER
    x, y, side = QR_BOX
    scale = side // modules
    symbol = Image.new("L", (modules, modules), 255)
    for row, values in enumerate(matrix):
        for column, dark in enumerate(values):
            if dark:
                symbol.putpixel((column + QR_BORDER, row + QR_BORDER), 0)
    size = modules * scale
    offset = (side - size) // 2
    image.paste(symbol.resize((size, size), Image.NEAREST).convert("RGB"),
                (x + offset, y + offset))
