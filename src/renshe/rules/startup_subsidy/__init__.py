"""Rule `startup-subsidy` (一次性创业补贴): whether a first business qualifies, and how much.

Sources: 渝人社发〔2024〕14号 四 (lines 3575–3603, in force 2024-06-01 to 2025-12-31) and
渝人社发〔2024〕17号 七 (lines 3866–3898, from 2024-06-01 with no end date), which state the same
conditions and standard: a 小微企业 or 个体工商户 first founded in Chongqing, operating "1年以上3年
以下" at filing and still in existence, that hired workers on contracts of a year or more with three
months of social insurance and no arrears, founded by one of eight groups; 2000 元 for each person
employed, the founder included, at most 8000 元; once per household (spouses) and once per business.

The 户籍 condition: 14号 says all groups but graduates need Chongqing 户籍 (line 3599); 17号 puts
"我市户籍" before the first non-graduate group (line 3870). Read with 14号 (same issuer and subsidy,
a month apart): 户籍 for every group but graduates; the narrow reading is shown where it matters.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.employment import departure_day, departure_text
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, yuan_text
from renshe.rules.months import zh_date
from renshe.rules.params import ParamError, cite, param
from renshe.rules.registry import Rule, register

Group = Literal[
    "graduate",
    "rural_entrepreneur",
    "veteran",
    "overcapacity_worker",
    "low_income",
    "zero_employment_family",
    "poverty_alleviated",
    "disabled",
]
Business = Literal["small_micro", "individual"]

GROUP_TEXT = {
    "graduate": "离校年限内的高校毕业生(含留学回国人员等参照群体)",
    "rural_entrepreneur": "农村自主创业者",
    "veteran": "退役军人",
    "overcapacity_worker": "化解过剩产能企业职工",
    "low_income": "城乡低保人员",
    "zero_employment_family": "零就业家庭成员",
    "poverty_alleviated": "脱贫人口(含防止返贫监测对象)",
    "disabled": "残疾人",
}
BUSINESS_TEXT = {"small_micro": "小微企业", "individual": "个体工商户"}

Cond = tuple[str, bool | None, Citation | str | None]


class StartupSubsidyInput(BaseModel):
    """The founder, the business and the people it employs (14号 四, 17号 七)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    group: Group = Field(
        title="小微企业法定代表人或个体工商户经营者的人员类别",
        description=";".join(f"{k} {v}" for k, v in GROUP_TEXT.items()),
    )
    business: Business = Field(
        title="创办的市场主体", description="small_micro 小微企业;individual 个体工商户"
    )
    registered_on: date = Field(title="登记注册(开业)日期", description="市场主体登记注册的日期,YYYY-MM-DD")
    applied_on: date | None = Field(None, title="申报日期", description="YYYY-MM-DD;不填则为所问日期")
    people: int = Field(
        ge=1,
        le=10000,
        title="带动就业人数",
        description="含小微企业法定代表人或个体工商户经营者本人",
    )
    graduation_date: date | None = Field(
        None, title="毕业时间", description="高校毕业生的毕业日期;离校日期按17号九(二)统一认定"
    )
    hukou_chongqing: bool | None = Field(None, title="本市户籍", description="是否重庆市户籍(是/否)")
    first_business: bool | None = Field(
        None, title="在重庆市内首次创办", description="是否在重庆市内首次创办小微企业或个体工商户"
    )
    size_class_ok: bool | None = Field(
        None,
        title="符合小微企业划型标准",
        description="小微企业是否符合《统计上大中小微型企业划分办法(2017)》(国统字〔2017〕213号);个体工商户不填",
    )
    operating: bool | None = Field(None, title="申报时正常经营且存续", description="是/否")
    workers_ok: bool | None = Field(
        None,
        title="吸纳的劳动者签订劳动合同并缴纳社会保险费达到规定期限",
        description="所带动就业的劳动者(经营者本人除外)是否均签订规定期限以上的劳动合同、按规定缴纳社会保险费达到规定月数",
    )
    insured_no_arrears: bool | None = Field(
        None, title="申请时正常参保且未欠缴社会保险费", description="是/否"
    )
    household_received: bool | None = Field(
        None, title="本家庭已享受过一次性创业补贴", description="夫妻一方已享受的,另一方不再补贴(是/否)"
    )
    business_received: bool | None = Field(
        None, title="该企业或个体工商户已享受过一次性创业补贴", description="只享受一次(是/否)"
    )

    @field_validator("registered_on", "applied_on", "graduation_date", mode="before")
    @classmethod
    def _dates(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        label = {"registered_on": "登记注册日期", "applied_on": "申报日期", "graduation_date": "毕业时间"}
        return parse_date(v, str(info.field_name), label[str(info.field_name)])

    @field_validator("applied_on", mode="after")
    @classmethod
    def _default_day(cls, v: date | None, info: ValidationInfo) -> date:
        on = (info.context or {}).get("on") or date.today()
        return v or on


class Reading(BaseModel):
    reading: str = Field(title="理解")
    eligible: bool | None = Field(title="按此理解是否符合")
    governs: bool = Field(title="本结果采用")


class StartupSubsidyResult(BaseModel):
    eligible: bool | None = Field(title="可以享受一次性创业补贴")
    earliest_on: date = Field(title="最早申报日(正常经营满规定年限)")
    latest_on: date = Field(title="最晚申报日(正常经营规定年限以内)")
    graduate_until: date | None = Field(title="离校年限内的最后一日")
    per_person: Money = Field(title="每带动就业1人补贴(元)")
    cap: Money = Field(title="最高补贴(元)")
    standard: Money = Field(title="按人数计算的补贴标准(元)", description="min(每人标准×人数, 最高额)")
    subsidy: Money = Field(title="补贴金额(元)", description="符合条件时为补贴标准,否则为0")
    readings: list[Reading] = Field(title="不同理解")


def years_after(d: date, years: int) -> date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def figures(day: date) -> tuple[Decimal, Decimal, dict[str, int], int, dict[str, int]]:
    """The figures in force on the application day (14号 四、17号 七)."""
    try:
        per = Decimal(param("startup_subsidy.per_person").value_at(day))
    except ParamError:
        first = param("startup_subsidy.per_person").first.start
        raise InputError(
            f"申报日期早于{zh_date(first)}:此前的一次性创业补贴按原规定执行,本汇编未收录", "applied_on"
        ) from None
    return (
        per,
        Decimal(param("startup_subsidy.cap").value_at(day)),
        param("startup_subsidy.operating_years").value_at(day),
        int(param("startup_subsidy.graduate_years").value_at(day)),
        param("startup_subsidy.contract_si").value_at(day),
    )


def standard(per: Decimal, cap: Decimal, people: int) -> Decimal:
    """二: 每带动就业1人(含经营者)给予2000元补贴,最高不超过8000元 = min(2000 × n, 8000)."""
    return min(per * people, cap)


def operating_window(registered: date, years: dict[str, int]) -> tuple[date, date]:
    """正常经营1年以上3年以下(以申报时间计算): 以上/以下 read as including the endpoints."""
    return years_after(registered, years["min"]), years_after(registered, years["max"])


def graduate_window(graduated: date, years: int) -> date:
    """离校5年内, from the leaving day 17号 九(二) deems for the graduation year (shared predicate)."""
    return years_after(departure_day(graduated), years)


def hukou_condition(inp: StartupSubsidyInput) -> tuple[bool | None, bool | None]:
    """(met under 14号's reading — every group but graduates; met under the narrow reading of 17号
    七 — only 农村自主创业者)."""
    if inp.group == "graduate":
        return True, True
    wide = inp.hukou_chongqing
    narrow = inp.hukou_chongqing if inp.group == "rural_entrepreneur" else True
    return wide, narrow


def _all(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def conditions(
    inp: StartupSubsidyInput, day: date, trace: Trace | None
) -> tuple[list[Cond], date, date, date | None]:
    """Every condition of 14号 四(一)/17号 七(一) and the once-only rules, with their clauses."""
    _, _, years, grad_years, csi = figures(day)
    earliest, latest = operating_window(inp.registered_on, years)
    grad_until: date | None = None
    out: list[Cond] = [
        (f"在重庆市内首次创办{BUSINESS_TEXT[inp.business]}", inp.first_business, cite("s17.startup.subject")),
        (
            f"正常经营{years['min']}年以上{years['max']}年以下(以申报时间计算):"
            f"{zh_date(earliest)}至{zh_date(latest)}之间申报",
            earliest <= day <= latest,
            cite("s17.startup.conditions"),
        ),
        ("申报时正常经营且仍然存续", inp.operating, cite("s17.startup.conditions")),
        (
            f"吸纳劳动者就业并签订{csi['contract_years']}年以上劳动合同,缴纳社会保险费满{csi['si_months']}个月",
            inp.workers_ok,
            cite("s14.startup.conditions"),
        ),
        ("申请时正常参保且未欠缴社会保险费", inp.insured_no_arrears, cite("s14.startup.conditions")),
    ]
    if inp.business == "small_micro":
        out.append(
            ("小微企业符合国统字〔2017〕213号的认定标准", inp.size_class_ok, cite("s14.startup.conditions"))
        )
    if inp.group == "graduate":
        met: bool | None = None
        if inp.graduation_date is not None:
            grad_until = graduate_window(inp.graduation_date, grad_years)
            met = day <= grad_until
        text = f"离校{grad_years}年内(离校日按当年{departure_text()}认定)"
        out.append((text, met, cite("s17.graduate_leave_day")))
    wide, _ = hukou_condition(inp)
    if inp.group != "graduate":
        out.append(("具有重庆市户籍(除高校毕业生外)", wide, cite("s14.startup.hukou")))
    out.append(
        (
            "本家庭(夫妻)未享受过一次性创业补贴",
            None if inp.household_received is None else not inp.household_received,
            cite("s17.startup.household"),
        )
    )
    out.append(
        (
            "该企业或个体工商户未享受过一次性创业补贴",
            None if inp.business_received is None else not inp.business_received,
            cite("s17.startup.once"),
        )
    )
    return out, earliest, latest, grad_until


ASKED = (
    "first_business",
    "operating",
    "workers_ok",
    "insured_no_arrears",
    "size_class_ok",
    "hukou_chongqing",
    "graduation_date",
    "household_received",
    "business_received",
)


def missing(inp: StartupSubsidyInput) -> list[str]:
    out = []
    for name in ASKED:
        if getattr(inp, name) is not None:
            continue
        if name == "size_class_ok" and inp.business != "small_micro":
            continue
        if name == "hukou_chongqing" and inp.group == "graduate":
            continue
        if name == "graduation_date" and inp.group != "graduate":
            continue
        out.append(name)
    return out


def compute(inp: StartupSubsidyInput, trace: Trace) -> StartupSubsidyResult:
    day = inp.applied_on or trace.on or date.today()
    per, cap, _, _, _ = figures(day)
    conds, earliest, latest, grad_until = conditions(inp, day, trace)
    trace.step(
        f"申报主体:在重庆市内首次创办的{BUSINESS_TEXT[inp.business]};经营者为{GROUP_TEXT[inp.group]}。",
        cite("s14.startup.subject"),
        cite("s17.startup.subject"),
    )
    for text, met, c in conds:
        mark = "符合" if met else ("不符合" if met is False else "未填写,无法判断")
        trace.step(f"{text}:{mark}。", *([c] if isinstance(c, Citation) else []))
    eligible = _all([m for _, m, _ in conds])
    wide, narrow = hukou_condition(inp)
    readings: list[Reading] = []
    if wide != narrow:
        rest = _all([m for t, m, _ in conds if not t.startswith("具有重庆市户籍")])
        readings = [
            Reading(
                reading="14号四(一):除高校毕业生外均须重庆市户籍;17号七(一)按此理解",
                eligible=eligible,
                governs=True,
            ),
            Reading(reading="17号七(一)字面:“我市户籍”只修饰农村自主创业者", eligible=rest, governs=False),
        ]
        trace.warn(
            "户籍条件:17号七(一)把“我市户籍”写在农村自主创业者之前,可读作只限农村自主创业者;"
            "本结果按14号四(一)“除第1类人群外,其他群体人员均应具有重庆市户籍”理解(同一机关、同一补贴,"
            "17号为其经办程序),退役军人等其他群体也须重庆市户籍。"
        )
    amount = standard(per, cap, inp.people)
    trace.step(
        f"补贴标准:每带动就业1人(含经营者本人)给予{yuan_text(per)},最高不超过{yuan_text(cap)};"
        f"带动就业{inp.people}人,标准为{yuan_text(amount)}。",
        cite("s14.startup.amount"),
        cite("s17.startup.amount"),
    )
    if inp.people == 1:
        trace.warn(
            "只有经营者本人就业:文件写“每带动就业1人(含…经营者)”,本结果按经营者本人计1人;"
            "“吸纳劳动者就业”若被理解为须另外吸纳劳动者,则不符合条件。"
        )
    v14 = param("startup_subsidy.per_person").values[0]
    if v14.until is not None and day > v14.until:
        trace.warn(
            f"渝人社发〔2024〕14号已于{zh_date(v14.until)}实施期满;本结果依据未规定期限的渝人社发〔2024〕17号七"
            "(同一标准)。是否延续以市人社局、市财政局的评估结果为准。"
        )
    trace.step(
        "公示期满无异议的,区县财政部门每季度首月底前将上季度送达确认的补贴划入申请人账户。",
        cite("s17.startup.transfer"),
    )
    trace.step(
        "补贴以家庭为单位,夫妻开办多个企业的,一方享受之后,另外一方不再补贴。", cite("s14.startup.household")
    )
    return StartupSubsidyResult(
        eligible=eligible,
        earliest_on=earliest,
        latest_on=latest,
        graduate_until=grad_until,
        per_person=per,
        cap=cap,
        standard=amount,
        subsidy=amount if eligible else Decimal(0),
        readings=readings,
    )


def basis() -> list[Citation]:
    keys = ["s14.startup.subject", "s14.startup.conditions", "s14.startup.hukou", "s14.startup.amount"]
    keys += ["s17.startup.subject", "s17.startup.amount", "s17.startup.once", "s17.startup.household"]
    return [cite(k) for k in keys]


def assess(inp: StartupSubsidyInput, r: StartupSubsidyResult, on: date) -> Assessment:
    """Eligible as computed; the amount is the standard when eligible; apply by the end of the
    3-year window (or the 5-year graduate window, if earlier)."""
    day = inp.applied_on or on
    conds, _, latest, grad_until = conditions(inp, day, None)
    last = min(latest, grad_until) if grad_until else latest
    return Assessment(r.eligible, conds, missing(inp), ("subsidy", "一次性创业补贴", r.subsidy), last)


def governing_law(inp: StartupSubsidyInput) -> tuple[str, date]:
    return "startup_subsidy.per_person", inp.applied_on or date.today()


def summarize(doc: dict[str, Any]) -> list[str]:
    r = doc["result"]
    verdict = {True: "可以享受", False: "不符合条件", None: "尚缺条件,无法判断"}[r["eligible"]]
    return [
        f"一次性创业补贴:{verdict};按人数的补贴标准 {r['standard']} 元。",
        f"申报时间:{r['earliest_on']} 至 {r['latest_on']}。",
    ]


RULE: Rule[StartupSubsidyInput, StartupSubsidyResult] = register(
    Rule(
        name="startup-subsidy",
        title="一次性创业补贴(渝人社发〔2024〕14号、17号)",
        summary="首次创办小微企业或个体工商户、正常经营满规定年限的重点群体创业者:按带动就业人数(含本人)计算一次性创业补贴,有最高额;每户、每个市场主体只享受一次。",
        input_model=StartupSubsidyInput,
        result_model=StartupSubsidyResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        summarize=summarize,
        examples=[
            {
                "group": "graduate",
                "business": "individual",
                "registered_on": "2024-03-01",
                "applied_on": "2025-06-01",
                "people": 3,
                "graduation_date": "2023-06-20",
                "first_business": True,
                "operating": True,
                "workers_ok": True,
                "insured_no_arrears": True,
                "household_received": False,
                "business_received": False,
            },
            {"group": "veteran", "business": "small_micro", "registered_on": "2024-01-10", "people": 5},
        ],
    )
)
