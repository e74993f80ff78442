"""A throwaway PostgreSQL server for the tests: Debian's server binaries (the set-up
installs the `postgresql` package), a fresh cluster in a temporary folder, a Unix socket
and a free port, stopped and removed at the end. Root cannot run postgres, so as root the
cluster belongs to the `postgres` user."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        raise RuntimeError(
            "no PostgreSQL server binaries under /usr/lib/postgresql (make test installs "
            "Debian's postgresql package)"
        )
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        self.bindir = _bindir()
        self.base = Path(tempfile.mkdtemp(prefix="accord-pg-"))
        self.data, self.sockets = self.base / "data", self.base / "sock"
        self.sockets.mkdir()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.base, "postgres")
            shutil.chown(self.sockets, "postgres")
        self.base.chmod(0o755)
        self.port = _free_port()

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "accord",
            "--no-sync",
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.base / "server.log"),
            "-o",
            f"-k {self.sockets} -h '' -p {self.port} -F",
            "start",
        )
        return f"postgresql://accord@/postgres?host={self.sockets}&port={self.port}"

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
