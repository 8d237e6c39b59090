"""A rule's own result fields and the result contract (docs/rules.md, "Result contract").

The contract keys are added beside a rule's fields, never over them, so a field with a contract
key's name would hide the contract: `register` refuses that, except for `eligible` and
`apply_by`, which a rule may state itself. Here, over every shipped case, those two must be what
the rule's `assess` says, so a reader of `result` gets one answer whichever they read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import BaseModel

from renshe.errors import InputError
from renshe.rules.cases import load_cases, shipped_case_files
from renshe.rules.citations import Citation
from renshe.rules.contract import Assessment
from renshe.rules.money import Money
from renshe.rules.registry import CONTRACT_KEYS, Rule, get_rule, register

CASES = [
    (cf, case)
    for folder, text in shipped_case_files()
    for cf in [load_cases(text, folder)]
    for case in cf.cases
    if case.error is None
]


@pytest.mark.parametrize(("cf", "case"), CASES, ids=[f"{cf.rule}: {c.name}" for cf, c in CASES])
def test_eligible_and_apply_by_fields_are_the_contract(cf, case) -> None:  # type: ignore[no-untyped-def]
    rule = get_rule(cf.rule)
    if rule.assess is None:
        pytest.skip("no result contract")
    asked = case.on or cf.on or date.today()  # as `run_case` asks
    try:
        inputs = rule.validate({**cf.defaults, **case.input}, asked)
    except InputError:
        pytest.skip("a case of refused input")
    result = rule.compute(inputs, _trace(asked))
    assessed = rule.assess(inputs, result, asked).to_json(asked, (True, None))
    own = result.model_dump(mode="json")
    for key in ("eligible", "apply_by"):
        if key in own:
            assert own[key] == assessed[key], key


def _trace(on):  # type: ignore[no-untyped-def]
    from renshe.rules.citations import Trace

    return Trace(on=on, explain=False)


def test_a_result_field_named_amount_is_refused() -> None:
    class In(BaseModel):
        x: int = 0

    class Out(BaseModel):
        amount: Money

    rule: Rule[In, Out] = Rule(
        name="zz-clash",
        title="t",
        summary="s",
        input_model=In,
        result_model=Out,
        compute=lambda i, t: Out(amount=Decimal(1)),
        basis=lambda: list[Citation](),
        assess=lambda i, r, on: Assessment(True),
    )
    with pytest.raises(ValueError, match="amount"):
        register(rule)
    assert "amount" in CONTRACT_KEYS
