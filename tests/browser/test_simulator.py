"""The chat simulator in a real browser: pick a person, type, read the bot's reply."""

from tests.browser.conftest import screenshot


def test_an_official_asks_for_help_and_binding_works_for_a_newcomer(live_demo, phone):
    phone.goto(f"{live_demo}/simulator")
    phone.select_option("#person", label="颜昌琪 · 村干部 · 麻城村")
    phone.fill("#text", "帮助")
    phone.press("#text", "Enter")
    reply = phone.locator(".bubble.bot").last
    reply.wait_for()
    assert "帮李佰飞发布" in reply.inner_text()

    phone.select_option("#person", value="new")
    phone.click("#follow")
    phone.locator(".bubble.bot", has_text="欢迎关注助农").wait_for()
    screenshot(phone, "simulator")


def test_the_simulator_is_off_when_a_real_account_is_configured(db):
    import httpx

    from tests.conftest import TOKEN
    from tests.live import environment, server

    env = environment(db.url, wechat_token=TOKEN, wechat_app_secret="real-app-secret")
    with server(env) as base:
        assert httpx.get(f"{base}/simulator").status_code == 404
        assert httpx.get(f"{base}/healthz").status_code == 200
