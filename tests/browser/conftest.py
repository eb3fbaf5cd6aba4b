"""A real browser: Debian's Chromium, driven headless by Playwright."""

import shutil
from pathlib import Path

import pytest

from tests.conftest import TOKEN
from tests.live import environment, server, zhunong

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def browser():
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (Debian package: chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A page the size of the phone an official holds (375 px wide)."""
    context = browser.new_context(viewport={"width": 375, "height": 780}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture
def live_demo(db):
    """zhunong serving the demo township, as after `make run`."""
    env = environment(db.url, wechat_token=TOKEN)
    zhunong("roster", "import", "examples/huangtuling.yaml", env=env)
    with server(env) as base:
        yield base


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
