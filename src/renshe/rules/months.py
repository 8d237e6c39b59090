"""Whole calendar months as one integer, so the law's month arithmetic is exact.

The retirement tables count in months ("60岁1个月", "每四个月延迟一个月"); doing that with
dates or fractional years invites off-by-one errors (Catala's AmbiguousComputation lesson).
A `Month` is `year * 12 + (month - 1)`: adding 36 months or comparing two months is integer
arithmetic, and only parsing/printing knows about years. Pydantic models can use `Month`
directly as a field type: it validates "YYYY-MM" (or a `Month`) and serialises back to "YYYY-MM".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

_MONTH_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
MONTH_PATTERN = r"^\d{4}-\d{2}$"


@dataclass(frozen=True, order=True, slots=True, init=False)
class Month:
    """A calendar month; immutable, hashable, ordered, and `Month + int` / `Month - Month` work."""

    index: int

    def __init__(self, index: int) -> None:
        # the slot's own setter: a frozen dataclass's generated __init__ goes through
        # object.__setattr__ by name, a third slower, and formulas make a Month per figure
        _SET_INDEX(self, index)

    # --- construction -------------------------------------------------------------------
    @classmethod
    def of(cls, year: int, month: int) -> Month:
        """The month `month` (1–12) of `year`; ValueError in Chinese when impossible."""
        if not 1 <= month <= 12:
            raise ValueError(f"月份必须在 1 到 12 之间,收到 {month}")
        if not 1 <= year <= 9999:
            raise ValueError(f"年份无效:{year}")
        return cls(year * 12 + month - 1)

    @classmethod
    def from_date(cls, d: date) -> Month:
        return cls(d.year * 12 + d.month - 1)  # a date's year and month are always valid

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse "YYYY-MM" (also "YYYY/MM", "YYYY年M月"); ValueError with a Chinese message."""
        m = _MONTH_RE.match(text)
        if not m:
            raise ValueError(f"“{text}”不是有效的年月,应写作 YYYY-MM,例如 1971-04")
        return cls.of(int(m.group(1)), int(m.group(2)))

    @classmethod
    def parse_month_or_date(cls, text: str) -> tuple[Month, date | None]:
        """Parse "YYYY-MM" or "YYYY-MM-DD"; the date is returned too when a day was given.

        An impossible day (1971-02-30) is an error even though only the month is used: a
        typo in the day often means a typo elsewhere, and we must not silently accept it.
        """
        m = _DATE_RE.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                day = date(y, mo, d)
            except ValueError:
                raise ValueError(f"“{text}”不是存在的日期") from None
            return cls.from_date(day), day
        return cls.parse(text), None

    # --- views --------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.index // 12

    @property
    def month(self) -> int:
        return self.index % 12 + 1

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def iso(self) -> str:
        """ "YYYY-MM", the format of every month in the JSON contract."""
        return f"{self.year:04d}-{self.month:02d}"

    def zh(self) -> str:
        """ "2026年8月", as the annex tables print months."""
        return f"{self.year}年{self.month}月"

    # --- arithmetic ---------------------------------------------------------------------
    def __add__(self, months: int) -> Month:
        if not isinstance(months, int):
            return NotImplemented
        return Month(self.index + months)

    __radd__ = __add__

    @overload
    def __sub__(self, other: Month) -> int: ...
    @overload
    def __sub__(self, other: int) -> Month: ...
    def __sub__(self, other: Month | int) -> Month | int:
        """`Month - int` is a Month; `Month - Month` is the whole number of months between."""
        if isinstance(other, Month):
            return self.index - other.index
        return Month(self.index - other)

    def minus(self, other: Month) -> int:
        """Whole months from `other` to `self` (same as `self - other`, spelled for readers)."""
        return self.index - other.index

    def __repr__(self) -> str:
        return f"Month({self.iso()})"

    def __str__(self) -> str:
        return self.iso()

    # --- pydantic integration ------------------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: Any) -> Month:
            if isinstance(value, Month):
                return value
            if isinstance(value, date):
                return cls.from_date(value)
            if isinstance(value, str):
                return cls.parse(value)
            raise ValueError("应为 YYYY-MM 格式的年月")

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda m: m.iso()),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": MONTH_PATTERN, "examples": ["1971-04"]}


_SET_INDEX = Month.__dict__["index"].__set__


def age_text(months: int) -> str:
    """An age in months as the annexes print it: "60岁", "60岁1个月"."""
    years, rest = divmod(months, 12)
    return f"{years}岁{rest}个月" if rest else f"{years}岁"


def duration_text(months: int) -> str:
    """A duration in months as people say it: "15年", "15年6个月", "4个月"."""
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years}年{rest}个月"
    if years:
        return f"{years}年"
    return f"{rest}个月"


def zh_date(d: date) -> str:
    """A day as Chinese texts print it: 2025年1月1日 (for dates filled from parameters)."""
    return f"{d.year}年{d.month}月{d.day}日"
