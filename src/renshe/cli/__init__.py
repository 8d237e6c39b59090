"""The `renshe` command line (contracts in docs/cli.md).

Each command group lives in its own module of this package and registers its commands on a Typer
app. A command imports only what it uses: `main()` looks at the command name and registers only
the group that owns it, so `renshe calc` never loads search, the web app or the batch machinery.
`--help`, completion and unknown commands get every group. The groups are explicit imports in
`GROUPS` (mypy and import-linter see them), not module names in strings.
"""

from __future__ import annotations

import errno
import inspect
import os
import re
import signal
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from renshe import __version__
from renshe.cli.common import dumps, make_output_safe
from renshe.errors import InputError, SetupError, printable, safe_message

HELP = "人社:重庆市人力资源和社会保障法规政策文件汇编(2024年)的知识库、检索和计算器。"


def _kb(app: typer.Typer) -> None:
    from renshe.cli import kb

    kb.register(app)


def _search(app: typer.Typer) -> None:
    from renshe.cli import search

    search.register(app)


def _ask(app: typer.Typer) -> None:
    from renshe.cli import ask

    ask.register(app)


def _rules(app: typer.Typer) -> None:
    from renshe.cli import rules

    rules.register(app)


def _test(app: typer.Typer) -> None:
    from renshe.cli import test

    test.register(app)


def _batch(app: typer.Typer) -> None:
    from renshe.cli import batch

    batch.register(app)


def _deadline(app: typer.Typer) -> None:
    from renshe.cli import deadline

    deadline.register(app)


def _validity(app: typer.Typer) -> None:
    from renshe.cli import validity

    validity.register(app)


def _screen(app: typer.Typer) -> None:
    from renshe.cli import screen

    screen.register(app)


def _serve(app: typer.Typer) -> None:
    from renshe.cli import serve

    serve.register(app)


# Command name → the group that registers it. Help lists the groups in this order.
GROUPS: dict[str, Callable[[typer.Typer], None]] = {
    "build": _kb,
    "stats": _kb,
    "docs": _kb,
    "doc": _kb,
    "show": _kb,
    "table": _kb,
    "findings": _kb,
    "search": _search,
    "eval-search": _search,
    "ask": _ask,
    "status": _validity,
    "refs": _validity,
    "rules": _rules,
    "calc": _rules,
    "test": _test,
    "batch": _batch,
    "deadline": _deadline,
    "screen": _screen,
    "serve": _serve,
}


# One example per command, shown at the end of its --help (and checked by tests/test_docs.py).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "build": ("renshe build", "renshe build --source 汇编全文.txt"),
    "stats": ("renshe stats --on 2025-01-01",),
    "docs": ("renshe docs --category 工伤保险 --status 现行有效",),
    "doc": ("renshe doc 渝人社发[2024]16号",),
    "show": ("renshe show 渝人社发〔2024〕16号/三/(二)/2", "renshe show 国务院令第258号/第十七条"),
    "table": ("renshe table 延迟退休决定/表1",),
    "findings": ("renshe findings --kind count_mismatch",),
    "search": ("renshe search 失业金", "renshe search 最低工资 --on 2025-03-01 --group doc"),
    "eval-search": ("renshe eval-search search-dev.jsonl",),
    "ask": ("renshe ask 我68年的男的什么时候退休", "renshe ask 渝人社发〔2018〕229号还有效吗"),
    "status": ("renshe status 渝人社发〔2019〕130号 --on 2024-12-01",),
    "refs": ("renshe refs 渝人社发〔2024〕16号",),
    "rules": ("renshe rules",),
    "calc": (
        "renshe calc retirement birth=1971-04 category=female55",
        "renshe calc minimum-wage district=渝中区 on=2025-03-01 monthly_wage=2000",
    ),
    "test": ("renshe test my-cases.yaml",),
    "batch": ("renshe batch pension-adjustment retirees.xlsx result.xlsx",),
    "deadline": (
        "renshe deadline 2025-01-02 10 --working-days",
        "renshe deadline --procedure 退休一件事 2026-12-01",
        "renshe deadline --list",
    ),
    "screen": (
        "renshe screen 出生年月=1970-05 性别=男 累计缴费月数=300 --on 2026-12-01",
        "renshe screen --profile 情况.yaml --json",
        "renshe screen --register 名册.xlsx --output 政策找人名单.xlsx",
    ),
    "serve": ("renshe serve --host 127.0.0.1 --port 8000",),
}


def _with_examples(app: typer.Typer) -> None:
    """Append each command's examples to its help (click keeps lines after \\b unwrapped)."""
    for info in app.registered_commands:
        name = info.name or ""
        examples = EXAMPLES.get(name)
        if not examples or info.callback is None:
            continue
        doc = info.help or inspect.getdoc(info.callback) or ""
        info.help = doc + "\n\n\b\n示例:\n" + "\n".join(f"  {e}" for e in examples)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"renshe {__version__}\n")
        raise typer.Exit(0)


def make_app(command: str | None = None) -> typer.Typer:
    """The Typer app with the group that owns `command` (every group when None or unknown)."""
    app = typer.Typer(
        add_completion=True,
        no_args_is_help=True,
        help=HELP,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        version: Annotated[
            bool,
            typer.Option("--version", "-V", callback=_version, is_eager=True, help="显示版本号并退出"),
        ] = False,
    ) -> None:
        """人社:重庆市人力资源和社会保障法规政策文件汇编(2024年)的知识库、检索和计算器。

        \b
        示例:
          renshe search 失业金
          renshe calc retirement birth=1971-04 category=female55
          renshe status 渝人社发〔2019〕130号 --on 2024-12-01
        """

    wanted = GROUPS.get(command or "")
    registered: list[Callable[[typer.Typer], None]] = []
    for group in [wanted] if wanted is not None else list(GROUPS.values()):
        if group is not None and group not in registered:
            group(app)
            registered.append(group)
    _with_examples(app)
    return app


def _command_name(argv: list[str]) -> str | None:
    """The command a command line asks for: its first argument that is not an option."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg
        if arg in ("-h", "--help", "--version", "-V") or arg.startswith("--install-completion"):
            return None
    return None


def __getattr__(name: str) -> Any:
    """`renshe.cli.app`: the app with every command (for tests and tools that import it)."""
    if name == "app":
        return make_app()
    raise AttributeError(name)


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
        type_name = str(getattr(getattr(param, "type", None), "name", ""))
        if type_name == "integer" or "valid int" in message:
            detail = "应为整数"
        elif type_name == "float" or "number" in message:
            detail = "应为数字"
        else:
            detail = message
        return f"参数 {name} 的值无效:{detail}", name or None
    m = re.match(r"No such command '(.+)'", message)
    if m:
        return f"没有命令“{m.group(1)}”;用 renshe --help 查看全部命令", None
    if message.startswith("Got unexpected extra argument"):
        extra = re.search(r"\(([^()]*)\)$", message)
        return f"多余的参数:{extra.group(1) if extra else message}", None
    return f"用法错误:{message}", None


def _bad_argument() -> int | None:
    """The position of a command-line argument that is not valid text (bytes that are not UTF-8
    arrive as lone surrogates), or None."""
    for i, arg in enumerate(sys.argv[1:], start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return i
    return None


def _on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM ends the command like Ctrl+C: cleanup handlers run (a batch removes its partial
    output) instead of the process vanishing mid-write."""
    raise SystemExit(143)


def _os_error(err: OSError) -> tuple[str, int]:
    """An operating-system error as (Chinese message, exit code): the machine's fault (disk full,
    read-only) is 1, a path the user gave that cannot be used is 2."""
    name = printable(str(err.filename), 100) if err.filename is not None else ""
    where = f":{name}" if name else ""
    machine = {errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统是只读的", errno.EDQUOT: "超出磁盘配额"}
    if err.errno in machine:
        return f"无法写入{where}({machine[err.errno]})", 1
    user = {
        errno.ENAMETOOLONG: "文件名太长",
        errno.ENOENT: "文件或目录不存在",
        errno.EACCES: "没有访问权限",
        errno.EPERM: "没有访问权限",
        errno.EISDIR: "这是一个目录,不是文件",
        errno.ENOTDIR: "路径中有一部分不是目录",
        errno.ELOOP: "符号链接过多",
        errno.EINVAL: "路径无效",
    }
    return f"无法访问文件{where}({user.get(err.errno or 0, '操作系统错误')})", 2


def main() -> None:
    """Console entry point.

    Usage errors get a Chinese message and exit 2 (with the error object on stdout under
    --json), like any other invalid input; unexpected errors exit 1 with a short message.
    Every message passes `safe_message` (control characters escaped, echoed values cut).
    """
    # renshe uses no pydantic plugin; looking for one reads every installed package's entry
    # points when the first model is built (~20–80 ms of each command's start, benchmarks/cli).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    make_output_safe()
    signal.signal(signal.SIGTERM, _on_sigterm)
    json_out = "--json" in sys.argv[1:]

    def usage_fail(message: str, field: str | None, code: str = "usage") -> None:
        if json_out:
            sys.stdout.write(dumps(InputError(safe_message(message), field, code=code).to_dict()) + "\n")
        sys.stderr.write(f"错误:{safe_message(message)}\n")
        sys.exit(2)

    bad = _bad_argument()
    if bad is not None:
        usage_fail(f"第 {bad} 个命令行参数含有无效的字符(不是 UTF-8 编码的文本)", None, "invalid_input")
    completing = "_RENSHE_COMPLETE" in os.environ  # shell completion asks for every command
    app = make_app(None if completing else _command_name(sys.argv[1:]))
    try:
        rv = app(standalone_mode=False, prog_name="renshe")
    except typer.TyperException as err:
        if getattr(err, "exit_code", 1) != 2:  # not a usage error: let the generic handler speak
            sys.stderr.write(f"错误:{safe_message(str(getattr(err, 'message', err)))}\n")
            sys.exit(1)
        if type(err).__name__ == "NoArgsIsHelpError":  # bare `renshe`: the help is the answer
            sys.stdout.write(str(getattr(err, "message", "")) + "\n")
            sys.exit(0)
        message, field = usage_message(err)
        if json_out:
            sys.stdout.write(dumps(InputError(safe_message(message), field, code="usage").to_dict()) + "\n")
        ctx = getattr(err, "ctx", None)
        command = ctx.command_path if ctx is not None else "renshe"
        sys.stderr.write(f"错误:{safe_message(message)}\n用法见:{command} --help\n")
        sys.exit(2)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        sys.exit(130)
    except SetupError as err:
        sys.stderr.write(f"错误:{safe_message(err.message)}\n")
        sys.exit(1)
    except InputError as err:  # raised outside `respond` (while typer converted an argument …)
        usage_fail(err.message, err.field, err.code)
    except OSError as err:
        message, code = _os_error(err)
        if code == 2:
            usage_fail(message, None, "invalid_input")
        sys.stderr.write(f"错误:{message}\n")
        sys.exit(code)
    except MemoryError:
        sys.stderr.write("错误:内存不足;请把输入拆小后再试\n")
        sys.exit(1)
    except UnicodeError:
        usage_fail("输入含有无效的字符(不是有效的 UTF-8 文本)", None, "invalid_input")
    except Exception as err:
        sys.stderr.write(f"内部错误:{type(err).__name__}: {safe_message(str(err), 200)}\n")
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)
