"""The `zhunong` command as a newcomer runs it: migrate, import, invite, serve, talk over HTTP."""

import asyncio
import subprocess

import httpx

from tests.conftest import TOKEN
from tests.live import ROOT, ZHUNONG, environment, free_port, server, zhunong
from webhooks.courier import Courier


def test_make_runs_steps_then_a_signed_message_over_real_http(db):
    env = environment(db.url, wechat_token=TOKEN)
    assert zhunong("db", "upgrade", env=env).returncode == 0
    first = zhunong("roster", "import", "--if-empty", "examples/huangtuling.yaml", env=env)
    again = zhunong("roster", "import", "--if-empty", "examples/huangtuling.yaml", env=env)
    assert first.returncode == 0 and "'village': 26" in first.stdout
    assert "nothing imported" in again.stdout

    code = zhunong("invite", "create", "李佰飞", env=env)
    assert code.returncode == 0 and len(code.stdout.strip()) == 6

    with server(env) as base:
        assert httpx.get(f"{base}/healthz").json()["database"] is True
        assert "聊天模拟器" in httpx.get(f"{base}/simulator").text
        assert "绑定成功" in asyncio.run(bind(base, code.stdout.strip()))


async def bind(base: str, code: str) -> str:
    async with httpx.AsyncClient(base_url=base) as client:
        return (await Courier(client, token=TOKEN).text("o_li_real", f"绑定 {code}")).reply


def test_serve_says_where_it_is_and_where_the_simulator_is(db):
    port = free_port()
    process = subprocess.Popen([ZHUNONG, "serve", "--port", str(port)], cwd=ROOT,
                               env=environment(db.url), stdout=subprocess.PIPE, text=True)
    try:
        first_line = process.stdout.readline()
        second_line = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f"http://127.0.0.1:{port}" in first_line
    assert f"http://127.0.0.1:{port}/simulator" in second_line


def test_a_bad_roster_file_is_refused_with_a_reason(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("township: 镇\nvillages:\n  - name: 村\n    groups: [{name: 群, channel: x}]\n")
    result = zhunong("roster", "import", str(bad), env=environment(db.url))
    assert result.returncode == 1 and "channel" in result.stderr


def test_an_invite_for_someone_unknown_is_refused(db):
    result = zhunong("invite", "create", "没有这个人", env=environment(db.url))
    assert result.returncode == 1 and "no one called" in result.stderr
