"""Bytes on the wire: a loopback TCP proxy that counts what passes each way.

The browser reports websocket messages decoded (after permessage-deflate), and Streamlit's
HTTP bodies may or may not be compressed; what a briefing network carries is what crosses the
socket. The benchmark opens one page through `CountingProxy` and reads `down` (server to
browser) around each click. Used by tests/bench/run.py only.
"""

from __future__ import annotations

import asyncio
import threading


class CountingProxy:
    """Forwards 127.0.0.1:`port` to 127.0.0.1:`target_port` on a thread of its own, counting
    the bytes each way; stops with the process (daemon thread)."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.down = 0  # server -> browser
        self.up = 0  # browser -> server
        self.port = 0
        self._ready = threading.Event()
        threading.Thread(target=self._serve, daemon=True, name="counting-proxy").start()
        if not self._ready.wait(timeout=10):
            raise RuntimeError("the counting proxy did not start")

    def _serve(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            await server.serve_forever()

    async def _connection(self, client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1",
                                                                         self.target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(self._pipe(client_reader, server_writer, "up"),
                             self._pipe(server_reader, client_writer, "down"))

    async def _pipe(self, reader, writer, direction: str) -> None:
        try:
            while data := await reader.read(65536):
                setattr(self, direction, getattr(self, direction) + len(data))
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
