"""What the server lets in: body sizes, slow clients, HEAD, shutdown (limits in docs/limits.md).

Three layers, each where it can act earliest:
- `RequestGuard` (ASGI middleware): a body whose Content-Length is over the limit is refused
  before one byte of it is read; a body without Content-Length (chunked) is counted while it
  arrives and refused at the first byte over; a body that stops arriving for `idle_seconds`
  is refused. HEAD is answered as GET without the body (FastAPI routes list GET only).
- `HeaderDeadline` (uvicorn's h11 protocol with one timer): a connection that has not finished
  its request line and headers within `idle_seconds` of connecting (or of its previous
  response) is closed, so slowloris sockets cannot pile up. uvicorn only times out idle
  keep-alive connections, not half-sent headers; hypercorn and granian have such a timeout, but
  adding a second server for one timer was more than this subclass (see docs/limits.md).
- `GracefulServer`: SIGTERM first sets the app's `shutdown` event, which cancels running batch
  requests at their next chunk, then lets uvicorn finish the other requests within
  `shutdown_seconds`.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import anyio
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import Server

from renshe.errors import InputError
from renshe.limits import Limits, describe_bytes


class BodyRefused(Exception):
    """Raised from `receive` when the body goes over its limit or stalls."""

    def __init__(self, error: InputError) -> None:
        super().__init__(error.message)
        self.error = error


def body_limit(scope: Scope, limits: Limits) -> int:
    """The most bytes this request may send: uploads are bigger than JSON or form bodies."""
    ctype = ""
    for k, v in scope.get("headers", []):
        if k == b"content-type":
            ctype = v.decode("latin-1").lower()
            break
    if ctype.startswith("multipart/form-data"):
        return limits.upload_bytes + 64 * 1024  # the file plus the form's boundaries and fields
    if ctype.startswith("application/x-www-form-urlencoded"):
        return limits.form_body_bytes
    return limits.json_body_bytes


def _too_large(limit: int) -> InputError:
    return InputError(
        f"请求体太大:不能超过 {describe_bytes(limit)}(上传文件不超过 {describe_bytes(limit - 64 * 1024)})"
        if limit > 1024 * 1024
        else f"请求体太大:不能超过 {describe_bytes(limit)}",
        "body",
        code="too_large",
    )


class RequestGuard:
    """ASGI middleware enforcing the body limits and the body idle timeout; HEAD as GET."""

    def __init__(self, app: ASGIApp, limits: Limits | None = None) -> None:
        self.app = app
        self.limits = limits or Limits.from_env()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            await self._head(scope, receive, send)
            return
        limit = body_limit(scope, self.limits)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, send, _too_large(limit))
            return
        received = 0
        started = False
        idle = self.limits.idle_seconds

        async def guarded_receive() -> Message:
            nonlocal received
            try:
                with anyio.fail_after(idle):
                    message = await receive()
            except TimeoutError:
                raise BodyRefused(
                    InputError(f"请求体在 {idle} 秒内没有继续发送,已断开", "body", code="timeout")
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyRefused(_too_large(limit))
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, tracking_send)
        except BodyRefused as refused:
            if not started:
                await self._refuse(scope, send, refused.error, close=True)

    async def _head(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def no_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, no_body)

    async def _refuse(self, scope: Scope, send: Send, error: InputError, close: bool = False) -> None:
        from renshe.api.errors import _render

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        request = Request(scope, nothing)
        response = await _render(request, 422, error.code, error.message, error.field)
        if close or _content_length(scope):
            response.headers["connection"] = "close"  # the unread body must not be taken as a request
        await response(scope, nothing, send)


def _content_length(scope: Scope) -> int | None:
    for k, v in scope.get("headers", []):
        if k == b"content-length":
            try:
                return int(v)
            except ValueError:
                return None
    return None


class HeaderDeadline(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers do not arrive in time."""

    header_seconds: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._waiting_since: Any = None
        self._arm(None)

    def _arm(self, finished: Any) -> None:
        self._before = finished  # the cycle that was current when we started waiting
        self._deadline: asyncio.TimerHandle | None = self.loop.call_later(self.header_seconds, self._expire)

    def _disarm(self) -> None:
        timer = getattr(self, "_deadline", None)
        if timer is not None:
            timer.cancel()
            self._deadline = None

    def handle_events(self) -> None:
        super().handle_events()
        if (
            getattr(self, "_deadline", None) is not None
            and self.cycle is not None
            and self.cycle is not self._before
        ):
            self._disarm()  # a new request's headers are complete

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._disarm()
            self._arm(self.cycle)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _expire(self) -> None:
        self._deadline = None
        idle = self.cycle is None or self.cycle is self._before or self.cycle.response_complete
        if idle and not self.transport.is_closing():
            self.transport.close()


def header_deadline(seconds: float) -> type[HeaderDeadline]:
    """The protocol class with the given deadline (uvicorn instantiates it per connection)."""
    return type("HeaderDeadlineProtocol", (HeaderDeadline,), {"header_seconds": float(seconds)})


class GracefulServer(Server):
    """uvicorn's server; SIGTERM / SIGINT also set `shutdown`, which stops running batches."""

    def __init__(self, config: Any, shutdown: threading.Event) -> None:
        super().__init__(config)
        self.shutdown_event = shutdown

    def handle_exit(self, sig: int, frame: Any) -> None:
        self.shutdown_event.set()
        super().handle_exit(sig, frame)
