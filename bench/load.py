"""Load on the WeChat callback, side by side with the bare-framework floor.

zhunong is started on loopback (its own SQLite file, or a PostgreSQL database made for the run
and dropped after it) with the demo township and three open listings, and signed callbacks are
driven at it: (a) orders, plain and encrypted, (b) a realistic mix, (c) retry storms,
(d) a burst of 10,000 first-time buyers. Each scenario is then sent, byte for byte, to a bare
FastAPI endpoint under the same generator: the floor. After each scenario the database is
checked: no listing oversold, no order lost or doubled.

    python bench/load.py                                  # SQLite, one process
    python bench/load.py --postgres URL --apps 2          # PostgreSQL, two app processes
    python bench/load.py --scale 0.05                     # a quick look

Exits non-zero when a check fails or, with --targets, when a target is missed.
"""

import argparse
import asyncio
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

import migrations  # noqa: E402
from bench import checks, loadgen, scenarios, servers  # noqa: E402
from core.database import Database  # noqa: E402
from tests.live import environment  # noqa: E402

TOKEN, APP_ID = "bench-token", "wx0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
PLAIN = loadgen.Signer(TOKEN)
SAFE = loadgen.Signer(TOKEN, APP_ID, AES_KEY)
TARGET_RATIO, TARGET_P99_MS, TARGET_RSS_MB, BURST_LIMIT_S = 0.5, 50.0, 200.0, 5.0


@dataclass
class Row:
    scenario: str
    mode: str
    connections: int
    outcome: loadgen.Outcome
    cpu_ms: float
    rss_mb: float
    floor: loadgen.Outcome
    problems: list[str]

    @property
    def ratio(self) -> float:
        return self.outcome.throughput / self.floor.throughput if self.floor.throughput else 0


def plan(township: scenarios.Township, scale: float,
         burst: int | None = None) -> list[tuple[scenarios.Scenario, str]]:
    def n(count: int) -> int:
        return max(10, int(count * scale))

    return [
        (scenarios.ordering(township, n(1000), 1, prefix="bench_one"), "plain"),
        (scenarios.ordering(township, n(3000), 16), "plain"),
        (scenarios.ordering(township, n(3000), 16, prefix="bench_safe"), "aes"),
        (scenarios.ordering(township, n(3000), 64, prefix="bench_wide"), "plain"),
        (scenarios.mix(township, n(3000), 16), "plain"),
        (scenarios.retry_storm(township, n(1000), 16), "plain"),
        (scenarios.burst(township, burst or n(10_000), 64), "plain"),
    ]


async def measure(ports: list[int], processes: servers.Processes, requests: list[list[bytes]],
                  connections: int) -> tuple[loadgen.Outcome, float, float]:
    processes.reset_peak()
    cpu = processes.cpu_seconds()
    outcome = await loadgen.run("127.0.0.1", ports, requests, connections)
    cpu_ms = (processes.cpu_seconds() - cpu) * 1000 / max(1, outcome.count)
    return outcome, cpu_ms, processes.peak_rss_mb()


def run_scenario(db: Database, zhunong, scenario: scenarios.Scenario, mode: str) -> Row:
    requests = loadgen.prepare(scenario.scripts, SAFE if mode == "aes" else PLAIN)
    before = checks.counts(db)
    outcome, cpu_ms, rss = asyncio.run(measure(*zhunong, requests, scenario.connections))
    problems = checks.verify(db, before, orders=scenario.orders, cancels=scenario.cancels,
                             distinct=scenario.distinct)
    with servers.floor() as floor:
        bare, _, _ = asyncio.run(measure(*floor, requests, scenario.connections))
    return Row(scenario.name, mode, scenario.connections, outcome, cpu_ms, rss, bare, problems)


@contextmanager
def database(postgres: str | None) -> Iterator[str]:
    if not postgres:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    name = f"zhunong_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench(postgres: str | None, apps: int, scale: float, only: set[str] | None,
          burst: int | None = None) -> list[Row]:
    with database(postgres) as url:
        migrations.upgrade(url)
        db = Database(url)
        township = scenarios.prepare(db, max(10, int(scenarios.CANCELLERS * scale)))
        env = environment(url, wechat_token=TOKEN, wechat_app_id=APP_ID,
                                  wechat_aes_key=AES_KEY,
                                  # requests are signed before the run, which may outlast
                                  # the replay window of 5 minutes
                                  wechat_max_clock_skew="3600",
                                  # the officials of the mix import 接龙 lists far faster
                                  # than a person writes: no per-person rate limit here
                                  rate_limit_per_minute="0")
        rows = []
        with servers.zhunong(env, apps, separate_worker=bool(postgres)) as zhunong:
            print(f"# server processes: {zhunong[1].pids}", file=sys.stderr, flush=True)
            warmup = scenarios.ordering(township, max(10, int(200 * scale)), 8,
                                        prefix="bench_warm")
            run_scenario(db, zhunong, warmup, "plain")
            for scenario, mode in plan(township, scale, burst):
                if only and scenario.name not in only:
                    continue
                rows.append(run_scenario(db, zhunong, scenario, mode))
                print(line(rows[-1]), flush=True)
        db.dispose()
    return rows


HEADER = ("| scenario | mode | conns | msgs | msg/s | p50 ms | p99 ms | max ms | CPU ms/msg "
          "| peak RSS MB | deferred | floor msg/s | floor p99 ms | ratio | checks |")


def line(row: Row) -> str:
    o, f = row.outcome, row.floor
    checked = "ok" if not row.problems and not o.errors else "; ".join(
        row.problems + ([f"{o.errors} errors {o.statuses}"] if o.errors else []))
    return (f"| {row.scenario} | {row.mode} | {row.connections} | {o.count} | "
            f"{o.throughput:.0f} | {o.p50 * 1000:.1f} | {o.p99 * 1000:.1f} | "
            f"{o.slowest * 1000:.0f} | {row.cpu_ms:.2f} | {row.rss_mb:.0f} | {o.deferred} | "
            f"{f.throughput:.0f} | {f.p99 * 1000:.1f} | {row.ratio:.2f} | {checked} |")


def missed_targets(rows: list[Row]) -> list[str]:
    missed = []
    for row in rows:
        name = f"{row.scenario} ({row.mode}, {row.connections})"
        if row.scenario == "orders" and row.connections == 16:
            if row.ratio < TARGET_RATIO:
                missed.append(f"{name}: {row.ratio:.2f} of the floor")
            if row.outcome.p99 * 1000 > TARGET_P99_MS:
                missed.append(f"{name}: p99 {row.outcome.p99 * 1000:.1f} ms")
        if row.rss_mb > TARGET_RSS_MB:
            missed.append(f"{name}: peak RSS {row.rss_mb:.0f} MB")
        if row.scenario == "burst" and (row.outcome.slowest > BURST_LIMIT_S
                                        or row.outcome.deferred):
            missed.append(f"{name}: slowest {row.outcome.slowest:.2f} s, "
                          f"{row.outcome.deferred} deferred")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a database is made on it")
    parser.add_argument("--apps", type=int, default=1, help="app processes sharing the port")
    parser.add_argument("--scale", type=float, default=1.0, help="scale every scenario's size")
    parser.add_argument("--only", nargs="*", help="scenario names to run")
    parser.add_argument("--burst", type=int, help="buyers in the burst, at any scale")
    parser.add_argument("--targets", action="store_true", help="fail when a target is missed")
    args = parser.parse_args()
    print(HEADER)
    print("|" + "---|" * HEADER.count(" | ") + "---|")
    rows = bench(args.postgres, args.apps, args.scale, set(args.only or ()), args.burst)
    failed = [f"{row.scenario}: {row.problems}" for row in rows if row.problems]
    failed += [f"{row.scenario}: {row.outcome.errors} errors" for row in rows if row.outcome.errors]
    missed = missed_targets(rows) if args.targets else []
    for problem in failed + missed:
        print("FAILED:", problem)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
