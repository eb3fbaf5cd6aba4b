"""The fake Official Account API over real HTTP: tokens, the 48-hour window, templates, QR codes,
media."""

from datetime import UTC, datetime, timedelta

import httpx

from fake_wechat import FakeWeChat
from tests.fake_wechat.conftest import client, stable_token


def text_to(openid: str, content: str = "西兰花还剩300斤") -> dict:
    return {"touser": openid, "msgtype": "text", "text": {"content": content}}


def custom(http: httpx.Client, token: str, body: dict) -> dict:
    return http.post("/cgi-bin/message/custom/send", params={"access_token": token},
                     json=body).json()


# -- stable_token -----------------------------------------------------------------------------

def test_every_caller_gets_the_same_token_valid_for_two_hours(http, fake_wechat):
    first, second = stable_token(http, fake_wechat), stable_token(http, fake_wechat)
    assert first["access_token"] == second["access_token"]
    assert first["expires_in"] == 7200 and "errcode" not in first


def test_a_wrong_appid_or_secret_or_grant_type_is_refused(http, fake_wechat):
    def ask(**body):
        base = {"grant_type": "client_credential", "appid": fake_wechat.app_id,
                "secret": fake_wechat.app_secret}
        return http.post("/cgi-bin/stable_token", json=base | body).json()

    assert ask(appid="wx_someone_else")["errcode"] == 40013
    assert ask(secret="guessed")["errcode"] == 40125
    assert ask(grant_type="password")["errcode"] == 40002
    assert http.post("/cgi-bin/stable_token", content=b"{not json").json()["errcode"] == 47001


def test_force_refresh_makes_a_new_token_and_the_old_one_lasts_five_minutes(http, fake_wechat):
    old = stable_token(http, fake_wechat)["access_token"]
    new = stable_token(http, fake_wechat, force_refresh=True)["access_token"]
    fake_wechat.state.user_wrote("o_buyer")
    assert new != old
    assert custom(http, old, text_to("o_buyer"))["errcode"] == 0
    fake_wechat.state.travel(301)
    assert custom(http, old, text_to("o_buyer"))["errcode"] == 42001
    assert custom(http, new, text_to("o_buyer"))["errcode"] == 0


def test_force_refresh_is_limited_to_twenty_a_day(http, fake_wechat):
    fake_wechat.state.freeze()  # all 21 on one day, even when run at midnight
    answers = [stable_token(http, fake_wechat, force_refresh=True) for _ in range(21)]
    assert all("access_token" in answer for answer in answers[:20])
    assert answers[20]["errcode"] == 45009
    assert "access_token" in stable_token(http, fake_wechat)  # the plain call still works
    fake_wechat.state.travel(24 * 3600)
    assert "access_token" in stable_token(http, fake_wechat, force_refresh=True)


def test_tokens_age_and_can_be_expired_or_invalidated_by_a_test(http, fake_wechat, token):
    fake_wechat.state.user_wrote("o_buyer")
    assert custom(http, token, text_to("o_buyer"))["errcode"] == 0
    fake_wechat.state.travel(7200)
    assert custom(http, token, text_to("o_buyer"))["errcode"] == 42001

    second = stable_token(http, fake_wechat)["access_token"]
    assert second != token and custom(http, second, text_to("o_buyer"))["errcode"] == 0
    fake_wechat.state.expire_token()
    assert custom(http, second, text_to("o_buyer"))["errcode"] == 42001

    third = stable_token(http, fake_wechat)["access_token"]
    fake_wechat.state.invalidate_token()
    assert custom(http, third, text_to("o_buyer"))["errcode"] == 40001
    assert custom(http, "made-up", text_to("o_buyer"))["errcode"] == 40001
    missing = http.post("/cgi-bin/message/custom/send", json=text_to("o_buyer")).json()
    assert missing["errcode"] == 41001


# -- customer-service messages ----------------------------------------------------------------

def test_customer_service_needs_a_follower_who_wrote_within_48_hours(http, fake_wechat, token):
    state = fake_wechat.state
    assert custom(http, token, text_to("o_stranger"))["errcode"] == 43004
    state.follow("o_silent")
    assert custom(http, token, text_to("o_silent"))["errcode"] == 45015
    state.user_wrote("o_old", at=datetime.now(UTC) - timedelta(hours=49))
    assert custom(http, token, text_to("o_old"))["errcode"] == 45015

    state.user_wrote("o_buyer")
    assert custom(http, token, text_to("o_buyer")) == {"errcode": 0, "errmsg": "ok"}
    state.travel(48 * 3600 + 1)
    fresh = stable_token(http, fake_wechat)["access_token"]
    assert custom(http, fresh, text_to("o_buyer"))["errcode"] == 45015


def test_five_messages_per_window_and_writing_again_renews_them(http, fake_wechat, token):
    fake_wechat.state.user_wrote("o_buyer")
    answers = [custom(http, token, text_to("o_buyer", f"第{n}条"))["errcode"] for n in range(6)]
    assert answers == [0, 0, 0, 0, 0, 45047]
    fake_wechat.state.user_wrote("o_buyer")
    assert custom(http, token, text_to("o_buyer"))["errcode"] == 0
    fake_wechat.state.unfollow("o_buyer")
    assert custom(http, token, text_to("o_buyer"))["errcode"] == 43004


def test_what_was_accepted_can_be_read_in_code_and_over_http(http, fake_wechat, token):
    fake_wechat.state.user_wrote("o_buyer")
    custom(http, token, text_to("o_buyer", "D1 已送达"))
    custom(http, token, text_to("o_nobody", "never delivered"))

    [message] = fake_wechat.state.messages("custom")
    assert (message.to, message.msgtype, message.body["text"]["content"]) == (
        "o_buyer", "text", "D1 已送达")
    over_http = http.get("/_fake/received", params={"kind": "custom"}).json()
    assert [item["body"]["text"]["content"] for item in over_http] == ["D1 已送达"]
    assert http.get("/_fake/received", params={"kind": "robot"}).json() == []
    assert http.get("/_fake/received", params={"kind": "mail"}).status_code == 422


def test_images_need_an_uploaded_media_id_and_other_types_are_refused(http, fake_wechat, token):
    fake_wechat.state.user_wrote("o_buyer")
    image = {"touser": "o_buyer", "msgtype": "image", "image": {"media_id": "never-uploaded"}}
    assert custom(http, token, image)["errcode"] == 40007

    uploaded = http.post("/cgi-bin/media/upload", params={"access_token": token, "type": "image"},
                         files={"media": ("card.png", b"\x89PNG fake bytes", "image/png")}).json()
    image["image"]["media_id"] = uploaded["media_id"]
    assert custom(http, token, image)["errcode"] == 0
    assert custom(http, token, {"touser": "o_buyer", "msgtype": "music"})["errcode"] == 40008
    assert custom(http, token, text_to("o_buyer", ""))["errcode"] == 44004


# -- media, templates, QR codes ---------------------------------------------------------------

def test_media_upload_answers_type_id_and_time(http, fake_wechat, token):
    answer = http.post("/cgi-bin/media/upload", params={"access_token": token, "type": "image"},
                       files={"media": ("card.png", b"png bytes", "image/png")}).json()
    assert answer["type"] == "image" and len(answer["media_id"]) == 64
    assert isinstance(answer["created_at"], int)
    assert fake_wechat.state.media[answer["media_id"]][1] == b"png bytes"

    def upload(**params):
        return http.post("/cgi-bin/media/upload", params={"access_token": token} | params,
                         files={"other": ("x", b"x")}).json()["errcode"]

    assert upload(type="image") == 41005
    assert upload(type="gif") == 40004
    assert upload(type="image", access_token="bad") == 40001


def test_template_messages_answer_a_msgid_and_need_a_follower(http, fake_wechat, token):
    send = {"touser": "o_canteen", "template_id": "TPL_ORDER",
            "data": {"first": {"value": "新订单"}}}
    url = "/cgi-bin/message/template/send"
    assert http.post(url, params={"access_token": token}, json=send).json()["errcode"] == 43004
    fake_wechat.state.follow("o_canteen")
    answer = http.post(url, params={"access_token": token}, json=send).json()
    assert answer["errcode"] == 0 and answer["errmsg"] == "ok" and answer["msgid"] > 0
    assert fake_wechat.state.messages("template")[0].body["template_id"] == "TPL_ORDER"


def test_an_unknown_template_id_is_refused_when_ids_are_configured():
    with FakeWeChat.running(template_ids={"TPL_ORDER"}, followers=["o_canteen"]) as fake, \
            client(fake) as http:
        token = stable_token(http, fake)["access_token"]

        def send(template_id):
            return http.post("/cgi-bin/message/template/send", params={"access_token": token},
                             json={"touser": "o_canteen", "template_id": template_id,
                                   "data": {}}).json()["errcode"]

        assert send("TPL_ORDER") == 0
        assert send("TPL_MADE_UP") == 40037


def test_parametric_qr_codes_carry_their_scene(http, fake_wechat, token):
    def create(**body):
        return http.post("/cgi-bin/qrcode/create", params={"access_token": token},
                         json=body).json()

    permanent = create(action_name="QR_LIMIT_STR_SCENE",
                       action_info={"scene": {"scene_str": "listing:12"}})
    assert permanent["url"].startswith("http://weixin.qq.com/q/") and permanent["ticket"]
    assert "expire_seconds" not in permanent and "errcode" not in permanent
    assert fake_wechat.state.scene_of(permanent["url"]) == "listing:12"

    temporary = create(action_name="QR_STR_SCENE", expire_seconds=600,
                       action_info={"scene": {"scene_str": "listing:13"}})
    assert temporary["expire_seconds"] == 600 and temporary["url"] != permanent["url"]
    fake_wechat.state.travel(601)
    assert fake_wechat.state.scene_of(temporary["url"]) is None
    assert fake_wechat.state.scene_of(permanent["url"]) == "listing:12"

    too_long = {"scene": {"scene_str": "x" * 65}}
    assert create(action_name="QR_LIMIT_STR_SCENE", action_info=too_long)["errcode"] == 40097
    assert create(action_name="QR_SOMETHING", action_info={})["errcode"] == 40097
