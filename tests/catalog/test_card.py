"""The listing card: a PNG of the right size whose QR code carries the payload, its sentences from
templates, and a clear refusal when no font draws Chinese."""

import io
import logging
from decimal import Decimal
from pathlib import Path

import pytest
import segno
from PIL import Image

from catalog.card import (
    HEIGHT,
    MARGIN,
    QR_BOX,
    WIDTH,
    CardFields,
    CardFonts,
    NoCjkFont,
    draws_chinese,
    render_card,
    system_fonts,
)
from core.templates import render

QR_URL = "http://weixin.qq.com/q/02AbCdEfGhIjKlMnOpQrSt1x"
BROCCOLI = CardFields(product="西兰花", price_fen=250, unit="斤", quantity=Decimal(5000),
                      remaining=Decimal(4800), village="黄家村", farmer="李佰飞",
                      fulfilment="村部自提", code=12)


@pytest.fixture(scope="module")
def fonts() -> CardFonts:
    try:
        return system_fonts()
    except NoCjkFont:
        pytest.skip("no font on this system draws Chinese")


def picture(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def read_qr_modules(png: bytes) -> list[list[bool]]:
    """Read the module grid drawn in the card's QR box without knowing how it was drawn.

    The top-left finder pattern is 7 modules wide, which gives the module size; the dark
    bounding box (the three finders sit in its corners) gives the symbol's extent.
    """
    image = picture(png).convert("L")
    x, y, side = QR_BOX
    region = image.crop((x, y, x + side, y + side))
    left, top, right, _ = region.point(lambda v: 255 if v < 128 else 0).getbbox()
    run = next(i for i in range(left, right) if region.getpixel((i, top)) >= 128) - left
    module = run / 7
    count = round((right - left) / module)
    return [[region.getpixel((int(left + (column + 0.5) * module),
                              int(top + (row + 0.5) * module))) < 128
             for column in range(count)] for row in range(count)]


def encodings(payload: str) -> list[list[list[bool]]]:
    """Every standard QR encoding of `payload` a scanner would accept, one per error level."""
    return [[[bool(v) for v in row] for row in segno.make_qr(payload, error=level).matrix]
            for level in "lmqh"]


def test_the_card_is_a_750_by_1000_png(fonts):
    png = render_card(BROCCOLI, QR_URL, fonts=fonts)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = picture(png)
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT) == (750, 1000)


def test_the_qr_code_carries_the_payload_and_nothing_else(fonts):
    modules = read_qr_modules(render_card(BROCCOLI, QR_URL, fonts=fonts))
    assert modules in encodings(QR_URL)
    assert modules not in encodings(QR_URL[:-1] + "y")


def test_without_a_payload_the_box_says_what_to_reply_instead(fonts):
    image = picture(render_card(BROCCOLI, None, fonts=fonts)).convert("RGB")
    x, y, side = QR_BOX
    colours = {colour for _, colour in image.crop((x, y, x + side, y + side)).getcolors(1 << 16)}
    assert (0xE8, 0xF5, 0xE9) in colours  # the light box behind the words
    assert (0, 0, 0) not in colours  # and no QR modules
    assert render("card/no_qr.txt", **vars(BROCCOLI)) == "扫码不可用，请回复 订12"


def test_the_sentences_on_the_card_come_from_templates():
    assert render("card/price.txt", **vars(BROCCOLI)) == "2.5元/斤"
    assert render("card/title.txt", **vars(BROCCOLI)) == "助农 · 12号"
    assert render("card/stock.txt", **vars(BROCCOLI)) == "还剩4800斤（共5000斤）"
    untouched = vars(BROCCOLI) | {"remaining": Decimal(5000)}
    assert render("card/stock.txt", **untouched) == "共5000斤"
    assert render("card/stock.txt", **vars(BROCCOLI) | {"remaining": Decimal(0)}) == "已售罄"
    assert render("card/order.txt", **vars(BROCCOLI)).splitlines() == [
        "关注公众号，回复：", "订12 数量", "例：订12 20斤"]


def test_long_names_and_notes_stay_inside_the_margins(fonts):
    long = CardFields(product="农家散养土鸡蛋个大新鲜每箱三十个", price_fen=1800, unit="箱",
                      quantity=Decimal("200.5"), remaining=Decimal("0.5"), village="皇图岭村",
                      farmer="颜昌琪", fulfilment="村部自提也可以送到镇上食堂周三之前送完" * 3,
                      code=1234)
    image = picture(render_card(long, QR_URL, fonts=fonts)).convert("L")
    right_edge = image.crop((WIDTH - MARGIN + 2, 121, WIDTH, QR_BOX[1] - 30))
    assert right_edge.getextrema() == (255, 255)  # nothing drawn past the margin


def test_the_same_listing_gives_the_same_bytes(fonts):
    assert render_card(BROCCOLI, QR_URL, fonts=fonts) == render_card(BROCCOLI, QR_URL,
                                                                       fonts=fonts)


def test_without_a_chinese_font_the_card_is_refused_and_logged_once(tmp_path, caplog):
    # Named like a real font: the card must not quietly load a same-named file from elsewhere.
    missing = tmp_path / "NotoSansCJK-Bold.ttc"
    with caplog.at_level(logging.WARNING, logger="zhunong.card"):
        for _ in range(2):
            with pytest.raises(NoCjkFont):
                render_card(BROCCOLI, QR_URL, fonts=CardFonts(missing, missing))
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert str(missing) in caplog.records[0].getMessage()


def test_a_font_without_chinese_glyphs_does_not_count(tmp_path):
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if latin.exists():
        assert not draws_chinese(latin)
    not_a_font = tmp_path / "font.ttf"
    not_a_font.write_bytes(b"not a font")
    assert not draws_chinese(not_a_font)
    with pytest.raises(NoCjkFont):
        render_card(BROCCOLI, None, fonts=CardFonts(not_a_font, not_a_font))


def test_the_system_font_found_draws_chinese(fonts):
    assert draws_chinese(fonts.bold) and draws_chinese(fonts.regular)
