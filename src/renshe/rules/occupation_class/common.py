"""What the training and evaluation rules share: certificate kinds, the occupation step, ages.

Why here: 职业培训补贴, 职业技能评价补贴 and 技能提升补贴 all ask "which occupation, which
certificate, which class" and "how old on the day that counts"; one implementation keeps their
answers the same. No figure of the law is in this module (the rules pass their parameters in).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.occupation_class.catalogue import KIND_TEXT, Lookup, lookup
from renshe.rules.params import Param, ParamError, ParamValue, param

Certificate = Literal[
    "training_cert", "special", "junior", "intermediate", "senior", "technician", "senior_technician"
]
CERT_TEXT: dict[str, str] = {
    "training_cert": "培训合格证书",
    "special": "专项职业能力证书",
    "junior": "初级工(五级)",
    "intermediate": "中级工(四级)",
    "senior": "高级工(三级)",
    "technician": "技师(二级)",
    "senior_technician": "高级技师(一级)",
}
# the ladder of 职业资格/职业技能等级 certificates; 培训合格 and 专项 sit below 初级 (our reading)
RANK: dict[str, int] = {
    "training_cert": 0,
    "special": 0,
    "junior": 1,
    "intermediate": 2,
    "senior": 3,
    "technician": 4,
    "senior_technician": 5,
}
Sex = Literal["male", "female"]
SEX_TEXT = {"male": "男性", "female": "女性"}
BASIS_TEXT = {
    "name": "名称与目录一致",
    "code": "编码与目录一致",
    "parent": "工种按所属职业类型(目录备注2)",
    "not_listed": "未纳入目录(按B类)",
    "ambiguous": "同一编码下类别不同(未确定)",
    "weak": "名称只近似匹配(未确定)",
}


def codes_text(labels: dict[str, str]) -> str:
    """'code 中文;code 中文': the form shows each option by its label (renshe.web.labels)."""
    return ";".join(f"{k} {v}" for k, v in labels.items())


def value_on(p: Param, day: date, trace: Trace | None = None) -> ParamValue:
    """The value in force on `day`; before the first value, the first one with a warning (the
    earlier rules are not in the compilation)."""
    try:
        return p.at(day)
    except ParamError:
        first = p.first
        if day < first.start and trace is not None:
            trace.warn(
                f"所涉日期{day.isoformat()}早于{first.citations[0].doc_number}施行({first.start.isoformat()}):"
                "此前的原有规定本汇编未收录,本结果按该通知的标准计算,仅供参考。"
            )
        return first if day < first.start else p.values[-1]


def parse_birth(v: Any, field: str = "birth") -> tuple[int, int, int] | None:
    """YYYY-MM or YYYY-MM-DD → (year, month, day); a missing day counts as the 1st."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    s = str(v).strip()
    m = re.fullmatch(r"(\d{4})[-/年](\d{1,2})(?:[-/月](\d{1,2})日?)?月?", s)
    if m is None:
        raise InputError(f"出生年月 {field} 无效:“{s}”应写作 YYYY-MM 或 YYYY-MM-DD", field)
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    try:
        date(y, mo, d)
    except ValueError:
        raise InputError(f"出生年月 {field} 无效:“{s}”不是存在的日期", field) from None
    if y < 1900:
        raise InputError(f"出生年月 {field} 无效:“{s}”早于1900年", field)
    return y, mo, d


def age_on(birth: tuple[int, int, int], day: date) -> int:
    """Whole years of age (周岁) on `day`."""
    y, m, d = birth
    return day.year - y - (1 if (day.month, day.day) < (m, d) else 0)


def occupation_step(
    found: Lookup, trace: Trace, catalogue: Citation, default_b: Citation, note2: Citation
) -> None:
    """Explain how the class was found (or why it was not), citing the catalogue."""
    q = found.query
    if found.status == "name" and found.entry is not None:
        e = found.entry
        trace.step(
            f"“{q}”是培训目录{e.label},属于{KIND_TEXT[e.kind]},按{e.cls}类执行(源文本第{e.line}行)。",
            catalogue,
        )
    elif found.status == "code":
        rows = "、".join(r.label for r in found.rows)
        trace.step(f"编码“{q}”对应培训目录{rows},按{found.cls}类执行。", catalogue)
    elif found.status == "parent":
        up = found.via
        base = "、".join(r.label for r in found.rows) if found.rows else (up.query if up else "")
        trace.step(f"“{q}”不在培训目录中,但其所属职业在目录中({base}):按其职业类型{found.cls}类执行。", note2)
    elif found.status == "not_listed":
        trace.step(f"“{q}”未纳入培训目录:按照B类执行。", default_b)
    elif found.status == "ambiguous":
        names = "、".join(r.label for r in found.candidates)
        trace.step(
            f"“{q}”对应目录中类别不同的多个项目({names}),无法确定类别:请填写具体的工种名称。", catalogue
        )
        trace.warn(
            f"职业(工种)“{q}”对应多个类别不同的项目:{names}。未替您选择,请按证书上的工种名称重新填写。"
        )
    else:
        names = "、".join(r.label for r in found.candidates)
        trace.step(f"“{q}”与目录中的项目名称不完全一致;相近的有:{names}。未替您选择。", catalogue)
        trace.warn(
            f"职业(工种)“{q}”未精确匹配培训目录;相近项目:{names}。请填写目录中的完整名称或编码;"
            "如确认不在目录中,请选择“确认不在目录中”(按B类执行)。"
        )
    if found.siblings:
        other = "、".join(r.label for r in found.siblings)
        trace.warn(
            f"同一职业编码下的工种类别不同:{other}。本结果按“{q}”所在行的类别计算,请核对证书上的工种。"
        )


def resolve(occupation: str, parent: str | None, not_listed: bool) -> Lookup:
    return lookup(occupation, parent, not_listed)


def catalogue_horizon(year: int, trace: Trace, what: str = "catalogue") -> None:
    """The catalogue and the directory are lists of one year: later years get the horizon note."""
    years = param("occupation.catalogue_year").first.value
    catalogue_year = int(years[what])
    what = {"catalogue": "培训目录", "directory": "补贴性职业培训机构目录"}[what]
    if year > catalogue_year:
        trace.warn(
            f"{what}为{catalogue_year}年公布的目录;{year}年的目录本汇编未收录(由市人力社保局动态公布),"
            f"本结果按{catalogue_year}年目录判断,请以当年公布的目录为准。"
        )
