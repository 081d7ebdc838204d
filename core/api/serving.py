"""Serving the API in several worker processes that share the load evenly.

uvicorn's workers share one listening socket, and whichever worker wakes first accepts every
connection waiting: a channel that opens its keep-alive connections at once (a bank's gateway
does) lands them all on one worker, and that worker's core does all the work. Here each worker
listens on a socket of its own on the same port (`SO_REUSEPORT`), and the kernel spreads new
connections across them. uvicorn's own supervisor still starts, watches and restarts the workers.

A worker's socket cannot be made in the parent and handed down (that would be the shared socket
again): the parent hands down a `ReusePortSocket`, whose unpickling in the new worker binds a
fresh socket there.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

APP = "core.api.app:create_app"


def serve(*, host: str, port: int, workers: int) -> None:
    """Run the API until interrupted: in this process, or in `workers` worker processes."""
    config = uvicorn.Config(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # every /v1 request is in the audit log, with its channel
    )
    if workers <= 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.Server(config).run()
        return
    _check_free(host, port)  # another server on the port is an error, not a partner
    Multiprocess(config, sockets=[ReusePortSocket(host, port)]).run()  # type: ignore[list-item]


class ReusePortSocket:
    """Stands for a listening socket of the worker's own: pickled in the parent, it becomes one
    bound to (host, port) with `SO_REUSEPORT` in the worker that unpickles it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return bind_reuse_port, (self.host, self.port)


def bind_reuse_port(host: str, port: int) -> socket.socket:
    """A TCP socket bound to (host, port) that other workers may bind too (asyncio listens on it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _check_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise SystemExit(f"cannot serve on {host}:{port}: {error.strerror}") from None


LISTEN, ESTABLISHED = "0A", "01"  # TCP states as /proc/net/tcp writes them


def tcp_sockets(port: int, state: str) -> list[str]:
    """The inodes of this machine's TCP sockets (Linux) whose local port is `port`, in `state`."""
    inodes = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        inodes += [f[9] for f in map(str.split, lines) if int(f[1].rsplit(":", 1)[1], 16) == port and f[3] == state]
    return inodes


def listening(port: int) -> int:
    """How many sockets listen on `port` on this machine (Linux): with `workers` workers up, as
    many, so a benchmark or a test knows when every worker serves, not only the first."""
    return len(tcp_sockets(port, LISTEN))
