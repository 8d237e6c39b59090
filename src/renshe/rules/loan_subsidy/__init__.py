"""Rule `guarantee-loan-subsidy` (创业担保贷款贴息): what 财政 pays of the interest, quarter by quarter.

Source: 渝人社发〔2024〕11号 三 (lines 3299–3319): 财政部门按季给予贷款实际利率50%的财政贴息
(三(一)); none for the quarter of an overdue payment, none from the quarter of an extension on,
none from the quarter in which the borrower becomes 在编 (三(三)1、2); the bank claims within 10
working days after each quarter, 财政 pays within 1 month, the bank credits the borrower within 10
working days (三(二)). 11号 runs until 2028-09-30 (七(三)).

The text gives neither the repayment form nor the day count: both are inputs, with defaults
stated in the answer (bullet repayment; a full quarter is a quarter of the annual rate, a part
quarter in proportion to its days). Whether the loan itself qualifies is the `guarantee-loan` rule.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, round_half_up, to_decimal, yuan_text
from renshe.rules.months import Month, zh_date
from renshe.rules.params import ParamError, ParamValue, cite, param
from renshe.rules.registry import Rule, register
from renshe.rules.workdays import add_working_days

Repayment = Literal["bullet", "amortising"]
DayCount = Literal["quarter", "act360", "act365"]
Status = Literal["subsidised", "overdue", "extended", "civil_servant", "after_policy_end", "before_policy"]

QUARTERS_PER_YEAR = 4  # a calendar fact: 按季 = four quarters a year
_QUARTER = re.compile(r"^\s*(\d{4})\s*[-/年]?\s*(?:Q|q|第)\s*([1-4])\s*(?:季度?)?\s*$")

REPAYMENT_TEXT = {"bullet": "到期一次还本(按季付息)", "amortising": "按季等额还本"}
DAY_COUNT_TEXT = {
    "quarter": "整季度按年利率的四分之一计,不足一季按实际天数占该季度天数的比例计",
    "act360": "按实际天数/360计",
    "act365": "按实际天数/365计",
}
STATUS_TEXT = {
    "subsidised": "贴息",
    "overdue": "逾期当季度不予贴息",
    "extended": "展期当季度起不予贴息",
    "civil_servant": "成为在编人员当月对应的季度起不予贴息",
    "after_policy_end": "11号文件执行期满后的季度(本汇编无贴息依据)",
    "before_policy": "11号文件印发前的季度(按原规定,本汇编未收录)",
}


# --- quarters -----------------------------------------------------------------------------


def quarter_of(d: date) -> int:
    """A calendar quarter as one integer: year*4 + (quarter-1)."""
    return d.year * QUARTERS_PER_YEAR + (d.month - 1) // 3


def quarter_first(q: int) -> date:
    y, i = divmod(q, QUARTERS_PER_YEAR)
    return date(y, i * 3 + 1, 1)


def quarter_last(q: int) -> date:
    y, i = divmod(q, QUARTERS_PER_YEAR)
    m = i * 3 + 3
    return date(y, m, calendar.monthrange(y, m)[1])


def quarter_code(q: int) -> str:
    y, i = divmod(q, QUARTERS_PER_YEAR)
    return f"{y}Q{i + 1}"


def quarter_zh(q: int) -> str:
    y, i = divmod(q, QUARTERS_PER_YEAR)
    return f"{y}年第{i + 1}季度"


def parse_quarter(v: Any, field: str) -> int:
    """2025Q3, 2025-Q3, 2025年第3季度, or a date / month inside the quarter."""
    text = str(v).strip()
    m = _QUARTER.match(text)
    if m:
        return int(m.group(1)) * QUARTERS_PER_YEAR + int(m.group(2)) - 1
    try:
        month, _ = Month.parse_month_or_date(text)
    except (ValueError, InputError):
        raise InputError(
            f"季度 {field} 无效:“{text}”应写作 2025Q3、2025年第3季度,或该季度内的日期 YYYY-MM-DD", field
        ) from None
    return quarter_of(month.first_day())


def add_months(day: date, n: int) -> date:
    """`day` + n months on the corresponding day, else that month's last day (the usual reading of
    “1个月内”; 民法典 第二百零二条, not printed in the compilation)."""
    index = day.year * 12 + day.month - 1 + n
    y, m = divmod(index, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


# --- input and result ---------------------------------------------------------------------


class LoanSubsidyInput(BaseModel):
    """The loan and the events 三(三) names."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    principal: Decimal = Field(title="贷款本金(元)", description="创业担保贷款本金,元", examples=["300000"])
    rate: Decimal = Field(
        title="贷款实际年利率(%)", description="借款合同约定的实际年利率,百分数,如 3.60", examples=["3.60"]
    )
    start: date = Field(title="放款日(起息日)", description="贷款发放、开始计息的日期,YYYY-MM-DD")
    term_months: int = Field(ge=1, le=120, title="贷款期限(月)", description="借款合同约定的期限,月")
    repayment: Repayment = Field(
        "bullet",
        title="还款方式",
        description="bullet 到期一次还本(默认);amortising 按季等额还本(文件未规定还款方式)",
    )
    day_count: DayCount = Field(
        "quarter",
        title="计息天数规则",
        description="quarter 整季按年利率四分之一(默认);act360 实际天数/360;act365 实际天数/365(文件未规定)",
    )
    quarter: int | None = Field(
        None, title="所问季度", description="只算一个季度,如 2025Q3;不填则列出整笔贷款的各季度"
    )
    overdue_quarters: list[int] = Field(
        default_factory=list,
        title="本金或利息逾期的季度",
        description="发生逾期的季度,逗号分隔,如 2025Q3,2026Q1",
    )
    extended_from: int | None = Field(
        None, title="本金展期的季度", description="贷款本金展期的季度(或展期日期);该季度起不予贴息"
    )
    civil_servant_on: date | None = Field(
        None,
        title="成为行政机关和事业单位在编人员的时间",
        description="身份变化的日期或月份(YYYY-MM-DD 或 YYYY-MM);当月对应的季度起不予贴息",
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blank(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("principal", "rate", mode="before")
    @classmethod
    def _number(cls, v: Any, info: ValidationInfo) -> Decimal:
        label = {"principal": "贷款本金", "rate": "实际年利率"}[str(info.field_name)]
        if v is None:
            raise InputError(f"请填写{label} {info.field_name}", str(info.field_name))
        text = str(v).strip().rstrip("%").strip() if isinstance(v, str) else v
        try:
            d = to_decimal(text, label)
        except ValueError as err:
            raise InputError(f"{label} {info.field_name} 无效:{err}", str(info.field_name)) from None
        top = Decimal("100000000") if info.field_name == "principal" else Decimal("100")
        if d <= 0 or d > top:
            raise InputError(f"{label} {info.field_name} 应大于0且不超过{top}", str(info.field_name))
        return d

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, v: Any) -> Any:
        return parse_date(v, "start", "放款日")

    @field_validator("civil_servant_on", mode="before")
    @classmethod
    def _month_or_day(cls, v: Any) -> Any:
        if v is None or isinstance(v, date):
            return v
        try:
            month, day = Month.parse_month_or_date(str(v))
        except (ValueError, InputError):
            raise InputError(
                f"成为在编人员的时间 civil_servant_on 无效:“{v}”应写作 YYYY-MM 或 YYYY-MM-DD",
                "civil_servant_on",
            ) from None
        return day or month.first_day()

    @field_validator("quarter", "extended_from", mode="before")
    @classmethod
    def _quarter(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or isinstance(v, int):
            return v
        return parse_quarter(v, str(info.field_name))

    @field_validator("overdue_quarters", mode="before")
    @classmethod
    def _quarters(cls, v: Any) -> Any:
        if v is None:
            return []
        items = re.split(r"[,，;；、\s]+", v.strip()) if isinstance(v, str) else list(v)
        return [
            x if isinstance(x, int) else parse_quarter(x, "overdue_quarters") for x in items if str(x).strip()
        ]

    @model_validator(mode="after")
    def _in_loan(self) -> LoanSubsidyInput:
        first, last = quarter_of(self.start), quarter_of(self.end - timedelta(days=1))
        for name, q in [("quarter", self.quarter), ("extended_from", self.extended_from)] + [
            ("overdue_quarters", q) for q in self.overdue_quarters
        ]:
            if q is not None and not first <= q <= last:
                raise InputError(
                    f"{name} 的季度{quarter_zh(q)}不在贷款期内({quarter_zh(first)}至{quarter_zh(last)})", name
                )
        return self

    @property
    def end(self) -> date:
        """The maturity date: start + term months (the corresponding day, else the month's last day)."""
        return add_months(self.start, self.term_months)


class QuarterRow(BaseModel):
    quarter: str = Field(title="季度")
    first_day: date = Field(title="计息起日")
    last_day: date = Field(title="计息止日")
    days: int = Field(title="计息天数")
    principal: Money = Field(title="贷款本金余额(元)")
    status: Status = Field(title="贴息情况")
    subsidy: Money = Field(title="贴息(元)", description="status 为 subsidised 时应贴的金额,否则为0")
    computed: Money = Field(
        title="按实际利率和贴息比例计算的金额(元)", description="不论是否贴息,按公式计算的金额"
    )
    claim_by: date | None = Field(title="经办银行申请贴息截止日")
    review_by: date | None = Field(title="区县财政部门审核拨付截止日(按申请截止日起算)")
    credit_by: date | None = Field(title="经办银行拨付借款人截止日(按拨付截止日起算)")
    estimated: bool = Field(title="工作日按放假办法预估")


class LoanSubsidyResult(BaseModel):
    share: Decimal = Field(title="贴息比例(实际利率的比例)")
    subsidy_rate: Decimal = Field(title="贴息年利率(%)")
    loan_end: date = Field(title="贷款到期日")
    repayment: Repayment = Field(title="还款方式")
    day_count: DayCount = Field(title="计息天数规则")
    quarters: list[QuarterRow] = Field(title="各季度贴息")
    quarter_subsidy: Money | None = Field(title="所问季度的贴息(元)")
    total: Money = Field(title="贴息合计(元)", description="11号文件执行期内应贴的季度之和")
    after_policy_end: Money = Field(
        title="执行期满后季度按原公式计算的金额(元)", description="本汇编无贴息依据,未计入合计"
    )


# --- one function per provision ------------------------------------------------------------


def policy_value(day: date) -> tuple[ParamValue, bool]:
    """The 贴息 share in force on `day` (三(一)), and whether 11号 is in force then (七(三));
    outside 11号 the nearest value, for the figure the notice would give."""
    p = param("loan_subsidy.share")
    try:
        return p.at(day), True
    except ParamError:
        return (p.first if day < p.first.start else p.values[-1]), False


def share_of(v: ParamValue) -> Decimal:
    """三(一): 财政部门按季给予贷款实际利率50%的财政贴息."""
    return Decimal(str(v.value))


def outstanding(inp: LoanSubsidyInput, k: int, n: int) -> Decimal:
    """Principal outstanding in the loan's k-th quarter of n (the text names no repayment form)."""
    if inp.repayment == "bullet":
        return inp.principal
    return inp.principal * (n - k) / n


def year_fraction(inp: LoanSubsidyInput, q: int, days: int) -> Decimal:
    """The part of a year the quarter's interest covers, by the chosen day count."""
    if inp.day_count == "act360":
        return Decimal(days) / 360
    if inp.day_count == "act365":
        return Decimal(days) / 365
    in_quarter = (quarter_last(q) - quarter_first(q)).days + 1
    return Decimal(days) / in_quarter / QUARTERS_PER_YEAR


def status_of(inp: LoanSubsidyInput, q: int, in_policy: bool, before: bool) -> Status:
    """三(三)1: 逾期的当季度不予贴息;展期的当季度起不予贴息. 三(三)2: 从身份变化当月对应的季度起不予贴息."""
    if before:
        return "before_policy"
    if not in_policy:
        return "after_policy_end"
    if inp.civil_servant_on is not None and q >= quarter_of(inp.civil_servant_on):
        return "civil_servant"
    if inp.extended_from is not None and q >= inp.extended_from:
        return "extended"
    if q in inp.overdue_quarters:
        return "overdue"
    return "subsidised"


def limit(name: str, day: date) -> int:
    """A 三(二) limit in force on `day`, else its nearest value (the figure the notice would give)."""
    p = param(name)
    try:
        return int(p.value_at(day))
    except ParamError:
        return int((p.first if day < p.first.start else p.values[-1]).value)


def cycle(q: int, day: date) -> tuple[date, date, date, bool]:
    """三(二): the bank claims within N working days after the quarter; 财政 pays within a month of
    the claim; the bank credits the borrower within N working days of receiving it (each counted
    from the latest day of the step before)."""
    end = quarter_last(q)
    claim = add_working_days(end, limit("loan_subsidy.claim_working_days", day), strict=False)
    review = add_months(claim.deadline, limit("loan_subsidy.review_months", day))
    credit = add_working_days(review, limit("loan_subsidy.credit_working_days", day), strict=False)
    return claim.deadline, review, credit.deadline, claim.estimated or credit.estimated


def schedule(inp: LoanSubsidyInput) -> list[QuarterRow]:
    """Every calendar quarter the loan runs in, with its principal, status, amount and cycle."""
    first, last = quarter_of(inp.start), quarter_of(inp.end - timedelta(days=1))
    n = last - first + 1
    policy_start = param("loan_subsidy.share").first.start
    rows: list[QuarterRow] = []
    for k, q in enumerate(range(first, last + 1)):
        lo, hi = max(inp.start, quarter_first(q)), min(inp.end - timedelta(days=1), quarter_last(q))
        days = (hi - lo).days + 1
        v, in_policy = policy_value(quarter_first(q) if q > quarter_of(policy_start) else lo)
        status = status_of(inp, q, in_policy, hi < policy_start)
        principal = outstanding(inp, k, n)
        computed = round_half_up(principal * inp.rate / 100 * share_of(v) * year_fraction(inp, q, days))
        subsidised = status == "subsidised"
        claim, review, credit, est = cycle(q, lo) if subsidised else (None, None, None, False)
        rows.append(
            QuarterRow(
                quarter=quarter_code(q),
                first_day=lo,
                last_day=hi,
                days=days,
                principal=principal,
                status=status,
                subsidy=computed if subsidised else Decimal(0),
                computed=computed,
                claim_by=claim,
                review_by=review,
                credit_by=credit,
                estimated=est,
            )
        )
    return rows


# --- the explanation -------------------------------------------------------------------------


def _pct(d: Decimal) -> str:
    return f"{(d * 100).normalize():f}%"


def compute(inp: LoanSubsidyInput, trace: Trace) -> LoanSubsidyResult:
    c = cite
    rows = schedule(inp)
    v, _ = policy_value(inp.start)
    share = share_of(v)
    ends = param("loan_subsidy.share").values[-1].until
    trace.step(
        f"贷款本金{yuan_text(inp.principal)},实际年利率{inp.rate.normalize():f}%,"
        f"{zh_date(inp.start)}放款,期限{inp.term_months}个月,{zh_date(inp.end)}到期。"
        f"财政部门按季给予贷款实际利率{_pct(share)}的财政贴息:"
        f"贴息年利率{(inp.rate * share).normalize():f}%。",
        c("loan11.subsidy.share"),
    )
    trace.step(
        f"文件未规定还款方式和计息天数:本结果按{REPAYMENT_TEXT[inp.repayment]}、{DAY_COUNT_TEXT[inp.day_count]};"
        "每季度贴息四舍五入到分(文件未规定)。",
    )
    if inp.repayment == "bullet" and inp.day_count == "quarter":
        trace.warn("还款方式和计息天数为默认读法(到期一次还本;整季按年利率四分之一),请按借款合同核对。")
    explain_events(inp, rows, trace)
    explain_cycle(rows, trace)
    after = [r for r in rows if r.status == "after_policy_end"]
    if ends is not None and (after or (trace.on is not None and trace.on > ends)):
        trace.step(
            f"11号文件执行至{zh_date(ends)}"
            + (
                f":{after[0].quarter}起的{len(after)}个季度在执行期满之后,本汇编没有贴息依据,未计入合计"
                "(按原公式计算的金额另列);是否继续贴息以后续文件为准。"
                if after
                else f";所问日期{zh_date(trace.on)}该文件已执行期满,以上为执行期内的贴息。"
                if trace.on is not None
                else "。"
            ),
            c("loan11.validity"),
        )
        trace.warn(f"渝人社发〔2024〕11号已于{zh_date(ends)}执行期满;期满后的贴息以后续文件为准。")
    if any(r.status == "before_policy" for r in rows):
        trace.warn("11号文件印发前的季度按原规定贴息,本汇编未收录,未计算。")
    asked = next(
        (r for r in rows if inp.quarter is not None and r.quarter == quarter_code(inp.quarter)), None
    )
    total = sum((r.subsidy for r in rows), Decimal(0))
    trace.step(
        f"整笔贷款{len(rows)}个季度,应贴息合计{yuan_text(total)}"
        + (
            f";{quarter_zh(inp.quarter)}贴息{yuan_text(asked.subsidy)}。"
            if asked and inp.quarter is not None
            else "。"
        ),
        c("loan11.subsidy.share"),
    )
    return LoanSubsidyResult(
        share=share,
        subsidy_rate=inp.rate * share,
        loan_end=inp.end,
        repayment=inp.repayment,
        day_count=inp.day_count,
        quarters=rows,
        quarter_subsidy=asked.subsidy if asked else None,
        total=total,
        after_policy_end=sum((r.computed for r in after), Decimal(0)),
    )


def explain_events(inp: LoanSubsidyInput, rows: list[QuarterRow], trace: Trace) -> None:
    """The quarters 三(三) takes out, each with its clause."""
    keys = {
        "overdue": "loan11.subsidy.overdue_quarter",
        "extended": "loan11.subsidy.extension_quarter",
        "civil_servant": "loan11.subsidy.civil_servant",
    }
    for status, key in keys.items():
        hit = [r.quarter for r in rows if r.status == status]
        if hit:
            trace.step(f"{STATUS_TEXT[status]}:{'、'.join(hit)}不予贴息。", cite(key))
    if inp.civil_servant_on is not None:
        trace.warn("借款人成为在编人员后,贷款到期后不得继续申请创业担保贷款。")
    shown = [r for r in rows if r.status == "subsidised"][:1]
    for r in shown:
        trace.step(
            f"例:{r.quarter}本金余额{yuan_text(r.principal)},计息{r.days}天,贴息{yuan_text(r.subsidy)}。",
            cite("loan11.subsidy.share"),
        )


def explain_cycle(rows: list[QuarterRow], trace: Trace) -> None:
    """三(二)'s three limits, shown on the first subsidised quarter."""
    r = next((r for r in rows if r.status == "subsidised"), None)
    if r is None or r.claim_by is None or r.review_by is None or r.credit_by is None:
        return
    day = r.first_day
    trace.step(
        f"贴息流程({r.quarter}):经办银行于季度结束后"
        f"{limit('loan_subsidy.claim_working_days', day)}个工作日内申请,即{zh_date(r.claim_by)}前;"
        f"区县财政部门收到申请后{limit('loan_subsidy.review_months', day)}个月内审核拨付,"
        f"最迟{zh_date(r.review_by)};经办银行收到后{limit('loan_subsidy.credit_working_days', day)}"
        f"个工作日内拨付借款人,最迟{zh_date(r.credit_by)}。",
        cite("loan11.subsidy.claim"),
        cite("loan11.subsidy.review"),
        cite("loan11.subsidy.credit"),
    )
    trace.step(
        f"借款人账户异常且失去联系、无法拨付的,经办银行于{limit('loan_subsidy.refund_quarters', day)}"
        "个季度内书面告知并退回贴息资金。",
        cite("loan11.subsidy.refund"),
    )
    if any(x.estimated for x in rows):
        trace.warn("部分期限晚于已公布的节假日安排,工作日按《全国年节及纪念日放假办法》预估。")


def basis() -> list[Citation]:
    keys = [
        "loan11.subsidy.share",
        "loan11.subsidy.no_extension_overdue",
        "loan11.subsidy.overdue_quarter",
        "loan11.subsidy.extension_quarter",
        "loan11.subsidy.civil_servant",
        "loan11.subsidy.claim",
        "loan11.validity",
    ]
    return [cite(k) for k in keys]


def assess(inp: LoanSubsidyInput, r: LoanSubsidyResult, on: date) -> Assessment:
    """Eligible for the asked quarter (or for some quarter of the loan); amount that quarter or the total."""
    rows = [x for x in r.quarters if inp.quarter is None or x.quarter == quarter_code(inp.quarter)]
    conditions: list[tuple[str, bool | None, Citation | str | None]] = [
        (text, not any(x.status == status for x in rows), cite(key))
        for status, text, key in [
            ("overdue", "本金或利息未逾期", "loan11.subsidy.overdue_quarter"),
            ("extended", "本金未展期", "loan11.subsidy.extension_quarter"),
            ("civil_servant", "借款人未成为行政机关和事业单位在编人员", "loan11.subsidy.civil_servant"),
            ("after_policy_end", "在11号文件执行期内", "loan11.validity"),
        ]
    ]
    paid = [x for x in rows if x.status == "subsidised"]
    amount = (
        ("quarter_subsidy", "所问季度贴息", r.quarter_subsidy)
        if inp.quarter is not None
        else ("total", "贴息合计", r.total)
    )
    due = [x.claim_by for x in paid if x.claim_by is not None and x.claim_by >= on]
    apply_by = paid[0].claim_by if inp.quarter is not None and paid else (min(due) if due else None)
    return Assessment(bool(paid), conditions, [], (amount[0], amount[1], amount[2] or Decimal(0)), apply_by)


def governing_law(inp: LoanSubsidyInput) -> tuple[str, date]:
    """11号 governs the asked quarter, or the loan from its start."""
    return "loan_subsidy.share", quarter_first(inp.quarter) if inp.quarter is not None else inp.start


def normalize(inp: LoanSubsidyInput) -> dict[str, Any]:
    d = inp.model_dump(mode="json")
    d["quarter"] = quarter_code(inp.quarter) if inp.quarter is not None else None
    d["extended_from"] = quarter_code(inp.extended_from) if inp.extended_from is not None else None
    d["overdue_quarters"] = [quarter_code(q) for q in inp.overdue_quarters]
    return d


def summarize(doc: dict[str, Any]) -> list[str]:
    r = doc["result"]
    lines = [f"贴息年利率{r['subsidy_rate']}%(实际利率的{Decimal(r['share']) * 100:.0f}%)。"]
    if r.get("quarter_subsidy") is not None:
        lines.append(f"所问季度贴息 {r['quarter_subsidy']} 元。")
    lines.append(f"整笔贷款贴息合计 {r['total']} 元。")
    if doc["result"].get("ended_on"):
        lines.append(f"渝人社发〔2024〕11号已于 {r['ended_on']} 执行期满。")
    return lines


RULE: Rule[LoanSubsidyInput, LoanSubsidyResult] = register(
    Rule(
        name="guarantee-loan-subsidy",
        title="创业担保贷款财政贴息(渝人社发〔2024〕11号)",
        summary="按季度计算创业担保贷款的财政贴息(按实际利率的一定比例):逾期当季、展期和成为在编人员的季度起不贴;列出整笔贷款各季度的贴息和申请、拨付期限。",
        input_model=LoanSubsidyInput,
        result_model=LoanSubsidyResult,
        compute=compute,
        basis=basis,
        normalize=normalize,
        assess=assess,
        in_force=governing_law,
        summarize=summarize,
        examples=[
            {
                "principal": "300000",
                "rate": "3.60",
                "start": "2025-01-01",
                "term_months": 36,
                "quarter": "2025Q3",
            },
            {
                "principal": "300000",
                "rate": "3.60",
                "start": "2026-07-01",
                "term_months": 36,
                "overdue_quarters": "2027Q1",
                "extended_from": "2028Q4",
            },
        ],
    )
)
