"""The processes under load, started on loopback, and what the kernel says they cost."""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TICKS = os.sysconf("SC_CLK_TCK")


class Processes:
    """A set of server processes; CPU and peak memory are read from /proc for all of them."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / TICKS

    def peak_rss_mb(self) -> float:
        """The largest peak resident set among the processes (VmHWM)."""
        peaks = []
        for pid in self.pids:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def reset_peak(self) -> None:
        """Start VmHWM afresh, so each scenario reports its own peak (Linux: clear_refs 5)."""
        for pid in self.pids:
            # Where it cannot, the peak is since the process started: still an upper bound.
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")


@contextmanager
def started(command: list[str], env: dict, health: str) -> Iterator[subprocess.Popen]:
    # A file, not a pipe: nobody reads a pipe during the run, and a server that logs much (a
    # database outage, throttled senders) would block once it filled.
    with tempfile.TemporaryFile(mode="w+") as output:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=output, text=True)
        try:
            _wait_healthy(process, health, output)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(process: subprocess.Popen, health: str, output) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if health and httpx.get(health, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if not health:
            time.sleep(0.5)
            return
        if process.poll() is not None or time.monotonic() > deadline:
            output.seek(0)
            raise RuntimeError(f"{process.args} did not start: {output.read()}")
        time.sleep(0.1)


@contextmanager
def zhunong(env: dict, apps: int, separate_worker: bool) -> Iterator[tuple[list[int], Processes]]:
    """`apps` app processes sharing one port (SO_REUSEPORT), and a worker of their own or not."""
    port = free_port()
    command = [str(BIN / "zhunong"), "serve", "--port", str(port)]
    if apps > 1:
        command.append("--reuse-port")
    if separate_worker:
        command.append("--no-worker")
    with ExitStack() as stack:
        pids = [stack.enter_context(started(command, env, f"http://127.0.0.1:{port}/healthz")).pid
                for _ in range(apps)]
        if separate_worker:
            pids.append(stack.enter_context(started([str(BIN / "zhunong"), "worker"], env, "")).pid)
        yield [port], Processes(pids)


@contextmanager
def floor(workers: int = 1) -> Iterator[tuple[list[int], Processes]]:
    """The bare endpoint: one process, or uvicorn's own --workers N for comparison."""
    port = free_port()
    if workers == 1:
        command = [sys.executable, str(ROOT / "bench" / "floor.py"), str(port)]
    else:
        command = [str(BIN / "uvicorn"), "bench.floor:app", "--port", str(port),
                   "--workers", str(workers), "--log-level", "warning"]
    with started(command, dict(os.environ), f"http://127.0.0.1:{port}/healthz") as process:
        yield [port], Processes([process.pid, *_children(process.pid)])


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in found.read_text().split()] if found.exists() else []
