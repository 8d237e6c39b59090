"""The app factory: JSON API, web pages, static files and the error contract in one FastAPI app.

`renshe serve` and the tests build the app through `create_app()`, so both run exactly the
same middleware, handlers and routes.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from renshe import __version__
from renshe.api import procedures as api_procedures
from renshe.api import routes
from renshe.api.errors import HANDLERS, CatchAll, error_body, install_log_masking
from renshe.api.guard import RequestGuard
from renshe.app import Renshe
from renshe.limits import Limits
from renshe.web import pages
from renshe.web import procedures as web_procedures
from renshe.web import screen as web_screen

DESCRIPTION = (
    "人社:重庆市人力资源和社会保障法规政策文件汇编(2024年)的知识库、检索和计算器。"
    '出错时返回 `{"error": {"code", "message", "field"}}`:输入无效 422(包括请求体过大 too_large、'
    "JSON 或 multipart 无法解析、计算超出范围 cannot_compute),找不到 404,功能尚未提供或知识库不可用 503。"
    "上限见 docs/limits.md:JSON 请求体 64 KB,上传 5 MB,200 列,200 万个单元格,批量 60 秒。"
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


WORKROOT_PREFIX = "renshe-web-"


def make_workroot() -> Path:
    """The app's own directory for uploads and batch results: `renshe-web-<pid>-…` in the temp
    directory. Roots left by a server that was killed (its PID is gone) are removed first."""
    base = Path(tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for old in base.glob(f"{WORKROOT_PREFIX}*"):
            m = re.match(rf"{WORKROOT_PREFIX}(\d+)-", old.name)
            if m and int(m.group(1)) != os.getpid() and not _alive(int(m.group(1))):
                shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{WORKROOT_PREFIX}{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Sweep expired downloads every minute; at shutdown stop batches and delete the work root."""
    import anyio

    async def sweep() -> None:
        while True:
            await anyio.sleep(60)
            app.state.downloads.sweep()

    app.state.shutdown.clear()  # an app may be started again (tests run it under several clients)
    app.state.workroot.mkdir(mode=0o700, exist_ok=True)
    async with anyio.create_task_group() as tg:
        tg.start_soon(sweep)
        try:
            yield
        finally:
            app.state.shutdown.set()
            tg.cancel_scope.cancel()
            app.state.downloads.clear()
            shutil.rmtree(app.state.workroot, ignore_errors=True)


def create_app(db_path: Path | str | None = None, limits: Limits | None = None) -> FastAPI:
    """The whole application on the knowledge base at `db_path` (default: RENSHE_DB / per-user)."""
    install_log_masking()
    lim = limits or Limits.from_env()
    app = FastAPI(
        title="renshe 人社",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        exception_handlers=HANDLERS,
        lifespan=lifespan,
    )
    app.state.services = Renshe(db_path)
    app.state.limits = lim
    app.state.shutdown = threading.Event()
    app.state.workroot = make_workroot()
    app.state.downloads = pages.Downloads()
    app.state.downloads.MAX_AGE = float(lim.download_seconds)
    app.state.render_error = pages.render_error

    @app.get(
        "/healthz",
        summary="健康检查",
        tags=["system"],
        responses={503: {"description": "知识库文件缺失、损坏或被替换为无效文件(错误对象)"}},
    )
    def healthz(request: Request) -> Any:
        """200 when the database file is there, passes SQLite's quick check and its content hash
        matches the one stored at build time; 503 with the error object otherwise. The check
        runs once per version of the file (its inode, size and mtime), not on every probe."""
        svc: Renshe = request.app.state.services
        verdict = svc.health()
        if not verdict["ok"]:
            return JSONResponse(
                {**error_body("unhealthy", verdict["message"], None), "status": "error"}, status_code=503
            )
        return {
            "status": "ok",
            "version": __version__,
            "documents": verdict["documents"],
            "provisions": verdict["provisions"],
            "content_hash": verdict["content_hash"],
        }

    app.include_router(routes.router, tags=["api"])
    app.include_router(api_procedures.router, tags=["api"])
    app.include_router(pages.router)
    app.include_router(web_procedures.router)
    app.include_router(web_screen.router)
    app.mount("/static", pages.CachedStatic(packages=[("renshe.web", "static")]), name="static")
    app.add_middleware(CatchAll)
    app.add_middleware(GZipMiddleware, minimum_size=1000)  # pages and JSON compressed
    app.add_middleware(RequestGuard, limits=lim)
    app.add_middleware(SecurityHeaders)
    return app
