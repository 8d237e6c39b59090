"""Money as `Decimal`, rounded only where and how the law says.

Floats cannot hold 0.1 yuan exactly, and the documents state their roundings in words
("四舍五入", "保留到元", "不足1元的按1元计"), so every rounding here names its mode explicitly and
the calculators pick the one the provision states. `Money` is the pydantic field type of
amounts in result models: serialised as a decimal string with two places ("94.00").
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated

from pydantic import PlainSerializer

CENT = Decimal("0.01")
YUAN = Decimal("1")


def to_decimal(value: object, field: str = "金额") -> Decimal:
    """Parse user input ("1,234.5", 1234, "1234元") into a finite Decimal; ValueError in Chinese.

    Floats are accepted only through their shortest repr, so 0.1 stays 0.1.
    """
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, bool):
        raise ValueError(f"{field}应为数字")
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace(",", "").removesuffix("元").strip()
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{value}”不是有效的{field}") from None
    else:
        raise ValueError(f"{field}应为数字")
    if not d.is_finite():
        raise ValueError(f"{field}必须是有限的数字")
    return d


def round_half_up(amount: Decimal, unit: Decimal = CENT) -> Decimal:
    """四舍五入 to `unit` (0.01 = 分, 1 = 元): the rounding Chinese documents mean by default."""
    return amount.quantize(unit, rounding=ROUND_HALF_UP)


def round_down(amount: Decimal, unit: Decimal = CENT) -> Decimal:
    """Truncate toward −∞ to `unit` (a cap the law states as "不超过")."""
    return amount.quantize(unit, rounding=ROUND_FLOOR)


def round_up(amount: Decimal, unit: Decimal = CENT) -> Decimal:
    """Round toward +∞ to `unit` ("不足1元的按1元计")."""
    return amount.quantize(unit, rounding=ROUND_CEILING)


def money_str(amount: Decimal) -> str:
    """The contract's money format: two decimal places, 四舍五入 ("94.00")."""
    return str(round_half_up(amount, CENT))


def yuan_text(amount: Decimal) -> str:
    """For people: "2,330.00元"."""
    return f"{round_half_up(amount, CENT):,.2f}元"


# Field type for result models: keeps the Decimal in Python, prints "94.00" in JSON.
Money = Annotated[Decimal, PlainSerializer(money_str, return_type=str, when_used="json")]
