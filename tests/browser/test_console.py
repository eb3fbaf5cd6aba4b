"""The console in a phone-sized Chromium, as a new village official meets it: 「后台」 in chat,
the link, a listing published and broadcast, orders weighed on delivery, the roster exported."""

import re
from decimal import Decimal

import httpx
import openpyxl
import pytest

from tests.browser.conftest import screenshot
from tests.conftest import TOKEN
from tests.live import environment, free_port, server, zhunong

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def live(db):
    """zhunong serving the demo township, its links pointing at itself."""
    port = free_port()
    env = environment(db.url, wechat_token=TOKEN, public_url=f"http://127.0.0.1:{port}")
    zhunong("roster", "import", "examples/huangtuling.yaml", env=env)
    with server(env, port) as base:
        yield base, env


def say(page, person: str, text: str) -> str:
    """Type into the chat simulator as `person`; the bot's reply (not news that the worker
    happens to deliver to the same person meanwhile, such as a broadcast)."""
    page.select_option("#person", label=person)
    before = page.locator(".bubble.reply").count()
    page.fill("#text", text)
    page.press("#text", "Enter")
    reply = page.locator(".bubble.reply").nth(before)
    reply.wait_for()
    return reply.inner_text()


def test_a_new_official_walks_through_the_console(live, phone, browser):
    base, env = live
    chat = browser.new_context(viewport={"width": 375, "height": 780}).new_page()
    chat.goto(f"{base}/simulator")
    reply = say(chat, "颜昌琪 · 村干部 · 麻城村", "后台")
    link = re.search(r"http://\S+/console/signin/\S+", reply).group(0)
    assert link.startswith(base)

    phone.goto(link)
    phone.locator("h1", has_text="今天").wait_for()
    assert "颜昌琪 · 村干部" in phone.inner_text(".top")
    screenshot(phone, "console-dashboard-empty")

    # Publish for the farmer, then watch the broadcast go out.
    phone.click("text=货品")
    phone.click("text=＋ 帮农户发布")
    phone.select_option("#farmer", label="李佰飞（麻城村）")
    phone.fill("#product", "西蓝花")
    phone.fill("#quantity", "5000")
    phone.fill("#price", "2.5")
    phone.fill("#fulfilment", "村部自提")
    screenshot(phone, "console-listing-new")
    phone.click("button:has-text('发布并群发')")
    phone.locator(".notice", has_text="货品已发布").wait_for()
    for _ in range(50):
        if "排队中" not in phone.inner_text("#broadcast"):
            break
        phone.wait_for_timeout(200)
        phone.reload()
    broadcast = phone.inner_text("#broadcast")
    assert "麻城村村民群" in broadcast and "已发出" in broadcast and "排队中" not in broadcast
    screenshot(phone, "console-listing")

    # Buyers order in chat; the official weighs one order on delivery.
    assert "D1" in say(chat, "刘友良 · 采购 · 皇图岭镇政府食堂", "订1 200斤")
    assert "D2" in say(chat, "王桂兰 · 村民 · 麻城村", "订1 10斤")
    phone.click("nav >> text=订单")
    phone.fill("input[name='weight-2']", "9.6")
    screenshot(phone, "console-orders")
    phone.click("button:has-text('标记送达')")
    phone.locator(".notice", has_text="已标记送达").wait_for()
    assert "9.6斤" in phone.inner_text("#orders")
    phone.click("a:has-text('9.6斤')")
    phone.locator("h1", has_text="订单 D2").wait_for()
    screenshot(phone, "console-order")

    # The delivery roster, as XLSX: its totals are the API's, to the fen.
    phone.click("nav >> text=配送单")
    phone.check("input[name='all']")
    phone.click("button:has-text('查看')")
    phone.locator("#summary").wait_for()
    screenshot(phone, "console-deliveries")
    with phone.expect_download() as download:
        phone.click("a:has-text('Excel')")
    with open(download.value.path(), "rb") as file:
        book = openpyxl.load_workbook(file)
    total = list(book["汇总"].iter_rows(values_only=True))[-1]
    token = zhunong("token", "create", "console-test", env=env).stdout.strip()
    orders = httpx.get(f"{base}/api/orders", headers={"Authorization": f"Bearer {token}"}).json()
    assert round(Decimal(str(total[5])) * 100) == sum(o["amount_fen"] for o in orders) == 52_400
    phone.emulate_media(media="print")
    screenshot(phone, "console-deliveries-print")
    phone.emulate_media(media="screen")

    for tab, name in (("概览", "console-dashboard"), ("货品", "console-listings"),
                      ("食堂对账", "console-statement"), ("农户结算", "console-payouts"),
                      ("名册", "console-roster"), ("消息记录", "console-messages")):
        phone.click(f"nav >> text={tab}")
        phone.wait_for_load_state()
        assert phone.locator("h1").first.is_visible()
        # Nothing wider than the phone: the page never scrolls sideways.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, name
        screenshot(phone, name)

    phone.click("text=退出")
    phone.locator("h1", has_text="助农后台").wait_for()
    screenshot(phone, "console-login")
    phone.goto(link)
    assert "链接已失效" in phone.inner_text("body")
