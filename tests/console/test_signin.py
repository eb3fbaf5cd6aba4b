"""Signing in: 「后台」 to the bot, a link good once for ten minutes, an admin's password."""

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from console import sessions, users
from console.models import SignInLink
from core.clock import utcnow
from tests.api.conftest import person
from tests.conftest import make_settings

LINK = re.compile(r"http://127\.0\.0\.1:8000(/console/signin/\S+)")


async def test_an_official_asks_the_bot_and_the_link_works_once(client, wechat, township):
    reply = (await wechat.text("demo_yanchangqi", "后台")).reply
    assert "10分钟内有效" in reply
    path = LINK.search(reply).group(1)

    response = await client.get(path)
    assert response.status_code == 303 and response.headers["location"] == "/console"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    page = await client.get("/console")
    assert page.status_code == 200 and "颜昌琪" in page.text

    async with httpx.AsyncClient(transport=client._transport, base_url=client.base_url) as other:
        again = await other.get(path)
        assert again.status_code == 400 and "链接已失效" in again.text
        assert (await other.get("/console")).status_code == 303


@pytest.mark.parametrize("openid", ["demo_wangguilan", "demo_liuyouliang", "a_stranger"])
async def test_only_officials_and_admins_get_a_link(wechat, township, openid):
    reply = (await wechat.text(openid, "后台")).reply
    assert "/console/signin/" not in reply


async def test_an_old_or_forged_link_signs_no_one_in(client, settings, township):
    with township.transaction() as session:
        old = sessions.link(session, settings, person=person(session, "颜昌琪"))
        fresh = sessions.link(session, settings, person=person(session, "颜昌琪"))
        session.execute(update(SignInLink).where(SignInLink.id == 1)
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    nonce, signature = fresh.rsplit("/", 1)[1].split(".")
    for path in (old.split("8000")[1], f"/console/signin/{nonce}.{'0' * len(signature)}",
                 f"/console/signin/{nonce}", "/console/signin/x.y"):
        response = await client.get(path)
        assert response.status_code == 400, path
    assert (await client.get(fresh.split("8000")[1])).status_code == 303


async def test_a_link_signed_with_another_secret_is_refused(client, db, township):
    other = make_settings(db.url, secret_key="another-secret")
    with township.transaction() as session:
        link = sessions.link(session, other, person=person(session, "颜昌琪"))
    assert (await client.get(link.split("8000")[1])).status_code == 400


async def test_an_admin_signs_in_with_a_password_and_out_again(client, township):
    with township.transaction() as session:
        users.create(session, person=person(session, "镇管理员"), password="correct horse 42")
        with pytest.raises(users.UserError):
            users.create(session, person=person(session, "颜昌琪"), password="correct horse 42")
    form = await client.get("/console/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)

    wrong = await client.post("/console/login", data={
        "name": "镇管理员", "password": "wrong password", "csrf": csrf})
    assert wrong.status_code == 401 and "名字或密码不对" in wrong.text
    forged = await client.post("/console/login", data={
        "name": "镇管理员", "password": "correct horse 42", "csrf": "forged"})
    assert forged.status_code == 403
    right = await client.post("/console/login", data={
        "name": "镇管理员", "password": "correct horse 42", "csrf": csrf,
        "next": "https://elsewhere.example/"})
    assert right.status_code == 303 and right.headers["location"] == "/console"

    dashboard = await client.get("/console")
    assert "镇管理员" in dashboard.text
    token = re.search(r'name="csrf" value="([^"]+)"', dashboard.text).group(1)
    assert (await client.post("/console/logout", data={"csrf": token})).status_code == 303
    assert (await client.get("/console")).status_code == 303


async def test_cookies_are_secure_behind_https(db, township):
    from core.app import create_app

    settings = make_settings(db.url, public_url="https://zhunong.example")
    app = create_app(settings, db)
    with township.transaction() as session:
        link = sessions.link(session, settings, person=person(session, "颜昌琪"))
    assert link.startswith("https://zhunong.example/console/signin/")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://zhunong.example") as c:
        response = await c.get(link.removeprefix("https://zhunong.example"))
    assert "Secure" in response.headers["set-cookie"]


async def test_the_command_creates_an_admin_user(township):
    import subprocess

    from tests.live import ROOT, ZHUNONG, environment

    def create(password: str) -> subprocess.CompletedProcess:
        return subprocess.run([ZHUNONG, "user", "create", "镇管理员", "--password-stdin"],
                              env=environment(township.url), cwd=ROOT, input=password + "\n",
                              capture_output=True, text=True, timeout=60)

    made = create("a long enough password")
    assert made.returncode == 0, made.stderr
    assert create("short").returncode == 1
    with township.session() as session:
        assert users.authenticate(session, name="镇管理员", password="a long enough password")
