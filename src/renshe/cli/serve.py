"""`renshe serve`: the web app and JSON API on the embedded knowledge base (the README's run command)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the CLI."""

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option("--host", help="监听地址;对外提供服务时用 0.0.0.0")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")] = 8000,
    ) -> None:
        """启动网页和 JSON 接口(默认 http://127.0.0.1:8000/)。"""
        serve_app(host, port)


def serve_app(host: str, port: int) -> None:
    """Run the app under uvicorn with the limits of docs/limits.md.

    Idle connections and half-sent headers are closed after `idle_seconds` (HeaderDeadline),
    SIGTERM cancels running batches and stops within `shutdown_seconds`."""
    import uvicorn

    from renshe.api.guard import GracefulServer, header_deadline
    from renshe.app import default_app
    from renshe.limits import Limits
    from renshe.server import create_app

    limits = Limits.from_env()
    db = default_app().path()  # build the knowledge base now, not on the first request
    app = create_app(db, limits=limits)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=False,
        http=header_deadline(limits.idle_seconds),
        timeout_keep_alive=limits.idle_seconds,
        timeout_graceful_shutdown=limits.shutdown_seconds,
        ws="none",
        lifespan="on",
    )
    typer.echo(f"人社已启动:http://{host}:{port}/ (按 Ctrl+C 停止)", err=True)
    GracefulServer(config, app.state.shutdown).run()
