"""Every API route wants a valid bearer token and says why it refuses one."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from core.tokens import ApiToken


def api_paths(app) -> list[str]:
    paths = [path for path in app.openapi()["paths"] if path.startswith("/api/")]
    return [path.replace("{listing_id}", "1") for path in paths]


def test_the_api_has_the_routes_it_documents(app):
    assert set(api_paths(app)) == {"/api/listings", "/api/listings/1",
                                   "/api/listings/1/deliveries", "/api/orders",
                                   "/api/ledger/balances"}


async def test_no_token_is_401_with_the_reason_on_every_route(client, app, db):
    for path in api_paths(app):
        response = await client.get(path)
        assert response.status_code == 401, path
        assert "Authorization: Bearer" in response.json()["detail"]
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer zn_not-a-token", "Bearer", "Basic dXNlcjpwdw==",
                                    "zn_missing-scheme"])
async def test_a_bad_token_is_401(client, app, auth, header):
    for path in api_paths(app):
        response = await client.get(path, headers={"Authorization": header})
        assert response.status_code == 401, (path, header)
        assert response.json()["detail"]


async def test_a_revoked_token_is_refused(client, db, auth):
    assert (await client.get("/api/orders", headers=auth)).status_code == 200
    with db.transaction() as session:
        token = session.exec(select(ApiToken)).one()
        token.revoked_at = datetime.now(UTC)
        session.add(token)
    response = await client.get("/api/orders", headers=auth)
    assert response.status_code == 401 and response.json() == {
        "detail": "unknown or revoked token"}


async def test_the_openapi_document_shows_the_bearer_scheme(client):
    assert (await client.get("/docs")).status_code == 200
    spec = (await client.get("/openapi.json")).json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    listing = spec["components"]["schemas"]["ListingPublic"]["properties"]
    assert listing["status"]["enum"] == ["draft", "open", "closed", "sold_out"]
    assert "rejected" in listing["status"]["description"]
    assert listing["quantity"]["type"] == "number"
    for path in ("/api/listings", "/api/orders", "/api/ledger/balances"):
        assert spec["paths"][path]["get"]["security"] == [{"HTTPBearer": []}]
