"""The API's worker processes share the load: connections a channel opens at once are spread
over every worker, not all accepted by the first to wake (`core.api.serving`)."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from core.api.serving import ESTABLISHED, listening, tcp_sockets
from tests.api.conftest import PROJECT


def workers_of(parent: int) -> list[int]:
    """The uvicorn worker processes of the API started as `parent`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == parent and b"spawn_main" in command:
            found.append(int(pid))
    return found


def owner_of_connections(port: int, pids: list[int]) -> Counter:
    """How many of the server's established connections on `port` each of `pids` holds."""
    inodes = set(tcp_sockets(port, ESTABLISHED))  # the server's ends: the clients' have other local ports
    owners: Counter = Counter()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                owners[pid] += 1
    return owners


def test_each_worker_listens_on_its_own_socket_and_connections_are_spread_over_them(server):
    # One shared socket lets the worker that wakes first take every waiting connection, and a
    # busy worker keeps waking first; a socket per worker lets the kernel spread them.
    address = urlsplit(server.url)
    deadline = time.monotonic() + 60  # the API answers once one worker is up; wait for both
    while listening(address.port) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert listening(address.port) == 2
    connections = [http.client.HTTPConnection(address.hostname, address.port, timeout=30) for _ in range(20)]
    try:
        for connection in connections:
            connection.connect()
        for connection in connections:  # each kept open, as a channel's gateway keeps them
            connection.request("GET", "/health")
            assert connection.getresponse().read() == b'{"status":"ok"}'
        workers = workers_of(server.process.pid)
        assert len(workers) == 2
        owners = owner_of_connections(address.port, workers)
        assert sum(owners.values()) == 20
        assert set(owners) == set(workers), owners  # each worker holds some of them
    finally:
        for connection in connections:
            connection.close()


def test_a_second_api_on_a_port_in_use_stops_with_a_clear_message(server, tmp_path):
    port = urlsplit(server.url).port
    done = subprocess.run(
        [sys.executable, "-m", "core", "api", "--port", str(port), "--workers", "2"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}"},
    )
    assert done.returncode != 0
    assert f"cannot serve on 127.0.0.1:{port}: Address already in use" in done.stderr
