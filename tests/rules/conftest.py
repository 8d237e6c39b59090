"""Shared fixtures: the knowledge base (built on first use) for oracle and citation tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def kb() -> Iterator[object]:
    from renshe.kb import KB

    kb = KB.open()
    yield kb
    kb.close()
