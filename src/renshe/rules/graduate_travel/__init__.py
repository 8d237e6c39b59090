"""Rule `graduate-travel-subsidy` (高校毕业生交通食宿补贴, catalogue E9).

Source: 渝人社发〔2024〕17号 六. A graduate of a university outside Chongqing, in 毕业年度 (1 January to 31
December of the graduation year, 九(二)), who takes a shortage post of a Chongqing enterprise applied
for on 渝职聘 and is insured in Chongqing, receives 500 元 once; apply after one month of insurance;
qualification at the first insured month; 受理 closes on 31 March of the next year (六(四)1). Reading
taken: "次年" is the year after the year of qualification (the first insured month), which 六(四)1's
"主要集中办理上年度符合条件人员" supports.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.employment import (
    Checks,
    MonthDay,
    SubsidyResult,
    assess_with,
    figure,
    finish,
    in_graduation_year,
)
from renshe.rules.money import yuan_text
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register


class TravelInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    graduation_date: date | None = Field(
        None, title="毕业时间", description="毕业证书所载毕业日期,YYYY-MM-DD"
    )
    university_outside_chongqing: bool | None = Field(
        None, title="市外高校毕业生", description="是否重庆市以外高校的毕业生"
    )
    shortage_post: bool | None = Field(
        None,
        title="紧缺岗位且经“渝职聘”投递",
        description="在本市企业紧缺岗位有效期内通过“渝职聘”投递简历并在该岗位就业",
    )
    work_in_chongqing: bool = Field(True, title="实际就业地在本市", description="是或否(true / false)")
    insured_from: MonthDay | None = Field(None, title="新参保首月", description="在本市参保的首月,YYYY-MM")
    insured_months: int | None = Field(None, ge=0, le=600, title="已参保月数", description="截至申请时")
    once_received: bool = Field(False, title="已享受过交通食宿补贴", description="同一人员只享受一次")


class TravelResult(SubsidyResult):
    pass


def compute(inp: TravelInput, trace: Trace) -> TravelResult:
    checks = Checks(trace)
    on = trace.on or date.today()
    first = Month.from_date(inp.insured_from) if inp.insured_from else Month.from_date(on)
    when = first.first_day()
    need = int(figure("graduate_travel.insured_months", when))
    checks.add(
        "市外高校的毕业生", inp.university_outside_chongqing, "travel.target", "university_outside_chongqing"
    )
    if inp.graduation_date is None or inp.insured_from is None:
        checks.add(
            "新参保首月在毕业年度内",
            None,
            "travel.target",
            "graduation_date" if inp.graduation_date is None else "insured_from",
        )
    else:
        checks.add(
            f"新参保首月({first.zh()})在毕业年度({inp.graduation_date.year}年)内",
            in_graduation_year(inp.graduation_date, when),
            "travel.qualified",
        )
        trace.step(f"{cite('emp.graduate.year').quote}。", cite("emp.graduate.year"))
    checks.add("在本市企业紧缺岗位就业(经“渝职聘”投递)", inp.shortage_post, "travel.apply", "shortage_post")
    checks.add("实际就业地在本市", inp.work_in_chongqing, "travel.place")
    checks.add(
        f"参保满{duration_text(need)}",
        None if inp.insured_months is None else inp.insured_months >= need,
        "travel.apply",
        "insured_months",
    )
    checks.add("同一人员未享受过本补贴", not inp.once_received, "travel.standard")
    amount = Decimal(figure("graduate_travel.amount", when))
    md = figure("graduate_travel.cutoff", when)
    apply_by = date(first.year + 1, int(md["month"]), int(md["day"]))
    trace.step(f"补贴标准{yuan_text(amount)}/人,同一人员只享受一次。", cite("travel.standard"))
    trace.step(
        f"受理截止日期为次年{md['month']}月{md['day']}日:{zh_date(apply_by)}(按资格认定年度的次年计)。",
        cite("travel.cutoff"),
    )
    if on > apply_by:
        checks.add(f"所问日期{zh_date(on)}不晚于受理截止日期", False, "travel.cutoff")
    eligible = checks.eligible
    r = TravelResult(
        eligible=eligible,
        subsidy=amount if eligible else Decimal(0),
        apply_by=apply_by if eligible is not False or on > apply_by else None,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in ["travel.target", "travel.standard", "travel.apply", "travel.cutoff", "travel.qualified"]
    ]


def governing_law(inp: TravelInput) -> tuple[str, date]:
    start: date = param("graduate_travel.amount").first.start
    return "graduate_travel.amount", inp.insured_from or start


RULE: Rule[TravelInput, TravelResult] = register(
    Rule(
        name="graduate-travel-subsidy",
        title="高校毕业生交通食宿补贴",
        summary="毕业年度的市外高校毕业生通过“渝职聘”到本市企业紧缺岗位就业并参保的,给予一次性交通食宿补贴;给出是否符合、金额和受理截止日期。",
        input_model=TravelInput,
        result_model=TravelResult,
        compute=compute,
        basis=basis,
        assess=assess_with("交通食宿补贴"),
        in_force=governing_law,
        examples=[
            {
                "graduation_date": "2025-06-20",
                "university_outside_chongqing": True,
                "shortage_post": True,
                "insured_from": "2025-08",
                "insured_months": 2,
            }
        ],
    )
)
