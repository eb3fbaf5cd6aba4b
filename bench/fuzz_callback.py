"""Thousands of malformed and hostile callbacks at a real zhunong on loopback: `make fuzz`.

zhunong is started as `make run` starts it (its own SQLite file, or a PostgreSQL database made
for the run and dropped after it) with the demo township, and with an EncodingAESKey, so that it
takes plaintext and encrypted callbacks alike. The callbacks are drawn from the fuzz test's
strategies (tests/webhooks/hostile.py), in two rounds:

1. callbacks WeChat could not have sent (forged or missing signatures, stale or odd
   timestamps, another key or appid, bad padding, garbage ciphertext): each must be a 4xx with
   a reason, and no table may gain or lose a row;
2. signed callbacks, hostile and well-formed: a 2xx ("success" or a reply) whose message is
   stored, or a 4xx with a reason; a well-formed one must be answered.

Never a 5xx and never a hang (each request gets 10 s). Prints the counts by status code, the
refusals by reason, and what the server logged; exits 1 on any 5xx, hang, failed check or
stray row.

    python bench/fuzz_callback.py                         # 5,000 callbacks on SQLite
    python bench/fuzz_callback.py -n 500 --seed 1         # a quick, repeatable look
    python bench/fuzz_callback.py --postgres URL          # on PostgreSQL
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

import migrations  # noqa: E402
from bench.load import database  # noqa: E402
from core.database import Database, metadata  # noqa: E402
from roster.importer import import_roster, load  # noqa: E402
from tests.live import ZHUNONG, environment, free_port  # noqa: E402
from tests.webhooks.hostile import Callback, Keys, callbacks, response_problems  # noqa: E402
from webhooks import translate  # noqa: E402
from webhooks.models import InboundMessage  # noqa: E402

KEYS = Keys(token="fuzz-token", app_id="wx0123456789abcdef",
            aes_key="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
TIMEOUT = 10.0  # seconds: the reply budget is 4, so a request this slow is a hang
UNVERIFIED_SHARE = 0.4
EXCEPTION = re.compile(r"^[\w.]+(Error|Exception|Exit)\b")


@dataclass
class Round:
    name: str
    statuses: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    hangs: int = 0
    broken: int = 0  # connections refused or dropped: the server died or hung up

    @property
    def sent(self) -> int:
        return sum(self.statuses.values()) + self.hangs + self.broken

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


@contextmanager
def serving(env: dict, log: Path) -> Iterator[str]:
    """`zhunong serve` with its log in a file: a pipe nobody reads would stall it."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen([ZHUNONG, "serve", "--port", str(port)], env=env, cwd=ROOT,
                                   stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _healthy(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"zhunong serve did not start: {log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def rows_per_table(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table.name: connection.execute(select(func.count()).select_from(table)).scalar()
                for table in metadata.sorted_tables}


def is_stored(db: Database, callback: Callback) -> bool:
    key = translate.parse(callback.plaintext).record.dedupe_key
    with db.engine.connect() as connection:
        query = select(InboundMessage.id).where(InboundMessage.dedupe_key == key)
        return connection.execute(query).first() is not None


def drive(client: httpx.Client, db: Database, tally: Round, count: int, authentic: bool,
          seed_value: int | None) -> None:
    """`count` callbacks drawn by hypothesis; every outcome is tallied, none stops the run."""

    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(callbacks(KEYS, authentic=authentic))
    def one(callback: Callback) -> None:
        try:
            response = client.post("/wechat", params=list(callback.params),
                                   content=callback.body)
        except httpx.TimeoutException:
            tally.hangs += 1
            tally.problems.append(f"no answer in {TIMEOUT:.0f} s for {callback.kind}")
            return
        except httpx.TransportError as error:
            tally.broken += 1
            tally.problems.append(f"{type(error).__name__} ({error}) for {callback.kind}, "
                                  f"{len(callback.body)} bytes")
            return
        tally.statuses[response.status_code] += 1
        if 400 <= response.status_code < 500:
            tally.reasons[_reason(response)] += 1
        tally.problems += response_problems(callback, response.status_code, response.text)
        if response.is_success and callback.authentic and not is_stored(db, callback):
            tally.problems.append(f"answered but not stored: {callback.kind}")

    if seed_value is not None:
        one = seed(seed_value)(one)
    one()


def _reason(response: httpx.Response) -> str:
    try:
        return f"{response.status_code} {json.loads(response.text)['detail']}"
    except (ValueError, KeyError, TypeError):
        return f"{response.status_code} (no reason)"


def fuzz(count: int, postgres: str | None, seed_value: int | None,
         log: Path | None) -> tuple[list[Round], dict]:
    """Both rounds against one server; returns them and the rows the first one left behind."""
    with database(postgres) as url, tempfile.TemporaryDirectory() as folder:
        migrations.upgrade(url)
        db = Database(url)
        with db.transaction() as session:
            roster = (ROOT / "examples" / "huangtuling.yaml").read_text(encoding="utf-8")
            import_roster(session, load(roster))
        env = environment(url, wechat_token=KEYS.token, wechat_app_id=KEYS.app_id,
                          wechat_aes_key=KEYS.aes_key)
        log = log or Path(folder) / "server.log"
        unverified, signed = Round("unverified"), Round("signed")
        with serving(env, log) as base, httpx.Client(base_url=base, timeout=TIMEOUT) as client:
            before = rows_per_table(db)
            drive(client, db, unverified, round(count * UNVERIFIED_SHARE), False, seed_value)
            after = rows_per_table(db)
            stray = {name: after[name] - before[name] for name in before
                     if after[name] != before[name]}
            drive(client, db, signed, count - unverified.sent, True, seed_value)
            if not _healthy(base):
                signed.problems.append("the server is no longer healthy")
        signed.reasons.update(_stored_outcomes(db))
        _server_log(log.read_text(encoding="utf-8", errors="replace"), signed)
        db.dispose()
    return [unverified, signed], stray


def _stored_outcomes(db: Database) -> Counter:
    with db.engine.connect() as connection:
        query = select(InboundMessage.status, func.count()).group_by(InboundMessage.status)
        return Counter({f"stored, {status}": count for status, count in connection.execute(query)})


def _server_log(text: str, tally: Round) -> None:
    """A handler that failed answers politely, but the failure is a bug worth seeing."""
    errors = [line for line in text.splitlines() if " ERROR " in line]
    tally.reasons.update({"server log: ERROR lines": len(errors),
                          "server log: tracebacks": text.count("Traceback")})
    # The last line of each traceback names the exception.
    raised = Counter(line for line in text.splitlines() if EXCEPTION.match(line))
    tally.reasons.update({f"server log: {line[:160]}": n for line, n in raised.items()})


def report(rounds: list[Round], stray: dict, seconds: float) -> list[str]:
    failures = []
    for tally in rounds:
        codes = ", ".join(f"{status}: {n}" for status, n in sorted(tally.statuses.items()))
        print(f"{tally.name}: {tally.sent} sent; {codes}; 5xx: {tally.server_errors}; "
              f"hangs: {tally.hangs}; broken connections: {tally.broken}")
        for reason, n in tally.reasons.most_common():
            print(f"    {n:6}  {reason}")
        failures += tally.problems
    print(f"rows left behind by unverified callbacks: {sum(stray.values())} {stray or ''}")
    print(f"{sum(t.sent for t in rounds)} callbacks in {seconds:.0f} s")
    if stray:
        failures.append(f"unverified callbacks changed rows: {stray}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=5000, help="callbacks in all")
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a database is made on it")
    parser.add_argument("--seed", type=int, help="draw the same callbacks as an earlier run")
    parser.add_argument("--log", type=Path, help="keep the server's log in this file")
    args = parser.parse_args()
    started = time.monotonic()
    rounds, stray = fuzz(args.count, args.postgres, args.seed, args.log)
    failures = report(rounds, stray, time.monotonic() - started)
    for failure in Counter(failures).most_common(20):
        print("FAILED:", *failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
