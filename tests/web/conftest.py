"""One app and one in-process client per test session, on the session's knowledge base."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette 1.x: "install httpx2 instead"
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def app(db_path: Path) -> FastAPI:
    from renshe.api import create_app

    return create_app(db_path)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
