"""The `renshe` command line (contracts in DESIGN.md part 1)."""

from __future__ import annotations

import re
import sys

import typer

from renshe.cli_common import dumps
from renshe.errors import InputError, SetupError

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
        "renshe.cli_test",
    ):
        try:
            module = __import__(name, fromlist=["register"])
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue
        module.register(app)


_register()


def usage_message(err: Exception) -> tuple[str, str | None]:
    """A command-line usage error (missing argument, unknown option …) in Chinese, with its field.

    Typer ships its own copy of click, so the error is recognised by its class name and
    attributes rather than by importing click's classes.
    """
    kind = type(err).__name__
    param = getattr(err, "param", None)
    name = str(getattr(param, "name", "") or "")
    message = str(getattr(err, "message", err))
    if kind == "MissingParameter":
        return f"缺少参数 {name}", name or None
    if kind == "NoSuchOption":
        option = str(getattr(err, "option_name", ""))
        possible = list(getattr(err, "possibilities", None) or [])
        hint = f";是否想用 {'、'.join(possible)}" if possible else ""
        return f"没有选项 {option}{hint}", option.lstrip("-") or None
    if kind == "BadParameter":
        detail = "应为整数" if "integer" in message else "应为数字" if "number" in message else message
        return f"参数 {name} 的值无效:{detail}", name or None
    m = re.match(r"No such command '(.+)'", message)
    if m:
        return f"没有命令“{m.group(1)}”;用 renshe --help 查看全部命令", None
    if message.startswith("Got unexpected extra argument"):
        extra = re.search(r"\(([^()]*)\)$", message)
        return f"多余的参数:{extra.group(1) if extra else message}", None
    return f"用法错误:{message}", None


def main() -> None:
    """Console entry point.

    Usage errors get a Chinese message and exit 2 (with the error object on stdout under
    --json), like any other invalid input; unexpected errors exit 1 with a short message.
    """
    try:
        rv = app(standalone_mode=False)
    except typer.TyperException as err:
        if getattr(err, "exit_code", 1) != 2:  # not a usage error: let the generic handler speak
            sys.stderr.write(f"错误:{getattr(err, 'message', err)}\n")
            sys.exit(1)
        if type(err).__name__ == "NoArgsIsHelpError":  # bare `renshe`: the help is the answer
            sys.stdout.write(str(getattr(err, "message", "")) + "\n")
            sys.exit(0)
        message, field = usage_message(err)
        if "--json" in sys.argv[1:]:
            sys.stdout.write(dumps(InputError(message, field, code="usage").to_dict()) + "\n")
        ctx = getattr(err, "ctx", None)
        command = ctx.command_path if ctx is not None else "renshe"
        sys.stderr.write(f"错误:{message}\n用法见:{command} --help\n")
        sys.exit(2)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        sys.exit(130)
    except SetupError as err:
        sys.stderr.write(f"错误:{err.message}\n")
        sys.exit(1)
    except Exception as err:
        sys.stderr.write(f"内部错误:{type(err).__name__}: {err}\n")
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)
