"""Errors that carry a Chinese message for people and map to exit code 2 / HTTP 422."""

from __future__ import annotations

import re


class InputError(ValueError):
    """Invalid input from a user: shown as a clear Chinese message, never a traceback."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid_input") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def to_dict(self) -> dict[str, object]:
        return {"error": {"code": self.code, "message": self.message, "field": self.field}}


class NotFound(InputError):
    """A reference (文号, id, title) that names nothing in the knowledge base."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, field, code="not_found")


class SetupError(RuntimeError):
    """The machine, not the user's input, is in the way (an unwritable data directory, a broken
    install): a Chinese message that says what to do, exit code 1 / HTTP 503, never a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]}
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E)})
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF)})


def printable(text: str, limit: int = 100) -> str:
    """User text made safe to echo in a message: control characters (which could set a terminal's
    title or reorder a line) and lone surrogates escaped, and cut to `limit` characters with "…"."""
    out = text.translate(_CONTROL)
    if any("\ud800" <= ch <= "\udfff" for ch in out):
        out = "".join(f"\\u{ord(ch):04x}" if "\ud800" <= ch <= "\udfff" else ch for ch in out)
    return out if len(out) <= limit else out[: limit - 1] + "…"


_QUOTED = re.compile(r"“([^”]{101,})”|\"([^\"]{101,})\"|'([^']{101,})'")
_LONG_TOKEN = re.compile(r"[\x21-\x7e]{101,}")


def safe_message(message: str, limit: int = 600) -> str:
    """The last guard before a message reaches a terminal or a client: escaped and bounded, so
    that no echoed value (a file name, a cell) can carry control sequences or flood the output:
    a quoted value or an unbroken ASCII run (a path) longer than 100 characters is cut to 100.
    Newlines are kept: some messages list items on lines of their own."""

    def cut_quoted(m: re.Match[str]) -> str:
        inner = next(g for g in m.groups() if g is not None)
        return m.group(0)[0] + inner[:99] + "…" + m.group(0)[-1]

    lines = []
    for line in message.split("\n")[:50]:
        text = printable(line, 10 * limit)
        text = _QUOTED.sub(cut_quoted, text)
        text = _LONG_TOKEN.sub(lambda m: m.group(0)[:99] + "…", text)
        lines.append(text if len(text) <= limit else text[: limit - 1] + "…")
    return "\n".join(lines)


def as_input_error(err: Exception) -> InputError:
    """Any exception raised while computing one answer from user input, as that input's error.

    An InputError keeps its message; an OverflowError (9999-12-31 plus some months), a decimal
    overflow or any other failure gets a Chinese message naming only the kind of failure: the
    exception's own text may quote the input, and is English."""
    if isinstance(err, InputError):
        return err
    if isinstance(err, ArithmeticError):
        return InputError(
            f"无法计算:输入的日期或数值超出可计算的范围({type(err).__name__})", None, "cannot_compute"
        )
    if isinstance(err, UnicodeError):
        return InputError("输入含有无效的字符(不是有效的 UTF-8 文本)", None)
    return InputError(f"无法用这些输入计算({type(err).__name__});请检查各项输入", None, "cannot_compute")


class ServiceUnavailable(SetupError):
    """A layer cannot answer now (the database file is missing or damaged): HTTP 503 with a
    Chinese message, exit 1 on the command line."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
