"""The bare order path of `bench/bare.py` runs on the real schema and does what an order does.

If the schema moves on and the bare statements no longer match it, this fails, so the ceiling
`make bench` reports stays a measure of zhunong's own work."""

from bench import bare

COUNTS = {table: f"SELECT count(*) FROM {table}"
          for table in ("purchase_order", "ledger_entry", "inbound_message")}


def test_bare_orders_reserve_stock_and_record_each_order_once(tmp_path):
    township = bare.Township(str(tmp_path))
    township.known_buyers()
    run = township.connection.execute
    stock = "SELECT id, remaining FROM listing"
    before = dict(run(stock).fetchall())
    counted = {table: run(sql).fetchone()[0] for table, sql in COUNTS.items()}

    replies = [township.order(*township.callback(n)) for n in range(6)]

    assert len(set(replies)) == 6  # six order numbers
    after = dict(run(stock).fetchall())
    # Two orders of 1 斤 for each of the three listings, in thousandths of a 斤.
    assert {listing: before[listing] - after[listing] for listing in before} == dict.fromkeys(
        before, 2000)
    assert {table: run(sql).fetchone()[0] - counted[table]
            for table, sql in COUNTS.items()} == dict.fromkeys(COUNTS, 6)
    assert run("SELECT DISTINCT status FROM inbound_message").fetchall() == [("handled",)]
    township.connection.close()
