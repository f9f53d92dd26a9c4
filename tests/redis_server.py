"""A real `redis-server` for tests: on a free loopback port, its data in a temporary folder, with
append-only persistence so a restart keeps the queue (what the Celery tests check). No mocks.

    with RedisServer(tmp_path / "redis") as redis:   # redis.url == "redis://127.0.0.1:PORT/0"
        ...
        redis.restart()                              # SHUTDOWN (flushes the AOF), start again
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import pytest

INSTALL_HINT = (
    "redis-server is not installed: the Celery engine's tests need a real one. "
    "Fix: `bash scripts/install-system-deps.sh` (Debian's redis-server) or `make test`, which runs it."
)


def redis_binary() -> str:
    path = shutil.which("redis-server")
    if path is None:
        pytest.fail(INSTALL_HINT)  # never a skip: a missing broker must be seen
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """One redis-server process; `stop`, `start` and `restart` keep its port and data folder."""

    def __init__(self, folder: Path, appendonly: bool = True) -> None:
        self.folder = folder
        self.appendonly = appendonly
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10.0) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        args = [
            redis_binary(),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.folder),
            "--appendonly", "yes" if self.appendonly else "no",
            "--save", "",
            "--daemonize", "no",
            "--logfile", str(self.folder / "redis.log"),
        ]  # fmt: skip
        self._proc = subprocess.Popen(args, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ping():
                return
            if self._proc.poll() is not None:
                log = (self.folder / "redis.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"redis-server exited with {self._proc.returncode}:\n{log}")
            time.sleep(0.05)
        pytest.fail(f"redis-server did not answer on port {self.port} within {timeout:g} s")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """SHUTDOWN as an operator would (`systemctl stop`): the AOF is flushed first."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
