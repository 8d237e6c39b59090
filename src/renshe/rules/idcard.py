"""18-digit 居民身份证号码 (GB 11643-1999): check digit, birth date and sex.

Several calculators need the birth month and sex of a person; taking them from the ID number
avoids typing errors, but only if a mistyped number is caught — hence the ISO 7064 MOD 11-2
check digit. The number itself is personal data: `mask` keeps it out of outputs and logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class IdInfo:
    birth: date
    sex: str  # "male" | "female"


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalize(number: str) -> str:
    return number.strip().replace(" ", "").upper()


def parse_id_number(number: str) -> IdInfo:
    """Birth date and sex from an 18-digit ID number; ValueError with a Chinese message if invalid."""
    n = normalize(number)
    if not _SHAPE.match(n):
        raise ValueError("居民身份证号码应为18位:前17位是数字,最后一位是数字或X")
    expected = check_digit(n[:17])
    if n[17] != expected:
        raise ValueError(f"居民身份证号码校验位不符(按 GB 11643 应为 {expected}),请检查是否输错")
    try:
        birth = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise ValueError(f"居民身份证号码中的出生日期 {n[6:14]} 不存在") from None
    sex = "male" if int(n[16]) % 2 == 1 else "female"
    return IdInfo(birth, sex)


def mask(number: str) -> str:
    """Keep the region code and the last four characters: 500101********123X."""
    n = normalize(number)
    return n[:6] + "*" * 8 + n[14:] if len(n) == 18 else "*" * len(n)
