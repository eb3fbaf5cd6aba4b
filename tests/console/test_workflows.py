"""What officials do in the console, through the services, with polite answers to refusals."""

from decimal import Decimal

from sqlmodel import select

from catalog.models import Listing, ListingStatus
from core.outbound import OutboundMessage, Status
from orders.balances import balances
from orders.models import LedgerEntry, Order, OrderStatus
from roster.models import Invite
from tests.api.conftest import person

MACHENG = "颜昌琪"


async def test_publish_a_listing_and_watch_its_broadcast(browsers, township):
    browser = await browsers(MACHENG)
    form = await browser.get("/console/listings/new")
    assert "李佰飞（麻城村）" in form.text and "石桥村" not in form.text
    with township.session() as session:
        li = person(session, "李佰飞").id
    response = await browser.post("/console/listings", {
        "farmer": str(li), "product": "西蓝花", "quantity": "5000", "price": "2.5",
        "fulfilment": "村部自提"})
    assert response.status_code == 303 and response.headers["location"].endswith("done=created")
    page = await browser.get(response.headers["location"])
    assert "货品已发布" in page.text and "1号 西蓝花" in page.text
    with township.session() as session:
        listing = session.exec(select(Listing)).one()
        assert (listing.quantity, listing.price_fen, listing.status) == (
            Decimal(5000), 250, ListingStatus.open)
        queued = session.exec(select(OutboundMessage).where(
            OutboundMessage.topic == f"listing:{listing.id}")).all()
    assert len(queued) >= 26  # every village group, and the canteens' buyers
    assert page.text.count("排队中") + page.text.count("已发出") >= len(queued)
    assert "麻城村村民群" in page.text


async def test_a_failed_broadcast_is_retried_from_its_page(browsers, township, sales):
    with township.transaction() as session:
        message = session.exec(select(OutboundMessage).where(
            OutboundMessage.topic == f"listing:{sales['macheng'].id}")).first()
        message.status, message.last_error = Status.failed, "errcode 93000 机器人已被移除"
        session.add(message)
    browser = await browsers(MACHENG)
    page = await browser.get(f"/console/listings/{sales['macheng'].id}")
    assert "发送失败" in page.text and "93000" in page.text and "重发" in page.text
    dashboard = await browser.get("/console")
    assert "93000" in dashboard.text

    url = f"/console/listings/{sales['macheng'].id}/deliveries/{message.id}/retry"
    response = await browser.post(url, {})
    assert response.headers["location"].endswith("done=retried")
    with township.session() as session:
        assert session.get(OutboundMessage, message.id).status == Status.pending
    again = await browser.post(url, {})
    assert again.headers["location"].endswith("problem=not_failed")


async def test_deliver_by_weight_then_take_payment_one_order(browsers, township, sales):
    browser = await browsers(MACHENG)
    order_id = sales["villager_order"].id
    await browser.get(f"/console/orders/{order_id}")
    response = await browser.post(f"/console/orders/{order_id}/deliver", {"weight": "9.6斤"})
    assert response.headers["location"].endswith("done=delivered&n=1")
    page = await browser.get(response.headers["location"])
    assert "已标记送达" in page.text and "9.6" in page.text and "24 元" in page.text
    assert (await browser.post(f"/console/orders/{order_id}/pay", {
        "amount": "24", "method": "微信"})).headers["location"].endswith("done=paid&n=1")
    again = await browser.post(f"/console/orders/{order_id}/deliver", {"weight": "9"})
    assert again.headers["location"].endswith("problem=order_not_open")
    assert "已经送达或取消" in (await browser.get(again.headers["location"])).text
    with township.session() as session:
        order = session.get(Order, order_id)
        assert (order.status, order.delivered_quantity, order.amount_fen) == (
            OrderStatus.delivered, Decimal("9.6"), 2400)
        kinds = [e.kind for e in session.exec(select(LedgerEntry).where(
            LedgerEntry.order_id == order_id).order_by(LedgerEntry.id))]
    assert kinds == ["ordered", "delivered", "paid"]


async def test_bulk_delivery_and_payment_all_or_nothing(browsers, township, sales):
    browser = await browsers("镇管理员")
    page = await browser.get("/console/orders")
    assert page.text.count('name="order"') == 3
    ids = [sales[k].id for k in ("canteen_order", "villager_order", "shiqiao_order")]
    response = await browser.post("/console/orders/deliver", [
        ("order", str(ids[0])), (f"weight-{ids[1]}", "9.5"), (f"weight-{ids[2]}", "abc"),
        ("order", str(ids[2])), ("next", "/console/orders?status=open")])
    assert response.headers["location"] == "/console/orders?status=open&problem=unclear"
    with township.session() as session:
        assert all(session.get(Order, i).status == OrderStatus.open for i in ids)

    response = await browser.post("/console/orders/deliver", [
        ("order", str(ids[0])), (f"weight-{ids[1]}", "9.5"), ("next", "https://evil.example")])
    assert response.headers["location"] == "/console/orders?done=delivered&n=2"
    response = await browser.post("/console/orders/pay", [
        ("order", str(i)) for i in ids] + [("method", "现金")])
    assert response.headers["location"].endswith("done=paid&n=3")
    with township.session() as session:
        owed = balances(session).buyers
        assert all(b.outstanding_fen == 0 for b in owed)
        assert session.get(Order, ids[1]).amount_fen == 2375  # 9.5 jin × 2.5 yuan
    nothing = await browser.post("/console/orders/pay", [("order", str(ids[0]))])
    assert nothing.headers["location"].endswith("problem=nothing_due")


async def test_refusals_are_sentences_on_the_page(browsers, township, sales):
    browser = await browsers(MACHENG)
    listing = sales["macheng"].id
    await browser.get(f"/console/listings/{listing}")
    assert (await browser.post(f"/console/listings/{listing}/restock", {"amount": "-5"})
            ).headers["location"].endswith("problem=bad_amount")
    assert (await browser.post(f"/console/listings/{listing}/restock", {"amount": "很多"})
            ).headers["location"].endswith("problem=unclear")
    assert (await browser.post(f"/console/listings/{listing}/close", {})
            ).headers["location"].endswith("done=closed")
    closed = await browser.post(f"/console/listings/{listing}/restock", {"amount": "5"})
    page = await browser.get(closed.headers["location"])
    assert "这个货品现在不在售" in page.text
    edit = await browser.post(f"/console/listings/{listing}/edit", {
        "product": "西兰花", "price": "3"})
    assert edit.headers["location"].endswith("problem=not_open")


async def test_edit_a_listing_price_applies_to_new_orders(browsers, township, sales):
    browser = await browsers(MACHENG)
    listing = sales["macheng"].id
    await browser.get(f"/console/listings/{listing}")
    response = await browser.post(f"/console/listings/{listing}/edit", {
        "product": "西兰花", "price": "2.8", "fulfilment": "送到村口", "show_phone": "on"})
    assert response.headers["location"].endswith("done=edited")
    with township.session() as session:
        changed = session.get(Listing, listing)
        assert (changed.product, changed.price_fen, changed.fulfilment, changed.show_phone) == (
            "西兰花", 280, "送到村口", True)
        assert session.get(Order, sales["canteen_order"].id).price_fen == 250


async def test_the_dashboard_adds_up_today(browsers, sales):
    page = (await (await browsers(MACHENG)).get("/console")).text
    assert '<b>2</b><small>今日订单' in page
    assert '<b>210</b><small>今日订出(斤)' in page
    assert '<b>525</b><small>今日金额(元)' in page
    assert "2 位买家共欠 <b>525</b> 元" in page
    assert "14天共订出 210 斤" in page
    admin = (await (await browsers("镇管理员")).get("/console")).text
    assert "<b>3</b><small>今日订单" in admin and "<b>230</b><small>今日订出(斤)" in admin


async def test_the_delivery_roster_has_a_sheet_per_drop_point(browsers, sales):
    page = (await (await browsers("镇管理员")).get("/console/deliveries")).text
    sheets = page.count('<section class="sheet"')
    assert sheets == 1 + 3  # the day's summary, two canteens, one village committee
    assert "皇图岭镇政府院内" in page and "麻城村村委会" in page
    assert "@media print" not in page  # the print rules live in the stylesheet
    assert page.index("皇图岭镇政府食堂") < page.index("麻城村村委会")


async def test_an_invite_code_for_someone_not_on_wechat(browsers, township):
    browser = await browsers(MACHENG)
    page = await browser.get("/console/roster")
    assert "生成邀请码" in page.text
    with township.session() as session:
        li = person(session, "李佰飞").id
    response = await browser.post("/console/roster/invites", {"person": str(li)})
    page = await browser.get(response.headers["location"])
    with township.session() as session:
        invite = session.exec(select(Invite)).one()
    assert invite.person_id == li and invite.code in page.text


async def test_the_message_log_shows_what_the_bot_answered(browsers, wechat, township):
    await wechat.text("demo_wangguilan", "帮助")
    page = (await (await browsers(MACHENG)).get("/console/messages")).text
    assert "王桂兰" in page and "帮助" in page and "已回复" in page and "订12" in page


async def test_robot_keys_are_masked(browsers, township):
    from roster.models import Channel, Group

    with township.transaction() as session:
        group = session.exec(select(Group).where(Group.name == "麻城村村民群")).one()
        group.channel, group.robot_key = Channel.wecom_robot, "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
        session.add(group)
    page = (await (await browsers(MACHENG)).get("/console/roster")).text
    assert "693a••••5aaa" in page and "0ec2sifa" not in page


async def test_the_message_log_never_shows_a_sign_in_link(browsers, wechat, township):
    reply = (await wechat.text("demo_yanchangqi", "后台")).reply
    nonce = reply.split("/console/signin/")[1].split()[0]
    page = (await (await browsers("焦湘平")).get("/console/messages")).text
    assert "/console/signin/…" in page and nonce not in page


async def test_the_dashboard_owed_equals_the_ledger_balances(township, sales):
    from console import figures
    from console.access import Viewer, visible
    from orders import service as orders
    from tests.api.conftest import act, place

    act(township, sales["canteen_order"], orders.deliver, weight=Decimal("195.5"))
    act(township, sales["canteen_order"], orders.pay, amount_fen=48_000)
    act(township, sales["villager_order"], orders.pay, amount_fen=2_500)
    act(township, sales["shiqiao_order"], orders.pay, amount_fen=100)
    act(township, place(township, sales["macheng"], "王桂兰", "3"), orders.cancel)
    changed = place(township, sales["macheng"], "陈师傅", "4")
    act(township, changed, orders.change, quantity=Decimal("6.5"))
    with township.session() as session:
        for name in ("镇管理员", "颜昌琪", "石桥村书记"):
            viewer = Viewer.of(person(session, name))
            ledger = {b.id: b.outstanding_fen for b in balances(
                session, entries=visible(viewer, LedgerEntry)).buyers if b.outstanding_fen > 0}
            shown = {owed.id: owed.outstanding_fen for owed in figures.unpaid(session, viewer)}
            assert shown == ledger, name
