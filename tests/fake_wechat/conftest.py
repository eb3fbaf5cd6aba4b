"""A client on the shared fake platform, and a valid access token for it."""

from collections.abc import Iterator

import httpx
import pytest

from fake_wechat import FakeWeChat


def client(fake: FakeWeChat, **options) -> httpx.Client:
    # trust_env=False: loopback calls must not be sent through a proxy from the environment.
    return httpx.Client(base_url=fake.base_url, trust_env=False, **options)


@pytest.fixture
def http(fake_wechat: FakeWeChat) -> Iterator[httpx.Client]:
    with client(fake_wechat) as http:
        yield http


def stable_token(http: httpx.Client, fake: FakeWeChat, force_refresh: bool = False) -> dict:
    return http.post("/cgi-bin/stable_token", json={
        "grant_type": "client_credential", "appid": fake.app_id, "secret": fake.app_secret,
        "force_refresh": force_refresh}).json()


@pytest.fixture
def token(http: httpx.Client, fake_wechat: FakeWeChat) -> str:
    return stable_token(http, fake_wechat)["access_token"]
