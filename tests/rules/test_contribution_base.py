"""contribution-base: the 2024 floor and cap derived from the average wage (渝人社发〔2024〕18号)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from renshe.cli import rules as cli_rules
from renshe.errors import InputError
from renshe.rules.contribution_base import derive_range
from renshe.rules.money import YUAN, round_half_up
from renshe.rules.registry import run


def calc(**raw: Any) -> dict[str, Any]:
    return run("contribution-base", raw)


def test_floor_and_cap_are_derived_and_match_the_notice(kb: Any) -> None:
    # line 7368: 平均工资为 87169 元/年; line 7370: 上限为 21793 元、下限为 4359 元
    assert "87169元/年" in kb.provision("渝人社发〔2024〕18号/一")["text"].replace(" ", "")
    two = kb.provision("渝人社发〔2024〕18号/二")["text"].replace(" ", "")
    assert "上限为21793元、下限为4359元" in two
    monthly, floor, cap = derive_range(2024)
    assert monthly == Decimal(87169) / 12
    assert (floor, cap) == (Decimal(4359), Decimal(21793))
    # ordinary rounding would not reproduce the notice: the rounding really is upwards
    assert round_half_up(monthly * Decimal("0.6"), YUAN) == 4358
    assert round_half_up(monthly * 3, YUAN) == 21792


def test_steps_show_the_derivation() -> None:
    doc = calc(wage="8000")
    text = "".join(s["text"] for s in doc["steps"])
    for fragment in ("87169÷12", "7264.0833", "4358.45", "4359", "21792.25", "21793", "向上取整"):
        assert fragment in text, fragment
    assert all(s["citations"] for s in doc["steps"])


def test_individual_has_the_same_range_and_cites_it() -> None:
    doc = calc(wage="3000", insured_as="灵活就业人员")
    assert doc["inputs"]["insured_as"] == "individual"
    assert doc["result"]["base"] == "4359.00"
    quotes = [c["quote"] for c in doc["citations"]]
    assert any("以个人身份参加城镇企业职工基本养老保险人员" in q for q in quotes)


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2))
def test_property_base_within_range_and_monotone(wage: Decimal) -> None:
    r = calc(wage=str(wage))["result"]
    base = Decimal(r["base"])
    assert Decimal(4359) <= base <= Decimal(21793)
    assert base == min(max(wage, Decimal(4359)), Decimal(21793))
    higher = Decimal(calc(wage=str(wage + 100))["result"]["base"])
    assert higher >= base


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"wage": "8000", "year": "2023"}, "year"),
        ({"wage": "8000", "year": "2025"}, "year"),
        ({"wage": "-1"}, "wage"),
        ({"wage": "0"}, "wage"),
        ({"wage": "八千"}, "wage"),
        ({"wage": "8000", "insured_as": "boss"}, "insured_as"),
        ({"wage": "8000", "salary": "1"}, "salary"),
        ({}, "wage"),
    ],
)
def test_bad_input(raw: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as err:
        calc(**raw)
    assert err.value.field == field


def test_other_year_message_names_the_notice() -> None:
    with pytest.raises(InputError, match="渝人社发〔2024〕18号"):
        calc(wage="8000", year="2025")


def test_cli_exit_codes() -> None:
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    cli_rules.register(app)
    runner = CliRunner()
    ok = runner.invoke(app, ["calc", "contribution-base", "wage=3000"])
    assert ok.exit_code == 0 and "4359" in ok.stdout and "向上取整" in ok.stdout
    bad = runner.invoke(app, ["calc", "contribution-base", "wage=3000", "year=2023", "--json"])
    assert bad.exit_code == 2
    assert json.loads(bad.stdout)["error"]["field"] == "year"
