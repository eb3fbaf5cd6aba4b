"""Binding a WeChat account to a person of the roster with 「绑定 CODE」."""

from datetime import timedelta

from sqlmodel import select

from roster import service
from roster.models import Person


def invite(db, name: str, ttl=service.INVITE_TTL) -> str:
    with db.transaction() as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
        return service.create_invite(session, person=person, ttl=ttl).code


async def test_a_farmer_binds_with_the_code_and_is_then_known(wechat, township):
    code = invite(township, "李佰飞")
    assert len(code) == 6 and not set(code) & set("01OIL")

    bound = await wechat.text("o_li", f"绑定 {code.lower()}")
    help_after = await wechat.text("o_li", "帮助")

    assert "绑定成功" in bound.reply and "李佰飞" in bound.reply
    assert "我要卖西蓝花" in help_after.reply  # the farmer's help now


async def test_a_used_code_does_not_bind_twice(wechat, township):
    code = invite(township, "李佰飞")
    await wechat.text("o_li", f"绑定 {code}")
    second = await wechat.text("o_someone_else", f"绑定 {code}")
    assert "邀请码不对" in second.reply


async def test_an_expired_or_unknown_code_is_refused_politely(wechat, township):
    code = invite(township, "李佰飞", ttl=timedelta(seconds=-1))
    assert "过期" in (await wechat.text("o_li", f"绑定 {code}")).reply
    assert "邀请码不对" in (await wechat.text("o_li", "绑定 ZZZZZZ")).reply


async def test_a_bound_account_is_told_who_it_is(wechat, township):
    code = invite(township, "李佰飞")
    reply = (await wechat.text("demo_yanchangqi", f"绑定 {code}")).reply
    assert "已经绑定为「颜昌琪」" in reply
