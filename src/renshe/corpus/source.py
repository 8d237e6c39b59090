"""The source text, addressable by its own 1-based line numbers.

Every later structure keeps line spans into this text, so an answer can always point back
to the printed page; cleaning never happens here, only in `text`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

SOURCE_SHA256 = "f7f2c5ab80d88852a89570c4051ec713eafd552dc27de76e14343f36a724be94"
TOC_LAST_LINE = 520


def data_file(name: str) -> Path | None:
    """`data/{name}` of the checkout this package runs from, if there is one."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "data" / name
        if candidate.exists():
            return candidate
    return None


def default_source_path() -> Path:
    """The shipped copy: `RENSHE_SOURCE`, else `data/compilation-2024.txt` of the checkout."""
    env = os.environ.get("RENSHE_SOURCE")
    if env:
        return Path(env)
    found = data_file("compilation-2024.txt")
    if found is None:
        raise FileNotFoundError(
            "找不到源文本 data/compilation-2024.txt;请用 --source 指定或设置 RENSHE_SOURCE"
        )
    return found


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
    p = Path(path) if path is not None else default_source_path()
    return Source(p.read_text(encoding="utf-8"))
