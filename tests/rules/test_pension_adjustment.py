"""Worked examples of the 2024 Chongqing pension adjustment (渝人社发〔2024〕16号, lines 8206–8272).

Figures from the notice: 28元 fixed (line 8240); 1.6元 per year, a part year counting as a whole
one, under 15 years as 15 (8244); 0.6% of the December 2023 pension, 四舍五入 to 0.01 (8246);
+15元 pre-1954 revolutionary work and +15元 in the 11 remote districts for enterprise retirees of
一(一)1–2 (8250–8254); military cadres topped up to the average first (8256); +15元 remote for
机关事业单位 retirees (8258); scope: retired by 2023-12-31, not dead by then (8220–8230).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from renshe.errors import InputError
from renshe.rules.citations import Citation
from renshe.rules.registry import run

BASE: dict[str, Any] = {
    "retiree_type": "enterprise",
    "retired_on": "2015-06",
    "contribution_years": "30",
    "pension_2023_12": "3000",
    "district": "渝中区",
}
MONEY = ("fixed", "linked_years", "linked_pension", "tilt_remote", "tilt_revolution", "military_top_up")


def calc(**kw: Any) -> dict[str, Any]:
    return run("pension-adjustment", {**BASE, **kw})


def money(doc: dict[str, Any]) -> tuple[str, ...]:
    r = doc["result"]
    return tuple(r[k] for k in (*MONEY, "total_increase", "new_pension"))


@pytest.mark.parametrize(
    ("inputs", "reason"),
    [
        ({"excluded_group": "离休干部"}, "离休干部"),
        ({"excluded_group": "两航起义"}, "两航起义退休人员"),
        ({"excluded_group": "原南侨机工服务团退休人员"}, "原南侨机工服务团退休人员"),
        ({"excluded_group": "建国前参加革命工作的退休老工人"}, "建国前参加革命工作的退休老工人"),
        ({"retired_on": "2024-01-01"}, "2023年12月31日以后"),
        ({"retired_on": "2024-01"}, "2023年12月31日以后"),
        ({"died_on": "2023-12-31"}, "已死亡"),
    ],
)
def test_exclusions(inputs: dict[str, Any], reason: str) -> None:
    doc = calc(**inputs)
    r = doc["result"]
    assert r["eligible"] is False and reason in r["reason"]
    assert money(doc) == ("0.00",) * 7 + ("3000.00",)


def test_steps_explain_each_part_with_its_provision() -> None:
    doc = calc(
        pension_2023_12="2757.50", contribution_years="25.2", district="石柱县", revolution_before_1954=True
    )
    by_part = {
        "定额调整": "渝人社发〔2024〕16号/三/(一)",
        "与缴费年限挂钩": "渝人社发〔2024〕16号/三/(二)/1",
        "与养老金水平挂钩": "渝人社发〔2024〕16号/三/(二)/2",
        "艰苦边远地区倾斜": "渝人社发〔2024〕16号/三/(三)/1/(2)",
        "1953年年底及以前参加革命工作": "渝人社发〔2024〕16号/三/(三)/1/(1)",
    }
    for head, pid in by_part.items():
        step = next(s for s in doc["steps"] if s["text"].startswith(head))
        assert pid in {c["provision_id"] for c in step["citations"]}, head
    assert any("16.545" in s["text"] and "16.55" in s["text"] for s in doc["steps"])
    assert any("为26年" in s["text"] for s in doc["steps"])
    assert any("高龄" in w for w in doc["warnings"])
    assert doc["inputs"]["district"] == "石柱土家族自治县"


def test_military_cadre_needs_the_average() -> None:
    with pytest.raises(InputError) as e:
        calc(military_cadre=True)
    assert e.value.field == "average_pension_2023" and "average_pension_2023" in e.value.message
    with pytest.raises(InputError) as e:
        calc(military_cadre=True, average_pension_2023="3500", retiree_type="institution")
    assert e.value.field == "military_cadre"
    doc = calc(military_cadre=True, average_pension_2023="3500")
    assert any("平均养老金" in w for w in doc["warnings"])


@pytest.mark.parametrize(
    ("inputs", "field", "fragment"),
    [
        ({"district": "石住县"}, "district", "石柱土家族自治县"),
        ({"district": "北京市"}, "district", "不是重庆市的区县"),
        ({"pension_2023_12": "2757.505"}, "pension_2023_12", "两位小数"),
        ({"pension_2023_12": "0"}, "pension_2023_12", "大于 0"),
        ({"pension_2023_12": "abc"}, "pension_2023_12", "不是有效"),
        ({"contribution_years": "-1"}, "contribution_years", "0 到"),
        ({"retiree_type": "个体"}, "retiree_type", "enterprise"),
        ({"retired_on": "2015-13"}, "retired_on", "月份"),
        ({"retired_on": "2015-02-30"}, "retired_on", "不是存在的日期"),
        ({"died_on": "2010-01"}, "died_on", "早于退休时间"),
        ({"special_group": "城镇超龄", "retiree_type": "institution"}, "special_group", "机关事业单位"),
        ({"revolution_before_1954": "maybe"}, "revolution_before_1954", "true 或 false"),
    ],
)
def test_bad_input(inputs: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(InputError) as e:
        calc(**inputs)
    assert e.value.field == field
    assert fragment in e.value.message


def test_all_step_citations_resolve(kb: Any) -> None:
    from tests.rules.test_citations import check

    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    from renshe.rules.cases import load_cases, shipped_case_files

    text = dict(shipped_case_files())["pension_adjustment"]
    for case in load_cases(text).cases:
        for step in calc(**case.input)["steps"]:
            for c in step["citations"]:
                key = (c["provision_id"], c["quote"])
                if key not in seen:
                    seen.add(key)
                    problems += check(kb, "step", Citation(**{k: v for k, v in c.items() if k != "ref"}))
    assert len(seen) >= 15
    assert problems == []


def test_calc_cli_explains_each_part() -> None:
    from typer.testing import CliRunner

    from renshe.cli import app

    res = CliRunner().invoke(
        app,
        [
            "calc",
            "pension-adjustment",
            "retiree_type=企业",
            "retired_on=2015-06",
            "contribution_years=25.2",
            "pension_2023_12=2757.50",
            "district=石柱",
        ],
    )
    assert res.exit_code == 0, res.output
    out = re.sub(r"\s+", "", res.output)
    assert "增加101.15元" in out and "调整后为2858.65元" in out
    assert "三、(二)2" in out and "三、(三)1.(2)" in out
    res = CliRunner().invoke(
        app,
        [
            "calc",
            "pension-adjustment",
            "retiree_type=企业",
            "retired_on=2015-06",
            "contribution_years=30",
            "pension_2023_12=3000",
            "district=渝中",
            "military_cadre=是",
            "--json",
        ],
    )
    assert res.exit_code == 2
    assert "average_pension_2023" in res.stdout
