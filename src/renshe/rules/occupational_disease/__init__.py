"""Rule `occupational-disease` (职业病): is a named disease in the national catalogue on the day of
diagnosis, with the occupation it is limited to; is it one of Chongqing's 32 acute occupational
diseases whose initial treatment the work-injury fund pays.

Sources: 国卫职健发〔2024〕39号 《职业病分类和目录》 (lines 7684–7897), in force 2025-08-01, repealing the
2013 catalogue, which the compilation does not print — so for a diagnosis before 2025-08-01 the
answer is "cannot tell". 渝人社发〔2024〕23号 (lines 7936–7976): the fund pays the initial treatment of
an acute occupational disease when the worker is insured in Chongqing, the employer reported the
harm, the diagnosis names a disease of its 附件, 工伤认定 was applied for within the time limit
(工伤保险条例 第十七条, external) and granted.

Findings the rule reports (README): three names of the 附件 differ from the national list
(氮氧化合物中毒, 苯的氨基及硝基化合物(不包括三硝基甲苯) without 中毒, 高温中暑); 39号 prints 五.54
as 钡及其化合物中毒 (a second 钡 after 五.7; the 2013 catalogue reads 铟) and 五.16 as 偏二甲基胂中毒 (the
chemical is 偏二甲基肼, unsymmetrical dimethylhydrazine) — likely OCR errors, but the correction comes
from outside the compilation, so the printed names are kept and the corrected ones accepted with a
warning.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.months import zh_date
from renshe.rules.params import cite, derived, param
from renshe.rules.registry import Rule, register
from renshe.rules.work_injury import recognition_window

# the citation of each category heading of the catalogue (一 … 十二)
CATEGORY_KEYS: dict[str, str] = {
    "一": "od.category.1",
    "二": "od.category.2",
    "三": "od.category.3",
    "四": "od.category.4",
    "五": "od.category.5",
    "六": "od.category.6",
    "七": "od.category.7",
    "八": "od.category.8",
    "九": "od.category.9",
    "十": "od.category.10",
    "十一": "od.category.11",
    "十二": "od.category.12",
}
# Likely OCR errors of 39号 (item path → the name read from outside the compilation): accepted
# as input with a warning; the printed name stays the catalogue's.
OCR_READINGS: dict[str, str] = {"五/54": "铟及其化合物中毒", "五/16": "偏二甲基肼中毒"}
# The 23号 附件 names that differ from the national list (序号 → national item path)
ACUTE_VARIANTS: dict[int, str] = {11: "五/17", 25: "五/40", 32: "六/1"}
LIMIT = re.compile(r"\(限于(.+)\)$")


def _fold(name: str) -> str:
    """Names compare without spaces and with one kind of parentheses."""
    return re.sub(r"[\s\u3000]+", "", name).replace("（", "(").replace("）", ")")


def base_name(name: str) -> str:
    """The name without its occupation limit: 艾滋病(限于医疗卫生人员及人民警察) → 艾滋病."""
    return LIMIT.sub("", _fold(name))


class DiseaseInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    disease: str = Field(
        title="职业病名称", description="诊断的病名,如 一氧化碳中毒、噪声聋、艾滋病", examples=["苯中毒"]
    )
    diagnosed_on: date = Field(
        title="诊断(鉴定)为职业病之日", description="YYYY-MM-DD;按这一天适用的目录判断"
    )
    in_limited_occupation: bool | None = Field(
        None, title="属于目录限定的职业", description="目录对该病限定职业时(如限于井下工人),本人是否属于"
    )
    insured_cq: bool | None = Field(
        None, title="已参加重庆市工伤保险", description="已参加我市工伤保险(或职业伤害保障)"
    )
    reported: bool | None = Field(
        None, title="用人单位已及时备案", description="用人单位已及时进行事故伤害备案"
    )
    applied_in_time: bool | None = Field(
        None, title="在规定时限内申请工伤认定", description="工伤保险条例第十七条的时限内提出工伤认定申请"
    )
    recognised: bool | None = Field(
        None, title="已作出工伤认定决定", description="社会保险行政部门已认定为工伤"
    )

    @field_validator("disease", mode="before")
    @classmethod
    def _name(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            raise InputError("请填写职业病名称 disease", "disease")
        return v

    @field_validator("diagnosed_on", mode="before")
    @classmethod
    def _date(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            raise InputError("请填写诊断为职业病之日 diagnosed_on(YYYY-MM-DD)", "diagnosed_on")
        return parse_date(v, "diagnosed_on", "诊断日期")


class DiseaseResult(BaseModel):
    in_catalogue: bool | None = Field(title="属于职业病分类和目录", description="null:该日适用的目录未收录")
    item: str | None = Field(title="目录条目", description="类别/序号,如 五/27")
    category: str | None = Field(title="类别")
    printed_name: str | None = Field(title="目录所印名称")
    occupation_limit: str | None = Field(title="限定的职业")
    occupation_met: bool | None = Field(title="符合职业限定")
    acute: bool | None = Field(title="属于重庆市急性职业病病种目录")
    acute_number: int | None = Field(title="急性职业病目录序号")
    acute_printed_name: str | None = Field(title="急性职业病目录所印名称")
    fund_pays_initial_treatment: bool | None = Field(title="最初医疗救治费用可由工伤保险基金支付")
    findings: list[str] = Field(title="源文本问题")


def catalogue_start() -> date:
    d: date = param("occupational_disease.catalogue").first.start
    return d


def acute_start() -> date:
    d: date = param("occupational_disease.acute").first.start
    return d


def _index(items: dict[str, str]) -> dict[str, str]:
    """Folded name (and name without its limit) → item path; the first of a repeated name wins."""
    out: dict[str, str] = {}
    for path, name in items.items():
        for key in (_fold(name), base_name(name)):
            out.setdefault(key, path)
    for path, reading in OCR_READINGS.items():
        out.setdefault(_fold(reading), path)
    return out


def _catalogue_index(on: date) -> dict[str, str]:
    v = param("occupational_disease.catalogue").at(on)
    index: dict[str, str] = derived(v, "od_index", _index)
    return index


def find_item(name: str, on: date) -> str | None:
    """The catalogue item (path) a name designates on `on` (国卫职健发〔2024〕39号 目录); the three
    names of the Chongqing acute list that differ from it designate their national item."""
    index = _catalogue_index(on)
    key = _fold(name)
    found = index.get(key) or index.get(base_name(key))
    if found is None and on >= acute_start():
        acute: dict[int, str] = param("occupational_disease.acute").value_at(on)
        found = next((ACUTE_VARIANTS[n] for n in ACUTE_VARIANTS if _fold(acute[n]) == key), None)
    return found


def find_acute(name: str, item: str | None, on: date) -> int | None:
    """The 序号 of the 重庆市急性职业病病种目录 (渝人社发〔2024〕23号 附件) that a name or item designates:
    each printed name stands for the national item of the same name (the first, for 钡), or for the
    item the variants table names."""
    acute: dict[int, str] = param("occupational_disease.acute").value_at(on)
    index = _catalogue_index(max(on, catalogue_start()))
    key = _fold(name)
    for number, printed in acute.items():
        path = ACUTE_VARIANTS.get(number) or index.get(_fold(printed))
        if _fold(printed) == key or (item is not None and path == item):
            return number
    return None


def _catalogue(inp: DiseaseInput, trace: Trace, findings: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(
        ("in_catalogue", "item", "category", "printed_name", "occupation_limit")
    )
    out["occupation_met"] = None
    if inp.diagnosed_on < catalogue_start():
        trace.step(
            f"诊断日期{zh_date(inp.diagnosed_on)}早于新目录的实施日{zh_date(catalogue_start())}:当时适用的是2013年的"
            "《职业病分类和目录》,本汇编未收录,无法判断。",
            cite("od.catalogue.effective"),
            cite("od.catalogue.repeal"),
        )
        trace.warn("2013年《职业病分类和目录》未收录:无法判断诊断日适用的目录是否包括该病。")
        return out
    item = find_item(inp.disease, inp.diagnosed_on)
    if item is None:
        trace.step(
            f"“{inp.disease}”不在{zh_date(catalogue_start())}起实施的《职业病分类和目录》中(按名称比对)。",
            cite("od.catalogue.effective"),
        )
        trace.warn("按名称比对:目录有“上述条目未提及的……其他……”兜底条目,是否属于须由职业病诊断机构判断。")
        out["in_catalogue"] = False
        return out
    items: dict[str, str] = param("occupational_disease.catalogue").value_at(inp.diagnosed_on)
    printed = items[item]
    head = item.split("/")[0]
    c = cite(CATEGORY_KEYS[head])
    category = c.quote.split("、", 1)[1]
    trace.step(f"属于《职业病分类和目录》{category}第{item}项:{printed}。", c, cite("od.catalogue.effective"))
    if item in OCR_READINGS and _fold(inp.disease) != _fold(printed):
        findings.append(
            f"目录第{item}项印作“{printed}”,按原2013年目录及化学名称应为“{OCR_READINGS[item]}”(疑为OCR错误;"
            "更正依据来自汇编以外)"
        )
        trace.warn(findings[-1] + ":按所填名称对应该项。")
    limit = LIMIT.search(_fold(printed))
    out.update(in_catalogue=True, item=item, category=category, printed_name=printed)
    if limit:
        out["occupation_limit"] = limit.group(1)
        out["occupation_met"] = inp.in_limited_occupation
        met = {True: "属于", False: "不属于", None: "未说明是否属于"}[inp.in_limited_occupation]
        trace.step(f"目录限于{limit.group(1)};本人{met}该职业。", c)
        if inp.in_limited_occupation is False:
            out["in_catalogue"] = False
    return out


def _acute(inp: DiseaseInput, item: str | None, trace: Trace, findings: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(("acute", "acute_number", "acute_printed_name"))
    if inp.diagnosed_on < acute_start():
        trace.step(
            f"诊断日期早于渝人社发〔2024〕23号的印发执行日{zh_date(acute_start())}:"
            "此前的急性职业病病种目录未收录,无法判断。",
            cite("od.acute.effective"),
            cite("od.acute.date"),
        )
        return out
    number = find_acute(inp.disease, item, inp.diagnosed_on)
    out["acute"] = number is not None
    if number is None:
        trace.step("不属于重庆市急性职业病病种目录(32种)。", cite("od.acute.list"))
        return out
    acute: dict[int, str] = param("occupational_disease.acute").value_at(inp.diagnosed_on)
    out.update(acute_number=number, acute_printed_name=acute[number])
    trace.step(f"属于重庆市急性职业病病种目录第{number}种:{acute[number]}。", cite("od.acute.list"))
    printed_item = ACUTE_VARIANTS.get(number) or _catalogue_index(
        max(inp.diagnosed_on, catalogue_start())
    ).get(_fold(acute[number]))
    if printed_item in OCR_READINGS:
        findings.append(
            f"重庆市急性职业病病种目录第{number}种同样印作“{acute[number]}”,应为“{OCR_READINGS[printed_item]}”"
            "(更正依据来自汇编以外)"
        )
    if number in ACUTE_VARIANTS:
        items: dict[str, str] = param("occupational_disease.catalogue").first.value
        national = items[ACUTE_VARIANTS[number]]
        findings.append(f"重庆市急性职业病病种目录第{number}种印作“{acute[number]}”,国家目录为“{national}”")
        trace.warn(findings[-1] + ":两者指同一种病,按同一种判断。")
    return out


def _fund(inp: DiseaseInput, acute: bool | None, trace: Trace) -> bool | None:
    """渝人社发〔2024〕23号 一: insured, reported, acute, applied in time, recognised → the fund pays."""
    facts = [acute, inp.insured_cq, inp.reported, inp.applied_in_time, inp.recognised]
    pays = False if False in facts else (None if None in facts else True)
    if acute:
        text = {
            True: "可由工伤保险基金支付",
            False: "不由工伤保险基金支付",
            None: "是否由工伤保险基金支付尚缺条件",
        }[pays]
        trace.step(
            f"最初遭受急性职业病的医疗救治费用{text}。", cite("od.acute.insured"), cite("od.acute.fund")
        )
    if pays:
        trace.step(
            "所需费用须符合工伤保险三个目录、住院服务标准和重庆市急性职业病病种目录。",
            cite("od.acute.catalogues"),
        )
    return pays


def compute(inp: DiseaseInput, trace: Trace) -> DiseaseResult:
    findings: list[str] = []
    cat = _catalogue(inp, trace, findings)
    acute = _acute(inp, cat["item"], trace, findings)
    pays = _fund(inp, acute["acute"], trace)
    return DiseaseResult(**cat, **acute, fund_pays_initial_treatment=pays, findings=findings)


def basis() -> list[Citation]:
    keys = ["od.catalogue.effective", "od.catalogue.repeal", "od.acute.fund", "od.acute.list"]
    return [cite(k) for k in keys]


CONDITIONS: tuple[tuple[str, str, str], ...] = (
    ("insured_cq", "已参加重庆市工伤保险", "od.acute.insured"),
    ("reported", "用人单位已及时进行事故伤害备案", "od.acute.insured"),
    ("applied_in_time", "在规定时限内提出工伤认定申请", "od.acute.fund"),
    ("recognised", "已作出工伤认定决定", "od.acute.fund"),
)


def assess(inp: DiseaseInput, r: DiseaseResult, on: date) -> Assessment:
    """Eligible = the fund pays the initial treatment (23号 一); apply_by = the 1-year window of 第十七条."""
    conditions: list[tuple[str, bool | None, Citation | str | None]] = [
        ("属于职业病分类和目录", r.in_catalogue, cite("od.catalogue.effective")),
        ("属于重庆市急性职业病病种目录", r.acute, cite("od.acute.list")),
    ]
    missing: list[str] = []
    for field, text, key in CONDITIONS:
        value = getattr(inp, field)
        conditions.append((text, value, cite(key)))
        if value is None:
            missing.append(field)
    if r.occupation_limit is not None and inp.in_limited_occupation is None:
        missing.append("in_limited_occupation")
    _, worker_by = recognition_window(inp.diagnosed_on)
    return Assessment(r.fund_pays_initial_treatment, conditions, missing, None, apply_by=worker_by)


def governing_law(inp: DiseaseInput) -> tuple[str, date]:
    return "occupational_disease.catalogue", max(inp.diagnosed_on, catalogue_start())


RULE: Rule[DiseaseInput, DiseaseResult] = register(
    Rule(
        name="occupational-disease",
        title="职业病目录与急性职业病医疗待遇(国卫职健发〔2024〕39号、渝人社发〔2024〕23号)",
        summary="按诊断日判断病名是否属于《职业病分类和目录》(含职业限定),是否属于重庆市急性职业病病种目录,"
        "以及最初医疗救治费用能否由工伤保险基金支付。",
        input_model=DiseaseInput,
        result_model=DiseaseResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        examples=[
            {"disease": "一氧化碳中毒", "diagnosed_on": "2025-09-01", "insured_cq": True, "reported": True},
            {"disease": "滑囊炎", "diagnosed_on": "2025-09-01", "in_limited_occupation": True},
        ],
    )
)
