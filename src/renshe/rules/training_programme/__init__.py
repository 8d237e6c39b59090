"""Rule `training-programme` (定额培训项目, T5): the fixed amounts of 渝人社发〔2024〕13号 二(五)–(十一).

劳动预备制 (per year, with the living allowance for rural and 城市低保 trainees), 企业新型学徒制 (per
year, more with a 高级工+ certificate, at most two years), 技师培训项目 (UI contributions and the
class of the occupation), 创业培训 GYB / SYB / IYB / 网络创业 and 求职能力实训 (with the outcome
percentage of 二(二), which names 创业培训 and 求职能力实训; 项目制 100%), 鲁渝以工代训, and the
脱贫人口 living allowance per 课时. Amounts are whole yuan; a percentage result is rounded to the fen.
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
from renshe.rules.money import Money, round_half_up, yuan_text
from renshe.rules.occupation_class.common import codes_text, resolve, value_on
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

Programme = Literal[
    "labour_prep",
    "apprentice",
    "technician",
    "senior_technician",
    "gyb",
    "syb",
    "syb_short",
    "iyb",
    "online_startup",
    "job_search",
    "luyu",
    "poverty_living",
]
PROGRAMME_TEXT = {
    "labour_prep": "劳动预备制培训",
    "apprentice": "企业新型学徒制培训",
    "technician": "技师培训项目(技师)",
    "senior_technician": "技师培训项目(高级技师)",
    "gyb": "产生你的企业想法(GYB)培训",
    "syb": "创办你的企业(SYB)培训",
    "syb_short": "创办你的企业(SYB)培训(已参加GYB或已创业)",
    "iyb": "改善你的企业(IYB)培训",
    "online_startup": "网络创业培训",
    "job_search": "求职能力实训",
    "luyu": "鲁渝以工代训",
    "poverty_living": "脱贫人口培训期间生活费补贴",
}
CITE = {
    "labour_prep": "prog.labour_prep",
    "apprentice": "prog.apprentice",
    "technician": "prog.technician",
    "senior_technician": "prog.technician",
    "gyb": "prog.startup",
    "syb": "prog.startup",
    "syb_short": "prog.startup",
    "iyb": "prog.startup",
    "online_startup": "prog.startup",
    "job_search": "prog.job_search",
    "luyu": "prog.luyu",
    "poverty_living": "prog.poverty_living",
}
WITH_OUTCOME = ("gyb", "syb", "syb_short", "iyb", "online_startup", "job_search")
Outcome = Literal["new_job", "not_employed", "employed"]
OUTCOME_TEXT = {
    "new_job": "培训后实现新就业创业(单位参保或就业登记)",
    "not_employed": "培训后未就业创业",
    "employed": "参训时已就业",
}


class ProgrammeInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    programme: Programme = Field(
        title="培训项目",
        description=codes_text(PROGRAMME_TEXT),
    )
    years: int = Field(1, ge=1, le=5, title="培训年数", description="劳动预备制、学徒制的培训年数")
    senior_certificate: bool = Field(False, title="取得高级工及以上证书", description="学徒制")
    rural_or_dibao: bool = Field(False, title="农村学员或城市低保家庭学员", description="劳动预备制生活费")
    outcome: Outcome | None = Field(None, title="培训后就业创业情况", description=codes_text(OUTCOME_TEXT))
    project: bool = Field(False, title="项目制培训", description="按补贴标准的100%")
    hours: int | None = Field(None, ge=0, le=5000, title="线下培训课时", description="脱贫人口生活费补贴")
    receiving_ui: bool = Field(
        False, title="正在领取失业保险待遇", description="生活费补贴与失业保险待遇不同时享受"
    )
    ui_months: int | None = Field(
        None, ge=0, le=600, title="累计缴纳失业保险费月数", description="技师培训项目"
    )
    occupation: str | None = Field(None, title="职业(工种)", description="技师培训项目:须为A、B、A+类")
    months_in_shandong: int | None = Field(
        None, ge=0, le=600, title="在山东稳定就业月数", description="鲁渝以工代训"
    )
    start: date | None = Field(None, title="培训开始日期", description="YYYY-MM-DD;不填为查询日")

    @field_validator("start", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        return parse_date(v, "start", "培训开始日期")

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> ProgrammeInput:
        if self.programme == "poverty_living" and self.hours is None:
            raise InputError("脱贫人口生活费补贴请填写线下培训课时 hours", "hours")
        if self.start is None:
            self.start = (info.context or {}).get("on") or date.today()
        return self


class ProgrammeResult(BaseModel):
    programme_text: str = Field(
        title="培训项目",
        description=codes_text(PROGRAMME_TEXT),
    )
    hours_required: int | None = Field(title="规定培训课时")
    standard: Money = Field(title="补贴标准(元)")
    factor: Decimal | None = Field(title="补贴比例")
    subsidy: Money | None = Field(title="培训补贴(元)")
    living_allowance: Money = Field(title="生活费补贴(元)")


def table(day: date, trace: Trace | None = None) -> dict[str, Any]:
    t: dict[str, Any] = value_on(param("programme.amounts"), day, trace).value
    return t


def per_year(inp: ProgrammeInput, day: date, trace: Trace) -> tuple[Decimal, int | None]:
    """二(五) 劳动预备制5000元/人·年,周期1年或2年;
    二(六) 学徒制5000元/人·年(高级工及以上6000),最长不超过2年."""
    row = table(day)[inp.programme]
    years = min(inp.years, int(row["max_years"]))
    if years < inp.years:
        trace.warn(f"培训周期最长不超过{row['max_years']}年:按{years}年计算。")
    amount = Decimal(
        row["senior_amount"] if inp.programme == "apprentice" and inp.senior_certificate else row["amount"]
    )
    hours = int(row["hours_per_year"]) * years if "hours_per_year" in row else None
    return amount * years, hours


def outcome_factor(inp: ProgrammeInput, day: date) -> Decimal | None:
    """二(二) 创业培训、求职能力实训后新就业创业110%、未就业创业90%、参训时已就业100%; 二(三) 项目制100%."""
    factors = value_on(param("training.outcome_factor"), day).value
    if inp.project:
        return Decimal(factors["project"])
    return Decimal(factors[inp.outcome]) if inp.outcome else None


def poverty_living(hours: int, receiving_ui: bool, day: date) -> tuple[Decimal, int]:
    """二(十一) 按照17元/人·课时…最长不超过180课时,与失业保险待遇不同时享受."""
    p = value_on(param("programme.poverty_living"), day).value
    counted = min(hours, int(p["max_hours"]))
    return (Decimal(0) if receiving_ui else Decimal(p["hourly"]) * counted), counted


def compute(inp: ProgrammeInput, trace: Trace) -> ProgrammeResult:
    assert inp.start is not None
    day = inp.start
    name = PROGRAMME_TEXT[inp.programme]
    c = cite(CITE[inp.programme])
    living = Decimal(0)
    factor: Decimal | None = Decimal(1)
    hours: int | None = None
    if inp.programme == "poverty_living":
        assert inp.hours is not None
        living, counted = poverty_living(inp.hours, inp.receiving_ui, day)
        p = value_on(param("programme.poverty_living"), day, trace).value
        trace.step(
            f"脱贫人口线下培训期间生活费补贴{yuan_text(Decimal(p['hourly']))}/课时,最长{p['max_hours']}课时:"
            f"{counted}课时 × {yuan_text(Decimal(p['hourly']))} = {yuan_text(Decimal(p['hourly']) * counted)}"
            + (";正在领取失业保险待遇,不同时享受,为0。" if inp.receiving_ui else "。"),
            c,
        )
        return ProgrammeResult(
            programme_text=name,
            hours_required=None,
            standard=living,
            factor=None,
            subsidy=living,
            living_allowance=living,
        )
    row = table(day, trace)[inp.programme]
    if inp.programme in ("technician", "senior_technician"):
        need = value_on(param("programme.technician_ui_months"), day).value
        trace.step(
            f"技师培训项目:累计缴纳失业保险费满{need}个月及以上的企业职工,参加A类、B类及A+类职业(工种)培训。",
            cite("prog.technician_scope"),
        )
    if inp.programme == "luyu":
        need = value_on(param("programme.luyu_months"), day).value
        trace.step(f"鲁渝以工代训:转移到山东省稳定就业{need}个月及以上的脱贫人口。", cite("prog.luyu_scope"))
    if inp.programme in ("labour_prep", "apprentice"):
        standard, hours = per_year(inp, day, trace)
        trace.step(f"{name}按年补贴,{min(inp.years, int(row['max_years']))}年共{yuan_text(standard)}。", c)
        if inp.programme == "labour_prep" and inp.rural_or_dibao:
            living = Decimal(value_on(param("programme.labour_prep_living"), day).value) * min(
                inp.years, int(row["max_years"])
            )
            trace.step(
                f"农村学员或城市低保家庭学员另给予生活费补贴{yuan_text(living)}。",
                cite("prog.labour_prep_living"),
            )
    else:
        standard = Decimal(row["amount"])
        hours = int(row["hours"]) if "hours" in row else None
        need = f",培训{hours}课时" if hours else ""
        trace.step(f"{name}补贴标准{yuan_text(standard)}/人{need}。", c)
    if inp.programme in WITH_OUTCOME:
        factor = outcome_factor(inp, day)
        if factor is None:
            trace.step(
                "创业培训、求职能力实训按培训后就业创业情况确定比例;未填写就业创业情况,暂不计算金额。",
                cite("prog.outcome"),
            )
            return ProgrammeResult(
                programme_text=name,
                hours_required=hours,
                standard=standard,
                factor=None,
                subsidy=None,
                living_allowance=living,
            )
        subsidy = round_half_up(standard * factor)
        trace.step(
            f"按补贴标准的{factor:.0%}:{yuan_text(standard)} × {factor:.0%} = "
            f"{yuan_text(subsidy)}(四舍五入到分)。",
            cite("prog.project") if inp.project else cite("prog.outcome"),
        )
    else:
        subsidy = standard
    return ProgrammeResult(
        programme_text=name,
        hours_required=hours,
        standard=standard,
        factor=factor,
        subsidy=subsidy,
        living_allowance=living,
    )


def conditions(inp: ProgrammeInput) -> list[tuple[str, bool | None, Citation | str | None]]:
    assert inp.start is not None
    day = inp.start
    out: list[tuple[str, bool | None, Citation | str | None]] = []
    if inp.programme in ("technician", "senior_technician"):
        need = int(value_on(param("programme.technician_ui_months"), day).value)
        ok = None if inp.ui_months is None else inp.ui_months >= need
        out.append((f"累计缴纳失业保险费满{need}个月", ok, cite("prog.technician_scope")))
        cls = resolve(inp.occupation, None, False).cls if inp.occupation else None
        out.append(
            (
                "参加A类、B类或A+类职业(工种)培训",
                None if cls is None else cls != "C",
                cite("prog.technician_scope"),
            )
        )
    if inp.programme == "luyu":
        need = int(value_on(param("programme.luyu_months"), day).value)
        ok = None if inp.months_in_shandong is None else inp.months_in_shandong >= need
        out.append((f"转移到山东省稳定就业{need}个月及以上", ok, cite("prog.luyu_scope")))
    if inp.programme == "poverty_living":
        out.append(("不同时享受失业保险待遇", not inp.receiving_ui, cite("prog.poverty_living")))
    return out


def assess(inp: ProgrammeInput, r: ProgrammeResult, on: date) -> Assessment:
    conds = conditions(inp)
    mets = [m for _, m, _ in conds]
    eligible = False if False in mets else (None if None in mets or r.subsidy is None else True)
    missing = []
    if r.subsidy is None:
        missing.append("outcome")
    if inp.programme in ("technician", "senior_technician"):
        missing += [f for f, v in (("ui_months", inp.ui_months), ("occupation", inp.occupation)) if v is None]
    if inp.programme == "luyu" and inp.months_in_shandong is None:
        missing.append("months_in_shandong")
    total = (
        None
        if r.subsidy is None or eligible is False
        else r.subsidy + (r.living_allowance if inp.programme != "poverty_living" else 0)
    )
    return Assessment(eligible, conds, missing, None if total is None else ("subsidy", "培训补贴", total))


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in ("prog.labour_prep", "prog.apprentice", "prog.technician", "prog.startup", "prog.luyu")
    ]


def governing(inp: ProgrammeInput) -> tuple[str, date]:
    assert inp.start is not None
    return "programme.amounts", inp.start


RULE: Rule[ProgrammeInput, ProgrammeResult] = register(
    Rule(
        name="training-programme",
        title="定额培训项目补贴(劳动预备制、学徒制、技师、创业培训、求职能力实训、鲁渝以工代训)",
        summary="按渝人社发〔2024〕13号计算定额培训项目的补贴:劳动预备制、企业新型学徒制、技师培训、GYB/SYB/IYB/网络创业、求职能力实训、鲁渝以工代训和脱贫人口生活费补贴。",
        input_model=ProgrammeInput,
        result_model=ProgrammeResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing,
        examples=[{"programme": "syb", "outcome": "new_job", "start": "2024-09-01"}],
    )
)
