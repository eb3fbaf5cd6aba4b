"""GET /wechat: the check WeChat makes when the callback URL is saved in the console."""

import time

from tests.conftest import TOKEN
from webhooks.signature import sign


def signed(timestamp: str | None = None, nonce: str = "n0nce", token: str = TOKEN) -> dict:
    timestamp = timestamp or str(int(time.time()))
    return {"timestamp": timestamp, "nonce": nonce, "signature": sign(token, timestamp, nonce)}


async def test_a_valid_signature_gets_echostr_back(client):
    response = await client.get("/wechat", params=signed() | {"echostr": "4815162342"})
    assert response.status_code == 200
    assert response.text == "4815162342"


async def test_a_forged_signature_is_refused(client):
    params = signed(token="not-the-token") | {"echostr": "x"}
    response = await client.get("/wechat", params=params)
    assert response.status_code == 403
    assert "echostr" not in response.text and response.json()["detail"] == "bad signature"


async def test_a_missing_signature_is_refused(client):
    response = await client.get("/wechat", params={"echostr": "x", "timestamp": "1", "nonce": "n"})
    assert response.status_code == 403


async def test_a_stale_timestamp_is_refused(client):
    stale = str(int(time.time()) - 301)
    response = await client.get("/wechat", params=signed(stale) | {"echostr": "x"})
    assert response.status_code == 403
    assert "clock skew" in response.json()["detail"]


async def test_the_clock_check_can_be_turned_off(db):
    import httpx

    from core.app import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings(db.url, wechat_max_clock_skew=0), db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/wechat", params=signed("1409735669") | {"echostr": "ok"})
    assert response.status_code == 200 and response.text == "ok"
