"""Rule `skill-evaluation-subsidy` (职业技能评价补贴, T7): the amount by level and class, and the limits.

Source: 渝人社发〔2024〕13号 三(一) (who), 三(二) (150 / 200 … 500, +30% for A and A+ 职业(工种)),
四(五) (once a year, three in a life, no repeat at the same or a lower level, the age on the day the
certificate is generated, not pensioners or 在编 staff); the class from 渝人社办〔2024〕78号.

Open point: 专项职业能力 items classed A or A+ in the catalogue (33 of them). The +30% sentence
follows the 职业资格/职业技能等级 amounts and names "A类、A+类职业(工种)"; we read it as not reaching
专项 certificates (150), and show the other reading (195). The amount is rounded to the fen (the
products are whole yuan in every case the text gives).
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
from renshe.rules.occupation_class.common import (
    BASIS_TEXT,
    CERT_TEXT,
    RANK,
    SEX_TEXT,
    Sex,
    age_on,
    catalogue_horizon,
    codes_text,
    occupation_step,
    parse_birth,
    resolve,
    value_on,
)
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

EvalCertificate = Literal["special", "junior", "intermediate", "senior", "technician", "senior_technician"]
EVAL_CERT_TEXT = {k: v for k, v in CERT_TEXT.items() if k != "training_cert"}


class EvaluationInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    occupation: str = Field(title="职业(工种)", description="培训目录中的名称或编码,如 叉车司机")
    parent_occupation: str | None = Field(None, title="所属职业", description="工种不在目录中时填其所属职业")
    not_listed: bool = Field(
        False, title="确认不在目录中", description="名称只近似匹配时,确认不在目录中则按B类"
    )
    certificate: EvalCertificate = Field(title="取得的证书", description=codes_text(EVAL_CERT_TEXT))
    certificate_date: date | None = Field(None, title="证书生成日期", description="YYYY-MM-DD;不填为查询日")
    birth: str | None = Field(None, title="出生年月", description="YYYY-MM 或 YYYY-MM-DD")
    sex: Sex | None = Field(None, title="性别", description=codes_text(SEX_TEXT))
    six_groups: bool | None = Field(
        None, title="属于六类人员", description="防止返贫监测对象、毕业年度高校毕业生等六类人员"
    )
    evaluations_this_year: int = Field(
        0, ge=0, le=50, title="本年度已享受评价补贴次数", description="本年度已享受的职业技能评价补贴次数"
    )
    evaluations_received: int = Field(
        0, ge=0, le=50, title="已享受评价补贴次数", description="累计已享受的职业技能评价补贴次数"
    )
    prior_certificate: EvalCertificate | None = Field(
        None, title="同一职业(工种)已享受评价补贴的最高证书", description=codes_text(EVAL_CERT_TEXT)
    )
    pensioner: bool = Field(
        False, title="按月领取城镇职工基本养老金", description="已按月领取城镇职工基本养老金的人员不能享受"
    )
    in_establishment: bool = Field(
        False, title="机关事业单位在编人员", description="机关事业单位在编人员不能享受"
    )

    @field_validator("certificate_date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        return parse_date(v, "certificate_date", "证书生成日期")

    @field_validator("birth", mode="before")
    @classmethod
    def _birth(cls, v: Any) -> Any:
        parse_birth(v)
        return v

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> EvaluationInput:
        if not self.occupation:
            raise InputError("请填写职业(工种)occupation", "occupation")
        if self.certificate_date is None:
            self.certificate_date = (info.context or {}).get("on") or date.today()
        return self


class EvaluationResult(BaseModel):
    occupation_class: str | None = Field(title="培训目录类别(A、B、C、A+)")
    class_basis: str = Field(title="类别依据")
    candidates: list[str] = Field(title="未替您选择的候选项目")
    base_amount: Money = Field(title="评价补贴基本标准(元)")
    bonus_applied: bool | None = Field(title="是否按A类/A+类上浮", description="null:类别未确定")
    subsidy: Money | None = Field(title="职业技能评价补贴(元)")
    readings: list[dict[str, Any]] = Field(title="其他读法")


def base_amount(cert: str, day: date, trace: Trace | None = None) -> Decimal:
    """三(二) 专项职业能力证书150元/人;…初级工200…高级技师500元/人."""
    return Decimal(value_on(param("evaluation.amounts"), day, trace).value[cert])


def with_bonus(amount: Decimal, day: date) -> Decimal:
    """三(二) 纳入A类、A+类职业(工种)目录的,补贴标准上浮30%."""
    return round_half_up(amount * (1 + Decimal(value_on(param("evaluation.a_bonus"), day).value)))


def compute(inp: EvaluationInput, trace: Trace) -> EvaluationResult:
    assert inp.certificate_date is not None
    day = inp.certificate_date
    found = resolve(inp.occupation, inp.parent_occupation, inp.not_listed)
    occupation_step(found, trace, cite("eval.catalogue"), cite("eval.default_b"), cite("eval.note2"))
    catalogue_horizon(day.year, trace)
    base = base_amount(inp.certificate, day, trace)
    cert = CERT_TEXT[inp.certificate]
    trace.step(f"{cert}的职业技能评价补贴标准为{yuan_text(base)}/人。", cite("eval.amounts"))
    pct = Decimal(value_on(param("evaluation.a_bonus"), day).value)
    readings: list[dict[str, Any]] = []
    a_class = None if found.cls is None else found.cls in ("A", "A+")
    if inp.certificate == "special":
        subsidy: Decimal | None = base
        bonus: bool | None = False
        trace.step(
            f"上浮{pct:.0%}适用于纳入A类、A+类的职业(工种)的职业资格(职业技能等级)证书;"
            f"专项职业能力证书按{yuan_text(base)}补贴(本规则的读法)。",
            cite("eval.a_bonus"),
        )
        if a_class:
            other = with_bonus(base, day)
            readings = [
                {"name": "special_flat", "text": "专项证书不上浮", "subsidy": str(base), "governs": True},
                {
                    "name": "special_bonus",
                    "text": "目录中A类、A+类的专项也上浮",
                    "subsidy": str(other),
                    "governs": False,
                },
            ]
            trace.warn(
                f"该专项职业能力在目录中为{found.cls}类。文件“其中,纳入A类、A+类职业(工种)目录的,补贴标准上浮”"
                f"紧接职业资格(职业技能等级)证书的标准,本规则读作不含专项证书({yuan_text(base)});"
                f"若读作含专项证书则为{yuan_text(other)}。请以当地经办口径为准。"
            )
    elif a_class is None:
        subsidy, bonus = None, None
        trace.step("职业(工种)类别未确定,无法判断是否上浮,暂不计算金额。", cite("eval.a_bonus"))
    elif a_class:
        subsidy, bonus = with_bonus(base, day), True
        trace.step(
            f"{found.cls}类职业(工种)上浮{pct:.0%}:"
            f"{yuan_text(base)} × (1 + {pct:.0%}) = {yuan_text(subsidy)}。",
            cite("eval.a_bonus"),
        )
    else:
        subsidy, bonus = base, False
        trace.step(f"{found.cls}类职业(工种)不上浮:{yuan_text(base)}。", cite("eval.a_bonus"))
    birth = parse_birth(inp.birth)
    caps = value_on(param("evaluation.age_cap"), day).value
    per_year = value_on(param("evaluation.per_year"), day).value
    life = value_on(param("evaluation.lifetime"), day).value
    trace.step(
        f"限制:每人每年可享受{per_year}次,累计享受{life}次后不再享受;同一职业(工种)同一等级或更低等级不重复享受;"
        f"年龄不超过男性{caps['male']}周岁、女性{caps['female']}周岁(以证书生成时间为准)。",
        cite("eval.per_year"),
        cite("eval.lifetime"),
        cite("eval.no_repeat"),
        cite("eval.age"),
    )
    if birth is not None and inp.sex is not None and age_on(birth, day) > int(caps[inp.sex]):
        trace.warn(
            f"年龄上限为固定的{SEX_TEXT[inp.sex]}{caps[inp.sex]}周岁(以证书生成时间为准),通知未随渐进式延迟法定退休年龄调整:"
            "超过该年龄但尚未到新的法定退休年龄的人员,按通知原文不能享受。"
        )
    return EvaluationResult(
        occupation_class=found.cls,
        class_basis=BASIS_TEXT[found.status],
        candidates=[r.label for r in found.candidates],
        base_amount=base,
        bonus_applied=bonus,
        subsidy=subsidy,
        readings=readings,
    )


def conditions(inp: EvaluationInput) -> list[tuple[str, bool | None, Citation | str | None]]:
    assert inp.certificate_date is not None
    day = inp.certificate_date
    out: list[tuple[str, bool | None, Citation | str | None]] = [
        ("属于六类人员,在我市取得证书", inp.six_groups, cite("eval.scope"))
    ]
    per_year = int(value_on(param("evaluation.per_year"), day).value)
    out.append(
        (f"本年度享受评价补贴不超过{per_year}次", inp.evaluations_this_year < per_year, cite("eval.per_year"))
    )
    life = int(value_on(param("evaluation.lifetime"), day).value)
    out.append((f"累计享受评价补贴未满{life}次", inp.evaluations_received < life, cite("eval.lifetime")))
    repeat = inp.prior_certificate is not None and RANK[inp.certificate] <= RANK[inp.prior_certificate]
    out.append(("同一职业(工种)同一等级或更低等级未享受过评价补贴", not repeat, cite("eval.no_repeat")))
    caps = value_on(param("evaluation.age_cap"), day).value
    birth = parse_birth(inp.birth)
    if birth is None or inp.sex is None:
        out.append(("证书生成时年龄不超过上限", None, cite("eval.age")))
    else:
        age = age_on(birth, day)
        out.append(
            (
                f"证书生成时{age}周岁,不超过{SEX_TEXT[inp.sex]}{caps[inp.sex]}周岁",
                age <= int(caps[inp.sex]),
                cite("eval.age"),
            )
        )
    out.append(("不是按月领取城镇职工基本养老金的人员", not inp.pensioner, cite("eval.not_pensioner")))
    out.append(("不是机关事业单位在编人员", not inp.in_establishment, cite("eval.not_pensioner")))
    return out


def assess(inp: EvaluationInput, r: EvaluationResult, on: date) -> Assessment:
    conds = conditions(inp)
    mets = [m for _, m, _ in conds]
    eligible = False if False in mets else (None if None in mets or r.subsidy is None else True)
    missing = [
        f for f, v in (("six_groups", inp.six_groups), ("birth", inp.birth), ("sex", inp.sex)) if v is None
    ]
    if r.subsidy is None:
        missing.insert(0, "occupation")
    amount = None if r.subsidy is None or eligible is False else ("subsidy", "职业技能评价补贴", r.subsidy)
    return Assessment(eligible, conds, missing, amount)


def basis() -> list[Citation]:
    return [cite(k) for k in ("eval.scope", "eval.amounts", "eval.a_bonus", "eval.per_year", "eval.age")]


def governing(inp: EvaluationInput) -> tuple[str, date]:
    assert inp.certificate_date is not None
    return "evaluation.amounts", inp.certificate_date


RULE: Rule[EvaluationInput, EvaluationResult] = register(
    Rule(
        name="skill-evaluation-subsidy",
        title="职业技能评价补贴(渝人社发〔2024〕13号)",
        summary="按证书等级和培训目录类别(A、A+类上浮)计算职业技能评价补贴,并判断每年一次、累计三次、不重复、年龄等限制。",
        input_model=EvaluationInput,
        result_model=EvaluationResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing,
        examples=[
            {"occupation": "叉车司机", "certificate": "intermediate", "certificate_date": "2024-10-01"}
        ],
    )
)
