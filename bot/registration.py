"""A buyer who is not in the roster is asked, once, who and where they are.

    order from an unknown user ──► [name] ──► [village] ──► [phone] ──► person saved, order placed
                                     │ too long / empty: ask again
                                                 │ no such village: ask again, with examples
                                                               │ not a mobile number: ask again
"""

import re

from sqlmodel import select

from bot import buying, conversation
from bot.context import Context, say
from bot.language import Reading
from bot.router import Router
from roster.models import Person, Role, Village

router = Router()
MOBILE = re.compile(r"1\d{10}")


@router.dialog("register")
def register(ctx: Context, text: str, reading: Reading) -> str:
    return STEPS[ctx.conversation.step](ctx, text)


def _name(ctx: Context, text: str) -> str:
    name = text.strip()
    if not 1 <= len(name) <= 20 or any(ch.isdigit() for ch in name):
        return say("register_name_again")
    conversation.advance(ctx.session, ctx.conversation, "village", name=name)
    return say("register_village", name=name)


def _village(ctx: Context, text: str) -> str:
    village = _find_village(ctx, text.strip())
    if village is None:
        examples = ctx.session.exec(
            select(Village.name).where(Village.township_id == ctx.township_id).limit(3)).all()
        return say("register_village_again", examples=examples)
    conversation.advance(ctx.session, ctx.conversation, "phone", village_id=village.id)
    return say("register_phone", village=village)


def _phone(ctx: Context, text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if not MOBILE.fullmatch(digits):
        return say("register_phone_again")
    data = ctx.conversation.data
    person = Person(township_id=ctx.township_id, name=data["name"], role=Role.villager,
                    phone=digits, openid=ctx.incoming.openid, village_id=data["village_id"])
    ctx.session.add(person)
    ctx.session.flush()
    ctx.person = person
    return say("registered", person=person) + "\n\n" + buying.resume(ctx)


def _find_village(ctx: Context, name: str) -> Village | None:
    names = {name, name if name.endswith("村") else name + "村"}
    return ctx.session.exec(select(Village).where(
        Village.township_id == ctx.township_id, Village.name.in_(names))).first()


STEPS = {"name": _name, "village": _village, "phone": _phone}
