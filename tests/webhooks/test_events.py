"""Follow, scan and unfollow: welcome, context from a QR code, and forgetting the openid."""

import time

from sqlmodel import select

from core.channels.oa_customer import CustomerWindow
from roster.models import Follower, Person
from webhooks.courier import event_xml


def person(db, name: str) -> Person:
    with db.session() as session:
        return session.exec(select(Person).where(Person.name == name)).one()


def follower(db, openid: str) -> Follower | None:
    with db.session() as session:
        return session.exec(select(Follower).where(Follower.openid == openid)).first()


async def test_a_new_follower_is_welcomed_with_help(wechat, db):
    delivery = await wechat.event("o_new", "subscribe")
    assert delivery.reply.startswith("欢迎关注助农")
    assert "订12 20斤" in delivery.reply
    assert follower(db, "o_new") is not None


async def test_a_known_person_is_welcomed_by_name(wechat, township):
    delivery = await wechat.event("demo_liuyouliang", "subscribe")
    assert delivery.reply.startswith("刘友良，欢迎回来")


async def test_following_by_qr_code_keeps_the_scene_for_the_bot(wechat, db):
    await wechat.event("o_poster", "subscribe", "qrscene_listing-12")
    assert follower(db, "o_poster").scene == "listing-12"
    await wechat.deliver(event_xml("o_poster", "SCAN", int(time.time()) + 1, "listing-13"))
    assert follower(db, "o_poster").scene == "listing-13"
    await wechat.text("o_poster", "帮助")  # a message without a scene keeps the last one
    assert follower(db, "o_poster").scene == "listing-13"


async def test_unfollowing_removes_the_openid_and_keeps_the_person(wechat, township):
    db = township
    await wechat.text("demo_liuyouliang", "帮助")
    assert window(db, "demo_liuyouliang") is not None  # writing opened the 48-hour window
    delivery = await wechat.event("demo_liuyouliang", "unsubscribe")
    assert (delivery.body, delivery.reply) == ("success", None)
    liu = person(db, "刘友良")
    assert liu.openid is None and liu.canteen_id is not None
    assert follower(db, "demo_liuyouliang") is None
    assert window(db, "demo_liuyouliang") is None  # nothing of the openid stays but the log


def window(db, openid: str) -> CustomerWindow | None:
    with db.session() as session:
        return session.get(CustomerWindow, openid)


async def test_wechats_own_receipts_do_not_open_the_window(wechat, db):
    await wechat.event("o_receipt", "TEMPLATESENDJOBFINISH")
    assert window(db, "o_receipt") is None
    await wechat.event("o_receipt", "subscribe")
    assert window(db, "o_receipt") is not None
