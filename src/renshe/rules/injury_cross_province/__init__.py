"""Rule `injury-cross-province` (工伤保险跨省异地就医直接结算): may this injured worker settle
inpatient costs directly in another province, which costs are covered, by when the 备案 is done,
and (for the fund) the prepayment warning level.

Source: 人社部发〔2024〕11号 (lines 7387–7678), a pilot from 2024-04-01 (一). 三: a worker with one of
four confirmations (工伤认定, 工伤复发确认, 工伤康复确认, 辅助器具配置确认) who either lives or works
outside the insuring province for half a year or more (含) or is referred because the local
institutions cannot treat; 四(二): inpatient medical, rehabilitation and assistive-device costs
without third-party liability are covered, meals and referral travel are not (reimbursed at home);
规程 第十四条: 备案 within 5 working days; 第二十六条: 70% yellow / 80% red prepayment warning;
第三十七条: a stay across a year settles as one at the discharge date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import to_decimal
from renshe.rules.months import zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register
from renshe.rules.workdays import add_working_days

Route = Literal["long_stay", "referral"]
Cost = Literal["inpatient_medical", "inpatient_rehab", "assistive_device", "meals", "travel"]
ROUTE_TEXT: dict[str, str] = {"long_stay": "异地长期居住或常驻异地工作", "referral": "异地转诊转院"}
COST_TEXT: dict[str, str] = {
    "inpatient_medical": "住院工伤医疗费",
    "inpatient_rehab": "住院工伤康复费",
    "assistive_device": "辅助器具配置费",
    "meals": "住院伙食补助费",
    "travel": "转诊转院到统筹区外就医的交通食宿费",
}
COVERED: frozenset[str] = frozenset({"inpatient_medical", "inpatient_rehab", "assistive_device"})


def first_day() -> date:
    d: date = param("cross_province.min_months_outside").first.start
    return d


class CrossProvinceInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    route: Route = Field(
        title="跨省异地就医类型", description="long_stay 异地长期居住或常驻异地工作;referral 异地转诊转院"
    )
    confirmed: bool | None = Field(
        None,
        title="已完成工伤认定等确认",
        description="已完成工伤认定、工伤复发确认、工伤康复确认或辅助器具配置确认之一",
    )
    months_outside: int | None = Field(
        None, title="在参保省外居住(工作)的月数", description="异地长期居住(工作)时填写"
    )
    meets_local_requirements: bool | None = Field(
        None, title="符合参保地要求", description="符合参保地异地就医、康复、辅助器具配置要求,或转诊转院要求"
    )
    cost: Cost | None = Field(
        None, title="费用类别", description=";".join(f"{k} {v}" for k, v in COST_TEXT.items())
    )
    third_party: bool = Field(False, title="有第三方责任", description="费用有第三方责任的,不纳入直接结算")
    applied_on: date | None = Field(
        None, title="提出备案申请之日", description="向参保地经办机构提出备案申请的日期,YYYY-MM-DD"
    )
    admitted_on: date | None = Field(None, title="入院日期", description="办理入院手续的日期,YYYY-MM-DD")
    discharged_on: date | None = Field(None, title="出院结算日期", description="出院结算的日期,YYYY-MM-DD")
    prepayment_usage: Decimal | None = Field(
        None, title="预付金使用率", description="异地就医季度清算资金占预付金的比例,如 0.75(经办机构用)"
    )

    @field_validator("applied_on", "admitted_on", "discharged_on", mode="before")
    @classmethod
    def _dates(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        labels = {"applied_on": "备案申请日期", "admitted_on": "入院日期", "discharged_on": "出院结算日期"}
        return parse_date(v, str(info.field_name), labels[str(info.field_name)])

    @field_validator("prepayment_usage", mode="before")
    @classmethod
    def _rate(cls, v: Any) -> Decimal | None:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        try:
            d = to_decimal(v, "预付金使用率")
        except ValueError as err:
            raise InputError(f"预付金使用率 prepayment_usage 无效:{err}", "prepayment_usage") from None
        if d < 0 or d > 10:
            raise InputError("预付金使用率 prepayment_usage 应写作比例,如 0.75", "prepayment_usage")
        return d

    @model_validator(mode="after")
    def _check(self) -> CrossProvinceInput:
        if self.months_outside is not None and not 0 <= self.months_outside <= 1200:
            raise InputError("在参保省外的月数 months_outside 应在0至1200之间", "months_outside")
        if self.admitted_on and self.discharged_on and self.discharged_on < self.admitted_on:
            raise InputError("出院结算日期 discharged_on 不能早于入院日期 admitted_on", "discharged_on")
        return self


class CrossProvinceResult(BaseModel):
    eligible_person: bool | None = Field(title="属于可跨省直接结算的人员")
    covered: bool | None = Field(title="费用纳入直接结算范围", description="null:未填费用类别")
    filing_done_by: date | None = Field(
        title="备案最迟办结日", description="符合条件的,在人社部发〔2024〕11号所定的工作日内办结"
    )
    filing_estimated: bool = Field(title="备案日期为预估", description="超出已公布的放假安排")
    settle_on: date | None = Field(title="结算时点", description="跨自然年度住院的,以出院结算日期整体结算")
    warning: Literal["yellow", "red"] | None = Field(title="预付金预警", description="yellow 黄色;red 红色")


def person_conditions(inp: CrossProvinceInput, on: date) -> list[tuple[str, bool | None, Citation]]:
    """三: the confirmation, and 三(一) half a year (含) outside the province or 三(二) referral."""
    out: list[tuple[str, bool | None, Citation]] = [
        ("已完成工伤认定、工伤复发确认、工伤康复确认或辅助器具配置确认", inp.confirmed, cite("xp.scope"))
    ]
    if inp.route == "long_stay":
        need = int(param("cross_province.min_months_outside").value_at(on))
        met = None if inp.months_outside is None else inp.months_outside >= need
        out.append((f"在参保省外居住(工作){need}个月(含)以上", met, cite("xp.long_stay")))
        out.append(
            ("符合参保地异地就医、康复、辅助器具配置要求", inp.meets_local_requirements, cite("xp.long_stay"))
        )
    else:
        out.append(
            (
                "参保地协议机构不能诊治或配置,并符合参保地转诊转院要求",
                inp.meets_local_requirements,
                cite("xp.referral"),
            )
        )
    return out


def all_met(conditions: list[tuple[str, bool | None, Citation]]) -> bool | None:
    values = [met for _, met, _ in conditions]
    return False if False in values else (None if None in values else True)


def is_covered(cost: str | None, third_party: bool) -> bool | None:
    """四(二): 无第三方责任的住院医疗、康复和辅助器具配置费纳入;伙食补助费和交通食宿费不纳入."""
    if cost is None:
        return None
    return cost in COVERED and not third_party


def warning_level(usage: Decimal | None, on: date) -> Literal["yellow", "red"] | None:
    """规程 第二十六条: 使用率达到70%为黄色预警;达到80%及以上为红色预警."""
    if usage is None:
        return None
    rates = param("cross_province.warning_rates").value_at(on)
    if usage >= Decimal(rates["red"]):
        return "red"
    return "yellow" if usage >= Decimal(rates["yellow"]) else None


def compute(inp: CrossProvinceInput, trace: Trace) -> CrossProvinceResult:
    on = inp.applied_on or trace.on or first_day()
    conditions = person_conditions(inp, on)
    for text, met, c in conditions:
        trace.step(f"{text}:{ {True: '是', False: '否', None: '未说明'}[met] }。", c)
    person = all_met(conditions)
    covered = is_covered(inp.cost, inp.third_party)
    if inp.cost is not None:
        verdict = "纳入" if covered else "不纳入"
        why = "(有第三方责任)" if inp.third_party and inp.cost in COVERED else ""
        key = "xp.covered" if inp.cost in COVERED else "xp.excluded"
        trace.step(f"{COST_TEXT[inp.cost]}{why}{verdict}跨省异地就医直接结算范围。", cite(key))
        if inp.cost not in COVERED:
            trace.step("由参保地经办机构按照参保地政策审核报销。", cite("xp.excluded"))
    done_by, estimated = None, False
    if inp.applied_on is not None:
        n = int(param("cross_province.filing_working_days").value_at(on))
        d = add_working_days(inp.applied_on, n, strict=False)
        done_by, estimated = d.deadline, d.estimated
        trace.step(
            f"跨省就医前应备案并经审核同意;{zh_date(inp.applied_on)}申请的,符合条件的原则上在{n}个工作日内、"
            f"即{zh_date(done_by)}前办结{'(预估)' if estimated else ''}。",
            cite("xp.filing"),
            cite("xp.filing_days"),
        )
    settle = None
    if inp.admitted_on and inp.discharged_on and inp.admitted_on.year != inp.discharged_on.year:
        settle = inp.discharged_on
        trace.step(
            f"住院跨自然年度:以出院结算日期{zh_date(settle)}为结算时点,按一笔费用整体结算。",
            cite("xp.cross_year"),
        )
    level = warning_level(inp.prepayment_usage, on)
    if level is not None:
        text = {"yellow": "黄色预警", "red": "红色预警,就医省可启动预付金紧急调增流程"}[level]
        trace.step(f"预付金使用率{inp.prepayment_usage}:{text}。", cite("xp.warning"))
        trace.warn(f"预付金{text}。")
    return CrossProvinceResult(
        eligible_person=person,
        covered=covered,
        filing_done_by=done_by,
        filing_estimated=estimated,
        settle_on=settle,
        warning=level,
    )


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in ("xp.scope", "xp.long_stay", "xp.referral", "xp.covered", "xp.filing_days", "xp.warning")
    ]


def assess(inp: CrossProvinceInput, r: CrossProvinceResult, on: date) -> Assessment:
    """Eligible: the person may settle directly and (when a cost is named) the cost is covered."""
    conds: list[tuple[str, bool | None, Citation | str | None]] = list(
        person_conditions(inp, inp.applied_on or on)
    )
    missing = [f for f in ("confirmed", "meets_local_requirements") if getattr(inp, f) is None]
    if inp.route == "long_stay" and inp.months_outside is None:
        missing.append("months_outside")
    eligible = r.eligible_person
    if r.covered is not None:
        conds.append(("费用纳入直接结算范围", r.covered, cite("xp.covered")))
        eligible = False if r.covered is False else eligible
    return Assessment(eligible, conds, missing, None)


def governing_law(inp: CrossProvinceInput) -> tuple[str, date]:
    return "cross_province.min_months_outside", max(inp.applied_on or first_day(), first_day())


RULE: Rule[CrossProvinceInput, CrossProvinceResult] = register(
    Rule(
        name="injury-cross-province",
        title="工伤保险跨省异地就医直接结算(人社部发〔2024〕11号)",
        summary="判断工伤职工能否跨省异地就医直接结算(异地居住工作满半年或转诊转院)、费用是否纳入范围、"
        "备案办结日期、跨年住院的结算时点和预付金预警。",
        input_model=CrossProvinceInput,
        result_model=CrossProvinceResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        examples=[
            {"route": "long_stay", "confirmed": True, "months_outside": 8, "meets_local_requirements": True},
            {"route": "referral", "confirmed": True, "cost": "meals"},
        ],
    )
)
