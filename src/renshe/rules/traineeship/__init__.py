"""Rule `traineeship-subsidy` (就业见习补贴, catalogue E12), paid to the 见习基地.

Source: 渝人社发〔2024〕12号 重庆市青年就业见习实施办法. Who may be a trainee (第三条): graduates within
two years
of leaving and not employed — "two years" from the diploma's date, not from 30 June as in 17号 九(二) —,
final-year students (from 1 September of the year before graduation to the diploma date), and
registered-unemployed youth aged 16–24. The agreement runs 1–12 months (第五条). The subsidy (第二十四条):
1300 元 per trainee-month (basic living allowance) + 200 元 per trainee-month for a retained trainee when
the base's retention rate (retained ÷ approved in the year × 100%) reaches 50% + 100 元 accident insurance,
once per person, for the months actually served, at most 12, nothing under one month. So 6 months
retained = 9,100 元; 12 retained = 18,100; 12 not retained = 15,700. The base files the agreement within 5
working days of the start (第二十六条: counted on the working-day calendar); the living allowance is paid
monthly, the insurance after the traineeship, the retention difference in the first quarter of the
next year (第二十七条(三)). 44号 八's remaining-period subsidy ("各地可") is not adopted by 12号: warned.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.employment import (
    Checks,
    SubsidyResult,
    assess_with,
    figure,
    finish,
    trainee_school_year_start,
    trainee_window_end,
)
from renshe.rules.money import Money, round_half_up, yuan_text
from renshe.rules.months import zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register
from renshe.rules.workdays import add_working_days

TraineeKind = Literal["graduate", "final_year_student", "unemployed_youth", "other"]


class TraineeshipInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    trainee_kind: TraineeKind = Field(
        "graduate",
        title="见习人员类型",
        description=(
            "graduate 离校后规定年限内未就业的高校毕业生;final_year_student 毕业学年在校生;"
            "unemployed_youth 登记失业的青年(年龄在文件规定的范围内);other 其他"
        ),
    )
    diploma_date: date | None = Field(
        None, title="毕业证书发证日期", description="YYYY-MM-DD(在校生填预计发证日期)"
    )
    employed: bool = Field(False, title="见习前已就业", description="离校后已就业的不属于“未就业”")
    birth_date: date | None = Field(None, title="出生日期", description="失业青年的出生日期,YYYY-MM-DD")
    youth_registered: bool | None = Field(
        None, title="已办理失业登记", description="失业青年须在申请见习岗位前办理失业登记"
    )
    start_date: date | None = Field(None, title="上岗日期", description="见习人员到岗日期,YYYY-MM-DD")
    months: int = Field(ge=0, le=24, title="审核通过的见习月数", description="实际就业见习月数(审核通过月数)")
    retained: bool = Field(False, title="见习后被见习基地留用", description="是或否(true / false)")
    retention_rate: Decimal | None = Field(
        None,
        ge=0,
        le=100,
        title="见习基地年度留用就业率(%)",
        description="年度审核通过人员中的留用人数÷年度审核通过人员数×100%",
    )
    retained_count: int | None = Field(None, ge=0, title="年度留用人数", description="可代替 retention_rate")
    approved_count: int | None = Field(
        None, gt=0, title="年度审核通过人数", description="可代替 retention_rate"
    )
    received_before: bool = Field(
        False, title="已在本市享受过就业见习补贴", description="同一见习人员只能享受一次"
    )
    hired_before_end: bool = Field(
        False, title="见习期未满即签订劳动合同", description="见人社部发〔2024〕44号八"
    )


class Payment(BaseModel):
    item: str = Field(title="补贴项目")
    amount: Money = Field(title="金额(元)")
    paid: str = Field(title="拨付时间")


class TraineeshipResult(SubsidyResult):
    months_paid: int = Field(title="计补贴月数")
    living: Money = Field(title="基本生活费补贴(元)")
    retention: Money = Field(title="留用人员差额补贴(元)")
    insurance: Money = Field(title="人身意外伤害保险补贴(元)")
    retention_rate: Money | None = Field(title="年度留用就业率(%)")
    payments: list[Payment] = Field(title="拨付安排")
    filing_deadline_estimated: bool = Field(title="提交材料期限为预估(调休安排未公布)")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def rate_of(inp: TraineeshipInput) -> Decimal | None:
    """第二十四条(二): 就业见习留用就业率=年度审核通过人员中的留用人数÷年度审核通过人员数×100%."""
    if inp.retention_rate is not None:
        return inp.retention_rate
    if inp.retained_count is not None and inp.approved_count is not None:
        if inp.retained_count > inp.approved_count:
            raise InputError(
                "年度留用人数 retained_count 不能大于年度审核通过人数 approved_count", "retained_count"
            )
        return round_half_up(Decimal(inp.retained_count) * 100 / inp.approved_count)
    return None


def check_trainee(checks: Checks, inp: TraineeshipInput, at: date | None) -> None:
    """第三条: the trainee's category on the start day."""
    if inp.trainee_kind == "other":
        checks.add("属于见习人员范围", False, "trainee.graduates")
        return
    if inp.trainee_kind == "unemployed_youth":
        ages = figure("traineeship.youth_ages", at or param("traineeship.youth_ages").first.start)
        age = None if inp.birth_date is None or at is None else age_on(inp.birth_date, at)
        checks.add(
            f"{ages['min']}—{ages['max']}岁失业青年",
            None if age is None else ages["min"] <= age <= ages["max"],
            "trainee.youth",
            "birth_date",
        )
        checks.add("申请见习岗位前已办理失业登记", inp.youth_registered, "trainee.youth", "youth_registered")
        return
    if inp.diploma_date is None or at is None:
        checks.add(
            "在见习人员的期限内",
            None,
            "emp.trainee.window",
            "diploma_date" if inp.diploma_date is None else "start_date",
        )
        return
    if inp.trainee_kind == "final_year_student":
        begin = trainee_school_year_start(inp.diploma_date)
        checks.add(
            f"上岗时为毕业学年在校生({zh_date(begin)}至{zh_date(inp.diploma_date)})",
            begin <= at <= inp.diploma_date,
            "emp.trainee.school_year",
        )
        return
    until = trainee_window_end(inp.diploma_date)
    checks.add(
        f"上岗时在离校两年内(自毕业证书发证之日{zh_date(inp.diploma_date)}起,至{zh_date(until)})",
        inp.diploma_date <= at <= until,
        "emp.trainee.window",
    )
    checks.add("离校后未就业", not inp.employed, "trainee.graduates")
    checks.trace.step(
        "见习的“离校两年内”自毕业证书发证之日起算,与就业补贴按6月30日认定离校时间(17号九(二))不同:见习按12号计算。",
        cite("emp.trainee.window"),
        cite("emp.graduate.departure"),
    )


def compute(inp: TraineeshipInput, trace: Trace) -> TraineeshipResult:
    checks = Checks(trace)
    on = trace.on or date.today()
    when = inp.start_date or on
    check_trainee(checks, inp, inp.start_date)
    bounds = figure("traineeship.months", when)
    lo, hi = int(bounds["min"]), int(bounds["max"])
    checks.add(f"实际见习期不少于{lo}个月", inp.months >= lo, "trainee.limits")
    checks.add("同一见习人员未在本市享受过就业见习补贴", not inp.received_before, "trainee.limits")
    months = min(inp.months, hi) if inp.months >= lo else 0
    if inp.months > hi:
        trace.warn(f"见习期限为{lo}—{hi}个月:超出部分不计补贴。")
    living_m = Decimal(figure("traineeship.living_monthly", when))
    diff_m = Decimal(figure("traineeship.retention_monthly", when))
    insurance = Decimal(figure("traineeship.insurance", when))
    min_rate = Decimal(figure("traineeship.retention_rate_min", when))
    rate = rate_of(inp)
    living = living_m * months
    trace.step(
        f"基本生活费补贴 = {yuan_text(living_m)} × {months}个月 = {yuan_text(living)}。",
        cite("trainee.living"),
        cite("trainee.limits"),
    )
    retention = Decimal(0)
    if inp.retained:
        if rate is None:
            trace.warn(
                "留用人员差额补贴取决于见习基地年度留用就业率:"
                "请填写 retention_rate 或 retained_count、approved_count。"
            )
        elif rate >= min_rate:
            retention = diff_m * months
            trace.step(
                f"留用就业率{rate.normalize()}%达到{min_rate.normalize()}%:"
                f"留用人员差额补贴 = {yuan_text(diff_m)} × {months}个月 = {yuan_text(retention)}。",
                cite("trainee.retention"),
            )
        else:
            trace.step(
                f"留用就业率{rate.normalize()}%未达到{min_rate.normalize()}%:无留用人员差额补贴。",
                cite("trainee.retention"),
            )
    ins = insurance if months else Decimal(0)
    trace.step(f"人身意外伤害保险补贴{yuan_text(ins)}(一次性)。", cite("trainee.insurance"))
    eligible = checks.eligible
    total = living + retention + ins if eligible else Decimal(0)
    trace.step(
        f"就业见习补贴合计 = {yuan_text(living)} + {yuan_text(retention)} + {yuan_text(ins)}"
        f" = {yuan_text(living + retention + ins)}。",
        cite("trainee.limits"),
    )
    apply_by, estimated = None, False
    if inp.start_date is not None:
        n = int(figure("traineeship.filing_workdays", inp.start_date))
        d = add_working_days(inp.start_date, n, strict=False)
        apply_by, estimated = d.deadline, d.estimated
        trace.step(
            f"见习基地应在上岗后{n}个工作日内(至{zh_date(apply_by)})提交见习协议和保险投保凭证。",
            cite("trainee.filing"),
        )
        for note in d.notes:
            trace.warn(note)
    payments = [
        Payment(item="基本生活费补贴", amount=living if eligible else Decimal(0), paid="按月划拨"),
        Payment(item="人身意外伤害保险补贴", amount=ins if eligible else Decimal(0), paid="见习结束后划拨"),
    ]
    if retention:
        payments.append(
            Payment(
                item="留用人员差额补贴",
                amount=retention if eligible else Decimal(0),
                paid="见习工作结束后次年一季度集中发放(基地于次年1月申报)",
            )
        )
    trace.step(
        "基本生活费补贴按月划拨,保险补贴见习结束后划拨,留用人员差额补贴次年一季度集中发放。",
        cite("trainee.payment"),
    )
    trace.step(
        f"《卓越工程师培养集聚行动支持政策清单及服务指南》所列见习补贴({yuan_text(living_m)}/人·月,留用率达{min_rate.normalize()}%以上的"
        f"提高至{yuan_text(living_m + diff_m)}/人·月)与本办法的基本生活费补贴加留用人员差额补贴一致。",
        cite("absorption.engineer_list"),
    )
    if inp.hired_before_end:
        trace.warn(
            f"人社部发〔2024〕44号八:{cite('trainee.remaining_44').quote}。“各地可”给予,"
            "12号未作此规定:本规则按实际见习月数计算,未计剩余期限。"
        )
    r = TraineeshipResult(
        eligible=eligible,
        subsidy=total,
        apply_by=apply_by,
        months_paid=months,
        living=living if eligible else Decimal(0),
        retention=retention if eligible else Decimal(0),
        insurance=ins if eligible else Decimal(0),
        retention_rate=rate,
        payments=payments,
        filing_deadline_estimated=estimated,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in [
            "trainee.graduates",
            "trainee.youth",
            "emp.trainee.window",
            "trainee.period",
            "trainee.living",
            "trainee.retention",
            "trainee.insurance",
            "trainee.limits",
            "trainee.filing",
            "trainee.payment",
            "trainee.remaining_44",
            "absorption.engineer_list",
        ]
    ]


def governing_law(inp: TraineeshipInput) -> tuple[str, date]:
    start: date = param("traineeship.living_monthly").first.start
    return "traineeship.living_monthly", inp.start_date or start


RULE: Rule[TraineeshipInput, TraineeshipResult] = register(
    Rule(
        name="traineeship-subsidy",
        title="就业见习补贴",
        summary="见习基地接收高校毕业生、毕业学年在校生或登记失业青年就业见习的,给予基本生活费、留用人员差额和人身意外伤害保险补贴;给出是否符合、金额、拨付安排和提交材料期限。",
        input_model=TraineeshipInput,
        result_model=TraineeshipResult,
        compute=compute,
        basis=basis,
        assess=assess_with("就业见习补贴"),
        in_force=governing_law,
        examples=[
            {
                "trainee_kind": "graduate",
                "diploma_date": "2024-06-25",
                "start_date": "2025-03-03",
                "months": 6,
                "retained": True,
                "retention_rate": "60",
            }
        ],
    )
)
