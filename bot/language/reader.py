"""Read one chat message into a Reading: the order in which the parts are taken matters."""

import logging
import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from bot.language import (
    by_the_piece,
    goods,
    intents,
    jielong,
    noise,
    notes,
    prices,
    products,
    quantities,
    quotes,
    references,
    restarts,
)
from bot.language.by_the_piece import SOLD_BY_THE_PIECE
from bot.language.prices import Price
from bot.language.quantities import Quantity
from bot.language.reading import Ask, JielongLine, Pack, Reading
from bot.language.units import is_count, is_weight, to_grams, to_jin

# Longer texts are cut: nothing a person types to the bot is longer, and reading stays fast.
# A 接龙 list may run to a hundred lines; one offer or order is a sentence or two.
log = logging.getLogger("zhunong.language")
MAX_CHARS = 4000
MESSAGE_CHARS = 500
DEFAULT_PRICE_UNIT = "斤"
# Stock counted in 吨 or 担 is still priced by the 斤 when the price names no unit (两吨 5毛).
_BULK_UNITS = frozenset(("吨", "担"))
_LOWEST_UNIT_PRICE_FEN = 10
_MOST_UNITS_IN_A_BUNDLE = 100
_MOST_JIN_A_HOUSEHOLD_BUYS = 30
_MOST_PIECES_A_HOUSEHOLD_BUYS = 5
# Eggs are bought by the dozen: 鸡蛋三十个 is a family's week, not a farmer's stock.
_MOST_EGGS_A_HOUSEHOLD_BUYS = 60
_BUNDLE_FILLER = re.compile(r"^\s*(?:给你|我拿|我要|我买|拿|买|要|卖|能买|可以买)?\s*$")
_DEICTIC = re.compile(r"[这那](?:几|些)")
# 那两袋, 这三只: a count pointed at, right before the amount.
_POINTED_AT = re.compile(r"[这那]\s*$")
# 那些我全要了: an order that points at goods instead of saying how much.
# Once cleaned, a message's characters beyond ASCII are Chinese words and a few punctuation
# marks; a small set is cheaper to build at import than the whole range of Chinese characters.
_WORD_CHAR = re.compile(r"[^\x00-\x7f\s，。！？、；：“”‘’「」【】《》…—·]")
_ORIGIN = re.compile(r"[^\x00-\x7f\s][省市县区镇乡村]$")
_SELLERS_WORDS = re.compile(
    r"自家|自种|自己种|自己家|家里的|屋里的|本地|农家|新鲜|刚摘|现摘|新挖|现挖|土特产"
)
_POINTING = re.compile(r"[这那](?:几|些|批|堆)|剩下的|全要|都要了|全部要|包圆")
# 那个杨梅不要了 邻居送了一篮子: in a cancel, an amount got elsewhere is the reason, not what
# is cancelled.
_GOT_ELSEWHERE = re.compile(r"(?:送|给|买|买到|摘|有)了\s*$")
# 别家3块, 批发市场才9毛, 比街上贵两毛: a price told of another seller, or how much dearer or
# cheaper, compares prices and is not this one.
_ELSEWHERE = re.compile(
    r"(?:(?:别家|别人家?|人家|街上|市场上?|超市|集上|镇上|网上|外面)的?价?(?:格|钱)?(?:才|都|只要?|卖|要|是)?"
    r")\s*$|(?:贵|便宜)$"
)
_ELSEWHERE_HINT = re.compile(r"别|人家|街|市场|超市|集上|镇上|网上|外面|贵|便宜")
# A reply that quotes a listing may leave out what the quote already says.
_ANSWERS_TO_A_QUOTE = frozenset(("offer", "order", "cancel", "query"))
# 原定200斤改为250斤: the amount after the change is the one wanted.
_AMOUNT_CHANGED = re.compile(r"改成|改为|改到|换成|减到|减为|加到|增加到")
# 张姐10斤 李哥15斤 合计45斤, 每户5斤 共60斤: a total sums the amounts before it.
_TOTAL_BEFORE = re.compile(r"(?:合计|共计|总计|总共|一共|共)\s*[:：]?\s*$")


class _Facts(NamedTuple):
    clean: str
    plain: str
    notes: tuple[str, ...]
    refs: references.References
    prices: tuple[Price, ...]
    packs: tuple[quantities.StatedPack, ...]
    quantities: tuple[Quantity, ...]
    mentions: tuple[products.Mention, ...]


def parse(text: str, *, sold_by: str | None = None, pack: Pack | None = None) -> Reading:
    """Read a message. `sold_by` and `pack` describe the listing it answers, when known."""
    try:
        return _read(str(text)[:MAX_CHARS], sold_by, pack)
    except Exception:  # a message must never break a conversation: read nothing, and say so
        log.exception("could not read a message of %d characters", len(str(text)))
        return Reading()


def _read(text: str, sold_by: str | None, pack: Pack | None) -> Reading:
    clean = noise.normalize(text)
    if not clean:
        return Reading()
    quoted = quotes.split(clean)
    if quoted is not None and quoted.reply:
        return _read_reply(quoted, sold_by, pack)
    listing = jielong.split(clean)
    if listing is not None:
        return _read_jielong(listing, pack)
    return _read_single(clean[:MESSAGE_CHARS], sold_by, pack)


def _read_reply(quoted: quotes.Quoted, sold_by: str | None, pack: Pack | None) -> Reading:
    """The reply is the message; the quote only supplies the product, listing or order code
    that the reply leaves out (给我留30斤 under a quoted listing)."""
    reply = _read(quoted.reply, sold_by, pack)
    if reply.intent not in _ANSWERS_TO_A_QUOTE:
        return reply
    context = _read_single(quoted.quoted[:MESSAGE_CHARS], None, None)
    product = None
    if not reply.products and not _asks_which(reply) and len(context.products) == 1:
        product = context.product
    return replace(
        reply,
        product=reply.product or product,
        products=reply.products or ((product,) if product else ()),
        listing=reply.listing if reply.listing is not None else context.listing,
        order_code=reply.order_code or context.order_code,
    )


def _asks_which(reading: Reading) -> bool:
    return reading.ask is not None and reading.ask.kind in ("which_product", "several_products")


def _read_single(clean: str, sold_by: str | None, pack: Pack | None) -> Reading:
    facts = _facts(clean)
    quantity = _stock(facts)
    stated = _container(facts.packs[0].pack, facts, quantity) if facts.packs else None
    pack = stated or pack
    names, ambiguous = _names(facts)
    if not names and not ambiguous:
        names = _unknown_product(facts)
    intent, topic = intents.classify(
        intents.Signals(
            text=facts.plain.strip(),
            has_quantity=bool(facts.quantities or facts.packs),
            has_price=bool(facts.prices),
            has_product=bool(names or ambiguous),
            has_listing=facts.refs.listing is not None,
            has_order_code=facts.refs.order_code is not None,
            other_words=lambda: _other_words(facts),
            small_amount=_small(quantity, names),
            has_origin=_described_by_seller(facts),
            has_delivery_note=any(notes.is_destination(note) for note in facts.notes),
            has_pickup_note=any(notes.is_pickup(note) for note in facts.notes),
        )
    )
    if intent == "cancel" and quantity and _GOT_ELSEWHERE.search(clean, 0, quantity.start):
        quantity = None
    amount, unit, jin = _amount(quantity, pack, stated)
    price_fen, price_unit, price_ask = _price(facts, quantity, stated)
    reading = Reading(
        intent=intent,
        product=names[0] if len(names) == 1 else None,
        products=tuple(names),
        quantity=amount,
        unit=unit,
        jin=jin,
        grams=to_grams(jin),
        price_fen=price_fen,
        price_unit=price_unit,
        listing=facts.refs.listing,
        order_code=facts.refs.order_code,
        notes=facts.notes,
        pack=stated,
        on_behalf_of=facts.refs.on_behalf_of,
        topic=topic,
        change=facts.refs.change and intent == "order",
    )
    ask = _ask(reading, facts, quantity, names, ambiguous, price_ask, sold_by)
    return replace(reading, ask=ask) if ask else reading


@lru_cache(maxsize=64)  # an order is read twice: once to route it, once in its listing's unit
def _facts(clean: str) -> _Facts:
    found_notes = notes.find(clean)
    note_spans = [(start, end) for start, end, _ in found_notes]
    taken_back = noise.negated(clean)
    refs = references.find(noise.mask(clean, note_spans + taken_back))
    masked = noise.mask(
        clean, note_spans + taken_back + list(refs.spans) + noise.not_amounts(clean)
    )
    packs = quantities.find_packs(masked)
    masked = noise.mask(masked, [(p.start, p.end) for p in packs])
    found_prices = prices.find(masked)
    masked = noise.mask(masked, [(p.start, p.end) for p in found_prices])
    if found_prices and _ELSEWHERE_HINT.search(clean):
        found_prices = [
            p for p in found_prices if not _ELSEWHERE.search(clean, max(0, p.start - 6), p.start)
        ]
    found_prices, pieces = by_the_piece.counted(found_prices, clean)
    if found_prices and not pieces and any(word in clean for word in SOLD_BY_THE_PIECE):
        found_prices, pieces = by_the_piece.after_goods(found_prices, clean)
    found_prices = restarts.prices(found_prices, clean, masked)
    found = quantities.find(masked)
    destinations = [(s, e) for s, e, phrase in found_notes if notes.is_destination(phrase)]
    mentions = goods.meant(clean, products.find(clean), destinations, found)
    bought_by_the_piece = [m.name in SOLD_BY_THE_PIECE for m in mentions]
    if (
        not found
        and not pieces
        and found_prices
        # 要豆腐十块 香干五块: several goods bought by the 块, each with its count.
        and (any(bought_by_the_piece) if len(found_prices) == 1 else all(bought_by_the_piece))
        and len(mentions) >= len(found_prices)
    ):
        found_prices, pieces = by_the_piece.alone(found_prices, clean)
    if pieces:
        found = sorted(found + pieces, key=lambda q: q.start)
    found_quantities = restarts.amounts(found, masked)
    if found_quantities and not found_prices:
        lone = prices.lone_decimal(noise.mask(masked, [(q.start, q.end) for q in found_quantities]))
        found_prices = [lone] if lone else []
    return _Facts(
        clean=clean,
        plain=noise.mask(clean, note_spans),
        notes=tuple(phrase for _, _, phrase in found_notes),
        refs=refs,
        prices=tuple(found_prices),
        packs=tuple(packs),
        quantities=tuple(found_quantities),
        mentions=tuple(mentions),
    )


def _other_words(facts: _Facts) -> int:
    spans = [(q.start, q.end) for q in facts.quantities] + [(p.start, p.end) for p in facts.prices]
    spans += list(facts.refs.spans) + [(m.start, m.end) for m in facts.mentions]
    return len(_WORD_CHAR.findall(noise.mask(facts.plain, spans)))


def _container(pack: Pack, facts: _Facts, quantity: Quantity | None) -> Pack:
    """10斤装 says how much, and the box or bag it comes in is named elsewhere."""
    if pack.unit != quantities.UNNAMED_PACK:
        return pack
    named = [quantity.unit] if quantity is not None else []
    named += [p.unit for p in facts.prices if p.unit]
    counted = [unit for unit in named if is_count(unit)]
    return replace(pack, unit=counted[0]) if counted else pack


def _names(facts: _Facts) -> tuple[list[str], list[products.Mention]]:
    names: list[str] = []
    for mention in facts.mentions:
        if mention.name and mention.name not in names:
            names.append(mention.name)
    ambiguous = [m for m in facts.mentions if m.name is None]
    return names, ambiguous


def _unknown_product(facts: _Facts) -> list[str]:
    spans = [(q.start, q.end) for q in facts.quantities] + [(p.start, p.end) for p in facts.prices]
    spans.sort()
    mention = products.unknown_near(facts.plain, *spans[0]) if spans else None
    if mention is None and len(facts.quantities) > 1:
        # 来两斤五花肉一斤瘦肉: with the amounts blanked, each names its own goods.
        mention = products.unknown_near(noise.mask(facts.plain, spans), *spans[0])
    if mention is None:
        asked = products.asked_about(facts.plain)
        return [asked.name] if asked and asked.name else []
    names = [mention.name] if mention.name else []
    if len(facts.quantities) > 1:
        masked = noise.mask(facts.plain, spans)
        for q in facts.quantities[1:]:
            around = products.unknown_around(masked, q.start, q.end)
            other = next((m.name for m in around if m.name and m.name not in names), None)
            if other:
                names.append(other)
    return names


def _amount(
    quantity: Quantity | None, pack: Pack | None, stated: Pack | None
) -> tuple[Decimal | None, str | None, Decimal | None]:
    if quantity is None:
        if stated is None:
            return None, None, None
        # A message that only states a pack (一箱十斤) describes that pack.
        return stated.quantity, stated.of_unit, stated.jin
    value = quantity.value
    if value is None:
        return None, quantity.unit, None
    jin = to_jin(value, quantity.unit)
    if jin is None and pack is not None and pack.unit == quantity.unit and pack.jin is not None:
        jin = value * pack.jin
    return value, quantity.unit, jin


def _price(
    facts: _Facts, quantity: Quantity | None, pack: Pack | None
) -> tuple[int | None, str | None, Ask | None]:
    settled = _latest_prices(facts)
    if not settled:
        return None, None, None
    distinct = {(p.low_fen, p.high_fen, p.unit) for p in settled}
    if len(distinct) > 1:
        return None, None, Ask("two_prices", {"prices": [_price_words(p) for p in settled]})
    price = settled[0]
    if price.vague:
        return None, price.unit, Ask("vague", {"what": "price", "unit": "元", "text": ""})
    if price.is_range:
        low, high = _yuan(price.low_fen), _yuan(price.high_fen)
        return None, price.unit, Ask("range", {"low": low, "high": high, "unit": "元"})
    fen, unit = _per_what(price, facts, quantity, pack)
    return fen, unit, None


def _latest_prices(facts: _Facts) -> list[Price]:
    """Prices still in force: in 从0.8元跌至0.4元 only the last one counts."""
    kept: list[Price] = []
    for price in facts.prices:
        if kept and prices.CHANGE.search(facts.clean, kept[-1].end, price.start):
            if price.unit is None:
                price = price._replace(unit=kept[-1].unit)
            kept = []
        kept.append(price)
    return kept


def _per_what(
    price: Price, facts: _Facts, quantity: Quantity | None, pack: Pack | None
) -> tuple[int | None, str | None]:
    fen = price.fen
    if price.unit is not None or fen is None:
        return fen, price.unit
    if pack is not None:
        return fen, pack.unit
    bundle = _bundle(price, fen, facts)
    if bundle is not None:
        return bundle
    if quantity is not None and quantity.unit not in _BULK_UNITS:
        return fen, quantity.unit
    return fen, DEFAULT_PRICE_UNIT


def _bundle(price: Price, fen: int, facts: _Facts) -> tuple[int, str] | None:
    """5斤80元 and 36元给你两大袋 price several units at once."""
    found = _bundled(price, fen, facts)
    return (found[0], found[1].unit) if found else None


def _bundled(price: Price, fen: int, facts: _Facts) -> tuple[int, Quantity] | None:
    if price.worded:
        return None
    for q in facts.quantities:
        value = q.value
        if value is None or not 0 < value <= _MOST_UNITS_IN_A_BUNDLE or q.unit in _BULK_UNITS:
            continue
        touching = q.end == price.start
        after = q.start >= price.end and _BUNDLE_FILLER.match(facts.clean[price.end : q.start])
        if touching or after or _sum_for(q, price, facts.clean):
            each = prices.per_unit(fen, value)
            if each >= _LOWEST_UNIT_PRICE_FEN:
                return each, q
    return None


def _sum_for(quantity: Quantity, price: Price, clean: str) -> bool:
    """一百斤 150块钱: a sum of money said right after an amount is what that amount costs."""
    return (
        quantity.end <= price.start
        and not clean[quantity.end : price.start].strip()
        and clean[price.start : price.end].endswith("钱")
    )


def _stock(facts: _Facts) -> Quantity | None:
    """The amount sold or wanted; in 3斤10元 有300斤 the 3斤 only says what 10元 buys."""
    if len(facts.quantities) > 1:
        settled = _latest_prices(facts)
        price = settled[0] if len(settled) == 1 else None
        if price is not None and price.unit is None and price.fen is not None:
            found = _bundled(price, price.fen, facts)
            if found is not None:
                return next(q for q in facts.quantities if q is not found[1])
    if len(facts.quantities) > 1:
        total = next(
            (q for q in facts.quantities if _TOTAL_BEFORE.search(facts.clean, 0, q.start)), None
        )
        if total is not None:
            return total
        changed = [m.end() for m in _AMOUNT_CHANGED.finditer(facts.clean)]
        after = [q for q in facts.quantities if changed and q.start >= changed[-1]]
        if after and after[0] is not facts.quantities[0]:
            return after[0]
    return facts.quantities[0] if facts.quantities else None


def _described_by_seller(facts: _Facts) -> bool:
    """彬县酥梨 六斤, 自家的腊肉 20斤: where it comes from and how fresh, as a seller says."""
    return _SELLERS_WORDS.search(facts.plain) is not None or any(
        _ORIGIN.search(facts.plain, 0, m.start) for m in facts.mentions
    )


def _small(quantity: Quantity | None, names: list[str]) -> bool:
    """What one household buys (5斤, 两把, 十来斤, 三十个鸡蛋), not what a farmer has to sell."""
    if quantity is None:
        return False
    # A range or a vague amount (五六根, 十来斤) is as large as its upper end, or its lower one.
    value = quantity.value or quantity.amount.high or quantity.amount.low
    if value is None:
        return False
    jin = to_jin(value, quantity.unit)
    if jin is not None:
        return jin <= _MOST_JIN_A_HOUSEHOLD_BUYS
    if names and names[0].endswith("蛋") and quantity.unit == "个":
        return value <= _MOST_EGGS_A_HOUSEHOLD_BUYS
    return value <= _MOST_PIECES_A_HOUSEHOLD_BUYS


def _ask(
    reading: Reading,
    facts: _Facts,
    quantity: Quantity | None,
    names: list[str],
    ambiguous: list[products.Mention],
    price_ask: Ask | None,
    sold_by: str | None,
) -> Ask | None:
    if ambiguous and not names:
        word = ambiguous[0]
        return Ask("which_product", {"word": word.word, "candidates": list(word.candidates)})
    if len(names) > 1:
        return Ask("several_products", {"products": names})
    if price_ask is not None:
        return price_ask
    if quantity is not None and quantity.value is None:
        return _amount_ask(quantity, facts)
    if _points_without_amount(reading, facts):
        return Ask("deictic", {"unit": sold_by})
    if _points_at_counted(reading, facts, quantity):
        return Ask("deictic", {"unit": reading.unit})
    if reading.jin is None and is_count(reading.unit) and is_weight(sold_by):
        return Ask("pack_weight", {"unit": reading.unit, "sold_by": sold_by, "person": None})
    return None


def _points_without_amount(reading: Reading, facts: _Facts) -> bool:
    return (
        reading.intent == "order"
        and reading.quantity is None
        and reading.unit is None
        and reading.listing is None
        and _POINTING.search(facts.plain) is not None
    )


def _points_at_counted(reading: Reading, facts: _Facts, quantity: Quantity | None) -> bool:
    """那两袋我要了: goods pointed at are counted, but which of those posted is not said."""
    return (
        reading.intent == "order"
        and quantity is not None
        and reading.listing is None
        and reading.order_code is None
        and _POINTED_AT.search(facts.clean, max(0, quantity.start - 2), quantity.start) is not None
    )


def _amount_ask(quantity: Quantity, facts: _Facts) -> Ask:
    amount = quantity.amount
    if amount.is_range:
        return Ask("range", {"low": amount.low, "high": amount.high, "unit": quantity.unit})
    if _DEICTIC.search(facts.clean, max(0, quantity.start - 1), quantity.end):
        return Ask("deictic", {"unit": quantity.unit})
    return Ask("vague", {"what": "quantity", "unit": quantity.unit, "text": quantity.text})


def _read_jielong(listing: jielong.Split, pack: Pack | None) -> Reading:
    head = _read_single(listing.header[:MESSAGE_CHARS], None, pack) if listing.header else Reading()
    pack = head.pack or pack
    lines = tuple(
        jielong.read_line(entry, pack, head.price_unit, head.product) for entry in listing.entries
    )
    only = lines[0] if len(lines) == 1 else None
    return Reading(
        intent="jielong",
        product=head.product or (only.product if only else None),
        products=head.products,
        quantity=only.quantity if only else None,
        unit=only.unit if only else None,
        jin=only.jin if only else None,
        grams=to_grams(only.jin) if only else None,
        price_fen=head.price_fen,
        price_unit=head.price_unit,
        notes=head.notes,
        pack=head.pack,
        lines=lines,
        ask=_jielong_ask(head, lines),
    )


def _jielong_ask(head: Reading, lines: tuple[JielongLine, ...]) -> Ask | None:
    """A line in boxes under a price by the 斤, or in 板 under a price by the egg, cannot be
    priced until the size of that box or 板 is known."""
    if head.ask is not None:
        return head.ask
    sold_by = head.price_unit
    if sold_by is None:
        return None
    for line in lines:
        if line.jin is None and is_count(line.unit) and line.unit != sold_by:
            params = {"unit": line.unit, "sold_by": sold_by, "person": line.name}
            return Ask("pack_weight", params)
    return None


def _price_words(price: Price) -> str:
    yuan = _yuan(price.low_fen) if price.low_fen is not None else "?"
    return f"{yuan}元/{price.unit}" if price.unit else f"{yuan}元"


def _yuan(fen: int | None) -> Decimal | None:
    if fen is None:
        return None
    value = Decimal(fen) / 100
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
