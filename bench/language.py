"""Benchmark the language layer: median time to read one corpus message, and cold import time.

Run `python bench/language.py`; it exits non-zero when a target is missed.
"""

import csv
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

    for text in texts:
        parse(text)  # the produce dictionary is loaded on first use, not timed here
    per_message = []
    for text in texts:
        started = time.perf_counter()
        for _ in range(ROUNDS):
            parse(text)
        per_message.append((time.perf_counter() - started) / ROUNDS * 1e6)
    return statistics.median(per_message)


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
    print(f"messages: {len(texts)}")
    print(f"median: {median:.1f} µs/message (target < {TARGET_MEDIAN_US:.0f})")
    print(f"import: {imported:.1f} ms (target < {TARGET_IMPORT_MS:.0f})")
    print(f"heavy modules loaded on import: {', '.join(heavy) or 'none'}")
    missed = median >= TARGET_MEDIAN_US or imported >= TARGET_IMPORT_MS or "jieba" in heavy
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
