"""Rule `guarantee-loan` (创业担保贷款): may this person, partnership or small firm borrow, how much,
for how long, at what rate at most, and is a counter-guarantee waived.

Source: 渝人社发〔2024〕11号 一 (the four conditions for a person and for a small/micro firm, each
with the reviewer the text names: 区县人社保部门 or 经办银行), 二 (caps, rate ceiling LPR+50BP on the
1-year LPR of the contract day, terms, "累计次数不超过3次"), 附件1 (免除反担保 boxes), 七(二)/(三).
"Retirement not reached within the loan term" is the `retirement` rule's statutory month. The
1-year LPR is not in the compilation: an input. The interest subsidy is `guarantee-loan-subsidy`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.loan_subsidy import add_months
from renshe.rules.money import Money, to_decimal, yuan_text
from renshe.rules.months import Month, zh_date
from renshe.rules.params import ParamError, ParamValue, cite, param
from renshe.rules.registry import Rule, input_error, register
from renshe.rules.retirement import Category, RetirementInput, statutory

Applicant = Literal["person", "partnership", "enterprise"]
Group = Literal[
    "registered_unemployed",
    "hard_to_employ",
    "veteran",
    "released_prisoner",
    "graduate",
    "overcapacity_worker",
    "online_merchant",
    "rural_entrepreneur",
    "poverty_alleviated",
]
APPLICANT_TEXT = {"person": "个人", "partnership": "合伙创业(每名合伙人按个人条件)", "enterprise": "小微企业"}
GROUP_TEXT = {
    "registered_unemployed": "城镇登记失业人员",
    "hard_to_employ": "就业困难人员(城乡低保人员、城镇零就业家庭成员、残疾人)",
    "veteran": "退役军人",
    "released_prisoner": "刑满释放人员",
    "graduate": "高校毕业生(含大学生村官和留学回国学生)",
    "overcapacity_worker": "化解过剩产能企业职工和失业人员",
    "online_merchant": "网络商户",
    "rural_entrepreneur": "农村自主创业农民(含返乡创业农民工)",
    "poverty_alleviated": "脱贫人口(含防止返贫监测对象)",
}
HRSS, BANK = "区县人社保部门", "经办银行"


class Condition(BaseModel):
    key: str = Field(title="条件")
    text: str = Field(title="说明")
    met: bool | None = Field(title="是否满足", description="null:未填写,无法判断")
    reviewer: str | None = Field(title="负责审查的部门", description="文件指定的审查部门;null:文件未指定")
    provision: str = Field(title="依据条文")


class Reading(BaseModel):
    reading: str = Field(title="理解")
    result: str = Field(title="按此理解的结果")
    governs: bool = Field(title="本结果采用")


class GuaranteeLoanInput(BaseModel):
    """The applicant, the loan asked for and the facts 11号 一、二 and 附件1 name."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    applicant: Applicant = Field(
        title="贷款主体", description="person 个人;partnership 合伙创业;enterprise 小微企业"
    )
    contract_on: date | None = Field(
        None,
        validate_default=True,
        title="借款合同签订日",
        description="YYYY-MM-DD;LPR 以此日为准;不填则为所问日期",
    )
    amount: Decimal | None = Field(None, title="申请贷款金额(元)", description="创业担保贷款金额,元")
    term_months: int | None = Field(
        None, ge=1, le=120, title="贷款期限(月)", description="不填则按单次最长期限判断"
    )
    rate: Decimal | None = Field(
        None, title="约定年利率(%)", description="借款人和经办银行协商的年利率,如 3.60"
    )
    lpr_1y: Decimal | None = Field(
        None, title="合同签订日1年期LPR(%)", description="全国银行间同业拆借中心公布;本汇编未收录,如 3.10"
    )
    loan_count: int | None = Field(
        None, ge=1, le=20, title="本次是第几次创业担保贷款", description="首次贷款填1;到期后继续申请的依次加1"
    )
    repaid_well: bool | None = Field(
        None, title="前次贷款按期还款、信誉良好", description="继续申请(第2次起)时填写(是/否)"
    )
    partners: int | None = Field(None, ge=2, le=1000, title="合伙人数", description="合伙创业时填写")
    group: Group | None = Field(
        None,
        title="申请人类别(重点就业群体)",
        description=";".join(f"{k} {v}" for k, v in GROUP_TEXT.items()),
    )
    birth: str | None = Field(
        None, title="出生年月", description="YYYY-MM 或 YYYY-MM-DD;与 id_number 至少填一项"
    )
    id_number: str | None = Field(None, title="居民身份证号码", description="可代替 birth")
    category: Category | None = Field(
        None,
        title="人员类别",
        description="male60 / female55 / female50(同 retirement),判断贷款期内是否达到退休年龄",
    )
    registered: bool | None = Field(
        None, title="已办理注册登记或被认定为网络创业人员", description="申请贷款时(是/否)"
    )
    spouse_business: bool | None = Field(
        None,
        title="以配偶的个体工商户等作为已实际创业的证明",
        description="配偶的市场主体对经营债务承担无限责任(是/否)",
    )
    project_in_chongqing: bool | None = Field(
        None, title="创业项目位于重庆市内且真实有效", description="是/否"
    )
    other_loans: bool | None = Field(
        None,
        title="本人及配偶有其他贷款",
        description="除助学贷款、脱贫人口小额信贷、住房贷款、购车贷款、5万元以下小额消费贷款(含信用卡)以外的贷款(是/否)",
    )
    civil_servant: bool | None = Field(None, title="行政机关和事业单位在编人员", description="是/否")
    small_micro: bool | None = Field(
        None, title="属于小型、微型企业", description="按现行中小企业划型标准(本汇编未收录)(是/否)"
    )
    staff: int | None = Field(None, ge=1, le=1000000, title="企业现有在职职工人数", description="人")
    new_hires: int | None = Field(
        None,
        ge=0,
        le=1000000,
        title="前1年内新招用符合条件的人数",
        description="申请前1年内新招用、符合创业担保贷款申请条件并签订1年期以上劳动合同的人数",
    )
    arrears_record: bool | None = Field(
        None, title="有拖欠职工工资、欠缴社会保险费等违法违规信用记录", description="是/否"
    )
    registered_in_chongqing: bool | None = Field(
        None, title="在重庆市注册登记、住所地在重庆市内且存续", description="是/否"
    )
    other_kind_loan: bool | None = Field(
        None,
        title="同一市场主体已享受另一类创业担保贷款",
        description="个人贷款申请时:该市场主体已享受企业贷款;企业贷款申请时:已享受个人贷款(是/否)",
    )
    incubator_recommended: bool | None = Field(
        None, title="全国创业孵化示范基地或信用社区(乡村)推荐的创业项目", description="免除反担保(是/否)"
    )
    honoured: bool | None = Field(
        None, title="获得区县级以上荣誉称号、创业大赛奖励", description="免除反担保(是/否)"
    )
    credit_assessed: bool | None = Field(
        None, title="经金融机构评估认定、符合信用贷款发放条件", description="免除反担保(是/否)"
    )
    second_time_founder: bool | None = Field(
        None, title="经营稳定守信的二次创业者", description="免除反担保(是/否)"
    )
    engineer: bool | None = Field(
        None, title="自主创业的卓越工程师(工程师)", description="是则说明卓越工程师清单与11号的不一致(是/否)"
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blank(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("contract_on", mode="before")
    @classmethod
    def _day(cls, v: Any) -> Any:
        return v if v is None else parse_date(v, "contract_on", "借款合同签订日")

    @field_validator("contract_on", mode="after")
    @classmethod
    def _default_day(cls, v: date | None, info: ValidationInfo) -> date:
        return v or (info.context or {}).get("on") or date.today()

    @field_validator("amount", "rate", "lpr_1y", mode="before")
    @classmethod
    def _number(cls, v: Any, info: ValidationInfo) -> Decimal | None:
        if v is None:
            return None
        label = {"amount": "申请贷款金额", "rate": "约定年利率", "lpr_1y": "1年期LPR"}[str(info.field_name)]
        text = v.strip().rstrip("%") if isinstance(v, str) else v
        try:
            d = to_decimal(text, label)
        except ValueError as err:
            raise InputError(f"{label} {info.field_name} 无效:{err}", str(info.field_name)) from None
        top = Decimal("100000000") if info.field_name == "amount" else Decimal("100")
        if d <= 0 or d > top:
            raise InputError(f"{label} {info.field_name} 应大于0且不超过{top}", str(info.field_name))
        return d

    @property
    def day(self) -> date:
        assert self.contract_on is not None  # set by the validator
        return self.contract_on


class GuaranteeLoanResult(BaseModel):
    eligible: bool | None = Field(title="符合创业担保贷款条件")
    policy_in_force: bool = Field(title="合同签订日11号文件在执行期内")
    checks: list[Condition] = Field(title="逐项条件")
    max_amount: Money | None = Field(title="额度上限(元)")
    max_term_months: int = Field(title="单次期限上限(月)")
    rate_ceiling: Decimal | None = Field(
        title="利率上限(%)", description="合同签订日1年期LPR加点;未填LPR则为null"
    )
    max_loans: int = Field(title="累计次数上限")
    statutory_retirement_month: Month | None = Field(title="法定退休时间")
    loan_last_month: Month | None = Field(title="贷款期最后一个月")
    counter_guarantee_exempt: bool | None = Field(title="可免除反担保")
    exempt_grounds: list[str] = Field(title="免除反担保的情形")
    readings: list[Reading] = Field(title="不同理解")


# --- the law's figures, read on the contract day ---------------------------------------------


def figure(name: str, day: date) -> tuple[Any, bool]:
    """A figure in force on `day`, and whether 11号 is in force then; outside it the nearest value."""
    p = param(name)
    try:
        return p.value_at(day), True
    except ParamError:
        v: ParamValue = p.first if day < p.first.start else p.values[-1]
        return v.value, False


def cap(inp: GuaranteeLoanInput) -> Decimal | None:
    """二(一): 个人30万元;小微企业400万元;合伙创业33万元/人、合计400万元."""
    caps, _ = figure("guarantee_loan.caps", inp.day)
    if inp.applicant == "person":
        return Decimal(caps["person"])
    if inp.applicant == "enterprise":
        return Decimal(caps["enterprise"])
    if inp.partners is None:
        return None
    return min(Decimal(caps["partner"]) * inp.partners, Decimal(caps["partnership_total"]))


def max_term(inp: GuaranteeLoanInput) -> int:
    """二(三): 个人单次不超过3年,小微企业单次不超过2年."""
    terms, _ = figure("guarantee_loan.max_term_months", inp.day)
    return int(terms["enterprise" if inp.applicant == "enterprise" else "person"])


def rate_ceiling(inp: GuaranteeLoanInput) -> Decimal | None:
    """二(二): 贷款利率上限原则上不超过LPR+50BPs,LPR以合同签订日的1年期贷款市场报价利率为准."""
    if inp.lpr_1y is None:
        return None
    bp, _ = figure("guarantee_loan.rate_margin_bp", inp.day)
    return inp.lpr_1y + Decimal(bp) / 100


def loan_last_month(inp: GuaranteeLoanInput, term: int) -> Month:
    """The last month the loan runs: the month of the day before maturity (start + term months)."""
    return Month.from_date(add_months(inp.day, term) - timedelta(days=1))


def person_age(
    inp: GuaranteeLoanInput, term: int
) -> tuple[bool | None, Month | None, Month | None, list[str]]:
    """一(一)1: 年满十六周岁且贷款期内未达到退休年龄 (脱贫人口: 年满十六周岁 only). Returns (met,
    statutory retirement month, last loan month, missing fields)."""
    if inp.birth is None and inp.id_number is None:
        return None, None, None, ["birth"]
    poverty = inp.group == "poverty_alleviated"
    if inp.category is None and not poverty:
        return None, None, None, ["category"]
    try:
        who = RetirementInput.model_validate(
            {"birth": inp.birth, "id_number": inp.id_number, "category": inp.category or "male60"}
        )
    except ValidationError as err:
        raise input_error(err, RetirementInput) from None
    min_age, _ = figure("guarantee_loan.min_age_years", inp.day)
    adult = who.birth_month + int(min_age) * 12 <= Month.from_date(inp.day)
    last = loan_last_month(inp, term)
    if poverty:
        return adult, None, last, []
    assert inp.category is not None
    retire = statutory(inp.category, who.birth_month).month
    return adult and retire > last, retire, last, []


def hires_met(inp: GuaranteeLoanInput) -> bool | None:
    """一(二)2: 新招用人数达到现有在职职工人数10%(超过100人的企业达到5%) — no rounding: the
    count must reach the share exactly (150 staff × 5% = 7.5 → 8)."""
    if inp.staff is None or inp.new_hires is None:
        return None
    rule, _ = figure("guarantee_loan.new_hires", inp.day)
    share = rule["large_share"] if inp.staff > int(rule["large_above"]) else rule["share"]
    return Decimal(inp.new_hires) * 100 >= Decimal(inp.staff) * Decimal(share)


def _not(v: bool | None) -> bool | None:
    return None if v is None else not v


def person_checks(
    inp: GuaranteeLoanInput, term: int
) -> tuple[list[Condition], Month | None, Month | None, list[str]]:
    """一(一)1–4 and the 在编 exclusion, each with its reviewer (一(一) last paragraph)."""
    age, retire, last, missing = person_age(inp, term)
    min_age, _ = figure("guarantee_loan.min_age_years", inp.day)
    group_ok = None if inp.group is None else (age if age is not None else None)
    if inp.group is None:
        missing = ["group", *missing]
    registered = True if inp.spouse_business else inp.registered
    poverty = inp.group == "poverty_alleviated"
    group_text = (f"属于重点就业群体({GROUP_TEXT[inp.group]})" if inp.group else "属于重点就业群体") + (
        f",年满{min_age}周岁" if poverty else f",年满{min_age}周岁且贷款期内未达到退休年龄"
    )
    rows = [
        _c(
            "group_age",
            group_text,
            group_ok,
            HRSS,
            "loan11.person.poverty" if poverty else "loan11.person.group",
        ),
        _c(
            "registered",
            "申请时已办理注册登记或被认定为网络创业人员(可以配偶的个体工商户等作为证明)",
            registered,
            HRSS,
            "loan11.person.spouse" if inp.spouse_business else "loan11.person.registered",
        ),
        _c(
            "project",
            "创业项目位于重庆市内且真实有效",
            inp.project_in_chongqing,
            BANK,
            "loan11.person.project",
        ),
        _c(
            "other_loans",
            "本人及配偶无允许范围以外的其他贷款",
            _not(inp.other_loans),
            BANK,
            "loan11.person.other_loans",
        ),
        _c(
            "civil_servant",
            "不是行政机关和事业单位在编人员",
            _not(inp.civil_servant),
            None,
            "loan11.person.civil_servant",
        ),
    ]
    for field, value in [
        ("registered", registered),
        ("project_in_chongqing", inp.project_in_chongqing),
        ("other_loans", inp.other_loans),
        ("civil_servant", inp.civil_servant),
    ]:
        if value is None:
            missing.append(field)
    return rows, retire, last, missing


def firm_checks(inp: GuaranteeLoanInput) -> tuple[list[Condition], list[str]]:
    """一(二)1–4, each with its reviewer (一(二) last paragraph)."""
    rule, _ = figure("guarantee_loan.new_hires", inp.day)
    rows = [
        _c(
            "small_micro",
            "属于现行中小企业划型标准规定的小型、微型企业",
            inp.small_micro,
            HRSS,
            "loan11.firm.size",
        ),
        _c(
            "new_hires",
            f"申请前1年内新招用符合条件的人数达到在职职工的{rule['share']}%"
            f"(超过{rule['large_above']}人的企业{rule['large_share']}%),并签订1年期以上劳动合同",
            hires_met(inp),
            HRSS,
            "loan11.firm.hires",
        ),
        _c(
            "record",
            "无拖欠职工工资、欠缴社会保险费等违法违规信用记录",
            _not(inp.arrears_record),
            HRSS,
            "loan11.firm.record",
        ),
        _c(
            "registered",
            "在重庆市注册登记且住所地在重庆市内且存续",
            inp.registered_in_chongqing,
            BANK,
            "loan11.firm.registered",
        ),
    ]
    missing = [
        f
        for f, v in [
            ("small_micro", inp.small_micro),
            ("staff", inp.staff),
            ("new_hires", inp.new_hires),
            ("arrears_record", inp.arrears_record),
            ("registered_in_chongqing", inp.registered_in_chongqing),
        ]
        if v is None
    ]
    return rows, missing


def _c(key: str, text: str, met: bool | None, reviewer: str | None, cite_key: str) -> Condition:
    return Condition(key=key, text=text, met=met, reviewer=reviewer, provision=cite_key)


def term_checks(
    inp: GuaranteeLoanInput, top: Decimal | None, term: int, ceiling: Decimal | None
) -> list[Condition]:
    """二: the amount, term, rate and repeat count of the loan asked for."""
    rows: list[Condition] = []
    if inp.amount is not None:
        rows.append(
            _c(
                "amount",
                f"贷款金额不超过额度上限{yuan_text(top) if top else ''}",
                None if top is None else inp.amount <= top,
                None,
                "loan11.caps",
            )
        )
    if inp.term_months is not None:
        rows.append(_c("term", f"单次期限不超过{term}个月", inp.term_months <= term, None, "loan11.term"))
    if inp.rate is not None:
        rows.append(
            _c(
                "rate",
                "约定利率原则上不超过合同签订日1年期LPR加点",
                None if ceiling is None else inp.rate <= ceiling,
                None,
                "loan11.rate",
            )
        )
    if inp.loan_count is not None:
        most, _ = figure("guarantee_loan.max_loans", inp.day)
        rows.append(
            _c(
                "repeats",
                f"累计次数不超过{most}次(含首次贷款)",
                inp.loan_count <= int(most),
                None,
                "loan11.repeats",
            )
        )
        if inp.loan_count > 1:
            rows.append(_c("repaid", "前次贷款按期还款、信誉良好", inp.repaid_well, None, "loan11.repeats"))
    return rows


def exemption(inp: GuaranteeLoanInput) -> tuple[bool | None, list[str]]:
    """附件1 免除反担保: 10万元及以下的个人贷款 (not on the 小微企业 form), 孵化基地或信用社区推荐,
    区县级以上荣誉称号、创业大赛奖励 (七(二)), 金融机构评估认定, 经营稳定守信的二次创业者."""
    limit, _ = figure("guarantee_loan.no_counter_guarantee_max", inp.day)
    small: bool | None = None
    if inp.applicant != "enterprise" and inp.amount is not None:
        each = inp.amount / inp.partners if inp.applicant == "partnership" and inp.partners else inp.amount
        small = each <= Decimal(limit)
    grounds = (
        []
        if inp.applicant == "enterprise"
        else [(f"{yuan_text(Decimal(limit))}及以下的个人创业担保贷款", small)]
    )
    grounds += [
        ("全国创业孵化示范基地或信用社区(乡村)推荐的创业项目", inp.incubator_recommended),
        ("获得区县级以上荣誉称号、创业大赛奖励", inp.honoured),
        ("经金融机构评估认定、符合信用贷款发放条件", inp.credit_assessed),
        ("经营稳定守信的二次创业者", inp.second_time_founder),
    ]
    met = [text for text, v in grounds if v]
    if met:
        return True, met
    return (None if any(v is None for _, v in grounds) else False), []


# --- the explanation ---------------------------------------------------------------------------


def compute(inp: GuaranteeLoanInput, trace: Trace) -> GuaranteeLoanResult:
    _, in_force = figure("guarantee_loan.caps", inp.day)
    term = max_term(inp)
    top, ceiling = cap(inp), rate_ceiling(inp)
    retire = last = None
    if inp.applicant == "enterprise":
        rows, _ = firm_checks(inp)
        trace.step(
            "以小微企业名义申请,应同时具备四项条件:", cite("loan11.firm.head"), cite("loan11.firm.reviewers")
        )
    else:
        rows, retire, last, _ = person_checks(inp, inp.term_months or term)
        trace.step(
            "以个人名义申请,应同时具备四项条件:", cite("loan11.person.head"), cite("loan11.person.reviewers")
        )
        if inp.term_months is None:
            trace.warn(f"未填写贷款期限:按单次最长{term}个月判断贷款期内是否达到退休年龄。")
        if retire is not None and last is not None:
            trace.step(
                f"法定退休时间{retire.zh()}(按“法定退休年龄与弹性退休”计算器),贷款期最后一个月{last.zh()}:"
                + ("贷款期内未达到退休年龄。" if retire > last else "贷款期内将达到退休年龄。"),
                cite("loan11.person.group"),
            )
    rows.append(
        _c(
            "exclusive",
            "同一市场主体未同时享受个人贷款和企业贷款",
            _not(inp.other_kind_loan),
            None,
            "loan11.exclusive",
        )
    )
    rows += term_checks(inp, top, term, ceiling)
    if not in_force:
        rows.append(_c("policy", "借款合同在11号文件执行期内签订", False, None, "loan11.validity"))
    for r in rows:
        mark = {True: "符合", False: "不符合", None: "未填写,无法判断"}[r.met]
        who = f"(由{r.reviewer}审查)" if r.reviewer else ""
        trace.step(f"{r.text}:{mark}{who}。", cite(r.provision))
    explain_terms(inp, top, term, ceiling, trace)
    readings = repeat_readings(inp, trace) + engineer_readings(inp, trace)
    if not in_force:
        trace.step(
            f"借款合同签订日{zh_date(inp.day)}不在11号文件执行期内,本汇编没有该日适用的创业担保贷款政策。",
            cite("loan11.validity"),
        )
        end = param("guarantee_loan.caps").values[-1].until
        trace.warn(
            f"渝人社发〔2024〕11号执行至{zh_date(end) if end else '—'};此后的创业担保贷款以后续文件为准。"
        )
    exempt, grounds = exemption(inp)
    trace.step(
        "免除反担保:"
        + ("、".join(grounds) if grounds else ("不属于所列情形" if exempt is False else "所列情形未填写"))
        + "。",
        cite("loan11.form.firm" if inp.applicant == "enterprise" else "loan11.form.person"),
        cite("loan11.honour"),
    )
    if inp.applicant == "enterprise":
        trace.step(
            "小型微型企业法定代表人符合个人贷款条件的,可以个人名义申请。", cite("loan11.firm.legal_rep")
        )
    met = [r.met for r in rows]
    eligible = False if False in met else (None if None in met else True)
    return GuaranteeLoanResult(
        eligible=eligible,
        policy_in_force=in_force,
        checks=rows,
        max_amount=top,
        max_term_months=term,
        rate_ceiling=ceiling,
        max_loans=int(figure("guarantee_loan.max_loans", inp.day)[0]),
        statutory_retirement_month=retire,
        loan_last_month=last,
        counter_guarantee_exempt=exempt,
        exempt_grounds=grounds,
        readings=readings,
    )


def explain_terms(
    inp: GuaranteeLoanInput, top: Decimal | None, term: int, ceiling: Decimal | None, trace: Trace
) -> None:
    """二(一)–(三) stated with the figures of the contract day."""
    bp, _ = figure("guarantee_loan.rate_margin_bp", inp.day)
    who = APPLICANT_TEXT[inp.applicant]
    trace.step(
        f"额度上限({who}):{yuan_text(top) if top is not None else '按合伙人数计算(未填合伙人数)'};"
        f"单次期限不超过{term}个月。",
        cite("loan11.caps"),
        cite("loan11.term"),
    )
    if ceiling is None:
        trace.step(
            f"利率上限为合同签订日1年期LPR加{bp}BP;未填写LPR(本汇编未收录),无法计算。", cite("loan11.rate")
        )
    else:
        trace.step(f"利率上限:1年期LPR {inp.lpr_1y}% + {bp}BP = {ceiling}%(原则上)。", cite("loan11.rate"))
    if inp.civil_servant:
        trace.step("在编人员贷款到期后不得继续申请。", cite("loan11.no_repeat_civil_servant"))


def repeat_readings(inp: GuaranteeLoanInput, trace: Trace) -> list[Reading]:
    """ "累计次数不超过3次": read as all loans counted, the first included; the other reading (three
    further loans after the first) is shown where it changes the answer."""
    most = int(figure("guarantee_loan.max_loans", inp.day)[0])
    if inp.loan_count is None or inp.loan_count != most + 1:
        return []
    trace.warn(
        f"“累计次数不超过{most}次”:本结果按含首次贷款在内累计计数(申请表“贷款次数”一栏按笔计),"
        f"第{inp.loan_count}次不符合;若读作首次之后可继续申请{most}次,则可以申请。"
    )
    return [
        Reading(reading="累计次数含首次贷款", result="不符合", governs=True),
        Reading(reading="首次贷款之后继续申请的次数", result="符合", governs=False),
    ]


def engineer_readings(inp: GuaranteeLoanInput, trace: Trace) -> list[Reading]:
    """The 卓越工程师清单 row 16 states other caps and subsidy; 11号 governs (reasons in the step)."""
    if not inp.engineer:
        return []
    fig, _ = figure("guarantee_loan.engineer_list", inp.day)
    caps, _ = figure("guarantee_loan.caps", inp.day)
    person, firm = yuan_text(Decimal(fig["person"])), yuan_text(Decimal(fig["enterprise"]))
    trace.step(
        f"卓越工程师清单第16项写“申请个人最高{person}、企业最高{firm}的创业担保贷款,"
        f"贷款利率LPR-{fig['lpr_minus_bp']}BP以上部分由政府贴息”,与11号不一致。以11号为准:11号是三部门联合发布的"
        "规范性文件,规定“相关规定与本通知不一致的,以本通知为准”;清单是人社局办公室印发的政策清单和服务指南,"
        "该项写“按规定给予”,注明“将根据政策调整适时更新”,本身不设定标准。",
        cite("loan_engineer.list"),
        cite("loan_engineer.guide_note"),
        cite("loan11.governs"),
    )
    trace.warn("卓越工程师清单第16项的额度和贴息与渝人社发〔2024〕11号不一致;本结果按11号。")
    return [
        Reading(
            reading=f"11号:个人{yuan_text(Decimal(caps['person']))}、企业{yuan_text(Decimal(caps['enterprise']))},贴息为实际利率的一半",
            result="采用",
            governs=True,
        ),
        Reading(
            reading=f"卓越工程师清单:个人{person}、企业{firm},LPR-{fig['lpr_minus_bp']}BP以上部分贴息",
            result="不采用",
            governs=False,
        ),
    ]


def basis() -> list[Citation]:
    keys = [
        "loan11.person.head",
        "loan11.person.group",
        "loan11.firm.head",
        "loan11.firm.hires",
        "loan11.exclusive",
    ]
    keys += ["loan11.caps", "loan11.rate", "loan11.term", "loan11.repeats", "loan11.validity"]
    return [cite(k) for k in keys]


def assess(inp: GuaranteeLoanInput, r: GuaranteeLoanResult, on: date) -> Assessment:
    """Eligible on every condition; no amount (a cap, not an entitlement) and no claim window (the
    text sets none; 11号's end is `in_force`/`ended_on`)."""
    conds: list[tuple[str, bool | None, Citation | str | None]] = [
        (c.text + (f"(由{c.reviewer}审查)" if c.reviewer else ""), c.met, cite(c.provision)) for c in r.checks
    ]
    if inp.applicant == "enterprise":
        missing = firm_checks(inp)[1]
    else:
        missing = person_checks(inp, inp.term_months or r.max_term_months)[3]
    missing += [] if inp.other_kind_loan is not None else ["other_kind_loan"]
    return Assessment(r.eligible, conds, missing, None, None)


def governing_law(inp: GuaranteeLoanInput) -> tuple[str, date]:
    return "guarantee_loan.caps", inp.day


def summarize(doc: dict[str, Any]) -> list[str]:
    r = doc["result"]
    verdict = {True: "符合条件", False: "不符合条件", None: "尚缺条件,无法判断"}[r["eligible"]]
    top = r["max_amount"] or "—"
    lines = [f"创业担保贷款:{verdict};额度上限 {top} 元,单次期限最长 {r['max_term_months']} 个月。"]
    if r.get("ended_on"):
        lines.append(f"渝人社发〔2024〕11号已于 {r['ended_on']} 执行期满。")
    return lines


RULE: Rule[GuaranteeLoanInput, GuaranteeLoanResult] = register(
    Rule(
        name="guarantee-loan",
        title="创业担保贷款申请条件、额度、利率和期限(渝人社发〔2024〕11号)",
        summary="个人、合伙创业或小微企业申请创业担保贷款:逐项条件和负责审查的部门,额度上限、期限、利率上限(LPR加点)、累计次数,以及是否免除反担保。",
        input_model=GuaranteeLoanInput,
        result_model=GuaranteeLoanResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        summarize=summarize,
        examples=[
            {
                "applicant": "person",
                "group": "graduate",
                "birth": "1998-05",
                "category": "male60",
                "contract_on": "2025-03-15",
                "amount": "100000",
                "term_months": 36,
                "registered": True,
                "project_in_chongqing": True,
                "other_loans": False,
                "civil_servant": False,
                "other_kind_loan": False,
            },
            {"applicant": "enterprise", "staff": 150, "new_hires": 8, "small_micro": True, "engineer": True},
        ],
    )
)
