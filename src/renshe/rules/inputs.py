"""Input parsing shared by the rules: dates and contribution years, with Chinese messages.

Each rule's pydantic validators call these, so the same kind of bad value gets the same
message (naming the field in Chinese and by its input name) whichever calculator was asked.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from renshe.errors import InputError
from renshe.rules.money import to_decimal

MAX_CONTRIBUTION_YEARS = Decimal(60)
# A plausibility bound on dates of working life (劳动法 第十五条's minimum working age), not a
# figure any rule computes with.
MIN_WORKING_AGE_YEARS = 16


def parse_date(v: Any, field: str, label: str) -> Any:
    """A YYYY-MM-DD string → date; other values pass through to the model's own type check."""
    if isinstance(v, str):
        try:
            return date.fromisoformat(v.strip())
        except ValueError:
            raise InputError(f"{label} {field} 无效:“{v}”应写作 YYYY-MM-DD 且是存在的日期", field) from None
    return v


def contribution_years(v: Any, field: str = "contribution_years") -> Decimal | None:
    """Cumulative contribution years (deemed years included) as a Decimal from 0 to 60."""
    if v is None:
        return None
    try:
        d = to_decimal(v, "累计缴费年限")
    except ValueError as err:
        raise InputError(f"累计缴费年限 {field} 无效:{err}", field) from None
    if d < 0 or d > MAX_CONTRIBUTION_YEARS:
        raise InputError(f"累计缴费年限 {field} 应在0到60年之间", field)
    return d
