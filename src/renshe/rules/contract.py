"""The one result contract every rule adds inside `result` (docs/rules.md, "Result contract").

Why one shape: the screener, the web headline, batch columns and the API read "is this person
entitled, on which conditions, what is missing, how much" the same way for every rule, instead of
learning six result models. The keys are added next to the rule's own result fields (additive):

    on          the date the question is asked (YYYY-MM-DD)
    in_force    whether the rule's law is in force on `on`
    ended_on    the last day it was in force, if it has ended by `on` (else null)
    eligible    true / false / null (null: a deciding fact is missing, or the rule decides no
                entitlement)
    conditions  [{text (Chinese), met true/false/null, citation (a reference people read)}]
    missing     the input fields whose absence leaves `eligible` (or a condition) null
    amount      {figure (result field), label (Chinese), value ("94.00", 元)} or null
    apply_by    the last day this person can still apply or claim, where the text sets a window
                (YYYY-MM-DD), else null; the screener sorts a closed window into 申请期已过
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from renshe.rules.citations import Citation
from renshe.rules.money import money_str
from renshe.rules.params import ParamError, param


@dataclass
class Assessment:
    """What a rule's `assess` returns; `to_json` gives the contract keys."""

    eligible: bool | None
    conditions: list[tuple[str, bool | None, Citation | str | None]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    amount: tuple[str, str, Decimal] | None = None  # (result field, Chinese label, 元)
    apply_by: date | None = None  # last day to apply/claim, where the text sets a window

    def to_json(self, on: date, in_force: tuple[bool, date | None]) -> dict[str, Any]:
        return {
            "on": on.isoformat(),
            "in_force": in_force[0],
            "ended_on": in_force[1].isoformat() if in_force[1] else None,
            "eligible": self.eligible,
            "conditions": [
                {"text": text, "met": met, "citation": c.ref if isinstance(c, Citation) else c}
                for text, met, c in self.conditions
            ],
            "missing": list(self.missing),
            "amount": None
            if self.amount is None
            else {"figure": self.amount[0], "label": self.amount[1], "value": money_str(self.amount[2])},
            "apply_by": self.apply_by.isoformat() if self.apply_by else None,
        }


def in_force(param_name: str, fact: date, on: date) -> tuple[bool, date | None]:
    """(in force on `on`, ended_on) of the dated value of `param_name` that governs `fact`.

    The value that decides the case is the law the answer applies; if that value has an end
    date before `on`, the answer is about law that has ended (still right for its facts)."""
    p = param(param_name)
    try:
        v = p.at(fact)
    except ParamError:
        v = p.first if fact < p.first.start else p.values[-1]
    if on < v.start:
        return False, None
    if v.until is not None and on > v.until:
        return False, v.until
    return True, None
