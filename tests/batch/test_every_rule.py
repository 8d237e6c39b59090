"""Batch = single calls, for every registered rule (issue 16): cell for cell, warnings included.

Rows are drawn from each rule's own cases (amounts, counts and dates varied, so there are many
distinct inputs, valid and invalid), written once with codes and once in the words offices use
(Chinese enum labels, 是/否); both runs must give, row by row, exactly what `Rule.execute` gives
for that row on its own. A rule added later is covered without changing this file.
"""

from __future__ import annotations

import json
import os
from datetime import date
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renshe.batch.chunk import OUT_ERROR, OUT_FIELD, OUT_WARNINGS, Plan, Workers, evaluate
from renshe.batch.schema import rule_schema
from renshe.batch.synthetic import case_inputs, register
from renshe.errors import as_input_error
from renshe.rules.registry import all_rules, get_rule

RULES = [r.name for r in all_rules()]
SAMPLE = int(os.environ.get("RENSHE_BATCH_SAMPLE", "2000"))  # the 100k run: RENSHE_BATCH_SAMPLE=100000


def text(v: Any) -> str | None:
    """A document value as a cell: true/false, lists and objects as JSON, null empty."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def single(rule_name: str, raw: dict[str, Any], on: date) -> dict[str, Any]:
    """What one call gives: result cells by path, warnings, error (message, field)."""
    rule = get_rule(rule_name)
    try:
        doc = rule.execute(rule.validate(raw, on), on, explain=False)
    except Exception as err:
        bad = as_input_error(err)
        return {"error": (bad.message, bad.field)}
    cells: dict[str, Any] = {}
    for o in rule_schema(rule).outputs:
        v: Any = doc["result"]
        for part in o.path.split("."):
            v = v.get(part) if isinstance(v, dict) else None
        cells[o.path] = text(v)
    return {"cells": cells, "warnings": ";".join(doc["warnings"]) or None}


def batch_rows(rule_name: str, frame: pl.DataFrame, on: date, workers: int = 1) -> list[dict[str, Any]]:
    res = evaluate(Plan(rule_name, on), frame, Workers(workers))
    paths = [o.path for o in rule_schema(get_rule(rule_name)).outputs]
    out = []
    for row in res.iter_rows(named=True):
        if row[OUT_ERROR] is not None:
            out.append({"error": (row[OUT_ERROR], row[OUT_FIELD])})
        else:
            out.append({"cells": {p: row[p] for p in paths}, "warnings": row[OUT_WARNINGS]})
    return out


def office_words(rule_name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The same rows as an office writes them: enum codes as their Chinese labels, 是/否."""
    schema = rule_schema(get_rule(rule_name))
    exprs = []
    for name in frame.columns:
        spec = schema.inputs[name]
        col = pl.col(name)
        if spec.kind == "enum":
            labels: dict[str, str] = {}
            for spelling, code in spec.spellings.items():
                if spelling != code:
                    labels.setdefault(code, spelling)
            col = col.replace(labels)
        elif spec.kind == "bool":
            col = col.replace({"true": "是", "false": "否"})
        exprs.append(col.alias(name))
    return frame.select(exprs)


def check(rule_name: str, frame: pl.DataFrame, on: date, workers: int = 1) -> None:
    # a blank cell is a value not given (as in the office's spreadsheet): the single call omits it
    records = [{k: v for k, v in r.items() if v not in (None, "")} for r in frame.iter_rows(named=True)]
    expected = [single(rule_name, raw, on) for raw in records]
    assert batch_rows(rule_name, frame, on, workers) == expected
    assert batch_rows(rule_name, office_words(rule_name, frame), on, workers) == expected


@pytest.mark.parametrize("rule_name", RULES)
def test_batch_equals_single_calls(rule_name: str) -> None:
    _, case_on = case_inputs(rule_name)
    on = case_on or date(2025, 6, 1)
    frame = register(rule_name, min(SAMPLE, 2000) if rule_name != "retirement" else SAMPLE, seed=7)
    check(rule_name, frame, on, workers=2)
    assert frame.height > 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rule_name=st.sampled_from(RULES),
    seed=st.integers(0, 10_000),
    n=st.integers(1, 40),
    vary=st.booleans(),
    on=st.dates(date(2024, 1, 1), date(2027, 12, 31)),
)
def test_batch_equals_single_calls_sampled(rule_name: str, seed: int, n: int, vary: bool, on: date) -> None:
    check(rule_name, register(rule_name, n, seed=seed, vary=vary), on)


@pytest.mark.parametrize("messy", [0.0, 0.3])
def test_pension_roll_columnar_equals_single_calls(messy: float) -> None:
    """The retiree roll (every pension its own amount, ties at half a cent, military cadres,
    deaths, excluded and 一(一)3 groups; with `messy`, Chinese spellings and bad cells) goes
    mostly through the columnar form (rules/pension_adjustment/columns.py), the rest through
    single calls: every row must equal its own single call."""
    from renshe.batch.synthetic import pension_rows
    from renshe.rules.pension_adjustment.columns import evaluate as columnar

    n = max(SAMPLE, 3000)
    frame = pension_rows(n, seed=11, messy=messy)
    on = date(2024, 6, 1)
    accepted = int(columnar(frame, on).get_column("accepted").sum())
    assert accepted > n // 2  # the columnar form is what is being checked
    if messy:
        assert accepted < n  # and the rows it leaves to single calls come back the same too
    check("pension-adjustment", frame, on, workers=1)


def test_columnar_rounding_at_half_a_cent() -> None:
    """三(二)2 四舍五入: pensions whose 0.6 % ends in exactly half a cent, or just below it once
    rounded to three decimals (4.16 × 0.6 % = 0.02496), round as a single call rounds them."""
    rows = [
        {
            "retiree_type": "enterprise",
            "retired_on": "2015-06",
            "contribution_years": "25.2",
            "pension_2023_12": p,
            "district": "渝中区",
        }
        for p in ("2757.50", "4.16", "2757.51", "1000.75", "0.01", "999999.99", "4166.58")
    ]
    frame = pl.DataFrame(rows)
    check("pension-adjustment", frame, date(2024, 6, 1))
    from renshe.rules.pension_adjustment.columns import evaluate as columnar

    assert columnar(frame, date(2024, 6, 1)).get_column("accepted").all()
