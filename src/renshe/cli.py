"""The `renshe` command line (contracts in DESIGN.md part 1)."""

from __future__ import annotations

import errno
import re
import signal
import sys

import typer

from renshe.cli_common import dumps
from renshe.errors import InputError, SetupError, printable, safe_message

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
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
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
    try:
        rv = app(standalone_mode=False)
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
