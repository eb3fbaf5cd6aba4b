"""Fakes of the platforms zhunong talks to, served on loopback for the whole run.

`fake_wechat` is one FakeWeChat shared by the run and reset before each test, so a test starts
with no messages, no followers, fresh tokens and no faults, and pays no server start-up.
Configure it through `fake_wechat.state` (follow, user_wrote, add_robot, template_ids, travel)
and `fake_wechat.faults` (set, force).
"""

from collections.abc import Iterator

import pytest

from fake_wechat import FakeWeChat

ROBOT_KEY = "robot-key-village-1"


@pytest.fixture(scope="session")
def fake_wechat_server() -> Iterator[FakeWeChat]:
    with FakeWeChat.running(robot_keys={ROBOT_KEY}, seed=2020) as fake:
        yield fake


@pytest.fixture
def fake_wechat(fake_wechat_server: FakeWeChat) -> FakeWeChat:
    fake_wechat_server.reset()
    return fake_wechat_server
