"""The ledger's balances over HTTP: what the services recorded, to the fen."""

from sqlmodel import select

from roster.models import Township
from tests.orders.test_balances import scenario


async def test_balances_after_a_cancel_a_weighed_delivery_and_a_partial_payment(
        client, township, auth):
    with township.transaction() as session:
        scenario(session)
    response = await client.get("/api/ledger/balances", headers=auth)
    assert response.status_code == 200
    body = response.json()
    liu = next(b for b in body["buyers"] if b["name"] == "刘友良")
    assert set(liu) == {"name", "id", "village", "village_id", "ordered_fen", "delivered_fen",
                        "paid_fen", "outstanding_fen"}
    assert (liu["ordered_fen"], liu["delivered_fen"], liu["paid_fen"], liu["outstanding_fen"]) \
        == (84_600, 74_100, 50_000, 33_700)
    assert [b["name"] for b in body["buyers"]] == ["王桂兰", "刘友良", "陈师傅"]
    farmers = {f["name"]: f["outstanding_fen"] for f in body["farmers"]}
    assert farmers == {"李佰飞": 24_100, "周秋生": 13_596}
    assert sum(farmers.values()) == sum(b["outstanding_fen"] for b in body["buyers"])

    with township.session() as session:
        home = session.exec(select(Township)).one().id
    same = await client.get("/api/ledger/balances", params={"township": home}, headers=auth)
    assert same.json() == body
    elsewhere = await client.get("/api/ledger/balances", params={"township": home + 1},
                                 headers=auth)
    assert elsewhere.json() == {"buyers": [], "farmers": []}


async def test_no_ledger_no_people(client, township, auth):
    response = await client.get("/api/ledger/balances", headers=auth)
    assert response.json() == {"buyers": [], "farmers": []}
