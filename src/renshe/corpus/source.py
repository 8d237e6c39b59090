"""The source text, addressable by its own 1-based line numbers.

Every later structure keeps line spans into this text, so an answer can always point back
to the printed page; cleaning never happens here, only in `text`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from renshe.resources import data_text

SOURCE_SHA256 = "f7f2c5ab80d88852a89570c4051ec713eafd552dc27de76e14343f36a724be94"
TOC_LAST_LINE = 520


SOURCE_NAME = "compilation-2024.txt"


@dataclass(frozen=True)
class Source:
    text: str

    @cached_property
    def lines(self) -> list[str]:
        """Lines without their newline; index 0 is line 1."""
        return self.text.split("\n")

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, no: int) -> str:
        """Line `no` (1-based)."""
        return self.lines[no - 1]

    def span(self, start: int, end: int) -> list[tuple[int, str]]:
        """Lines start..end inclusive, each with its number."""
        return [(n, self.lines[n - 1]) for n in range(start, end + 1)]


def load_source(path: Path | str | None = None) -> Source:
    """The source text at `path`, else the copy shipped inside the package (`renshe/data/`).

    No environment variable is read here: a build is a function of the `Source` it is given.
    """
    if path is None:
        return Source(data_text(SOURCE_NAME))
    return Source(Path(path).read_text(encoding="utf-8"))


def shipped_source() -> Source:
    """The shipped compilation text, read once per process."""
    return _shipped()


@cache
def _shipped() -> Source:
    return load_source(None)
