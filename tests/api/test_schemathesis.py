"""Property-based requests generated from /openapi.json: the API never answers 5xx.

Schemathesis builds valid and invalid requests for every operation (bounded: a few dozen
examples each, no deadline). A deliberate 503 "尚未提供" for a layer that is not installed yet
(validity, batch) is the only 5xx allowed, and only with the error object that says so.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis


@pytest.fixture(scope="session")
def api_schema(app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: Any) -> None:
    response = case.call()
    if response.status_code >= 500:
        body = response.json()
        assert response.status_code == 503 and body["error"]["code"] == "unavailable", (
            f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"
        )
    content_type = str(response.headers.get("content-type") or "")
    if response.status_code >= 400 and "application/json" in content_type:
        body = response.json()
        assert set(body) == {"error"} and {"code", "message", "field"} <= set(body["error"]), (
            response.text[:300]
        )
