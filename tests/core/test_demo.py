"""`zhunong demo` as a newcomer runs it: the story on a fresh database, ending with the ledger."""

from sqlmodel import select

from core.database import Database
from core.outbound import OutboundMessage
from core.templates import yuan
from orders.balances import balances
from orders.models import Order, OrderStatus
from roster.models import Person, Role
from tests.live import environment, zhunong


def test_the_demo_tells_the_story_and_ends_with_the_ledger(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = zhunong("demo", env=environment(url))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "颜昌琪为麻城村农户李佰飞发布了1号：西蓝花10000斤，2.5元/斤，村部自提" in out
    assert "广播已发出29条：26个村民群，3位单位采购（刘友良、陈师傅、赵经理）" in out
    assert "取消1笔" in out and "按实际过秤" in out and "按村：" in out

    db = Database(url)
    try:
        with db.session() as session:
            ledger = balances(session)
            statuses = {o.status for o in session.exec(select(Order))}
            villagers = session.exec(select(Person).where(Person.role == Role.villager)).all()
            broadcast = session.exec(select(OutboundMessage).where(
                OutboundMessage.topic == "listing:1")).all()
    finally:
        db.dispose()
    assert statuses == {OrderStatus.open, OrderStatus.delivered, OrderStatus.cancelled}
    assert len({v.village_id for v in villagers}) >= 5
    assert len(broadcast) == 29 and {m.status for m in broadcast} == {"sent"}
    owed = sum(b.outstanding_fen for b in ledger.buyers)
    paid = sum(b.paid_fen for b in ledger.buyers)
    assert 0 < paid < owed + paid
    assert f"已收款{yuan(paid)}元，待收{yuan(owed)}元" in out
    liu = next(b for b in ledger.buyers if b.name == "刘友良")
    assert f"刘友良：订{yuan(liu.ordered_fen)}元" in out and liu.delivered_fen < liu.ordered_fen

    again = zhunong("demo", env=environment(url))
    assert again.returncode == 1
    assert "已经有商品" in again.stderr and "Traceback" not in again.stderr
    assert again.stdout == ""
