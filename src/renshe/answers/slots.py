"""Slots of a question, read by rules you can read (regular expressions and word lists).

What a citizen types — 我68年的男的什么时候退休, 渝中区最低工资, 2024年养老金涨多少 — holds the
inputs a calculator needs: a birth year and month, a sex and category, a district, an amount, a
date, a 文号. Each slot has one small function here, so a wrong reading can be found and fixed
by reading it; nothing is guessed by a model. A slot that is not there stays None, and the
answer says what to add.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from renshe.corpus import docnum

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# 1968年5月 / 68年5月 / 1968.5 / 1968-05 / 1968年 / 68年 (a birth when 出生/生/的/男/女 or 退休 is asked)
_BIRTH_YM = re.compile(r"(?<!\d)((?:19|20)?\d{2})\s*(?:年|\.|-|/)\s*(\d{1,2})\s*月?(?:份)?(?:出生|生)?")
_BIRTH_Y = re.compile(r"(?<!\d)((?:19|20)?\d{2})\s*年(?:出生|生|的)?")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_ID = re.compile(r"(?<!\d)(\d{17}[\dXx])(?!\d)")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:元|块)")
_YEARS_OF = re.compile(r"(?:缴费|交了|缴了|交|缴|参保|工作了?)\s*(\d+(?:\.\d+)?)\s*年")
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")

# Words that say which of the three retirement categories a woman is in (the 决定's 原法定退休年龄
# 五十周岁 / 五十五周岁): a cadre or manager was 55, a worker 50.
_FEMALE55 = ("干部", "管理岗", "技术岗", "专业技术", "公务员", "事业单位", "55岁退休", "五十五")
_FEMALE50 = ("工人", "女工", "生产岗", "50岁退休", "五十岁")
_MALE = ("男", "男的", "男职工", "男性", "先生", "老头", "爸", "父亲", "丈夫", "老公")
_FEMALE = ("女", "女的", "女职工", "女性", "女士", "妈", "母亲", "妻子", "老婆")


@dataclass
class Slots:
    birth_year: int | None = None
    birth_month: int | None = None
    id_number: str | None = None
    sex: str | None = None  # "male" | "female"
    category: str | None = None  # retirement rule's category: male60 | female55 | female50
    district: str | None = None
    amount: str | None = None  # a money amount typed with 元
    contribution_years: str | None = None
    year: int | None = None  # a four-digit year that is not the birth year (2024年养老金)
    on: date | None = None
    docnums: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items() if v}


def _full_year(two_or_four: str) -> int:
    y = int(two_or_four)
    if y >= 100:
        return y
    return 1900 + y if y >= 25 else 2000 + y


def read_slots(text: str, is_district: Callable[[str], bool] | None = None) -> Slots:
    """Every slot found in `text`. A district is the shortest run of characters ending in 区/县
    (渝中区, 两江新区, 石柱县) that `is_district` accepts (the calculators' own district check)."""
    t = text.translate(_DIGITS)
    s = Slots()
    s.docnums = [m.canonical for m in docnum.find_all(text)]
    rest = t
    for m in docnum.find_all(t):
        rest = rest.replace(t[m.start : m.end], " ")
    idm = _ID.search(rest)
    if idm:
        s.id_number = idm.group(1).upper()
        rest = rest.replace(idm.group(1), " ")
    dm = _DATE.search(rest)
    if dm:
        try:
            s.on = date(int(dm.group(1)), int(dm.group(2)), int(dm.group(3)))
            rest = rest.replace(dm.group(0), " ")
        except ValueError:
            pass
    am = _AMOUNT.search(rest)
    if am:
        s.amount = am.group(1)
    ym = _YEARS_OF.search(rest)
    if ym:
        s.contribution_years = ym.group(1)
        rest = rest.replace(ym.group(0), " ")
    birthish = any(w in rest for w in ("出生", "生的", "年生", "退休", "岁", "男", "女"))
    bm = _BIRTH_YM.search(rest)
    if bm and birthish and 1 <= int(bm.group(2)) <= 12:
        s.birth_year, s.birth_month = _full_year(bm.group(1)), int(bm.group(2))
    else:
        by = _BIRTH_Y.search(rest)
        if by and birthish and (len(by.group(1)) == 2 or "出生" in rest or by.group(0)[-1] in "生的"):
            s.birth_year = _full_year(by.group(1))
    if s.birth_year is not None and not 1930 <= s.birth_year <= date.today().year:
        s.birth_year, s.birth_month = None, None
    for y in _YEAR.finditer(rest):
        if int(y.group(1)) != s.birth_year:
            s.year = int(y.group(1))
            break
    s.sex, s.category = _sex_and_category(rest)
    if is_district is not None:
        s.district = _district(rest, is_district)
    return s


_PLACE_END = re.compile(r"[区县]")


def _district(text: str, is_district: Callable[[str], bool]) -> str | None:
    for m in _PLACE_END.finditer(text):
        end = m.end()
        for start in range(end - 2, max(-1, end - 10), -1):
            cand = text[start:end]
            if not all("\u4e00" <= c <= "\u9fff" for c in cand):
                break
            if is_district(cand):
                return cand
    return None


def _sex_and_category(text: str) -> tuple[str | None, str | None]:
    female = any(w in text for w in _FEMALE) and not any(w in text for w in ("男女",))
    male = any(w in text for w in _MALE) and not female
    if male:
        return "male", "male60"
    if female:
        if any(w in text for w in _FEMALE55):
            return "female", "female55"
        if any(w in text for w in _FEMALE50):
            return "female", "female50"
        return "female", None
    return None, None
