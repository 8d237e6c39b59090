"""Rule `hardship-employer-si` (就业困难人员单位社会保险补贴, catalogue E1).

Source: 渝人社发〔2024〕14号 一 (who, how much, how long; in force 2024-06-01 to 2025-12-31, 五(五)) and
渝人社发〔2024〕17号 二 (the procedure: first claim within the next year, the exclusions). An employer
that hires a 就业困难人员 of the listed kinds, signs a contract and pays six consecutive months of social
insurance is refunded the employer's share of pension, unemployment and medical insurance (大额医疗
included) computed on the year's contribution-base floor, for at most three years, or up to retirement
for a person less than five years from it at the first approval.

The compilation prints neither the employer's contribution rates nor the base floor after 2024: both
are inputs (the 2024 floor, 4359 元, comes from the `contribution-base` rule, 渝人社发〔2024〕18号).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.contribution_base import covered_years, derive_range
from renshe.rules.employment import (
    Checks,
    HardshipPerson,
    MonthDay,
    SubsidyResult,
    assess_with,
    check_hardship_si,
    figure,
    finish,
    met_month,
    policy_window,
    subsidy_months,
    warn_ended,
)
from renshe.rules.money import Money, round_half_up, yuan_text
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import cite
from renshe.rules.registry import Rule, register

EmployerKind = Literal["enterprise", "public_post_fulltime", "government_institution"]
TERM = "employment.policy14_term"


class HardshipEmployerInput(HardshipPerson):
    employer_kind: EmployerKind = Field(
        "enterprise",
        title="用人单位类型",
        description=(
            "enterprise 企业等用人单位;public_post_fulltime 全日制公益性岗位;"
            "government_institution 机关事业单位"
        ),
    )
    contract_signed: bool | None = Field(None, title="已签订劳动合同", description="是或否(true / false)")
    hired_on: date | None = Field(
        None, title="招用(就业登记)日期", description="办理就业登记的日期,YYYY-MM-DD"
    )
    insured_from: MonthDay | None = Field(
        None, title="新参保首月", description="单位为其新参保的首月,YYYY-MM"
    )
    insured_months: int | None = Field(
        None, ge=0, le=600, title="已连续缴纳社会保险费月数", description="截至申报时"
    )
    month: MonthDay | None = Field(
        None, title="补贴月度", description="要计算的补贴月份,YYYY-MM;不填为新参保首月"
    )
    base_floor: Decimal | None = Field(
        None,
        gt=0,
        title="补贴年度缴费基数下限(元/月)",
        description="2024年度为4359元(渝人社发〔2024〕18号);其他年度须填写",
    )
    employer_pension_rate: Decimal | None = Field(
        None, ge=0, le=100, title="单位养老保险费率(%)", description="本汇编未收录,请填写"
    )
    employer_unemployment_rate: Decimal | None = Field(
        None, ge=0, le=100, title="单位失业保险费率(%)", description="本汇编未收录,请填写"
    )
    employer_medical_rate: Decimal | None = Field(
        None, ge=0, le=100, title="单位医疗保险费率(含大额医疗,%)", description="本汇编未收录,请填写"
    )
    si_subsidy_months_received: int = Field(
        0,
        ge=0,
        le=600,
        title="已享受社会保险补贴月数",
        description="已享受的就业困难人员及高校毕业生社会保险补贴月数(期限合并计算)",
    )
    receiving_graduate_si: bool = Field(
        False, title="正在享受高校毕业生社会保险补贴", description="是或否(true / false)"
    )
    rehired_same_employer: bool = Field(
        False, title="失业登记后回到此前同一单位", description="失业登记后到此前同一用人单位再次就业"
    )
    employer_deregistered: bool = Field(
        False, title="申报时用人单位已注销", description="是或否(true / false)"
    )


class HardshipEmployerResult(SubsidyResult):
    month: date | None = Field(title="补贴月度(该月首日)")
    base_floor: Money | None = Field(title="缴费基数下限(元/月)")
    monthly: Money | None = Field(title="每月补贴(元)", description="null:缺少费率或基数")
    months: int | None = Field(title="补贴期限(月)", description="扣除已享受月数后的剩余月数")
    retirement_month: str | None = Field(title="法定退休年月")


def floor_of(inp: HardshipEmployerInput, month: Month, trace: Trace) -> Decimal | None:
    """14号 一(二)1: 按照补贴年度我市社会保险缴费基数下限 — the year's floor (2024 printed, later
    an input)."""
    if inp.base_floor is not None:
        trace.step(f"补贴年度缴费基数下限按所填{yuan_text(inp.base_floor)}/月。", cite("hes.standard"))
        return inp.base_floor
    if month.year in covered_years():
        _, floor, _ = derive_range(month.year)
        trace.step(
            f"{month.year}年度缴费基数下限{yuan_text(floor)}/月(由缴费基数规则取得)。", cite("hes.standard")
        )
        return floor
    trace.warn(f"{month.year}年度社会保险缴费基数下限本汇编未收录:请填写 base_floor。")
    return None


def monthly_amount(floor: Decimal, rates: list[Decimal]) -> Decimal:
    """The employer's share on the floor: floor × (pension + unemployment + medical) rate, to the fen
    (half up; the text states no rounding)."""
    return round_half_up(floor * sum(rates, Decimal(0)) / Decimal(100))


def compute(inp: HardshipEmployerInput, trace: Trace) -> HardshipEmployerResult:
    checks = Checks(trace)
    month_day = inp.month or inp.insured_from or trace.on or date.today()
    month = Month.from_date(month_day)
    policy_window(checks, TERM, month.first_day(), "补贴月度", "emp.policy14.term")
    if inp.hired_on is not None and inp.hired_on < param_start():
        checks.add(
            f"就业登记在{zh_date(param_start())}以后(此前登记的按原规定界定享受条件)",
            None,
            "emp.hardship.old_rules",
        )
        trace.warn("就业登记早于政策执行之日:享受条件按原规定界定,原规定本汇编未收录。")
    at = inp.hired_on or month_day
    check_hardship_si(
        checks,
        inp.group,
        inp.recognised,
        inp.hukou_chongqing,
        inp.registered_on,
        at,
        "emp.hardship.employer_target",
    )
    checks.add("用人单位不是机关事业单位", inp.employer_kind != "government_institution", "hes.institutions")
    checks.add("与其签订劳动合同", inp.contract_signed, "hes.target", "contract_signed")
    need = int(figure("hardship_employer_si.min_insured_months", month))
    public_post = inp.employer_kind == "public_post_fulltime"
    if public_post:
        checks.add(f"全日制公益性岗位,不受连续缴纳{need}个月限制", True, "hes.public_post")
    else:
        checks.add(
            f"按规定连续缴纳{need}个月及以上社会保险费",
            None if inp.insured_months is None else inp.insured_months >= need,
            "hes.target",
            "insured_months",
        )
    checks.add("未在失业登记后回到此前同一用人单位就业", not inp.rehired_same_employer, "hes.rehire")
    checks.add("申报时用人单位未注销", not inp.employer_deregistered, "hes.deregistered")
    checks.add("未同时享受高校毕业生社会保险补贴", not inp.receiving_graduate_si, "hes.shared_duration")
    first = Month.from_date(inp.insured_from) if inp.insured_from else month
    max_months = int(figure("hardship_employer_si.max_months", first))
    total, ret = subsidy_months(checks, inp.birth, inp.category, first, max_months)
    months = None if total is None else max(total - inp.si_subsidy_months_received, 0)
    if inp.si_subsidy_months_received:
        checks.add(
            f"补贴期限未用完(已享受{duration_text(inp.si_subsidy_months_received)},与高校毕业生社会保险补贴合并计算)",
            None if months is None else months > 0,
            "hes.shared_duration",
        )
    floor = floor_of(inp, month, trace)
    rates = [inp.employer_pension_rate, inp.employer_unemployment_rate, inp.employer_medical_rate]
    monthly = None
    if None in rates:
        trace.warn(
            "用人单位养老、失业、医疗(含大额医疗)保险费率本汇编未收录:请填写 employer_pension_rate、"
            "employer_unemployment_rate、employer_medical_rate,才能计算每月补贴额。"
        )
    elif floor is not None:
        given = [r for r in rates if r is not None]
        monthly = monthly_amount(floor, given)
        trace.step(
            f"每月补贴 = {yuan_text(floor)} × ({' + '.join(f'{r.normalize()}%' for r in given)})"
            f" = {yuan_text(monthly)}"
            "(个人缴纳部分仍由本人承担;先缴后补)。",
            cite("hes.standard"),
            cite("hes.after_paying"),
        )
    eligible = checks.eligible
    met = first if public_post else met_month(first, need)
    years = int(figure("hardship_employer_si.first_claim_years", met))
    apply_by = date(met.year + years, 12, 31)
    trace.step(
        f"满足补贴条件的月份为{met.zh()}:应在次年内即{zh_date(apply_by)}前首次申报;每年只能申报当年及上年度补贴。",
        cite("hes.first_claim"),
    )
    warn_ended(trace, TERM, "渝人社发〔2024〕14号", "emp.policy14.term", "emp.policy14.review")
    r = HardshipEmployerResult(
        eligible=eligible,
        subsidy=monthly if (monthly is not None and eligible) else Decimal(0),
        apply_by=apply_by if eligible is not False else None,
        month=month.first_day(),
        base_floor=floor,
        monthly=monthly,
        months=months,
        retirement_month=ret.iso() if ret else None,
    )
    return finish(r, checks)


def param_start() -> date:
    from renshe.rules.params import param

    d: date = param(TERM).first.start
    return d


def basis() -> list[Citation]:
    keys = [
        "emp.hardship.employer_target",
        "hes.target",
        "hes.standard",
        "emp.hardship.duration",
        "hes.first_claim",
        "hes.shared_duration",
        "emp.policy14.term",
    ]
    return [cite(k) for k in keys]


def governing_law(inp: HardshipEmployerInput) -> tuple[str, date]:
    return TERM, inp.month or inp.insured_from or param_start()


RULE: Rule[HardshipEmployerInput, HardshipEmployerResult] = register(
    Rule(
        name="hardship-employer-si",
        title="就业困难人员单位就业社会保险补贴",
        summary="单位招用脱贫人口、“4050”、低保、零就业家庭或残疾的就业困难人员,签订劳动合同并按规定连续缴费的,按缴费基数下限补贴单位缴纳的养老、失业、医疗保险费;给出是否符合、每月金额、期限和首次申报期限。",
        input_model=HardshipEmployerInput,
        result_model=HardshipEmployerResult,
        compute=compute,
        basis=basis,
        assess=assess_with("每月补贴"),
        in_force=governing_law,
        examples=[
            {
                "group": "zero_employment_family",
                "recognised": True,
                "hukou_chongqing": True,
                "contract_signed": True,
                "insured_from": "2024-07",
                "insured_months": 8,
                "month": "2024-09",
                "employer_pension_rate": "16",
                "employer_unemployment_rate": "0.5",
                "employer_medical_rate": "8.5",
            }
        ],
    )
)
