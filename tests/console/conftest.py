"""Browsers signed in to the console as people of the demo township, over the ASGI app."""

import re
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest

from console import sessions
from tests.api.conftest import person, place, publish

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Browser:
    """One person's browser: its own cookies, and the CSRF token the pages hand it."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.csrf = ""

    async def get(self, url: str, **kwargs) -> httpx.Response:
        response = await self.client.get(url, **kwargs)
        if found := CSRF.search(response.text):
            self.csrf = found.group(1)
        return response

    async def post(self, url: str, data: dict | list | None = None) -> httpx.Response:
        fields = list(data.items()) if isinstance(data, dict) else list(data or [])
        if not any(key == "csrf" for key, _ in fields):
            fields.append(("csrf", self.csrf))
        form: dict[str, list[str]] = {}
        for key, value in fields:
            form.setdefault(key, []).append(value)
        return await self.client.post(url, data=form)


async def sign_in(app, settings, db, name: str | None) -> Browser:
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                               base_url="http://zhunong.test")
    browser = Browser(client)
    if name is not None:
        with db.transaction() as session:
            link = sessions.link(session, settings, person=person(session, name))
        response = await client.get(link.split("8000", 1)[1])
        assert response.status_code == 303, response.text
        await browser.get("/console")
    return browser


@pytest.fixture
async def browsers(app, settings, township) -> AsyncIterator:
    """browsers("颜昌琪") signs in a fresh browser as that person; None stays anonymous."""
    opened: list[Browser] = []

    async def open_as(name: str | None) -> Browser:
        browser = await sign_in(app, settings, township, name)
        opened.append(browser)
        return browser

    yield open_as
    for browser in opened:
        await browser.client.aclose()


@pytest.fixture
def sales(township) -> dict:
    """Two villages' listings with orders from villagers and canteens."""
    from catalog import service as catalog

    macheng = publish(township)
    with township.transaction() as session:
        shiqiao_farmer = _farmer(session, "石桥村", "石大伯")
        eggs = catalog.create(
            session, author=person(session, "石桥村书记"), farmer=shiqiao_farmer,
            product="土鸡蛋", unit="箱", quantity=Decimal(50), price_fen=4500,
            pack_jin=Decimal(10))
    return {
        "macheng": macheng, "shiqiao": eggs,
        "canteen_order": place(township, macheng, "刘友良", "200"),
        "villager_order": place(township, macheng, "王桂兰", "10"),
        "shiqiao_order": place(township, eggs, "陈师傅", "2"),
    }


def _farmer(session, village_name: str, name: str):
    from sqlmodel import select

    from roster.models import Person, Role, Village

    village = session.exec(select(Village).where(Village.name == village_name)).one()
    farmer = Person(name=name, role=Role.farmer, township_id=village.township_id,
                    village_id=village.id, phone="13900000001")
    session.add(farmer)
    session.flush()
    return farmer
