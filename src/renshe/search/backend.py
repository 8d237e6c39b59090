"""The search backend interface: the embedded SQLite engine is one implementation.

A large deployment can put a server engine (OpenSearch with its `cjk` analyzer, through
opensearch-py; see docs/search.md) behind the same two methods. Everything above this layer —
CLI, API, web, evaluation — talks to a `SearchBackend` and the JSON contract of docs/cli.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from renshe.search.units import Unit


class SearchBackend(Protocol):
    def index(self, units: Sequence[Unit]) -> None:
        """Replace the whole index with `units`."""

    def search(
        self,
        query: str,
        limit: int = 10,
        category: str | None = None,
        doc: str | None = None,
        level: str | None = None,
        year: int | None = None,
        as_of: str | None = None,
        group: str | None = None,
    ) -> dict[str, Any]:
        """Ranked results in the docs/cli.md shape: {query, total, results[...]}."""
        ...
