"""Running `zhunong` as its own process, the way `make run` does, for tests over real HTTP."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
ZHUNONG = str(Path(sys.executable).parent / "zhunong")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url: str, **settings: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ZHUNONG_")}
    env["ZHUNONG_DATABASE_URL"] = database_url
    env.update({f"ZHUNONG_{key.upper()}": value for key, value in settings.items()})
    return env


def zhunong(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([ZHUNONG, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@contextmanager
def server(env: dict, port: int | None = None) -> Iterator[str]:
    port = port or free_port()
    # A file, not a pipe: a server that logs much (a database outage) would block on a full pipe.
    with tempfile.TemporaryFile(mode="w+") as output:
        process = subprocess.Popen([ZHUNONG, "serve", "--port", str(port)], env=env, cwd=ROOT,
                                   stdout=output, stderr=subprocess.STDOUT, text=True)
        try:
            yield _started(process, f"http://127.0.0.1:{port}", output)
        finally:
            process.terminate()
            process.wait(timeout=10)


def _started(process: subprocess.Popen, base: str, output) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return base
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            output.seek(0)
            raise RuntimeError(f"zhunong serve did not start: {output.read()}")
        time.sleep(0.1)
