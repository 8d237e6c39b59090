"""`on`, the date asked, comes from the interface (CLI --on, API ?on=), never from the clock in a rule."""

from __future__ import annotations

import json
from datetime import date

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from renshe.cli import app
from renshe.rules.registry import run
from renshe.server import create_app

PLANNED = {"birth": "1966-06", "category": "male60", "planned_month": "2026-07"}


def test_on_decides_a_passed_deadline_not_the_answer() -> None:
    before = run("retirement", PLANNED, date(2025, 6, 1))
    after = run("retirement", PLANNED, date(2026, 5, 1))
    assert before["result"]["on"] == "2025-06-01" and after["result"]["on"] == "2026-05-01"
    assert not any("已过" in w for w in before["warnings"])
    assert any("已过" in w for w in after["warnings"])
    strip = ("on",)
    assert {k: v for k, v in before["result"].items() if k not in strip} == {
        k: v for k, v in after["result"].items() if k not in strip
    }


def test_on_defaults_the_minimum_wage_day() -> None:
    doc = run("minimum-wage", {"district": "渝中区"}, date(2025, 3, 1))
    assert doc["inputs"]["on"] == "2025-03-01"


def test_cli_on() -> None:
    r = CliRunner().invoke(
        app, ["calc", "retirement", *[f"{k}={v}" for k, v in PLANNED.items()], "--on", "2026-05-01", "--json"]
    )
    assert r.exit_code == 0 and json.loads(r.stdout)["result"]["on"] == "2026-05-01"
    bad = CliRunner().invoke(
        app, ["calc", "retirement", "birth=1966-06", "category=male60", "--on", "2026-13-01"]
    )
    assert bad.exit_code == 2


def test_api_on() -> None:
    c = TestClient(create_app())
    ok = c.post("/api/calc/retirement?on=2026-05-01", json=PLANNED)
    assert ok.status_code == 200 and ok.json()["result"]["on"] == "2026-05-01"
    bad = c.post("/api/calc/retirement?on=2026-13-01", json=PLANNED)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "on"
