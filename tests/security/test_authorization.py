"""Who may do what, as one table: every bot command and intent, and every HTTP route, for every
kind of person, with 麻城村's listing and order codes and ids typed in by the others.

Roles: the township's admin; an official of 麻城村 (village A) and one of 石桥村 (village B); a
farmer of 麻城村; a canteen buyer; a villager; a WeChat user bound to no one; and over HTTP an
anonymous browser, a forged cookie, an expired session, an official since made a farmer, and
API clients with a good, a bad, a revoked or no token.

The rows are checked against the app at test time: a new bot route (tests of `bot.dispatch`'s
router) or a new HTTP route without a row here fails `test_every_*_has_a_row`. Refused means a
polite sentence in chat, or 401/403/404 (or a redirect to sign in) over HTTP, and nothing
changed. The console's officials and admin on rows of 麻城村 are in tests/console/test_access.py
(`ROUTES`, `LISTS`): those cells are counted here and not repeated.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import httpx
import openpyxl
import pytest
from fastapi.routing import iter_route_contexts
from sqlmodel import select

from bot.dispatch import router as bot_router
from catalog import service as catalog
from catalog.models import Listing
from console import sessions
from console.models import ConsoleSession, SignInLink
from core import outbound, tokens
from core.app import create_app
from core.clock import utcnow
from core.outbound import OutboundMessage
from orders.models import LedgerEntry, Order
from roster.models import Person, Role
from tests.api.conftest import person, place, publish
from tests.conftest import make_settings
from tests.console import test_access

# ----------------------------------------------------------------------------- chat

CHAT_ROLES = {
    "admin": "demo_admin", "official_a": "demo_yanchangqi", "official_b": "demo_official_11",
    "farmer": "demo_zhouqiusheng", "canteen": "demo_liuyouliang", "villager": "demo_wangguilan",
    "stranger": "o_unbound_stranger",
}
EVERYONE = set(CHAT_ROLES)
VILLAGE_A = {"admin", "official_a"}
NOT_ALLOWED = "只有村干部能做"


@dataclass(frozen=True)
class ChatRow:
    """One thing people write: who gets `allowed` (a phrase of the answer), and what the others
    get instead; `hidden` are phrases an answer to this role must never hold."""

    handlers: tuple[str, ...]
    text: str
    allowed: dict[str, str]
    refused: dict[str, str] = field(default_factory=dict)
    otherwise: str = NOT_ALLOWED
    hidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclusive: bool = False  # done once it is done: each allowed role on a fresh scene

    def expected(self, role: str) -> tuple[bool, str]:
        if role in self.allowed:
            return True, self.allowed[role]
        return False, self.refused.get(role, self.otherwise)


def _all(phrase: str, **overrides: str) -> dict[str, str]:
    return {role: overrides.get(role, phrase) for role in EVERYONE}


def _village_a(phrase: str) -> dict[str, str]:
    return {role: phrase for role in VILLAGE_A}


# Listing 1 is 麻城村's (李佰飞's 西蓝花, published by 颜昌琪); 2 is a draft of 周秋生 (麻城村);
# D1 is the villager's order of listing 1, D2 the canteen's.
CHAT_ROWS = {
    "order": ChatRow(("bot.buying.order",), "订1 5斤", _all("下单成功")),
    "my orders": ChatRow(
        ("bot.buying.my_orders",), "我的订单",
        _all("您还没有订单", villager="D1", canteen="D2"),
        hidden={"villager": ("D2",), "canteen": ("D1",),
                **{role: ("D1", "D2") for role in EVERYONE - {"villager", "canteen"}}}),
    "cancel someone's order": ChatRow(
        ("bot.buying.cancel",), "取消 D1",
        {"villager": "已取消", **_village_a("已取消")}, otherwise="没找到订单D1",
        exclusive=True),
    "change someone's order": ChatRow(
        ("bot.buying.change",), "D1改成8斤",
        {"villager": "改好了", **_village_a("改好了")}, otherwise="没找到订单D1"),
    "what is for sale": ChatRow(("bot.buying.query",), "还有西兰花吗", _all("在卖")),
    "a listing's orders": ChatRow(
        ("bot.managing.listing_orders",), "订单 1", _village_a("D2 刘友良"),
        {"official_b": "没找到1号"}),
    "close": ChatRow(("bot.managing.close",), "截单 1", _village_a("已截单"),
                     {"official_b": "没找到1号"}, exclusive=True),
    "restock": ChatRow(("bot.managing.restock",), "补货 1 100斤", _village_a("补了100斤"),
                       {"official_b": "没找到1号"}),
    "deliver": ChatRow(("bot.managing.deliver",), "送达 D1", _village_a("已送达"),
                       {"official_b": "没找到订单D1"}, exclusive=True),
    "take payment": ChatRow(("bot.managing.pay",), "收款 D2 10元", _village_a("收款10元"),
                            {"official_b": "没找到订单D2"}),
    "send again": ChatRow(("bot.managing.resend",), "重发 1", _village_a("发送"),
                          {"official_b": "没找到1号"}),
    "approve a draft": ChatRow(("bot.selling.approve",), "同意 2", _village_a("已发布"),
                               {"official_b": "没找到2号"}, exclusive=True),
    "turn a draft down": ChatRow(("bot.selling.reject",), "驳回 2 太贵", _village_a("已退回2号"),
                                 {"official_b": "没找到2号"}, exclusive=True),
    "list produce": ChatRow(
        ("bot.selling.offer", "bot.selling.offer_by_others"),
        "帮李佰飞发布 白菜 100斤 2元一斤 自提",
        {**_village_a("请核对"), "official_b": "请核对", "farmer": "请核对"},
        otherwise="请找村干部"),
    "my listings": ChatRow(
        ("bot.selling.my_listings",), "我的发布",
        _all("还没有发布过", farmer="2号", official_a="1号", stranger="请找村干部")),
    "import a 接龙": ChatRow(("bot.importing.begin",), "导入接龙 1", _village_a("粘贴"),
                             {"official_b": "没找到1号"}),
    "paste a 接龙": ChatRow(
        ("bot.importing.pasted",), "#接龙 1号西兰花\n1. 张三 2斤", _village_a("导入到1号"),
        {"official_b": "不知道这个接龙是哪一号"}, otherwise="没看明白"),
    "console link": ChatRow(("bot.console_link.console_link",), "后台",
                            {**_village_a("/console/signin/"),
                             "official_b": "/console/signin/"}),
    "help": ChatRow(("bot.dispatch.help",), "帮助", _all("可以这样发")),
    "bind": ChatRow(("bot.dispatch.bind",), "绑定 ZZZZ22",
                    _all("已经绑定", stranger="邀请码不对")),
}
# Dialogs are reached only through the row that opens them.
DIALOGS = {"listing": "list produce", "short": "order", "confirm": "order",
           "jielong": "import a 接龙", "register": "order"}


def _handler(route) -> str:
    return f"{route.handler.__module__}.{route.handler.__name__}"


def test_every_bot_route_has_a_row():
    rowed = {handler for row in CHAT_ROWS.values() for handler in row.handlers}
    missing = {_handler(route) for route in bot_router.routes} - rowed
    assert missing == set(), f"bot routes without a row in CHAT_ROWS: {missing}"
    assert set(bot_router.dialogs) == set(DIALOGS), "a dialog without the row that opens it"
    assert set(DIALOGS.values()) <= set(CHAT_ROWS)


@pytest.fixture
def scene(township) -> dict:
    """麻城村's listing 1 with orders D1 (villager) and D2 (canteen), and its farmer's draft 2."""
    listing = publish(township, product="西兰花")
    place(township, listing, "王桂兰", "10")
    place(township, listing, "刘友良", "200")
    with township.transaction() as session:
        farmer = person(session, "周秋生")
        catalog.create(session, author=farmer, farmer=farmer, product="白菜", unit="斤",
                       quantity=Decimal(100), price_fen=150, publish=False)
    return {"listing": listing}


def snapshot(db) -> dict:
    """Everything a command could change, to compare before and after a refusal."""
    with db.session() as session:
        return {
            "listings": [(x.id, x.status, x.quantity, x.remaining)
                         for x in session.exec(select(Listing).order_by(Listing.id))],
            "orders": [(x.id, x.status, x.quantity)
                       for x in session.exec(select(Order).order_by(Order.id))],
            "ledger": len(session.exec(select(LedgerEntry)).all()),
            "outbox": len(session.exec(select(OutboundMessage)).all()),
            "links": len(session.exec(select(SignInLink)).all()),
        }


def groups(roles, allowed, exclusive: bool) -> list[tuple[str, ...]]:
    """The cells of a row, run together where they cannot disturb each other: the refused all
    at once (they change nothing), the allowed together, or one by one when the first would
    leave nothing for the next (cancelling, closing, delivering)."""
    refused = tuple(role for role in roles if role not in allowed)
    permitted = [role for role in roles if role in allowed]
    together = [(role,) for role in permitted] if exclusive else [tuple(permitted)]
    return [group for group in [refused, *together] if group]


CHAT_CELLS = [(row, group) for row, spec in CHAT_ROWS.items()
              for group in groups(CHAT_ROLES, spec.allowed, spec.exclusive)]


@pytest.mark.parametrize(("row", "roles"), CHAT_CELLS,
                         ids=[f"{row}|{'+'.join(roles)}" for row, roles in CHAT_CELLS])
async def test_chat(chat, scene, township, row, roles):
    spec = CHAT_ROWS[row]
    for role in roles:
        allowed, phrase = spec.expected(role)
        before = snapshot(township)
        reply = await chat(CHAT_ROLES[role])(spec.text)
        assert phrase in reply, (role, reply)
        for secret in spec.hidden.get(role, ()):
            assert secret not in reply, (role, reply)
        if not allowed:
            outbound.drain(township)
            assert snapshot(township) == before, role


async def test_an_official_of_another_village_lists_for_a_farmer_of_the_own_village(
        chat, township, records):
    """李佰飞 is 麻城村's; 石桥村's official naming him lists for a farmer of 石桥村."""
    official_b = chat(CHAT_ROLES["official_b"])
    await official_b("帮李佰飞发布 白菜 100斤 2元一斤 自提")
    assert "已发布" in await official_b("确认")
    [listing] = records.listings()
    with township.session() as session:
        farmer = session.get(Person, listing.farmer_id)
        official = person(session, "石桥村书记")
        assert farmer.name == "李佰飞"
        assert farmer.village_id == official.village_id == listing.village_id


async def test_an_unfollowed_account_is_a_stranger_again(chat, wechat, scene, township):
    """Unfollowing drops the binding (tests/webhooks/test_events.py checks the rows): the same
    openid can then neither reach the console nor act for the village."""
    await wechat.event(CHAT_ROLES["official_a"], "unsubscribe")
    before = snapshot(township)
    official = chat(CHAT_ROLES["official_a"])
    assert NOT_ALLOWED in await official("后台")
    assert NOT_ALLOWED in await official("截单 1")
    assert snapshot(township) == before


# ----------------------------------------------------------------------------- HTTP

CONSOLE_ROLES = ("admin", "official_a", "official_b", "anonymous", "forged", "expired",
                 "demoted", "farmer", "canteen", "villager")
SIGNED_IN = {"admin": "镇管理员", "official_a": "颜昌琪", "official_b": "石桥村书记"}
LINK_REFUSED = {"farmer": "周秋生", "canteen": "刘友良", "villager": "王桂兰"}
API_ROLES = ("token", "no token", "bad token", "revoked token")
PUBLIC_ROLES = ("anonymous",)


@dataclass(frozen=True)
class HttpRow:
    url: str
    kind: str  # console, api, public, wechat, simulator
    form: object = None
    village_a: bool = False  # the URL or form names one of 麻城村's rows
    status: int = 200  # what the allowed get (a console POST: 303)
    json: object = None

    exclusive: bool = False

    @property
    def roles(self) -> tuple[str, ...]:
        return {"console": CONSOLE_ROLES, "api": API_ROLES}.get(self.kind, PUBLIC_ROLES)

    @property
    def allowed(self) -> set[str]:
        if self.kind == "console":
            return {"admin", "official_a"} | (set() if self.village_a else {"official_b"})
        return {"token"} if self.kind == "api" else set(PUBLIC_ROLES)


def _console(url: str, form=None, *, village_a: bool = False) -> HttpRow:
    return HttpRow(url, "console", form, village_a, 200 if form is None else 303)


# Names only 麻城村's rows show (not 西蓝花: the new listing form suggests it).
MACHENG_ONLY = ("王桂兰", "李佰飞", "麻城村")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTTP_ROWS = {
    ("GET", "/healthz"): HttpRow("/healthz", "public"),
    ("GET", "/openapi.json"): HttpRow("/openapi.json", "public"),
    ("GET", "/docs"): HttpRow("/docs", "public"),
    ("GET", "/docs/oauth2-redirect"): HttpRow("/docs/oauth2-redirect", "public"),
    ("GET", "/redoc"): HttpRow("/redoc", "public"),
    ("GET", "/console/static/{path}"): HttpRow("/console/static/console.css", "public"),
    ("GET", "/console/login"): HttpRow("/console/login", "public"),
    # Without the form's CSRF token, and with a wrong password: refused either way.
    ("POST", "/console/login"): HttpRow("/console/login", "public",
                                        {"name": "镇管理员", "password": "guess"}, status=403),
    ("GET", "/console/signin/{token}"): HttpRow("/console/signin/forged.0000", "public",
                                                status=400),
    ("GET", "/wechat"): HttpRow("/wechat?signature=0&timestamp=1&nonce=1&echostr=x", "wechat",
                                status=403),
    ("POST", "/wechat"): HttpRow("/wechat?signature=0&timestamp=1&nonce=1", "wechat",
                                 status=403),
    ("GET", "/simulator"): HttpRow("/simulator", "simulator"),
    ("POST", "/simulator/say"): HttpRow("/simulator/say", "simulator",
                                        json={"openid": "o_sim", "text": "帮助"}),
    ("GET", "/simulator/feed"): HttpRow("/simulator/feed", "simulator"),
    ("GET", "/simulator/cards/{message_id}.png"): HttpRow(
        "/simulator/cards/999999.png", "simulator", status=404),
    ("GET", "/api/listings"): HttpRow("/api/listings", "api"),
    ("GET", "/api/listings/{listing_id}"): HttpRow("/api/listings/{listing}", "api"),
    ("GET", "/api/listings/{listing_id}/deliveries"): HttpRow(
        "/api/listings/{listing}/deliveries", "api"),
    ("GET", "/api/orders"): HttpRow("/api/orders?buyer={villager}", "api"),
    ("GET", "/api/ledger/balances"): HttpRow("/api/ledger/balances", "api"),
    ("GET", "/console"): _console("/console"),
    ("GET", "/console/listings"): _console("/console/listings"),
    ("GET", "/console/listings/new"): _console("/console/listings/new"),
    ("POST", "/console/listings"): _console("/console/listings", {
        "farmer": "{farmer}", "product": "白菜", "quantity": "100", "price": "1"},
        village_a=True),
    ("GET", "/console/listings/{listing_id}"): _console("/console/listings/{listing}",
                                                        village_a=True),
    ("POST", "/console/listings/{listing_id}/edit"): _console(
        "/console/listings/{listing}/edit", {"product": "西兰花", "price": "9"}, village_a=True),
    ("POST", "/console/listings/{listing_id}/publish"): HttpRow(
        "/console/listings/{draft}/publish", "console", {}, village_a=True, status=303,
        exclusive=True),
    ("POST", "/console/listings/{listing_id}/close"): _console(
        "/console/listings/{listing}/close", {}, village_a=True),
    ("POST", "/console/listings/{listing_id}/restock"): _console(
        "/console/listings/{listing}/restock", {"amount": "100"}, village_a=True),
    ("POST", "/console/listings/{listing_id}/deliveries/{message_id}/retry"): _console(
        "/console/listings/{listing}/deliveries/{message}/retry", {}, village_a=True),
    ("GET", "/console/orders"): _console("/console/orders"),
    ("POST", "/console/orders/deliver"): _console(
        "/console/orders/deliver", [("order", "{other_order}")], village_a=True),
    ("POST", "/console/orders/pay"): _console(
        "/console/orders/pay", [("order", "{other_order}")], village_a=True),
    ("GET", "/console/orders/{order_id}"): _console("/console/orders/{order}", village_a=True),
    ("POST", "/console/orders/{order_id}/deliver"): _console(
        "/console/orders/{order}/deliver", {"weight": "190"}, village_a=True),
    ("POST", "/console/orders/{order_id}/pay"): _console(
        "/console/orders/{order}/pay", {"amount": "1", "method": "现金"}, village_a=True),
    ("GET", "/console/deliveries"): _console("/console/deliveries"),
    ("GET", "/console/statements"): _console("/console/statements?canteen={canteen}"),
    ("GET", "/console/payouts"): _console("/console/payouts"),
    ("GET", "/console/export/orders.{fmt}"): _console("/console/export/orders.xlsx"),
    ("GET", "/console/export/deliveries.{fmt}"): _console("/console/export/deliveries.xlsx"),
    ("GET", "/console/export/statement.{fmt}"): _console(
        "/console/export/statement.xlsx?canteen={canteen}"),
    ("GET", "/console/export/payouts.{fmt}"): _console("/console/export/payouts.xlsx"),
    ("GET", "/console/roster"): _console("/console/roster"),
    ("POST", "/console/roster/invites"): _console("/console/roster/invites",
                                                  {"person": "{villager}"}, village_a=True),
    ("GET", "/console/messages"): _console("/console/messages"),
    ("POST", "/console/logout"): _console("/console/logout", {}),
}


def _routes(app) -> set[tuple[str, str]]:
    found = set()
    for route in iter_route_contexts(app.routes):
        methods = sorted(set(getattr(route, "methods", None) or {"GET"}) - {"HEAD"})
        found |= {(method, route.path_format) for method in methods}
    return found


def test_every_http_route_has_a_row(app):
    missing = _routes(app) - set(HTTP_ROWS)
    assert missing == set(), f"HTTP routes without a row in HTTP_ROWS: {sorted(missing)}"


def _covered_by_test_access(method: str, url: str, role: str) -> bool:
    """Officials and the admin on a 麻城村 row: the console's own access test has that cell."""
    if role not in SIGNED_IN:
        return False
    routes = {(m, u.replace("{other_order}", "{order}")) for m, u, _ in test_access.ROUTES}
    return (method, url) in routes or url in test_access.LISTS


def _cells() -> list[tuple[str, str, tuple[str, ...]]]:
    cells = []
    for (method, path), row in HTTP_ROWS.items():
        roles = [role for role in row.roles
                 if not _covered_by_test_access(method, row.url, role)]
        cells += [(method, path, group) for group in groups(roles, row.allowed, row.exclusive)]
    return cells


HTTP_CELLS = _cells()


@pytest.fixture
async def scene_ids(ids, township) -> dict:
    with township.transaction() as session:
        farmer = person(session, "周秋生")
        draft = catalog.create(session, author=farmer, farmer=farmer, product="白菜", unit="斤",
                               quantity=Decimal(100), price_fen=150, publish=False)
        return ids | {"draft": draft.id, "farmer": person(session, "李佰飞").id}


async def _browser(role: str, browsers, app, settings, township):
    if role in SIGNED_IN:
        return await browsers(SIGNED_IN[role])
    browser = await browsers(None)
    if role == "forged":
        browser.client.cookies.set(sessions.SESSION_COOKIE, "forged-session", path="/console")
    elif role in ("expired", "demoted"):
        with township.transaction() as session:
            token = sessions.start(session, person=person(session, "焦湘平"))
            if role == "expired":
                row = session.exec(select(ConsoleSession)).all()[-1]
                row.expires_at = utcnow() - timedelta(seconds=1)
                session.add(row)
            else:
                person(session, "焦湘平").role = Role.farmer
        browser.client.cookies.set(sessions.SESSION_COOKIE, token, path="/console")
    elif role in LINK_REFUSED:
        with township.transaction() as session:
            link = sessions.link(session, settings, person=person(session, LINK_REFUSED[role]))
        refused = await browser.get(link.split("8000", 1)[1])
        assert refused.status_code == 400
    return browser


async def _api_headers(role: str, township) -> dict:
    if role in ("no token",):
        return {}
    if role == "bad token":
        return {"Authorization": "Bearer zn_made-up"}
    with township.transaction() as session:
        token = tokens.create(session, name=role)
        if role == "revoked token":
            session.exec(select(tokens.ApiToken)).all()[-1].revoked_at = utcnow()
    return {"Authorization": f"Bearer {token}"}


def _fill(value, known: dict):
    return test_access._fill(value, known)


@pytest.mark.parametrize(("method", "path", "roles"), HTTP_CELLS,
                         ids=[f"{m} {p}|{'+'.join(r)}" for m, p, r in HTTP_CELLS])
async def test_http(browsers, app, settings, township, scene_ids, client, method, path, roles):
    row = HTTP_ROWS[(method, path)]
    url, form = _fill(row.url, scene_ids), _fill(row.form, scene_ids) if row.form else row.form
    for role in roles:
        await _cell(browsers, app, settings, township, client, method, row, url, form, role)


async def _cell(browsers, app, settings, township, client, method, row, url, form, role):
    if row.kind == "console":
        browser = await _browser(role, browsers, app, settings, township)
        before = snapshot(township)
        response = await (browser.get(url) if method == "GET" else browser.post(url, form))
        _check_console(response, method, row, role)
        if role == "official_b" and method == "GET":
            shown = [word for word in MACHENG_ONLY if word in _text(response)]
            assert shown == [], f"another village's rows shown: {shown}"
        acted = role in ("admin", "official_a") and method == "POST"
        if not acted and (role != "official_b" or row.village_a):
            assert snapshot(township) == before
        return
    before = snapshot(township)
    if row.kind == "api":
        response = await client.get(url, headers=await _api_headers(role, township))
        assert response.status_code == (200 if role == "token" else 401), response.text
        return
    response = await client.request(method, url, data=form, json=row.json)
    assert response.status_code == row.status, response.text[:300]
    assert snapshot(township) == before or row.kind == "simulator"


def _text(response: httpx.Response) -> str:
    """What a page or an export shows, spreadsheets included."""
    if not response.headers.get("content-type", "").startswith(XLSX):
        return response.text
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                     for cell in row if cell is not None)


def _check_console(response: httpx.Response, method: str, row: HttpRow, role: str) -> None:
    if role in ("admin", "official_a"):
        assert response.status_code == row.status, response.text[:300]
        if method == "POST" and row.url != "/console/logout":
            assert "problem=" not in response.headers["location"]
    elif role == "official_b":
        assert response.status_code in ((404, 303) if row.village_a else (row.status,))
        if response.status_code == 303 and row.village_a:
            assert "problem=" in response.headers["location"]  # a refusal, on its own page
    elif method == "GET":
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=")
    else:
        assert response.status_code == 403


async def test_the_simulator_is_not_served_outside_the_sandbox(db):
    """Anyone may speak as anyone in the simulator, so it exists only in sandbox mode."""
    app = create_app(make_settings(db.url, wechat_app_secret="a-real-secret"), db,
                     with_worker=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://zhunong.test") as web:
        for (method, path), row in HTTP_ROWS.items():
            if row.kind == "simulator":
                response = await web.request(method, row.url, json=row.json)
                assert response.status_code == 404, path



PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
ABSURD_IDS = ("2147483648", "99999999999999999999", "9" * 5000, "0")


@pytest.mark.parametrize("absurd", ABSURD_IDS, ids=["2^31", "20 digits", "5000 digits", "0"])
async def test_ids_beyond_the_databases_integers_are_refused_not_a_500(browsers, township,
                                                                        scene_ids, absurd):
    """Every id a console URL, query or form takes, and every id of the API, typed absurdly
    (PostgreSQL's ids end at 2^31, and Python reads no int of 5,000 digits from a string)."""
    admin = await browsers(SIGNED_IN["admin"])
    tampered = {key: absurd for key in scene_ids}
    before = snapshot(township)
    for (method, path), row in HTTP_ROWS.items():
        if row.kind != "console" or not PLACEHOLDER.search(f"{row.url} {row.form}"):
            continue
        url, form = _fill(row.url, tampered), _fill(row.form, tampered) if row.form else row.form
        response = await (admin.get(url) if method == "GET" else admin.post(url, form))
        assert response.status_code in (303, 404, 422), (method, path, response.status_code)
    for query in ("listing", "village", "canteen", "buyer"):
        assert (await admin.get(f"/console/orders?{query}={absurd}")).status_code == 200
    assert (await admin.get(f"/console/messages?before={absurd}")).status_code in (200, 422)
    assert snapshot(township) == before
