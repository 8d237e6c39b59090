"""Errors that carry a Chinese message for people and map to exit code 2 / HTTP 422."""

from __future__ import annotations


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
