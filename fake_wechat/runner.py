"""Serve an ASGI app with uvicorn on a background thread, for tests and scripts.

The socket is bound before the server starts, so the port is known and no other process can take
it between choosing and binding.
"""

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import uvicorn

STARTUP_SECONDS = 15
# Calls hung by a timeout fault are cut off at shutdown rather than waited for.
GRACEFUL_SHUTDOWN_SECONDS = 1


@contextmanager
def serve_in_thread(app, host: str = "127.0.0.1", port: int = 0,
                    ready_path: str = "/_fake/health") -> Iterator[str]:
    """Run `app` until the block ends; yields its base url once `ready_path` answers 200."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this; without it every keep-alive call waits ~40 ms for a
    # delayed ACK, as uvicorn only sets it on sockets it binds itself.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    config = uvicorn.Config(app, log_level="warning", lifespan="off",
                            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="fake-wechat")
    thread.start()
    base_url = f"http://{host}:{sock.getsockname()[1]}"
    try:
        wait_until_ready(base_url + ready_path, thread.is_alive)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=GRACEFUL_SHUTDOWN_SECONDS + 10)
        sock.close()


def wait_until_ready(url: str, alive: Callable[[], bool]) -> None:
    """Poll `url` until it answers 200; give up when `alive()` turns false or time runs out."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            if httpx.get(url, timeout=1, trust_env=False).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if not alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer at {url}")
        time.sleep(0.02)
