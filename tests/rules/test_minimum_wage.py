"""minimum-wage: 渝人社发〔2024〕22号 — 41 areas in two tiers, exclusions, dates."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from renshe.cli import rules as cli_rules
from renshe.errors import InputError
from renshe.rules.districts import districts
from renshe.rules.minimum_wage import tier_of_area
from renshe.rules.params import cite, param
from renshe.rules.registry import run


def calc(**raw: Any) -> dict[str, Any]:
    return run("minimum-wage", {"on": "2025-06-01", **raw})


def test_all_41_areas_have_a_tier() -> None:
    tiers = tier_of_area()
    # line 13869 lists 29 areas (26 districts + 3 functional areas), line 13871 twelve counties
    assert len(tiers) == 41
    assert sum(1 for t in tiers.values() if t == 1) == 29
    assert sum(1 for t in tiers.values() if t == 2) == 12
    assert {d.name for d in districts()} == set(tiers)


def test_area_lists_are_the_text(kb: Any) -> None:
    spec = param("minimum_wage.tiers").value_at(date(2025, 1, 1))
    for tier, key, pid in ((1, "mw.tier1.areas", "一/(一)"), (2, "mw.tier2.areas", "一/(二)")):
        listed = "、".join(spec[tier]["areas"])
        assert listed == cite(key).quote
        assert listed in kb.provision(f"渝人社发〔2024〕22号/{pid}")["text"]


@pytest.mark.parametrize("name", ["秀山土家族苗族自治县", "秀山县", "秀山", "重庆市秀山县"])
def test_official_and_short_names(name: str) -> None:
    r = calc(district=name)["result"]
    assert (r["district"], r["tier"], r["monthly"], r["hourly"]) == (
        "秀山土家族苗族自治县",
        2,
        "2200.00",
        "22.00",
    )


def test_every_spelling_of_every_area_resolves_to_its_tier() -> None:
    tiers = tier_of_area()
    for d in districts():
        for spelling in {d.name, d.short, *d.aliases}:
            assert calc(district=spelling)["result"]["tier"] == tiers[d.name], spelling


def test_exclusions_are_taken_out_before_comparing() -> None:
    # 三(一): 加班加点工资 does not count; 2500 − 300 = 2200 < 2330
    doc = calc(district="渝中区", monthly_wage="2500", overtime_pay="300")
    r = doc["result"]
    assert (r["wage_counted"], r["compliant"], r["shortfall"], r["employment"]) == (
        "2200.00",
        False,
        "130.00",
        "full_time",
    )
    assert any(c["provision_id"] == "渝人社发〔2024〕22号/三/(一)" for c in doc["citations"])
    all4 = calc(
        district="城口县",
        monthly_wage="3000",
        overtime_pay="100",
        special_allowances="200",
        non_monetary_benefits="300",
        insurance_welfare="150",
    )["result"]
    assert (all4["excluded"], all4["wage_counted"], all4["compliant"], all4["shortfall"]) == (
        "750.00",
        "2250.00",
        True,
        "0.00",
    )


def test_exact_standard_is_compliant_and_hourly() -> None:
    assert calc(district="渝北区", monthly_wage="2330")["result"]["compliant"] is True
    r = calc(district="秀山县", hourly_wage="21")["result"]
    assert (r["employment"], r["compliant"], r["shortfall"]) == ("part_time", False, "1.00")
    assert calc(district="秀山县", hourly_wage="22")["result"]["compliant"] is True


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([d.name for d in districts()]),
    st.decimals(min_value=0, max_value=5000, places=2),
    st.decimals(min_value=0, max_value=500, places=2),
)
def test_property_shortfall(name: str, wage: Decimal, overtime: Decimal) -> None:
    r = calc(district=name, monthly_wage=str(wage), overtime_pay=str(overtime))["result"]
    std = Decimal(2330 if tier_of_area()[name] == 1 else 2200)
    counted = wage - overtime
    assert Decimal(r["wage_counted"]) == counted
    assert Decimal(r["shortfall"]) == max(Decimal(0), std - counted)
    assert r["compliant"] is (Decimal(r["shortfall"]) == 0)


def test_before_2025_names_the_previous_notice() -> None:
    with pytest.raises(InputError) as err:
        calc(district="渝中区", on="2024-12-31")
    assert err.value.field == "on"
    assert "渝人社发〔2021〕52号" in err.value.message and "2025年1月1日" in err.value.message
    assert calc(district="渝中区", on="2025-01-01")["result"]["tier"] == 1


def test_unknown_district_suggests() -> None:
    with pytest.raises(InputError) as err:
        calc(district="秀三县")
    assert err.value.field == "district"
    assert "秀山土家族苗族自治县" in err.value.message


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"district": "成都市"}, "district"),
        ({"district": ""}, "district"),
        ({"district": "渝中区", "on": "2025-02-30"}, "on"),
        ({"district": "渝中区", "monthly_wage": "2500", "hourly_wage": "23"}, "hourly_wage"),
        ({"district": "渝中区", "overtime_pay": "100"}, "overtime_pay"),
        ({"district": "渝中区", "monthly_wage": "-5"}, "monthly_wage"),
        ({"district": "渝中区", "monthly_wage": "abc"}, "monthly_wage"),
        ({"district": "渝中区", "bonus": "1"}, "bonus"),
    ],
)
def test_bad_input(raw: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as err:
        calc(**raw)
    assert err.value.field == field


def test_cli() -> None:
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    cli_rules.register(app)
    runner = CliRunner()
    ok = runner.invoke(app, ["calc", "minimum-wage", "district=秀山", "on=2025-05-01", "--json"])
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["result"]["monthly"] == "2200.00"
    bad = runner.invoke(app, ["calc", "minimum-wage", "district=渝中区", "on=2024-06-01", "--json"])
    assert bad.exit_code == 2 and "渝人社发〔2021〕52号" in bad.stdout
