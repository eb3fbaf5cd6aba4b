"""Running `zhunong` as its own process, the way `make run` does, for tests over real HTTP."""

import os
import socket
import subprocess
import sys
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
    process = subprocess.Popen([ZHUNONG, "serve", "--port", str(port)], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"zhunong serve did not start: {process.stdout.read()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
