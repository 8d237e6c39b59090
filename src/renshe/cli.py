"""The `renshe` command line (contracts in DESIGN.md part 1)."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="人社:重庆市人力资源和社会保障法规政策文件汇编(2024年)的知识库、检索和计算器。",
    rich_markup_mode=None,
)


def _register() -> None:
    """Attach every command module to the app (each module owns its commands)."""
    from renshe import cli_kb

    cli_kb.register(app)
    for name in (
        "renshe.cli_search",
        "renshe.cli_rules",
        "renshe.cli_batch",
        "renshe.cli_deadline",
        "renshe.cli_validity",
        "renshe.cli_serve",
    ):
        try:
            module = __import__(name, fromlist=["register"])
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue
        module.register(app)


_register()


def main() -> None:
    """Console entry point: unexpected errors exit 1 with a short message, not a traceback."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        sys.exit(130)
    except Exception as err:
        sys.stderr.write(f"内部错误:{type(err).__name__}: {err}\n")
        sys.exit(1)
