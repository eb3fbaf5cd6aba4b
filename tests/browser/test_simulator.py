"""The chat simulator in a real browser: pick a person, type, read the bot's reply."""

from tests.browser.conftest import screenshot


def test_an_official_asks_for_help_and_binding_works_for_a_newcomer(live_demo, phone):
    phone.goto(f"{live_demo}/simulator")
    phone.select_option("#person", label="颜昌琪 · 村干部 · 麻城村")
    phone.fill("#text", "帮助")
    phone.press("#text", "Enter")
    reply = phone.locator(".bubble.reply").last
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


def test_an_official_publishes_and_sees_every_group_receive_it(live_demo, phone):
    phone.goto(f"{live_demo}/simulator")
    phone.select_option("#person", label="颜昌琪 · 村干部 · 麻城村")
    for text in ("帮李佰飞发布 西蓝花 5000斤 2.5元一斤 村部自提", "确认"):
        phone.fill("#text", text)
        phone.press("#text", "Enter")
        phone.wait_for_function(
            "n => document.querySelectorAll('.bubble.reply').length >= n",
            arg=1 if text != "确认" else 2)
    assert "已发布：1号" in phone.locator(".bubble.reply").last.inner_text()
    phone.locator(".out", has_text="石桥村村民群").first.wait_for()
    card = phone.locator("img.card").first
    card.wait_for()
    assert phone.evaluate("img => img.naturalWidth", card.element_handle()) == 750
    # The worker sends while the page polls: wait for all 26 groups, not for the first few.
    phone.wait_for_function(
        "() => [...document.querySelectorAll('.out')].filter(e => e.innerText.includes('已发送'))"
        ".length >= 26")
    screenshot(phone, "simulator-broadcast")
