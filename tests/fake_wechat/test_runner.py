"""Starting and stopping the fake: in a test's thread, and as `zhunong fake-wechat`."""

import subprocess

import httpx
import pytest

from fake_wechat import FakeWeChat
from fake_wechat.runner import wait_until_ready
from tests.fake_wechat.conftest import client
from tests.live import ROOT, ZHUNONG, free_port


def test_running_serves_on_loopback_and_stops_cleanly():
    with FakeWeChat.running() as fake:
        base_url = fake.base_url
        assert base_url.startswith("http://127.0.0.1:")
        with client(fake) as http:
            assert http.get("/_fake/health").json() == {"ok": True}
    assert fake.base_url is None
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/_fake/health", trust_env=False)


def test_steering_the_state_over_http(http, fake_wechat):
    http.post("/_fake/users/o_buyer/wrote")
    assert fake_wechat.state.follows("o_buyer")
    http.post("/_fake/users/o_buyer/unfollow")
    assert not fake_wechat.state.follows("o_buyer")
    assert http.get("/_fake/requests").json() == []  # the fake's own paths are not counted


def test_the_command_serves_the_fake_until_stopped():
    port = free_port()
    process = subprocess.Popen(
        [ZHUNONG, "fake-wechat", "--port", str(port), "--seed", "1"], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first_line = process.stdout.readline()
        assert f"fake WeChat on http://127.0.0.1:{port}" in first_line
        appid = first_line.split("appid ")[1].split(",")[0]
        secret = first_line.split("secret ")[1].split(")")[0]
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(f"{base}/_fake/health", lambda: process.poll() is None)
        with httpx.Client(base_url=base, trust_env=False) as http:
            answer = http.post("/cgi-bin/stable_token", json={
                "grant_type": "client_credential", "appid": appid, "secret": secret}).json()
        assert answer["expires_in"] == 7200
    finally:
        process.terminate()
        process.wait(timeout=10)
