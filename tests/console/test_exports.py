"""Exports: the totals of every file equal the JSON API's, to the fen."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from core import tokens
from orders import service as orders
from tests.api.conftest import act, place

ADMIN, MACHENG = "镇管理员", "颜昌琪"


@pytest.fixture
def api(township) -> dict:
    with township.transaction() as session:
        return {"Authorization": f"Bearer {tokens.create(session, name='exports')}"}


@pytest.fixture
def weighed(township, sales) -> dict:
    """The re-weighing the officials chase by hand: 200 jin ordered, 195.5 delivered, and
    payments that leave a few fen outstanding."""
    act(township, sales["canteen_order"], orders.deliver, weight=Decimal("195.5"))
    act(township, sales["canteen_order"], orders.pay, amount_fen=48_000, method="微信")
    act(township, sales["villager_order"], orders.pay, amount_fen=1_999)
    cancelled = place(township, sales["macheng"], "王桂兰", "7")
    act(township, cancelled, orders.cancel)
    place(township, sales["macheng"], "陈师傅", "33.3")
    return sales


def _workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)


def _fen(value) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


async def test_the_roster_xlsx_totals_equal_the_api_orders(browsers, client, api, weighed):
    browser = await browsers(ADMIN)
    book = _workbook(await browser.get("/console/export/deliveries.xlsx?all=true"))
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0][:3] == ("货品", "单位", "单数")
    *products, total = summary[1:]
    live = [o for o in (await client.get("/api/orders", headers=api)).json()
            if o["status"] != "cancelled"]
    assert _fen(total[5]) == sum(o["amount_fen"] for o in live)
    assert total[2] == len(live) == 4
    by_product = {row[0]: row for row in products}
    assert _fen(by_product["西蓝花"][5]) == sum(o["amount_fen"] for o in live if o["unit"] == "斤")
    assert Decimal(str(by_product["西蓝花"][3])) == Decimal("195.5") + 10 + Decimal("33.3")
    assert Decimal(str(by_product["土鸡蛋"][4])) == 20  # 2 boxes of 10 jin
    assert book.sheetnames[1:] == ["皇图岭镇政府食堂", "皇图岭镇中学食堂", "麻城村村委会"]
    canteen = list(book["皇图岭镇政府食堂"].iter_rows(values_only=True))
    assert canteen[1][2:8] == ("D1", "刘友良", "13800000201", "西蓝花", 195.5, "斤")


async def test_the_roster_as_an_official_counts_only_the_village(browsers, client, api, weighed):
    browser = await browsers(MACHENG)
    book = _workbook(await browser.get("/console/export/deliveries.xlsx?all=true"))
    total = list(book["汇总"].iter_rows(values_only=True))[-1]
    orders_of_listing = (await client.get(
        f"/api/orders?listing={weighed['macheng'].id}", headers=api)).json()
    assert _fen(total[5]) == sum(o["amount_fen"] for o in orders_of_listing
                                 if o["status"] != "cancelled")


async def test_a_canteen_statement_equals_the_api_balance(browsers, client, api, township,
                                                          weighed):
    browser = await browsers(ADMIN)
    page = await browser.get("/console/statements")
    canteen_id = page.text.split('name="canteen"><option value="')[1].split('"')[0]
    book = _workbook(await browser.get(f"/console/export/statement.xlsx?canteen={canteen_id}"))
    rows = list(book.active.iter_rows(values_only=True))
    total = rows[-1]
    balances = (await client.get("/api/ledger/balances", headers=api)).json()
    liu = next(b for b in balances["buyers"] if b["name"] == "刘友良")
    assert _fen(total[8]) == liu["paid_fen"] == 48_000
    assert _fen(total[7]) == liu["outstanding_fen"] + liu["paid_fen"] == 48_875
    assert liu["outstanding_fen"] == 875  # 195.5 jin × 2.5 yuan, less 480 paid

    text = (await browser.get(f"/console/export/statement.csv?canteen={canteen_id}")).text
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[-1][7:9] == ["488.75", "480.00"]


async def test_payouts_equal_the_api_farmer_balances(browsers, client, api, weighed):
    browser = await browsers(ADMIN)
    book = _workbook(await browser.get("/console/export/payouts.xlsx"))
    rows = list(book.active.iter_rows(values_only=True))
    header, *lines, total = rows
    assert header[0] == "农户"
    farmers = (await client.get("/api/ledger/balances", headers=api)).json()["farmers"]
    assert _fen(total[9]) == sum(f["delivered_fen"] for f in farmers)
    assert _fen(total[10]) == sum(f["paid_fen"] for f in farmers)
    li = next(f for f in farmers if f["name"] == "李佰飞")
    assert sum(_fen(line[10]) for line in lines if line[0] == "李佰飞") == li["paid_fen"]


async def test_orders_csv_streams_every_row_with_its_filters(browsers, client, api, weighed):
    browser = await browsers(ADMIN)
    response = await browser.get("/console/export/orders.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "filename*=UTF-8''%E8%AE%A2%E5%8D%95.csv" in response.headers["content-disposition"]
    header, *rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    api_orders = (await client.get("/api/orders", headers=api)).json()
    assert [row[0] for row in rows] == [o["code"] for o in api_orders]
    assert sum(_fen(row[12]) for row in rows) == sum(o["amount_fen"] for o in api_orders)
    first = dict(zip(header, rows[0], strict=True))
    assert (first["实收数量"], first["金额(元)"], first["已付(元)"], first["状态"]) == (
        "195.5", "488.75", "480.00", "已送达")

    cancelled = await browser.get("/console/export/orders.csv?status=cancelled")
    assert [r[0] for r in csv.reader(io.StringIO(cancelled.text.lstrip("\ufeff")))][1:] == ["D4"]
    book = _workbook(await browser.get("/console/export/orders.xlsx?status=open"))
    codes = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert codes == [o["code"] for o in api_orders if o["status"] == "open"]
