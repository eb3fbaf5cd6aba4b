"""Conversations with the bot: signed WeChat messages in, replies out, on the demo township."""

from dataclasses import dataclass

import pytest
from sqlmodel import select

from catalog.models import Listing
from core import worker
from core.outbound import OutboundMessage
from orders.models import LedgerEntry, Order
from roster.models import Person
from webhooks.courier import Courier

# Bound people of examples/huangtuling.yaml
OFFICIAL = "demo_yanchangqi"  # 颜昌琪, 麻城村
OTHER_OFFICIAL = "demo_official_11"  # 石桥村
FARMER = "demo_zhouqiusheng"  # 周秋生, 麻城村, on WeChat
CANTEEN = "demo_liuyouliang"  # 刘友良, 皇图岭镇政府食堂
VILLAGER = "demo_wangguilan"  # 王桂兰, 麻城村
ADMIN = "demo_admin"


@dataclass
class Chat:
    """One person's side of the chat: say something, get the bot's reply."""

    courier: Courier
    openid: str

    async def __call__(self, text: str, msg_id: int | None = None) -> str:
        delivery = await self.courier.text(self.openid, text, msg_id=msg_id)
        assert delivery.status == 200, delivery.body
        return delivery.reply or ""


@pytest.fixture
def chat(wechat, township):
    return lambda openid: Chat(wechat, openid)


class Records:
    """What the database holds after a conversation."""

    def __init__(self, db) -> None:
        self.db = db

    def listings(self) -> list[Listing]:
        with self.db.session() as s:
            return list(s.exec(select(Listing).order_by(Listing.id)))

    def orders(self) -> list[Order]:
        with self.db.session() as s:
            return list(s.exec(select(Order).order_by(Order.id)))

    def entries(self) -> list[LedgerEntry]:
        with self.db.session() as s:
            return list(s.exec(select(LedgerEntry).order_by(LedgerEntry.id)))

    def sent_to(self, name_or_address: str) -> list[str]:
        worker.once(self.db)
        with self.db.session() as s:
            rows = s.exec(
                select(OutboundMessage)
                .where(
                    (OutboundMessage.target_name == name_or_address)
                    | (OutboundMessage.target_address == name_or_address)
                )
                .order_by(OutboundMessage.id)
            )
            return [m.text for m in rows]

    def person(self, name: str) -> Person:
        with self.db.session() as s:
            return s.exec(select(Person).where(Person.name == name)).one()


@pytest.fixture
def records(township):
    return Records(township)


async def publish(chat, text="帮李佰飞发布 西蓝花 5000斤 2.5元一斤 村部自提") -> str:
    official = chat(OFFICIAL)
    summary = await official(text)
    assert "请核对" in summary, summary
    return await official("确认")
