"""Who may see and change what: every console route, for officials of two villages, the
township's admin and a stranger, with the ids of 麻城村's rows typed into URLs and forms."""

from decimal import Decimal

import pytest
from sqlmodel import select

from catalog import broadcast
from catalog.models import Listing, ListingStatus
from core.outbound import OutboundMessage, Status
from orders.models import LedgerEntry, Order, OrderStatus
from roster.models import Canteen, Invite
from tests.api.conftest import person

MACHENG, SHIQIAO, ADMIN, STRANGER = "颜昌琪", "石桥村书记", "镇管理员", None

# (method, url, form): every route that reads or changes one of 麻城村's rows.
ROUTES = [
    ("GET", "/console/listings/{listing}", None),
    ("GET", "/console/orders/{order}", None),
    ("POST", "/console/listings/{listing}/edit", {"product": "西兰花", "price": "9"}),
    ("POST", "/console/listings/{listing}/restock", {"amount": "100"}),
    ("POST", "/console/listings/{listing}/deliveries/{message}/retry", {}),
    ("POST", "/console/orders/{order}/deliver", {"weight": "190"}),
    ("POST", "/console/orders/{order}/pay", {"amount": "1", "method": "现金"}),
    ("POST", "/console/orders/deliver", [("order", "{other_order}"), ("weight-{order}", "5")]),
    ("POST", "/console/orders/pay", [("order", "{other_order}")]),
    ("POST", "/console/roster/invites", {"person": "{villager}"}),
    ("POST", "/console/listings/{listing}/close", {}),
]
# Pages and exports that list rows: 麻城村's must not show through to another village.
LISTS = ["/console", "/console/listings", "/console/orders", "/console/orders?listing={listing}",
         "/console/deliveries", "/console/statements?canteen={canteen}", "/console/payouts",
         "/console/roster", "/console/messages", "/console/export/orders.csv",
         "/console/export/deliveries.csv", "/console/export/payouts.csv",
         "/console/export/statement.csv?canteen={canteen}"]
MACHENG_ONLY = ("西蓝花", "王桂兰", "李佰飞", "麻城村村民群")


@pytest.fixture
async def ids(township, sales, wechat) -> dict:
    await wechat.text("demo_wangguilan", "我的订单")  # a message from a 麻城村 villager
    with township.transaction() as session:
        message = session.exec(select(OutboundMessage).where(
            OutboundMessage.topic == broadcast.topic(sales["macheng"]))).first()
        message.status, message.last_error = Status.failed, "errcode 93000"
        session.add(message)
        canteen = session.exec(select(Canteen).where(Canteen.name == "皇图岭镇政府食堂")).one()
        return {"listing": sales["macheng"].id, "order": sales["canteen_order"].id,
                "other_order": sales["villager_order"].id, "message": message.id,
                "canteen": canteen.id, "villager": person(session, "王桂兰").id}


def _fill(template, ids: dict):
    if isinstance(template, str):
        return template.format(**ids)
    if isinstance(template, dict):
        return {_fill(k, ids): _fill(v, ids) for k, v in template.items()}
    return [(_fill(k, ids), _fill(v, ids)) for k, v in template]


async def _call(browser, method, url, form):
    if method == "GET":
        return await browser.get(url)
    return await browser.post(url, form)


def _state(db) -> dict:
    """Everything the routes could change, to compare before and after."""
    with db.session() as session:
        return {
            "listings": [(x.id, x.status, x.quantity, x.product, x.price_fen)
                         for x in session.exec(select(Listing).order_by(Listing.id))],
            "orders": [(x.id, x.status, x.delivered_quantity)
                       for x in session.exec(select(Order).order_by(Order.id))],
            "ledger": len(session.exec(select(LedgerEntry)).all()),
            "outbox_failed": len(session.exec(select(OutboundMessage).where(
                OutboundMessage.status == Status.failed)).all()),
            "invites": len(session.exec(select(Invite)).all()),
        }


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {u}" for m, u, _ in ROUTES])
async def test_another_village_gets_404_and_nothing_changes(browsers, township, ids, route):
    method, url, form = route
    browser = await browsers(SHIQIAO)
    before = _state(township)
    response = await _call(browser, method, _fill(url, ids), _fill(form, ids) if form else form)
    assert response.status_code == 404
    assert "不归您管" in response.text
    assert _state(township) == before


@pytest.mark.parametrize("name", [MACHENG, ADMIN])
@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {u}" for m, u, _ in ROUTES])
async def test_the_village_and_the_admin_may(browsers, ids, name, route):
    method, url, form = route
    browser = await browsers(name)
    response = await _call(browser, method, _fill(url, ids), _fill(form, ids) if form else form)
    assert response.status_code == (200 if method == "GET" else 303)
    if method == "POST":
        assert "problem=" not in response.headers["location"]


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {u}" for m, u, _ in ROUTES])
async def test_a_stranger_is_sent_to_sign_in(browsers, township, ids, route):
    method, url, form = route
    browser = await browsers(STRANGER)
    before = _state(township)
    response = await _call(browser, method, _fill(url, ids), _fill(form, ids) if form else form)
    if method == "GET":
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=")
    else:
        assert response.status_code == 403
    assert _state(township) == before


async def test_a_form_without_its_csrf_token_is_refused(browsers, township, ids):
    browser = await browsers(MACHENG)
    before = _state(township)
    for token in ("", "forged", (await browsers(ADMIN)).csrf):
        response = await browser.post(f"/console/listings/{ids['listing']}/close",
                                      {"csrf": token})
        assert response.status_code == 403
    assert _state(township) == before


@pytest.mark.parametrize("url", LISTS)
async def test_lists_and_exports_show_only_the_village(browsers, ids, url):
    own, other, admin = (await browsers(MACHENG), await browsers(SHIQIAO),
                         await browsers(ADMIN))
    target = _fill(url, ids)
    seen = {name: (await browser.get(target)) for name, browser in
            (("own", own), ("other", other), ("admin", admin))}
    assert all(response.status_code == 200 for response in seen.values())
    shown = [marker for marker in MACHENG_ONLY if marker in seen["other"].text]
    assert shown == []
    if url in ("/console/listings", "/console/roster", "/console/export/orders.csv"):
        for name in ("own", "admin"):
            assert "西蓝花" in seen[name].text or "王桂兰" in seen[name].text


async def test_creating_a_listing_for_another_villages_farmer_is_refused(browsers, township):
    browser = await browsers(SHIQIAO)
    await browser.get("/console/listings/new")
    with township.session() as session:
        li = person(session, "李佰飞").id
    before = _state(township)
    response = await browser.post("/console/listings", {
        "farmer": str(li), "product": "白菜", "quantity": "100", "price": "1"})
    assert response.status_code == 303
    assert response.headers["location"].endswith("problem=no_farmer")
    assert _state(township) == before


async def test_an_official_sees_only_the_village_orders_in_the_filters(browsers, sales):
    browser = await browsers(SHIQIAO)
    page = (await browser.get("/console/orders")).text
    assert "D3" in page and "D1" not in page and "D2" not in page
    # Asking for 麻城村's listing by id in the query shows nothing, not its orders.
    page = (await browser.get(f"/console/orders?listing={sales['macheng'].id}")).text
    assert "没有符合条件的订单" in page


async def test_the_admin_acts_and_the_village_sees_it(browsers, township, sales):
    admin = await browsers(ADMIN)
    await admin.get("/console/orders")
    response = await admin.post("/console/orders/deliver", [
        ("order", str(sales["shiqiao_order"].id)), ("weight-" + str(sales["shiqiao_order"].id),
                                                    "1.5")])
    assert response.status_code == 303 and "done=delivered" in response.headers["location"]
    with township.session() as session:
        order = session.get(Order, sales["shiqiao_order"].id)
        assert (order.status, order.delivered_quantity) == (OrderStatus.delivered, Decimal("1.5"))
        assert session.get(Listing, sales["shiqiao"].id).status == ListingStatus.open
