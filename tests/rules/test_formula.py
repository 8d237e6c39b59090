"""A rule's `formula` (the arithmetic without explanation, `Rule.calculate`) gives exactly the
result `compute` gives, on every case of the rule's cases file and its examples."""

from __future__ import annotations

from datetime import date

import pytest

from renshe.errors import InputError
from renshe.rules.cases import load_cases, shipped_case_files
from renshe.rules.citations import Trace
from renshe.rules.registry import all_rules, get_rule

ON = date(2025, 6, 1)
WITH_FORMULA = [r.name for r in all_rules() if r.formula is not None]


def _inputs(rule_name: str) -> list[dict[str, object]]:
    rule = get_rule(rule_name)
    out = list(rule.examples)
    for _, text in shipped_case_files():
        cf = load_cases(text)
        if cf.rule == rule_name:
            out += [{**cf.defaults, **c.input} for c in cf.cases if c.error is None]
    return out


def test_the_batch_rules_have_a_formula() -> None:
    assert {
        "pension-adjustment",
        "retirement",
        "severance",
        "unlawful-termination",
        "double-wage",
        "contribution-base",
        "minimum-wage",
        "overtime-pay",
        "probation",
        "unemployment-benefit",
        "disability-allowance",
    } <= set(WITH_FORMULA)


@pytest.mark.parametrize("rule_name", WITH_FORMULA)
def test_formula_equals_compute(rule_name: str) -> None:
    rule = get_rule(rule_name)
    checked = 0
    for raw in _inputs(rule_name):
        try:
            inp = rule.validate(raw, ON)
        except InputError:
            continue
        full = rule.compute(inp, Trace(on=ON)).model_dump(mode="json")
        assert rule.calculate(inp, ON).model_dump(mode="json") == full, raw
        checked += 1
    assert checked >= 3  # the smallest cases file (unlawful-termination) has 3 valid inputs
