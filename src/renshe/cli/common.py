"""Shared plumbing of the command line: one JSON document with --json, Chinese errors, exit codes.

Every command module registers its commands on the one Typer app and calls `respond`, so the
contract of docs/cli.md (exit 0 / 2 / 1, the error object on stdout with --json, the message in
Chinese on stderr) holds everywhere without each command re-implementing it.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from renshe.errors import InputError, safe_message

T = TypeVar("T")

if TYPE_CHECKING:
    from rich.console import Console


def make_output_safe() -> None:
    """Never crash on a terminal that cannot show a character (a GBK console on Windows, or
    LANG=C): characters the encoding lacks are replaced instead of raising UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def console() -> Console:
    """The console for people's output. On a terminal it wraps at the terminal's width; piped to
    a file or another program it does not hard-wrap (Chinese lines are not broken at 80 columns)."""
    from rich.console import Console

    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(highlight=False, width=100_000, soft_wrap=True)


class LazyConsole:
    """A console created on first print, so that --json runs never import rich."""

    def __init__(self) -> None:
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            self._console = console()
        return getattr(self._console, name)


JsonOpt = Annotated[bool, typer.Option("--json", help="输出一个 JSON 文档(供程序调用)")]


def to_jsonable(obj: Any) -> Any:
    """Default hook for json.dumps: dates as ISO strings, Decimal as its string."""
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, set | frozenset | tuple):
        return list(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=to_jsonable)


def fail(err: InputError, json_out: bool) -> None:
    """Report invalid input: Chinese message on stderr, error object on stdout with --json; exit 2."""
    message = safe_message(err.message)
    if json_out:
        sys.stdout.write(dumps(InputError(message, err.field, err.code).to_dict()) + "\n")
    sys.stderr.write(f"错误:{message}\n")
    raise typer.Exit(2)


def bounded_file(path: Path, field: str) -> None:
    """Refuse an input that is not a regular file or is over `Limits.input_bytes` before reading it."""
    from renshe.errors import printable
    from renshe.limits import Limits, describe_bytes

    cap = Limits.from_env().input_bytes
    if not path.is_file():
        raise InputError(f"找不到文件(或不是普通文件):{printable(str(path))}", field)
    if path.stat().st_size > cap:
        raise InputError(f"文件 {printable(path.name)} 超过 {describe_bytes(cap)} 的上限", field)


def _path_message(err: OSError) -> str:
    from renshe.cli import _os_error

    return _os_error(err)[0]


def respond(json_out: bool, compute: Callable[[], T], human: Callable[[T], None]) -> T:
    """Run `compute`; print its result as JSON or for people; map InputError to exit 2."""
    try:
        data = compute()
    except InputError as err:
        fail(err, json_out)
        raise  # unreachable: fail() always raises
    except OSError as err:  # a path the user gave that cannot be used (too long, a directory …)
        if err.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
            raise  # the machine's fault: main() says so with exit 1
        fail(InputError(_path_message(err), "input"), json_out)
        raise
    if json_out:
        sys.stdout.write(dumps(data) + "\n")
    else:
        human(data)
    return data


def parse_day(text: str | None) -> date | None:
    """A date given as YYYY-MM-DD (or None for today); anything else is invalid input."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as err:
        raise InputError(f"日期“{text}”无效,请写成 YYYY-MM-DD,如 2024-12-01", field="on") from err
