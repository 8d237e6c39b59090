"""`renshe rules` and `renshe calc` through Typer: JSON contract, JSON Lines, exit codes."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from renshe.cli import rules as cli_rules

app = typer.Typer(add_completion=False, rich_markup_mode=None)
cli_rules.register(app)
runner = CliRunner()


def test_rules_json() -> None:
    res = runner.invoke(app, ["rules", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    r = {x["name"]: x for x in data["rules"]}["retirement"]
    assert r["title"] == "法定退休年龄与弹性退休"
    assert "planned_month" in r["input_schema"]["properties"]
    assert r["basis"]


def test_rules_human() -> None:
    res = runner.invoke(app, ["rules"])
    assert res.exit_code == 0
    assert "retirement" in res.stdout and "出生年月" in res.stdout


def test_calc_human_answers_the_question() -> None:
    res = runner.invoke(app, ["calc", "retirement", "birth=1971-04", "category=female55"])
    assert res.exit_code == 0, res.stdout
    out = res.stdout
    for fragment in (
        "55岁4个月",
        "2026年8月",
        "2026年9月",
        "2026年4月",
        "2029年8月",
        "15年",
        "第三条",
        "第九条",
    ):
        assert fragment in out, fragment


def test_calc_json() -> None:
    res = runner.invoke(app, ["calc", "retirement", "birth=1971-04", "category=female55", "--json"])
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc["result"]["retirement_month"] == "2026-08"


def test_calc_bad_input_exit_2() -> None:
    res = runner.invoke(app, ["calc", "retirement", "birth=1971-13", "category=female55", "--json"])
    assert res.exit_code == 2
    err = json.loads(res.stdout)["error"]
    assert err["field"] == "birth" and "月份" in err["message"]
    res = runner.invoke(app, ["calc", "retirement", "birth"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["calc", "nosuchrule", "a=b", "--json"])
    assert res.exit_code == 2
    assert json.loads(res.stdout)["error"]["code"] == "unknown_rule"


def test_calc_input_single_object() -> None:
    obj = json.dumps({"birth": "1971-04", "category": "female55"}, indent=2)
    res = runner.invoke(app, ["calc", "retirement", "--input", "-", "--json"], input=obj)
    assert res.exit_code == 0
    assert json.loads(res.stdout)["result"]["delay_months"] == 4


def test_calc_json_lines_in_order_with_errors(tmp_path: object) -> None:
    lines = "\n".join(
        [
            json.dumps({"birth": "1971-04", "category": "female55"}),
            "{not json",
            "",
            json.dumps({"birth": "1965-01"}),  # category from the command line
            json.dumps({"birth": "1971-02-30", "category": "female55"}),
            json.dumps([1, 2]),
        ]
    )
    res = runner.invoke(app, ["calc", "retirement", "category=male60", "--input", "-"], input=lines)
    assert res.exit_code == 2
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["result"]["retirement_month"] == "2026-08"  # the line's own category wins
    assert "error" in out[1] and "JSON" in out[1]["error"]["message"]
    assert out[2]["result"]["retirement_month"] == "2025-02"
    assert out[3]["error"]["field"] == "birth"
    assert "error" in out[4]


def test_calc_json_lines_all_good_exit_0() -> None:
    lines = "\n".join(json.dumps({"birth": b, "category": "male60"}) for b in ("1965-01", "1976-12"))
    res = runner.invoke(app, ["calc", "retirement", "--input", "-"], input=lines)
    assert res.exit_code == 0
    assert [json.loads(x)["result"]["retirement_month"] for x in res.stdout.splitlines()] == [
        "2025-02",
        "2039-12",
    ]


def test_calc_missing_file() -> None:
    res = runner.invoke(app, ["calc", "retirement", "--input", "/nonexistent.jsonl", "--json"])
    assert res.exit_code == 2
    assert json.loads(res.stdout)["error"]["field"] == "input"
