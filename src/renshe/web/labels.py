"""Chinese words for the code's own names, for everything a person sees on a page.

The rules' input schemas give every field a Chinese `title`, and most enum values a Chinese
label in the field's description ("male60 男职工;female55 …"). Where a description only lists
the codes ("male60 / female55 / female50(同 retirement)") the small mapping below fills in, until
the rules carry a label for every value (issue 14); then this mapping can go.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Only for values whose field description does not say what they mean.
ENUM_FALLBACK: dict[str, str] = {
    "male60": "男职工（原法定退休年龄60周岁）",
    "female55": "女职工（原法定退休年龄55周岁）",
    "female50": "女职工（原法定退休年龄50周岁）",
    "early": "弹性提前退休",
    "late": "弹性延迟退休",
    "statutory": "按法定退休时间退休",
    "below_original_age": "早于原法定退休年龄",
    "too_early": "早于弹性提前的最早时间",
    "too_late": "晚于弹性延迟的最晚时间",
    "outside_reform": "不适用弹性退休",
    "floor": "按下限核定",
    "cap": "按上限核定",
    "full_time": "全日制",
    "part_time": "非全日制",
    "contributions": "缴费满1年",
    "involuntary": "非因本人意愿中断就业",
    "registered": "已办理失业登记并有求职要求",
    "below_retirement_age": "未达到法定退休年龄",
    "retirement_pension": "第三条情形",
    "basic_pension": "第四条情形",
    "limited_period": "第五条情形",
    "workday": "工作日延长工作时间",
    "rest_day": "休息日工作且不能安排补休",
    "holiday": "法定休假日工作",
}
_FORMATS = (("YYYY-MM-DD", "年-月-日（如 2025-03-01）"), ("YYYY-MM", "年-月（如 1975-03）"))


@cache
def declared_labels() -> dict[str, str]:
    """Every enum value's Chinese label as the rules declare it (each rule.yaml's `values`).

    One map across rules: a page shows a value's words wherever the value appears (a form's
    options, a result that echoes an input, a row of a schedule)."""
    from renshe.rules.declarations import declarations

    out: dict[str, str] = {}
    for d in declarations().values():
        for field_values in d.values.values():
            for code, label in field_values.items():
                out.setdefault(str(code), str(label))
    return out


CODE = re.compile(r"[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)*")


def value_words(value: str) -> str | None:
    """A code's Chinese words (declared, or the fallback), or None when `value` is a code with
    no words (a condition id, a citation key): the page leaves it out rather than show it."""
    if value in ENUM_FALLBACK:
        return ENUM_FALLBACK[value]
    declared = declared_labels().get(value)
    if declared is not None:
        return declared
    return None if CODE.fullmatch(value) else value


def enum_labels(enum: list[Any], description: str) -> dict[str, str]:
    """Labels for enum values: the rule's declaration (rule.yaml `values`), else read from a
    description like 'male60 男职工;female55 …'."""
    values = {str(e) for e in enum}
    labels: dict[str, str] = {}
    for part in re.split(r"[;;]\s*", description):
        m = re.match(r"\s*([A-Za-z0-9_\-]+)\s*[::=]?\s*(.+)", part)
        if m and m.group(1) in values and not re.match(r"[/A-Za-z]", m.group(2)):
            labels[m.group(1)] = re.sub(r"[((]也可填[^))]*[))]", "", m.group(2)).strip()
    declared = declared_labels()
    for v in values:
        if v not in labels and v in declared:
            labels[v] = declared[v]
        if v in ENUM_FALLBACK:
            labels[v] = ENUM_FALLBACK[v]
    return labels


def lists_only_codes(description: str, enum: list[Any]) -> bool:
    """True when a description is the list of the codes (with or without their labels, which
    the options show): a select needs no help text then."""
    codes = [str(v) for v in enum if re.fullmatch(r"[A-Za-z0-9_\-]+", str(v))]
    return bool(codes) and all(c in description for c in codes)


def chinese_text(text: str, names: dict[str, str]) -> str:
    """`text` with the code's names (field names, enum values, true/false, formats) in Chinese.

    `names` maps each code name of the form (field names and enum values) to its Chinese label.
    """
    if not text or text == "None":
        return ""
    out = re.sub(r"[((]\s*同\s*[A-Za-z\-]+\s*[))]", "", text)
    for code, label in sorted(names.items(), key=lambda kv: len(kv[0]), reverse=True):
        out = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(code)}(?![A-Za-z0-9_])", f"“{label}”", out)
    out = re.sub(r"(?<![A-Za-z])true(?![A-Za-z])", "“是”", out)
    out = re.sub(r"(?<![A-Za-z])false(?![A-Za-z])", "“否”", out)
    out = re.sub(r"(?<![A-Za-z])null(?![A-Za-z])", "不填", out)
    for fmt, cn in _FORMATS:
        out = out.replace(fmt, cn)
    return out


def schema_names(schema: dict[str, Any]) -> dict[str, str]:
    """Every field name and enum value of an input or result schema → its Chinese label."""
    defs: dict[str, Any] = schema.get("$defs", {})
    names: dict[str, str] = {}

    def walk(props: dict[str, Any]) -> None:
        for name, prop in props.items():
            branches = [prop, *(prop.get("anyOf") or [])]
            title = prop.get("title")
            desc = str(prop.get("description") or "")
            for b in branches:
                ref = b.get("$ref")
                target = defs.get(str(ref).rsplit("/", 1)[-1], {}) if ref else b
                if "enum" in target:
                    names.update(enum_labels(target["enum"], desc))
                title = title or target.get("title")
            if title:
                names.setdefault(name, str(title))

    walk(schema.get("properties", {}))
    for d in defs.values():
        walk(d.get("properties", {}))
    return names


def chinese_message(message: str, names: dict[str, str]) -> str:
    """An error message from a rule with its code names said once, in Chinese.

    The rules write a field as “出生年月 birth” or “category(人员类别)”; on a page the Chinese
    alone is enough, so the code is dropped where its label stands next to it.
    """
    out = message
    for code, label in sorted(names.items(), key=lambda kv: len(kv[0]), reverse=True):
        c, lab = re.escape(code), re.escape(label)
        out = re.sub(rf"{lab}\s*{c}(?![A-Za-z0-9_])", label, out)
        out = re.sub(rf"(?<![A-Za-z0-9_]){c}\s*[((]{lab}[))]", label, out)
        out = re.sub(rf"'{c}'", f"“{label}”", out)
    return chinese_text(out, names)
