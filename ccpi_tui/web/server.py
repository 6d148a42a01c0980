"""textual-serve's server, made to end its sessions when it stops.

textual-serve asks a session's app to quit only when its WebSocket handler
ends, and aiohttp, on Ctrl+C or SIGTERM, waits up to a minute for open
handlers before cancelling them. So a server with a browser tab open took a
minute to stop. Here the handlers are cancelled as soon as the server
begins to stop: each one then tells its app to quit and waits for it.
"""

from __future__ import annotations

import asyncio

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

#: Seconds the sessions get to quit before the server stops anyway.
QUIT_TIMEOUT = 5


class ArchiveServer(Server):
    """A textual-serve ``Server`` whose sessions end when it stops."""

    def __init__(self, *args: object, **options: object) -> None:
        """As ``Server``; see there."""
        super().__init__(*args, **options)  # type: ignore[arg-type]
        #: The running WebSocket handlers, one per browser session.
        self._sessions: set[asyncio.Task[object]] = set()

    async def _make_app(self) -> web.Application:
        """textual-serve's application, its page template compiled already,
        so the first ``GET /`` does not wait for Jinja to compile it."""
        app = await super()._make_app()
        environment = aiohttp_jinja2.get_env(app)
        environment.get_template("app_index.html")
        return app

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Run a browser session, remembering it until it ends."""
        task = asyncio.current_task()
        assert task is not None
        self._sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self._sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        """Stop every session: its app is told to quit, and awaited."""
        sessions = list(self._sessions)
        for task in sessions:
            task.cancel()
        if sessions:
            await asyncio.wait(sessions, timeout=QUIT_TIMEOUT)
