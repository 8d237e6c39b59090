"""Shared fixtures: the source, its parse and one knowledge base built per test session.

The database is built once into a temporary directory and `RENSHE_DB` points at it, so the
CLI (run in-process or as a subprocess) and every `KB.open()` in the tests read the same file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from renshe.corpus import Corpus, Source, load_source, parse_corpus


@pytest.fixture(scope="session")
def source() -> Source:
    return load_source()


@pytest.fixture(scope="session")
def corpus(source: Source) -> Corpus:
    return parse_corpus(source)


@pytest.fixture(scope="session")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from renshe.build import build_database

    path = tmp_path_factory.mktemp("kb") / "renshe.db"
    old = os.environ.get("RENSHE_DB")
    os.environ["RENSHE_DB"] = str(path)
    build_database(path)
    yield path
    if old is None:
        os.environ.pop("RENSHE_DB", None)
    else:
        os.environ["RENSHE_DB"] = old


@pytest.fixture(scope="session")
def kb(db_path: Path):  # type: ignore[no-untyped-def]
    from renshe.kb import KB

    k = KB.open(db_path)
    yield k
    k.close()


# --- the HTTP app, shared by tests/api and tests/web ----------------------------------------


@pytest.fixture(scope="session")
def app(db_path: Path):  # type: ignore[no-untyped-def]
    """One app on the session's knowledge base."""
    from renshe.server import create_app

    return create_app(db_path)


@pytest.fixture(scope="session")
def client(app):  # type: ignore[no-untyped-def]
    """One in-process client per session (FastAPI imported only by the tests that use it)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette 1.x: "install httpx2 instead"
        from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
