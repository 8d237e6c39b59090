"""Rule `skill-upgrade-subsidy` (失业保险技能提升补贴, T8): 人社部发〔2024〕40号 三.

Ended: "政策执行期限至2024年12月31日". A certificate obtained after that day gets no subsidy and the
answer says so (`in_force` false, `ended_on` 2024-12-31, the clause cited). The text gives maxima
("不超过1000元…"): the amount Chongqing pays is a local standard the compilation does not print, so
the result is the cap, labelled as such, with a warning. A certificate before the notice's date
(2024-04-26) is answered with its figures and a warning (the earlier notice is not printed).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, yuan_text
from renshe.rules.occupation_class.common import CERT_TEXT, codes_text, value_on
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

Level = Literal["junior", "intermediate", "senior"]
Status = Literal["employed", "receiving_ui", "other"]
LEVEL_TEXT = {k: CERT_TEXT[k] for k in ("junior", "intermediate", "senior")}
STATUS_TEXT = {"employed": "企业在职职工", "receiving_ui": "领取失业保险金人员", "other": "其他人员"}


class UpgradeInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    level: Level = Field(title="证书等级", description=codes_text(LEVEL_TEXT))
    certificate_date: date | None = Field(None, title="取得证书日期", description="YYYY-MM-DD;不填为查询日")
    status: Status = Field("employed", title="人员身份", description=codes_text(STATUS_TEXT))
    insured_months: int | None = Field(
        None, ge=0, le=600, title="参加失业保险月数", description="参加失业保险的月数"
    )
    count_this_year: int = Field(
        0, ge=0, le=50, title="本年度已享受技能提升补贴次数", description="本年度已享受的次数"
    )
    same_level_received: bool = Field(
        False, title="同一职业同一等级已享受过", description="同一职业(工种)同一等级只能享受一次"
    )
    higher_level_received: bool = Field(
        False, title="同一职业更高级别已享受过", description="已享受高级别证书补贴的不再享受低级别"
    )
    training_subsidy_same: bool = Field(
        False,
        title="同一职业同一等级已享受职业培训补贴或参加补贴性培训",
        description="与职业培训补贴不重复享受",
    )

    @field_validator("certificate_date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        return parse_date(v, "certificate_date", "取得证书日期")

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> UpgradeInput:
        if self.certificate_date is None:
            self.certificate_date = (info.context or {}).get("on") or date.today()
        return self


class UpgradeResult(BaseModel):
    policy_in_force: bool = Field(title="取得证书时政策在执行期内")
    cap: Money | None = Field(title="技能提升补贴上限(元)")


def ended(day: date) -> date | None:
    """三 政策执行期限至2024年12月31日: the last day, when `day` is after it."""
    last = param("upgrade.caps").values[-1].until
    return last if last is not None and day > last else None


def cap_of(level: str, day: date, trace: Trace | None = None) -> Decimal:
    """三 初级(五级)不超过1000元、中级(四级)不超过1500元、高级(三级)不超过2000元."""
    return Decimal(value_on(param("upgrade.caps"), day, trace).value[level])


def compute(inp: UpgradeInput, trace: Trace) -> UpgradeResult:
    assert inp.certificate_date is not None
    day = inp.certificate_date
    last = ended(day)
    if last is not None:
        trace.step(
            f"技能提升补贴政策执行期限至{last.isoformat()};{day.isoformat()}取得的证书不再享受。",
            cite("upg.until"),
        )
        trace.warn(f"失业保险技能提升补贴已于{last.isoformat()}到期,本汇编未收录此后的延续政策。")
        return UpgradeResult(policy_in_force=False, cap=None)
    need = value_on(param("upgrade.insured_months"), day).value
    most = value_on(param("upgrade.per_year"), day).value
    trace.step(
        f"参加失业保险{need}个月以上的企业在职职工或领取失业保险金人员;每人每年最多{most}次;"
        "同一职业(工种)同一等级只能享受一次,与职业培训补贴不重复享受。",
        cite("upg.scope"),
        cite("upg.per_year"),
        cite("upg.once"),
    )
    cap = cap_of(inp.level, day, trace)
    trace.step(f"{CERT_TEXT[inp.level]}证书的技能提升补贴不超过{yuan_text(cap)}。", cite("upg.amounts"))
    trace.warn("通知规定的是上限(“不超过”);重庆的具体发放标准本汇编未收录,请以经办机构核定为准。")
    return UpgradeResult(policy_in_force=True, cap=cap)


def conditions(inp: UpgradeInput, r: UpgradeResult) -> list[tuple[str, bool | None, Citation | str | None]]:
    assert inp.certificate_date is not None
    day = inp.certificate_date
    out: list[tuple[str, bool | None, Citation | str | None]] = [
        ("取得证书时政策在执行期内", r.policy_in_force, cite("upg.until"))
    ]
    need = int(value_on(param("upgrade.insured_months"), day).value)
    out.append(("企业在职职工或领取失业保险金人员", inp.status != "other", cite("upg.scope")))
    ok = None if inp.insured_months is None else inp.insured_months >= need
    out.append((f"参加失业保险{need // 12}年以上", ok, cite("upg.scope")))
    most = int(value_on(param("upgrade.per_year"), day).value)
    out.append((f"本年度享受不超过{most}次", inp.count_this_year < most, cite("upg.per_year")))
    out.append(("同一职业(工种)同一等级未享受过", not inp.same_level_received, cite("upg.once")))
    out.append(("未享受同一职业(工种)更高级别证书的补贴", not inp.higher_level_received, cite("upg.higher")))
    out.append(("同一职业(工种)同一等级未享受职业培训补贴", not inp.training_subsidy_same, cite("upg.local")))
    return out


def assess(inp: UpgradeInput, r: UpgradeResult, on: date) -> Assessment:
    conds = conditions(inp, r)
    mets = [m for _, m, _ in conds]
    eligible = False if False in mets else (None if None in mets else True)
    missing = ["insured_months"] if inp.insured_months is None else []
    amount = None if r.cap is None or eligible is False else ("cap", "技能提升补贴上限", r.cap)
    return Assessment(eligible, conds, missing, amount)


def basis() -> list[Citation]:
    return [cite(k) for k in ("upg.scope", "upg.amounts", "upg.per_year", "upg.once", "upg.until")]


def governing(inp: UpgradeInput) -> tuple[str, date]:
    assert inp.certificate_date is not None
    return "upgrade.caps", inp.certificate_date


RULE: Rule[UpgradeInput, UpgradeResult] = register(
    Rule(
        name="skill-upgrade-subsidy",
        title="失业保险技能提升补贴(人社部发〔2024〕40号,执行至2024年底)",
        summary="参加失业保险的企业职工或领取失业保险金人员取得证书后的技能提升补贴上限与限制;政策已到期(执行至2024年底)。",
        input_model=UpgradeInput,
        result_model=UpgradeResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing,
        examples=[{"level": "intermediate", "certificate_date": "2024-08-01", "insured_months": 24}],
    )
)
