"""A buyer who is not in the roster orders at once, then is asked, once, who they are.

    first order from an unknown user ──► a provisional buyer; the order is placed
        ──► dialog "register": [name] ──► [village] ──► [phone] ──► the buyer's details saved
              │ an answer that is plainly something else (another order, a question) ends the
              │ dialog and is handled as usual; the order stands either way
"""

import re

from sqlmodel import select

from bot import conversation
from bot.context import Context, say
from bot.language import Reading
from bot.router import Router
from core import statements
from roster.models import Person, Role, Village

router = Router()
MOBILE = re.compile(r"1\d{10}")


def provisional(ctx: Context) -> Person:
    """A buyer record for someone who has not said who they are yet."""
    person = Person(township_id=ctx.township_id, role=Role.villager, openid=ctx.incoming.openid,
                    name=say("newcomer_name", tail=ctx.incoming.openid[-4:]))
    statements.insert(ctx.session, person)
    ctx.person = person
    return person


def ask(ctx: Context) -> str:
    conversation.start(ctx.session, ctx.conversation, "register", "name")
    return say("register_name")


@router.dialog("register", interruptible=True)
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
    person = ctx.person
    person.name, person.village_id, person.phone = data["name"], data["village_id"], digits
    ctx.session.add(person)
    conversation.finish(ctx.session, ctx.conversation)
    return say("registered", person=person)


def _find_village(ctx: Context, name: str) -> Village | None:
    names = {name, name if name.endswith("村") else name + "村"}
    return ctx.session.exec(select(Village).where(
        Village.township_id == ctx.township_id, Village.name.in_(names))).first()


STEPS = {"name": _name, "village": _village, "phone": _phone}
