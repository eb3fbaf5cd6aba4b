"""A service's refusal reaches an API client as a 4xx with its reason, never a 500."""

from decimal import Decimal

import pytest

from catalog import service as catalog
from catalog.models import Listing
from core.deps import SessionDep
from orders import service as orders
from tests.api.conftest import person, publish


@pytest.fixture
def ordering(app):
    """A route that places an order through the real service, as a write endpoint would."""

    def order(session: SessionDep, listing: int, quantity: str, code: int = 0) -> dict:
        found = session.get(Listing, listing) or catalog.get(session, listing_id=listing)
        if code:
            orders.cancel(session, order=orders.get_by_code(
                session, township_id=found.township_id, code=code))
        placed = orders.place(session, listing=found, buyer=person(session, "刘友良"),
                              quantity=Decimal(quantity))
        return {"code": placed.code}

    app.add_api_route("/test/order", order, methods=["POST"])
    return app


@pytest.mark.parametrize(("quantity", "code", "status", "error"), [
    ("20000", 0, 409, "not_enough_stock"),
    ("0", 0, 422, "bad_amount"),
    ("1", 77, 404, "unknown_order"),
])
async def test_service_errors_map_to_statuses(client, township, ordering, quantity, code,
                                              status, error):
    listing = publish(township, quantity="100")
    response = await client.post("/test/order", params={
        "listing": listing.id, "quantity": quantity, "code": code})
    assert response.status_code == status
    assert response.json()["error"] == error and response.json()["detail"]


async def test_a_closed_listing_and_an_unknown_one(client, township, ordering):
    listing = publish(township, quantity="100")
    with township.transaction() as session:
        catalog.close(session, listing=session.get(Listing, listing.id))
    closed = await client.post("/test/order", params={"listing": listing.id, "quantity": "1"})
    assert closed.status_code == 409
    assert closed.json() == {"error": "listing_not_open", "detail": "listing not open: closed"}
    unknown = await client.post("/test/order", params={"listing": 404, "quantity": "1"})
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_listing"
