"""The fake WeCom group robot over real HTTP: keys, sizes, images and 20 messages a minute."""

import base64
import hashlib

from fake_wechat import FakeWeChat
from tests.fake_wechat.conftest import client
from tests.fakes import ROBOT_KEY


def send(http, body: dict, key: str = ROBOT_KEY) -> dict:
    return http.post("/cgi-bin/webhook/send", params={"key": key}, json=body).json()


def text(content: str) -> dict:
    return {"msgtype": "text", "text": {"content": content}}


def image(data: bytes, md5: str | None = None) -> dict:
    return {"msgtype": "image", "image": {"base64": base64.b64encode(data).decode(),
                                          "md5": md5 or hashlib.md5(data).hexdigest()}}


def test_a_text_reaches_the_group_and_is_recorded(http, fake_wechat):
    assert send(http, text("【助农 12号】西兰花 2.5元/斤")) == {"errcode": 0, "errmsg": "ok"}
    [message] = fake_wechat.state.messages("robot", to=ROBOT_KEY)
    assert message.msgtype == "text" and message.body["text"]["content"].startswith("【助农 12号】")
    over_http = http.get("/_fake/received", params={"kind": "robot"}).json()
    assert over_http[0]["to"] == ROBOT_KEY and over_http[0]["msgtype"] == "text"


def test_an_unknown_key_is_refused(http, fake_wechat):
    assert send(http, text("你好"), key="not-a-robot")["errcode"] == 93000
    assert http.post("/cgi-bin/webhook/send", json=text("你好")).json()["errcode"] == 93000
    assert fake_wechat.state.messages("robot") == []


def test_every_key_is_a_robot_unless_keys_are_configured():
    with FakeWeChat.running() as fake, client(fake) as http:
        assert send(http, text("你好"), key="any-key-at-all")["errcode"] == 0


def test_text_is_at_most_2048_bytes_and_markdown_4096(http, fake_wechat):
    # 菜 is three bytes in UTF-8: the limit is on bytes, not characters.
    assert send(http, text("菜" * 682 + "ab"))["errcode"] == 0  # 2048 bytes
    assert send(http, text("菜" * 682 + "abc"))["errcode"] == 40058
    markdown = {"msgtype": "markdown", "markdown": {"content": "**西兰花**" + "a" * 4083}}
    assert len(markdown["markdown"]["content"].encode()) == 4096
    assert send(http, markdown)["errcode"] == 0
    markdown["markdown"]["content"] += "a"
    assert send(http, markdown)["errcode"] == 40058
    assert send(http, {"msgtype": "text", "text": {}})["errcode"] == 40058
    assert send(http, {"msgtype": "voice"})["errcode"] == 40008
    assert http.post("/cgi-bin/webhook/send", params={"key": ROBOT_KEY},
                     content=b"not json").json()["errcode"] == 47001
    assert len(fake_wechat.state.messages("robot")) == 2


def test_an_image_needs_its_md5_and_at_most_2_mb(http, fake_wechat):
    picture = b"\x89PNG\r\n" + bytes(range(256)) * 10
    assert send(http, image(picture))["errcode"] == 0
    assert send(http, image(picture, md5=hashlib.md5(b"other").hexdigest()))["errcode"] == 40058
    assert send(http, image(b"x" * (2 * 1024 * 1024)))["errcode"] == 0
    assert send(http, image(b"x" * (2 * 1024 * 1024 + 1)))["errcode"] == 40058
    broken = {"msgtype": "image", "image": {"base64": "%%%", "md5": "00"}}
    assert send(http, broken)["errcode"] == 40058
    assert [message.msgtype for message in fake_wechat.state.messages("robot")] == ["image"] * 2


def test_twenty_messages_a_minute_per_key_in_a_sliding_window(http, fake_wechat):
    state = fake_wechat.state
    state.freeze()  # only travel() moves time, however slowly this test runs
    state.add_robot("robot-key-village-2")
    first = [send(http, text(f"第{n}条"))["errcode"] for n in range(10)]
    state.travel(30)
    second = [send(http, text(f"第{n}条"))["errcode"] for n in range(10, 21)]
    assert first == [0] * 10 and second == [0] * 10 + [45009]
    # Another robot has its own minute.
    assert send(http, text("别的村"), key="robot-key-village-2")["errcode"] == 0

    state.travel(29)  # 59 s after the first ten: all twenty are still within the minute
    assert send(http, text("还早"))["errcode"] == 45009
    state.travel(1.5)  # the first ten have left the window, the next ten have not
    assert [send(http, text("又可以了"))["errcode"] for _ in range(11)] == [0] * 10 + [45009]
    assert len(state.messages("robot", to=ROBOT_KEY)) == 30


def test_refused_messages_do_not_use_up_the_minute(http, fake_wechat):
    for _ in range(25):
        send(http, text("菜" * 1000))  # too long, refused
    assert send(http, text("短的"))["errcode"] == 0
