"""The app factory: JSON API, web pages, static files and the error contract in one FastAPI app.

`renshe serve` and the tests build the app through `create_app()`, so both run exactly the
same middleware, handlers and routes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from renshe import __version__
from renshe.api import routes
from renshe.api.errors import HANDLERS, CatchAll, install_log_masking
from renshe.api.services import Services

DESCRIPTION = (
    "人社:重庆市人力资源和社会保障法规政策文件汇编(2024年)的知识库、检索和计算器。"
    '出错时返回 `{"error": {"code", "message", "field"}}`:输入无效 422,找不到 404,功能尚未提供 503。'
)
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class SecurityHeaders:
    """ASGI middleware adding the headers a public service page should send."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"content-security-policy", CSP.encode()),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, add_headers)


def create_app(db_path: Path | str | None = None) -> FastAPI:
    """The whole application on the knowledge base at `db_path` (default: RENSHE_DB / per-user)."""
    from renshe.web import pages

    install_log_masking()
    app = FastAPI(
        title="renshe 人社",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        exception_handlers=HANDLERS,
    )
    app.state.services = Services(db_path)
    app.state.downloads = pages.Downloads()
    app.state.render_error = pages.render_error

    @app.get("/healthz", summary="健康检查", tags=["system"])
    def healthz(request: Request) -> dict[str, Any]:
        kb = request.app.state.services.kb()
        s = kb.stats()
        return {
            "status": "ok",
            "version": __version__,
            "documents": s["documents"],
            "provisions": s["provisions"],
            "content_hash": s["content_hash"],
        }

    app.include_router(routes.router, tags=["api"])
    app.include_router(pages.router)
    app.mount("/static", pages.CachedStatic(packages=[("renshe.web", "static")]), name="static")
    app.add_middleware(CatchAll)
    app.add_middleware(GZipMiddleware, minimum_size=1000)  # pages and JSON compressed
    app.add_middleware(SecurityHeaders)
    return app
