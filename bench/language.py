"""Benchmark the language layer: median time to read one corpus message, cold import time,
and a fuzz run of random inputs (none may raise; the slowest is reported).

Run `python bench/language.py`; it exits non-zero when a target is missed or an input raises.
"""

import csv
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "bot" / "language" / "corpus"
TARGET_MEDIAN_US = 100.0
TARGET_IMPORT_MS = 200.0
ROUNDS = 50
IMPORT_RUNS = 5
FUZZ_INPUTS = 10_000
FUZZ_SEED = 20240601
FUZZ_TARGET_MS = 10.0
# Characters the patterns care about, mixed with any Unicode, so the fuzz reaches the patterns.
FUZZ_ALPHABET = (
    "0123456789.,/~-+#号订要卖取消吗元块毛角分钱斤两公千克吨担箱袋件筐把个板"
    "一二两三四五六七八九十百千万亿零半几多来余每第点周天上下午送自提接龙西兰花土豆\n "
)
HEAVY_MODULES = ("jieba", "cn2an", "yaml", "jinja2", "sqlmodel", "fastapi")

IMPORT_PROBE = f"""
import sys, time
started = time.perf_counter()
import bot.language
elapsed = time.perf_counter() - started
heavy = [name for name in {HEAVY_MODULES!r} if name in sys.modules]
print(elapsed * 1000, ",".join(heavy))
"""


def messages() -> list[str]:
    found = []
    for path in sorted(CORPUS.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                found.append((row.get("text") or row.get("input") or "").replace("\\n", "\n"))
    return found


def median_microseconds(texts: list[str]) -> float:
    sys.path.insert(0, str(ROOT))
    from bot.language import parse
    from bot.language.reader import _facts

    for text in texts:
        parse(text)  # the produce dictionary is loaded on first use, not timed here
    per_message = []
    for text in texts:
        elapsed = 0.0
        for _ in range(ROUNDS):
            # The reader keeps the last texts' facts for a second reading of the same message
            # (an order is read again in its listing's unit); each round here reads afresh.
            _facts.cache_clear()
            started = time.perf_counter()
            parse(text)
            elapsed += time.perf_counter() - started
        per_message.append(elapsed / ROUNDS * 1e6)
    return statistics.median(per_message)


def fuzz_input(chance: random.Random) -> str:
    size = chance.choice((chance.randint(0, 40), chance.randint(0, 400), chance.randint(0, 6000)))
    if chance.random() < 0.5:
        return "".join(chance.choice(FUZZ_ALPHABET) for _ in range(size))
    return "".join(chr(chance.randint(0, 0x2FFFF)) for _ in range(size))


def fuzz() -> tuple[int, float, int]:
    """Random inputs read by the raising core of `parse`: (errors, slowest ms, over target)."""
    from bot.language.reader import MAX_CHARS, _read

    chance = random.Random(FUZZ_SEED)
    errors, slowest, over = 0, 0.0, 0
    for _ in range(FUZZ_INPUTS):
        text = fuzz_input(chance)[:MAX_CHARS]
        started = time.perf_counter()
        try:
            _read(text, None, None)
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown
            errors += 1
            print(f"error on {text[:60]!r}: {error!r}")
        elapsed = (time.perf_counter() - started) * 1000
        slowest = max(slowest, elapsed)
        over += elapsed > FUZZ_TARGET_MS
    return errors, slowest, over


def import_milliseconds() -> tuple[float, list[str]]:
    runs, heavy = [], []
    for _ in range(IMPORT_RUNS):
        output = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        runs.append(float(output[0]))
        heavy = output[1].split(",") if len(output) > 1 else []
    return statistics.median(runs), heavy


def main() -> int:
    texts = messages()
    median = median_microseconds(texts)
    imported, heavy = import_milliseconds()
    errors, slowest, over = fuzz()
    print(f"messages: {len(texts)}")
    print(f"median: {median:.1f} µs/message (target < {TARGET_MEDIAN_US:.0f})")
    print(f"import: {imported:.1f} ms (target < {TARGET_IMPORT_MS:.0f})")
    print(f"heavy modules loaded on import: {', '.join(heavy) or 'none'}")
    print(
        f"fuzz: {FUZZ_INPUTS} random inputs, {errors} errors, slowest {slowest:.1f} ms, "
        f"{over} over {FUZZ_TARGET_MS:.0f} ms"
    )
    missed = median >= TARGET_MEDIAN_US or imported >= TARGET_IMPORT_MS or "jieba" in heavy
    missed = missed or errors > 0
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
