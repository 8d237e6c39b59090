"""A profile: what is known about one person (and their employer), as shared facts.

Why shared facts and not rule inputs: a person says "I was born in 1990-05" once; every rule
that needs `person.birth` gets it under its own field name (rules/<rule>/rule.yaml `facts`).
A profile is a mapping fact name → value, every fact optional. Keys may be the fact's name
(`person.birth`) or its Chinese label (`出生年月`, rules/facts.yaml), so a caseworker's register
with Chinese headers and an API client read the same vocabulary.

Derived facts (documented in rules/facts.yaml): the ID number gives the birth date and the sex; a man's
`person.retirement_category` is 男职工 (each rule's rule.yaml maps the label to its code). A
woman's category depends on her post and is asked, never guessed.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from renshe.errors import InputError
from renshe.rules.declarations import shared_facts

LIST_FACTS = frozenset({"person.subsidies_received", "job.insurance_kinds"})
_SPLIT = re.compile(r"[、,,;;]")
_SEX = {"男": "男", "male": "男", "m": "男", "女": "女", "female": "女", "f": "女"}
_YES_NO = {"是": "true", "否": "false", "有": "true", "无": "false"}


@cache
def fact_names() -> dict[str, str]:
    """Every accepted key (fact name, Chinese label, folded) → the fact name."""
    out: dict[str, str] = {}
    for name, fact in shared_facts().items():
        out[name] = name
        out.setdefault(fold(fact.label), name)
    return out


def fold(key: str) -> str:
    """Header spelling folded: spaces, full-width brackets and the ID column's common names."""
    k = re.sub(r"\s+", "", str(key)).replace("(", "(").replace(")", ")")
    return {
        "身份证号码": "居民身份证号码",
        "身份证号": "居民身份证号码",
        "公民身份号码": "居民身份证号码",
    }.get(k, k)


def fact_of(key: str) -> str | None:
    """The fact a key (name or Chinese label) names, or None."""
    names = fact_names()
    return names.get(key) or names.get(fold(key))


def _value(fact: str, value: Any) -> Any:
    """One value, normalised only where the vocabulary is the screener's own (lists, 是/否, sex)."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
        if fact in LIST_FACTS:
            return [v.strip() for v in _SPLIT.split(value) if v.strip()]
        if fact == "person.sex":
            sex = _SEX.get(value.lower())
            if sex is None:
                raise InputError(f"性别 person.sex 应为“男”或“女”,而不是“{value}”", fact)
            return sex
        return _YES_NO.get(value, value)
    if fact in LIST_FACTS and isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return value


def parse_profile(raw: dict[str, Any]) -> dict[str, Any]:
    """Raw keys and values → {fact name: value}; InputError (Chinese) for a key that names no fact.

    Empty values are dropped (a blank cell is an unknown fact, not a value); facts are derived
    where the derivation is certain (see the module docstring)."""
    if not isinstance(raw, dict):
        raise InputError("情况必须是一个 JSON 对象(事实名称: 值)", "profile")
    out: dict[str, Any] = {}
    for key, value in raw.items():
        fact = fact_of(str(key))
        if fact is None:
            raise InputError(
                f"不认识的事实“{key}”;请用 rules/facts.yaml 中的名称或中文名称,"
                "如 person.birth(出生年月)、person.district(区县);renshe screen --facts 列出全部",
                str(key),
            )
        if value is None:
            continue
        v = _value(fact, value)
        if v is not None and v != []:
            out[fact] = v
    return derive(out)


def derive(profile: dict[str, Any]) -> dict[str, Any]:
    """Facts that follow with certainty from others: sex from the ID number, a man's category."""
    from renshe.rules.idcard import parse_id_number

    out = dict(profile)
    idn = out.get("person.id_number")
    if idn:
        try:
            info = parse_id_number(str(idn))
        except ValueError as err:  # a wrong number would mislead every rule that reads it
            raise InputError(f"居民身份证号码 person.id_number 无效:{err}", "person.id_number") from None
        sex = "男" if info.sex == "male" else "女"
        if out.setdefault("person.sex", sex) != sex:
            raise InputError(f"性别与居民身份证号码不符(号码所示为{sex})", "person.sex")
        # the number stands for the birth date in every rule (facts.yaml: 可代替出生年月), not only
        # in those that read the number; a birth given as well is the rules' to compare
        out.setdefault("person.birth", info.birth.isoformat())
    if out.get("person.sex") == "男" and "person.retirement_category" not in out:
        out["person.retirement_category"] = "男职工"  # each rule maps the label to its code
    known = shared_facts()
    hukou = out.get("person.hukou_district")
    if hukou and "person.hukou_chongqing" in known and "person.hukou_chongqing" not in out:
        out["person.hukou_chongqing"] = (
            "false" if hukou in OUTSIDE else "true" if is_district(hukou) else None
        )
    size = out.get("employer.size_class")
    if size and "employer.small_micro" in known and "employer.small_micro" not in out:
        out["employer.small_micro"] = {"小型": "true", "微型": "true", "中型": "false", "大型": "false"}.get(
            str(size).removesuffix("企业")
        )
    return {k: v for k, v in out.items() if v is not None}


OUTSIDE = frozenset({"市外", "外省", "外地", "非本市"})


def is_district(name: str) -> bool:
    """Whether `name` is one of Chongqing's districts/counties (rules/districts.yaml)."""
    from renshe.rules.districts import lookup

    return lookup(name) is not None
