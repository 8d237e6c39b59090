"""One runner for every rule's cases file (`renshe/rules/<rule>/cases.yaml`), and `renshe test`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renshe.cli import app
from renshe.errors import InputError
from renshe.rules.cases import load_cases, run_case, shipped_case_files
from renshe.rules.params import RULE_FOLDERS
from renshe.rules.registry import all_rules

FILES = shipped_case_files()
CASES = [
    (folder, cf, case) for folder, text in FILES for cf in [load_cases(text, folder)] for case in cf.cases
]


def test_every_rule_has_a_cases_file() -> None:
    rules = {load_cases(text, folder).rule for folder, text in FILES}
    assert rules == {r.name for r in all_rules()}
    assert [f for f, _ in FILES] == list(RULE_FOLDERS)


@pytest.mark.parametrize(("folder", "cf", "case"), CASES, ids=[f"{f}: {c.name}" for f, _, c in CASES])
def test_case(folder: str, cf: object, case: object) -> None:
    result = run_case(cf, case)  # type: ignore[arg-type]
    assert result.passed, result.problems


def test_a_wrong_expectation_fails() -> None:
    cf = load_cases(
        "rule: contribution-base\ncases:\n"
        "  - {name: x, source: 7370, input: {wage: '3000'}, expect: {base: '3000.00'}}\n"
    )
    r = run_case(cf, cf.cases[0])
    assert not r.passed and "base" in r.problems[0]


def test_a_case_needs_a_source_line() -> None:
    with pytest.raises(InputError):
        load_cases("rule: retirement\ncases:\n  - {name: x, input: {birth: '1971-04'}}\n")
    with pytest.raises(InputError):
        load_cases("rule: retirement\ncases:\n  - {name: x, source: 第三条, input: {}}\n")


def test_on_is_a_date_not_a_boolean() -> None:
    cf = load_cases(
        "rule: minimum-wage\non: 2025-06-01\ncases:\n"
        "  - {name: x, source: 13869, input: {district: 渝中区}}\n"
    )
    assert cf.on is not None and cf.on.isoformat() == "2025-06-01"


def test_renshe_test_reports_per_case(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text(
        "rule: pension-adjustment\n"
        "defaults: {retiree_type: enterprise, retired_on: 2015-06,"
        " contribution_years: '30', district: 渝中区}\n"
        "cases:\n"
        "  - {name: 对, source: 8246, input: {pension_2023_12: '2757.50'},"
        " expect: {linked_pension: '16.55'}}\n"
        "  - {name: 错, source: 8246, input: {pension_2023_12: '2757.50'},"
        " expect: {linked_pension: '16.54'}}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    res = runner.invoke(app, ["test", str(f), "--json"])
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    assert (report["total"], report["passed"]) == (2, 1)
    assert [c["passed"] for c in report["cases"]] == [True, False]
    assert "16.54" in report["cases"][1]["problems"][0]
    human = runner.invoke(app, ["test", str(f)])
    assert "[通过] 对" in human.stdout and "[失败] 错" in human.stdout


def test_renshe_test_bad_file_exits_2(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("rule: retirement\ncases: []\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["test", str(f)])
    assert res.exit_code == 2
    assert CliRunner().invoke(app, ["test", str(tmp_path / "none.yaml")]).exit_code == 2
