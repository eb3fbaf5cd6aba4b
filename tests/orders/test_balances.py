"""Balances from the ledger: to the fen, whatever the order rows say, and fast at 100,000 orders."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import select

from catalog import service as catalog
from orders import service as orders
from orders.balances import Balance, balances
from orders.models import Order, OrderStatus
from roster.importer import import_roster, load
from roster.models import Person, Township


def person(session, name: str) -> Person:
    return session.exec(select(Person).where(Person.name == name)).one()


def listing(session, farmer: str, product: str, quantity: str, price_fen: int):
    return catalog.create(session, author=person(session, "颜昌琪"),
                          farmer=person(session, farmer), product=product, unit="斤",
                          quantity=Decimal(quantity), price_fen=price_fen)


def sums(balance: Balance) -> tuple[int, int, int, int]:
    return (balance.ordered_fen, balance.delivered_fen, balance.paid_fen,
            balance.outstanding_fen)


def by_name(people: list[Balance]) -> dict[str, tuple[int, int, int, int]]:
    return {balance.name: sums(balance) for balance in people}


def scenario(session) -> None:
    """A catch-weight delivery, a change, a cancel, partial and full payments, a refund."""
    broccoli = listing(session, "李佰飞", "西蓝花", "1000", 250)
    cabbage = listing(session, "周秋生", "白菜", "500", 120)
    liu, wang, chen = (person(session, n) for n in ("刘友良", "王桂兰", "陈师傅"))

    canteen = orders.place(session, listing=broccoli, buyer=liu, quantity=Decimal(300))
    orders.deliver(session, order=canteen, weight=Decimal("296.4"))  # 74100, not 75000
    orders.pay(session, order=canteen, amount_fen=50_000, method="微信")
    changed = orders.place(session, listing=cabbage, buyer=liu, quantity=Decimal(100))
    orders.change(session, order=changed, quantity=Decimal(80))  # 12000 → 9600
    dropped = orders.place(session, listing=broccoli, buyer=wang, quantity=Decimal(20))
    orders.cancel(session, order=dropped)
    small = orders.place(session, listing=broccoli, buyer=wang, quantity=Decimal("9.6"))
    orders.deliver(session, order=small)
    orders.pay(session, order=small, amount_fen=2400, method="现金")
    school = orders.place(session, listing=cabbage, buyer=chen, quantity=Decimal("33.3"))
    orders.pay(session, order=school, amount_fen=1000)
    orders.pay(session, order=school, amount_fen=-1000)  # refunded


def test_balances_in_a_scenario_to_the_fen(township):
    with township.transaction() as session:
        scenario(session)
    with township.session() as session:
        result = balances(session)
    assert by_name(result.buyers) == {
        "王桂兰": (2400, 2400, 2400, 0),
        "刘友良": (75_000 + 9600, 74_100, 50_000, 74_100 + 9600 - 50_000),
        "陈师傅": (3996, 0, 0, 3996),
    }
    assert by_name(result.farmers) == {
        "李佰飞": (77_400, 76_500, 52_400, 74_100 + 2400 - 52_400),
        "周秋生": (13_596, 0, 0, 13_596),
    }
    assert [b.village for b in result.buyers] == ["麻城村", None, None]
    assert [b.id for b in result.buyers] == sorted(b.id for b in result.buyers)


def test_balances_agree_with_the_orders_amounts(township):
    with township.transaction() as session:
        scenario(session)
    with township.session() as session:
        assert_agrees_with_orders(session)


def assert_agrees_with_orders(session) -> None:
    """What is owed equals, to the fen, the live orders' current amounts less the payments."""
    result = balances(session)
    for balance in result.buyers:
        live = session.exec(select(Order).where(Order.buyer_id == balance.id,
                                                Order.status != OrderStatus.cancelled)).all()
        delivered = [o.amount_fen for o in live if o.status == OrderStatus.delivered]
        assert balance.delivered_fen == sum(delivered)
        assert balance.outstanding_fen == sum(o.amount_fen for o in live) - balance.paid_fen
    total = sum(b.outstanding_fen for b in result.buyers)
    assert total == sum(f.outstanding_fen for f in result.farmers)


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["place", "change", "cancel", "deliver", "weigh", "pay", "refund"]),
    st.integers(min_value=0, max_value=9),  # which order, or which buyer for a new one
    st.decimals(min_value=Decimal("0.1"), max_value=Decimal(60), places=1),
), max_size=25)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_history_keeps_the_ledger_and_the_orders_in_step(township, operations):
    with township.session() as session, session.begin():
        broccoli = listing(session, "李佰飞", "西蓝花", "100000", 250)
        buyers = [person(session, n) for n in ("刘友良", "王桂兰", "陈师傅")]
        placed: list[Order] = []
        for step, pick, amount in operations:
            apply(session, step, pick, amount, broccoli, buyers, placed)
        assert_agrees_with_orders(session)
        session.rollback()


def apply(session, step, pick, amount, broccoli, buyers, placed) -> None:
    if step == "place" or not placed:
        placed.append(orders.place(session, listing=broccoli, buyer=buyers[pick % 3],
                                   quantity=amount))
        return
    order = placed[pick % len(placed)]
    is_open = order.status == OrderStatus.open
    if step == "change" and is_open:
        orders.change(session, order=order, quantity=amount)
    elif step == "cancel" and is_open:
        orders.cancel(session, order=order)
    elif step in ("deliver", "weigh") and is_open:
        orders.deliver(session, order=order, weight=amount if step == "weigh" else None)
    elif step in ("pay", "refund") and order.status != OrderStatus.cancelled:
        paid = orders.fen(amount, 100)
        orders.pay(session, order=order, amount_fen=paid if step == "pay" else -paid)


def test_only_the_townships_people(township):
    with township.transaction() as session:
        scenario(session)
        import_roster(session, load(
            "township: 网岭镇\nvillages:\n  - name: 罗家村\n"
            "    farmers: [{name: 罗大爷}]\n"))
        luo = listing(session, "罗大爷", "红薯", "100", 150)
        orders.place(session, listing=luo, buyer=person(session, "刘友良"),
                     quantity=Decimal(10))
    with township.session() as session:
        home = session.exec(select(Township).where(Township.name == "皇图岭镇")).one()
        away = session.exec(select(Township).where(Township.name == "网岭镇")).one()
        assert "罗大爷" not in by_name(balances(session, township_id=home.id).farmers)
        assert by_name(balances(session, township_id=away.id).farmers) == {
            "罗大爷": (1500, 0, 0, 1500)}


ORDERS = 100_000


def test_balances_of_100000_orders_in_one_query(township):
    with township.transaction() as session:
        broccoli = listing(session, "李佰飞", "西蓝花", "10000000", 250)
        buyers = [person(session, n).id for n in ("刘友良", "王桂兰", "陈师傅")]
        fill(session, broccoli, buyers)
    with township.session() as session:
        result = balances(session)
    expected = {buyer: [0, 0, 0, 0] for buyer in buyers}
    for i in range(1, ORDERS + 1):
        ordered, delivered, paid = history(i)
        due = delivered if i % 2 == 0 else ordered
        for index, value in enumerate((ordered, delivered, paid, due - paid)):
            expected[buyers[i % 3]][index] += value
    assert {b.id: list(sums(b)) for b in result.buyers} == expected
    assert {b.id: list(sums(b)) for b in result.farmers} == {
        broccoli.farmer_id: [sum(column) for column in zip(*expected.values(), strict=True)]}


def history(i: int) -> tuple[int, int, int]:
    """Order i: 10 斤 at 2.5 (2500); even ones delivered at 9.6 斤, every 7th odd one cancelled,
    every 5th paid 1000."""
    ordered = 0 if i % 7 == 0 and i % 2 == 1 else 2500
    return ordered, 2400 if i % 2 == 0 else 0, 1000 if i % 5 == 0 else 0


def fill(session, broccoli, buyers: list[int]) -> None:
    """Orders and their ledger rows written by the database itself, as the services would."""
    numbers = f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ORDERS})"
    now = {"now": broccoli.created_at, "listing": broccoli.id, "farmer": broccoli.farmer_id,
           "township": broccoli.township_id, "a": buyers[0], "b": buyers[1], "c": buyers[2]}
    session.execute(text(
        f"INSERT INTO purchase_order (id, township_id, code, listing_id, buyer_id, quantity, "
        f"price_fen, amount_fen, status, note, created_at) {numbers} "
        "SELECT i, :township, i, :listing, "
        "CASE i % 3 WHEN 0 THEN :a WHEN 1 THEN :b ELSE :c END, 10000, 250, 2500, 'open', '', "
        ":now FROM n"), now)
    entries = (
        "INSERT INTO ledger_entry (kind, order_id, listing_id, buyer_id, farmer_id, quantity, "
        "ordered_fen, delivered_fen, paid_fen, created_at) "
        "SELECT '{kind}', id, listing_id, buyer_id, :farmer, {quantity}, {ordered}, "
        "{delivered}, {paid}, :now FROM purchase_order WHERE {where}")
    for kind, quantity, ordered, delivered, paid, where in [
        ("ordered", 10000, 2500, 0, 0, "1 = 1"),
        ("delivered", 9600, 0, 2400, 0, "id % 2 = 0"),
        ("cancelled", -10000, -2500, 0, 0, "id % 7 = 0 AND id % 2 = 1"),
        ("paid", 0, 0, 0, 1000, "id % 5 = 0"),
    ]:
        session.execute(text(entries.format(kind=kind, quantity=quantity, ordered=ordered,
                                            delivered=delivered, paid=paid, where=where)), now)
