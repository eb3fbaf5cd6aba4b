"""The load harness at a tiny scale: its own correctness checks hold, and catch nothing amiss.

Throughput and latency are measured by `make bench`, never asserted here."""

from bench import load


def test_a_small_load_run_leaves_no_listing_oversold_and_no_order_lost_or_doubled():
    rows = load.bench(None, apps=1, scale=0.005, only={"orders", "mix", "retry x3"})
    assert {row.scenario for row in rows} == {"orders", "mix", "retry x3"}
    for row in rows:
        assert row.problems == [], row.scenario
        assert row.outcome.errors == 0, row.outcome.statuses
        assert row.outcome.count > 0 and row.floor.count == row.outcome.count
