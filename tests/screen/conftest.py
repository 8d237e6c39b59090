"""A throwaway rule, registered for one test and removed after: the screen must pick up a rule it
has never seen, from its declaration alone (issue 23: rules added later appear without changes)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.declarations import Declaration, declarations
from renshe.rules.registry import _RULES, Rule, all_rules

CITE = Citation(
    doc_id="测试文件",
    doc_number=None,
    doc_title="测试用的补贴办法",
    provision_id="测试文件/第三条",
    quote="给予补贴",
)


class HireIn(BaseModel):
    hired_on: date = Field(title="入职日期", description="招用之日")
    size: str | None = Field(None, title="企业规模", description="小型、微型……")


class HireOut(BaseModel):
    subsidy: Decimal = Field(title="补贴")


def _rule(name: str, figure: str, window_days: int, ended: bool = False) -> Rule[Any, Any]:
    """A hiring subsidy: `figure` 元 for a hire from 2024 on by a small firm, to apply within
    `window_days` of the hire; `ended`: its policy is governed by a dated value that ended
    2024-12-31 (a real parameter, so the contract's in_force/ended_on come as for any rule)."""

    def compute(i: HireIn, trace: Trace) -> HireOut:
        trace.warn(f"{name}:“小型”按统计口径理解")
        return HireOut(subsidy=Decimal(figure))

    def assess(i: HireIn, r: HireOut, on: date) -> Assessment:
        small = None if i.size is None else i.size in ("小型", "微型")
        met = i.hired_on >= date(2024, 1, 1)
        eligible = False if not met or small is False else (None if small is None else True)
        return Assessment(
            eligible,
            [("2024年起招用", met, CITE), ("小微企业", small, CITE)],
            [] if i.size is not None else ["size"],
            ("subsidy", "补贴", r.subsidy),
            i.hired_on + timedelta(days=window_days),
        )

    rule: Rule[Any, Any] = Rule(
        name=name,
        title=f"测试补贴{name}",
        summary="测试",
        input_model=HireIn,
        result_model=HireOut,
        compute=compute,
        basis=lambda: [CITE],
        assess=assess,
        # an ended policy: the 2024 contribution-base figures (in force until 2024-12-31)
        in_force=(lambda i: ("contribution_base.average_wage_annual", date(2024, 1, 1))) if ended else None,
    )
    return rule


@pytest.fixture
def throwaway() -> Iterator[list[str]]:
    """Two throwaway rules that exclude each other, and one that has ended, registered for one test."""
    all_rules()  # load the real ones first
    rules = [
        _rule("zz-hire-a", "1000", 3650),
        _rule("zz-hire-b", "1500", 3650),
        _rule("zz-hire-old", "500", 3650, ended=True),
        _rule("zz-hire-window", "800", 30),
    ]
    decls = declarations()
    for r in rules:
        _RULES[r.name] = r
        decls[r.name] = Declaration(
            rule=r.name,
            facts={"hired_on": "job.start", "size": "employer.size_class"},
            excludes=["zz-hire-b"] if r.name == "zz-hire-a" else [],
            values={},
        )
    try:
        yield [r.name for r in rules]
    finally:
        for r in rules:
            _RULES.pop(r.name, None)
            decls.pop(r.name, None)
