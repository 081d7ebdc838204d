"""A TCP proxy in front of PostgreSQL that drops or black-holes connections on demand (issue 9).

A few lines of asyncio on a thread of its own, so tests can break the network under a
running app the way a restarting server, a balancer or a dead route would.
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import suppress


class FaultyProxy:
    """Forwards TCP to PostgreSQL; `mode` "pass", "drop" (close everything, refuse new) or
    "blackhole" (keep connections open, deliver nothing either way, ever again)."""

    def __init__(self, host: str, port: int):
        self.target, self.mode = (host, port), "pass"
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.writers: set[asyncio.StreamWriter] = set()

    def __enter__(self) -> FaultyProxy:
        self.thread.start()
        start = asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.server = asyncio.run_coroutine_threadsafe(start, self.loop).result()
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()

    async def _shutdown(self) -> None:
        self._abort_all()
        self.server.close()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def set(self, mode: str) -> None:
        self.mode = mode
        if mode == "drop":
            self.loop.call_soon_threadsafe(self._abort_all)

    def _abort_all(self) -> None:
        for writer in list(self.writers):
            writer.transport.abort()

    async def _handle(self, client_reader, client_writer) -> None:
        if self.mode == "drop":
            client_writer.transport.abort()
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            return
        self.writers |= {client_writer, server_writer}
        silent = [self.mode == "blackhole"]

        async def pump(reader, writer) -> None:
            with suppress(OSError):
                while data := await reader.read(65536):
                    silent[0] = silent[0] or self.mode == "blackhole"
                    if not silent[0]:
                        writer.write(data)
                        await writer.drain()
            for side in (client_writer, server_writer):
                side.transport.abort()
                self.writers.discard(side)

        await asyncio.gather(pump(client_reader, server_writer), pump(server_reader, client_writer))
