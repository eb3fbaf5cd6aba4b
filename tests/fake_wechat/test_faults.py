"""Injected faults over real HTTP: forced errcodes, failures, hangs and latency, per prefix."""

import httpx
import pytest

from fake_wechat import FakeWeChat, Rule
from fake_wechat.faults import MAX_HANG_SECONDS
from tests.fake_wechat.conftest import client
from tests.fakes import ROBOT_KEY

WEBHOOK = "/cgi-bin/webhook/send"
HELLO = {"msgtype": "text", "text": {"content": "你好"}}


def post_robot(http: httpx.Client) -> httpx.Response:
    return http.post(WEBHOOK, params={"key": ROBOT_KEY}, json=HELLO)


def outcome(response: httpx.Response) -> str:
    if response.status_code != 200:
        return f"http{response.status_code}"
    return str(response.json()["errcode"])


def test_a_forced_errcode_answers_the_next_n_calls_then_stops(http, fake_wechat):
    fake_wechat.faults.force(45009, times=2, prefix=WEBHOOK)
    assert [outcome(post_robot(http)) for _ in range(3)] == ["45009", "45009", "0"]
    assert len(fake_wechat.state.messages("robot")) == 1

    assert http.post("/_fake/faults", json={"prefix": "/cgi-bin", "errcode": -1,
                                            "times": 1}).status_code == 200
    assert [outcome(post_robot(http)) for _ in range(2)] == ["-1", "0"]


def test_a_fail_ratio_of_one_fails_every_call_in_all_three_ways(http, fake_wechat):
    fake_wechat.faults.set(WEBHOOK, fail_ratio=1.0)
    outcomes = [outcome(post_robot(http)) for _ in range(30)]
    assert set(outcomes) == {"http500", "http502", "-1"}
    assert fake_wechat.state.messages("robot") == []  # a failed call delivered nothing
    faulted = fake_wechat.state.calls(WEBHOOK)
    assert len(faulted) == 30 and {call.fault for call in faulted} == {"http500", "http502",
                                                                        "busy"}


def test_faults_are_the_same_on_every_run_with_the_same_seed():
    def run(seed: int) -> list[str]:
        with FakeWeChat.running(seed=seed, faults={"/": Rule(fail_ratio=0.5)}) as fake, \
                client(fake) as http:
            return [outcome(post_robot(http)) for _ in range(40)]

    first, again, other = run(7), run(7), run(8)
    assert first == again and first != other
    assert "0" in first and set(first) - {"0"}  # a ratio, not all or nothing


def test_a_rule_covers_its_prefix_and_the_longest_prefix_wins(http, fake_wechat):
    fake_wechat.faults.set("/", fail_ratio=1.0)
    fake_wechat.faults.set(WEBHOOK, latency_ms=5)
    assert outcome(post_robot(http)) == "0"
    token = http.post("/cgi-bin/stable_token", json={})
    assert outcome(token) != "40002"  # the global rule failed it before the endpoint saw it
    assert fake_wechat.state.calls("/cgi-bin/stable_token")[0].fault is not None
    assert http.get("/_fake/received").status_code == 200  # never for the fake's own paths


def test_latency_is_added_to_the_calls_under_its_prefix(http, fake_wechat):
    fake_wechat.faults.set(WEBHOOK, latency_ms=30)
    post_robot(http)
    http.post("/cgi-bin/stable_token", json={})
    robot_call, token_call = fake_wechat.state.calls()
    assert (robot_call.latency_ms, robot_call.errcode) == (30, 0)
    assert token_call.latency_ms == 0


def test_a_hang_outlasts_the_clients_timeout_but_is_bounded(fake_wechat):
    fake_wechat.faults.set(WEBHOOK, timeout_ratio=1.0, hang_seconds=5)
    with client(fake_wechat, timeout=0.2) as http, pytest.raises(httpx.ReadTimeout):
        post_robot(http)
    [call] = fake_wechat.state.calls(WEBHOOK)
    assert call.fault == "hang" and fake_wechat.state.messages("robot") == []
    assert Rule(timeout_ratio=1, hang_seconds=3600).hang_seconds == MAX_HANG_SECONDS


def test_faults_are_read_set_and_cleared_over_http(http, fake_wechat):
    rule = {"prefix": "/cgi-bin/message", "latency_ms": 10, "fail_ratio": 0.25}
    assert http.post("/_fake/faults", json=rule).status_code == 200
    shown = http.get("/_fake/faults").json()
    assert shown["/cgi-bin/message"]["fail_ratio"] == 0.25
    assert http.post("/_fake/faults", json={"fail_ratio": 2}).status_code == 422
    assert http.post("/_fake/faults", json={"explode": True}).status_code == 422
    assert http.delete("/_fake/faults").json() == {}
    assert outcome(post_robot(http)) == "0"


def test_reset_brings_back_the_faults_the_fake_was_built_with():
    with FakeWeChat.running(faults={WEBHOOK: {"errcode": 93000, "times": 1}}) as fake, \
            client(fake) as http:
        assert outcome(post_robot(http)) == "93000"
        assert outcome(post_robot(http)) == "0"
        http.post("/_fake/reset")
        assert outcome(post_robot(http)) == "93000"
        assert fake.state.messages("robot") == []
