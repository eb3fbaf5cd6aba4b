"""Orders over HTTP, after real placing, delivering, paying and cancelling."""

from decimal import Decimal

import pytest

from catalog.models import Listing
from orders import service as orders
from tests.api.conftest import act, person, place, publish


async def test_orders_as_json_with_weight_in_jin(client, township, auth):
    broccoli = publish(township)
    eggs = publish(township, product="土鸡蛋", unit="箱", quantity="50", price_fen=4500,
                   pack_jin=Decimal("10"))
    greens = publish(township, product="菜苔", unit="把", quantity="100", price_fen=300)
    weighed = place(township, broccoli, "刘友良", "10")
    act(township, weighed, orders.deliver, weight=Decimal("9.6"))
    boxes = place(township, eggs, "王桂兰", "2.5")
    bunches = place(township, greens, "陈师傅", "3")
    cancelled = place(township, broccoli, "王桂兰", "20")
    act(township, cancelled, orders.cancel)

    response = await client.get("/api/orders", headers=auth)
    assert response.status_code == 200
    with township.session() as session:
        liu, wang = person(session, "刘友良").id, person(session, "王桂兰").id
    first, second, third, fourth = response.json()
    assert first == {
        "id": weighed.id, "code": "D1", "listing_id": broccoli.id, "buyer": "刘友良",
        "buyer_id": liu, "quantity": 10, "delivered_quantity": 9.6, "unit": "斤", "jin": 10,
        "amount_fen": 2400, "status": "delivered"}
    assert second == {
        "id": boxes.id, "code": "D2", "listing_id": eggs.id, "buyer": "王桂兰",
        "buyer_id": wang, "quantity": 2.5, "delivered_quantity": None, "unit": "箱",
        "jin": 25, "amount_fen": 11250, "status": "open"}
    assert (third["id"], third["unit"], third["jin"], third["amount_fen"]) == (
        bunches.id, "把", None, 900)
    assert (fourth["code"], fourth["status"], fourth["amount_fen"]) == ("D4", "cancelled", 5000)


async def test_orders_filter_by_listing_buyer_and_status(client, township, auth):
    broccoli, cabbage = publish(township), publish(township, product="白菜")
    a = place(township, broccoli, "刘友良", "100")
    b = place(township, cabbage, "刘友良", "50")
    c = place(township, broccoli, "王桂兰", "5")
    act(township, c, orders.cancel)
    with township.session() as session:
        liu = person(session, "刘友良").id

    async def ids(**params) -> list[int]:
        response = await client.get("/api/orders", params=params, headers=auth)
        assert response.status_code == 200
        return [order["id"] for order in response.json()]

    assert await ids() == [a.id, b.id, c.id]
    assert await ids(listing=broccoli.id) == [a.id, c.id]
    assert await ids(buyer=liu) == [a.id, b.id]
    assert await ids(status="cancelled") == [c.id]
    assert await ids(listing=broccoli.id, status="open", buyer=liu) == [a.id]
    assert await ids(listing=9999) == []
    bad = await client.get("/api/orders", params={"status": "paid"}, headers=auth)
    assert bad.status_code == 422


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 100_001}, {"limit": -1},
                                    {"offset": -1}, {"limit": "many"}])
async def test_page_bounds_are_422(client, township, auth, params):
    for path in ("/api/orders", "/api/listings"):
        response = await client.get(path, params=params, headers=auth)
        assert response.status_code == 422, (path, params)


async def test_pages_default_to_100_and_slice_in_order(client, township, auth):
    published = publish(township, quantity="1000")
    with township.transaction() as session:
        listing, buyer = session.get(Listing, published.id), person(session, "刘友良")
        for _ in range(101):
            orders.place(session, listing=listing, buyer=buyer, quantity=Decimal(1))

    async def ids(**params) -> list[int]:
        response = await client.get("/api/orders", params=params, headers=auth)
        return [order["id"] for order in response.json()]

    everything = await ids(limit=100_000)
    assert len(everything) == 101 and everything == sorted(everything)
    assert await ids() == everything[:100]
    assert await ids(limit=1) == everything[:1]
    assert await ids(limit=10, offset=95) == everything[95:]
    assert await ids(offset=101) == []
