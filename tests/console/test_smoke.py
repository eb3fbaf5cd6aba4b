"""Every page renders for an official and an admin."""

import pytest

PAGES = ["/console", "/console/listings", "/console/listings/new", "/console/orders",
         "/console/deliveries", "/console/statements", "/console/payouts", "/console/roster",
         "/console/messages"]


@pytest.mark.parametrize("name", ["颜昌琪", "镇管理员"])
async def test_every_page_renders(browsers, sales, name):
    browser = await browsers(name)
    for url in PAGES:
        response = await browser.get(url)
        assert response.status_code == 200, (url, response.text[-2000:])
        assert "助农后台" in response.text
