"""Serving the app on a real loopback port, in a thread (tests, `run`) or in the foreground."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from types import TracebackType

import uvicorn

from conformance.server._app import ServerConfig, create_app

__all__ = ["RunningServer", "serve_forever", "serve_in_thread"]


class _QuickToStop(uvicorn.Server):
    """uvicorn's server, gone within about 10 ms of ``should_exit`` rather than up to 100 ms.

    uvicorn looks at ``should_exit`` once a tick (0.1 s).  The self-test and the test suite
    start and stop a server for every certification (about a thousand in a run of the
    tests), so the wait added up to a minute and a half.  The ticks are uvicorn's own
    ``on_tick`` (the date header, once a second), called as often as before; between two,
    ``should_exit`` is looked at every 10 ms.
    """

    async def main_loop(self) -> None:
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            for _ in range(10):
                await asyncio.sleep(0.01)
                if self.should_exit:
                    break
            counter = (counter + 1) % 864000
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """The shutdown of uvicorn, without its fixed 0.1 s wait when no connection is open.

        uvicorn asks each open connection to close, then sleeps 0.1 s whether there was
        one or not.  A test or a run stops its server after its client is closed, so
        there is usually none: the sleep was a tenth of a second on each of the
        thousand-odd servers of a run of the tests.  With a connection or a task still
        open, uvicorn's own shutdown (and its grace) runs unchanged.
        """
        if self.server_state.connections or self.server_state.tasks:
            await super().shutdown(sockets)
            return
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for server in self.servers:
            await server.wait_closed()
        if not self.force_exit:
            await self.lifespan.shutdown()


class RunningServer:
    """A server on a free port; a context manager so that it is always stopped."""

    def __init__(
        self,
        server: uvicorn.Server,
        thread: threading.Thread,
        sock: socket.socket,
        host: str,
        scheme: str = "http",
    ) -> None:
        self._server, self._thread, self._socket = server, thread, sock
        self.port: int = sock.getsockname()[1]
        self.base_url = f"{scheme}://{host}:{self.port}/v1"

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for it, so no port or thread outlives a test."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _config(
    config: ServerConfig, host: str, port: int, log_level: str, tls: tuple[str, str] | None = None
) -> uvicorn.Config:
    certfile, keyfile = tls if tls is not None else (None, None)
    return uvicorn.Config(
        create_app(config),
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        lifespan="off",
        ws="none",
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
    )


def serve_in_thread(
    config: ServerConfig | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    tls: tuple[str, str] | None = None,
) -> RunningServer:
    """Start the server in a daemon thread and return once it accepts connections.

    The socket is bound here, before uvicorn starts, so that port 0 gives a
    free port without a race between choosing it and listening on it.  ``tls``
    is ``(certfile, keyfile)`` to serve HTTPS (the TLS tests use a throwaway CA).
    """
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it Nagle's algorithm and delayed ACKs cost 40 ms on every small response.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    # "error": the property phase's probes make uvicorn warn about odd requests, on purpose.
    server = _QuickToStop(_config(config or ServerConfig(), host, port, "error", tls))
    thread = threading.Thread(
        target=server.run,
        kwargs={"sockets": [sock]},
        name="runs-conformance-reference",
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the reference server did not start")
        time.sleep(0.01)
    return RunningServer(server, thread, sock, host, "https" if tls else "http")


def serve_forever(config: ServerConfig, *, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve in the foreground until interrupted (``runs-conformance serve``)."""
    uvicorn.Server(_config(config, host, port, "info")).run()
