"""`renshe serve`: the web app and JSON API on the embedded knowledge base (the README's run command)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the CLI."""

    @app.command("serve")
    def serve(
        host: Annotated[
            str, typer.Option("--host", help="监听地址;对外提供服务时用 0.0.0.0")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")] = 8000,
    ) -> None:
        """启动网页和 JSON 接口(默认 http://127.0.0.1:8000/)。"""
        import uvicorn

        from renshe.api import create_app
        from renshe.kb import KB

        KB.open().close()  # build the knowledge base now, not on the first request
        typer.echo(f"人社已启动:http://{host}:{port}/ (按 Ctrl+C 停止)", err=True)
        uvicorn.run(
            create_app(),
            host=host,
            port=port,
            log_level="info",
            server_header=False,
            proxy_headers=False,
        )
