"""Listings and their broadcast over HTTP, after real service calls."""

from decimal import Decimal

from catalog import service as catalog
from catalog.models import Listing
from core import outbound
from tests.api.conftest import person, place, publish


async def test_a_published_listing_as_json(client, township, auth):
    listing = publish(township)
    place(township, listing, "刘友良", "300")
    place(township, listing, "王桂兰", "9.6")
    response = await client.get("/api/listings", headers=auth)
    assert response.status_code == 200
    with township.session() as session:
        farmer, canteen = person(session, "李佰飞"), person(session, "刘友良")
    assert canteen.village_id is None
    assert response.json() == [{
        "id": listing.id, "code": 1, "product": "西蓝花", "unit": "斤", "quantity": 10000,
        "remaining": 9690.4, "price_fen": 250, "status": "open", "farmer": "李佰飞",
        "farmer_id": farmer.id, "village": "麻城村", "village_id": farmer.village_id,
    }]
    one = await client.get(f"/api/listings/{listing.id}", headers=auth)
    assert one.json() == response.json()[0]


async def test_statuses_and_the_filter_rejected_drafts_show_as_closed(client, township, auth):
    open_ = publish(township, product="西蓝花")
    draft = publish(township, product="白菜", publish=False)
    rejected = publish(township, product="萝卜", publish=False)
    sold = publish(township, product="鸡蛋", unit="盒", quantity="2", price_fen=3000)
    closed = publish(township, product="南瓜")
    with township.transaction() as session:
        catalog.reject(session, listing=session.get(Listing, rejected.id), reason="重复")
        catalog.close(session, listing=session.get(Listing, closed.id))
    place(township, sold, "刘友良", "2")

    everything = (await client.get("/api/listings", headers=auth)).json()
    assert [(item["product"], item["status"]) for item in everything] == [
        ("西蓝花", "open"), ("白菜", "draft"), ("萝卜", "closed"), ("鸡蛋", "sold_out"),
        ("南瓜", "closed")]

    async def ids(status: str) -> list[int]:
        response = await client.get("/api/listings", params={"status": status}, headers=auth)
        return [item["id"] for item in response.json()]

    assert await ids("open") == [open_.id]
    assert await ids("draft") == [draft.id]
    assert await ids("sold_out") == [sold.id]
    assert await ids("closed") == [rejected.id, closed.id]
    refused = await client.get("/api/listings", params={"status": "rejected"}, headers=auth)
    assert refused.status_code == 422


async def test_fractional_and_count_quantities_are_plain_numbers(client, township, auth):
    eggs = publish(township, product="土鸡蛋", unit="箱", quantity="12.5", price_fen=4500,
                   pack_jin=Decimal("10"))
    place(township, eggs, "刘友良", "0.125")
    item = (await client.get(f"/api/listings/{eggs.id}", headers=auth)).json()
    assert (item["quantity"], item["remaining"], item["unit"]) == (12.5, 12.375, "箱")
    assert type(item["price_fen"]) is int


async def test_an_unknown_listing_is_404_with_a_reason(client, township, auth):
    for path in ("/api/listings/999", "/api/listings/999/deliveries"):
        response = await client.get(path, headers=auth)
        assert response.status_code == 404
        assert response.json() == {"error": "unknown_listing", "detail": "unknown listing: 999"}
    assert (await client.get("/api/listings/abc", headers=auth)).status_code == 422


async def test_the_broadcast_deliveries_go_from_pending_to_sent(client, township, auth):
    listing = publish(township)
    other = publish(township, product="白菜")
    path = f"/api/listings/{listing.id}/deliveries"
    pending = (await client.get(path, headers=auth)).json()
    assert len(pending) == 29  # 26 village groups and the three buyers on WeChat
    assert pending[0] == {"target": "麻城村村民群", "channel": "sandbox", "status": "pending",
                          "attempts": 0}
    assert {d["channel"] for d in pending} == {"sandbox", "forward", "oa_customer"}
    assert {"刘友良", "陈师傅", "赵经理"} <= {d["target"] for d in pending}

    outbound.drain(township)
    sent = (await client.get(path, headers=auth)).json()
    assert [d["target"] for d in sent] == [d["target"] for d in pending]
    assert {(d["status"], d["attempts"]) for d in sent} == {("sent", 1)}
    assert len((await client.get(f"/api/listings/{other.id}/deliveries",
                                 headers=auth)).json()) == 29
    page = await client.get(path, params={"limit": 5, "offset": 25}, headers=auth)
    assert [d["target"] for d in page.json()] == [d["target"] for d in sent[25:30]]
