"""Rule `yuchuang-award` (2024年“渝创渝新”大学生创业启航计划): which tier a graduate founder may
apply for, and the award of that tier if selected.

Source: 渝人社办〔2024〕73号 (lines 5102–5283): graduates within 8 years, founders of a business
registered 1–8 years before the notice (2024-05-06); tier 1 (≥40% stake, invention patent or own
IP, ≥6 insured hires), tier 2 (≥30%, ≥4), tier 3 (≥3), each with ≥ half a year of turnover; 5万 /
3万 / 2万元. One closed round: applications by 2024-05-30; the experts choose (择优遴选), so meeting
a tier's conditions is the right to apply for it, not the award.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, to_decimal, yuan_text
from renshe.rules.months import zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register
from renshe.rules.startup_subsidy import years_after as _years_after

TIER_ZH = {1: "一等", 2: "二等", 3: "三等"}
Cond = tuple[str, bool | None, Citation | str | None]


class YuchuangInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    graduation_date: date = Field(
        title="毕业时间", description="普通高校毕业日期(高职、专科、本科、研究生),YYYY-MM-DD"
    )
    registered_on: date = Field(
        title="市场主体登记注册日期", description="在市场监督管理部门登记注册的日期,YYYY-MM-DD"
    )
    stake_pct: Decimal | None = Field(
        None, title="申报人占股比(%)", description="允许以知识产权等无形资产入股;个体工商户填100"
    )
    insured_hires: int = Field(ge=0, le=100000, title="带动就业人数(缴纳社会保险)", description="人")
    has_ip: bool | None = Field(None, title="拥有发明专利或自主知识产权", description="是/否")
    turnover_half_year: bool | None = Field(None, title="有半年以上企业经营流水", description="是/否")
    founder_role: bool | None = Field(None, title="为企业法定代表人或合伙人、个体工商户", description="是/否")
    clean_record: bool | None = Field(None, title="未列入经营异常名录且无违法犯罪记录", description="是/否")
    changed_after_notice: bool | None = Field(
        None, title="股权或法人在通知发布之日后变更", description="是/否"
    )
    funded_before: bool | None = Field(
        None, title="在历年“渝创渝新”中已获得资助", description="项目或创业者(是/否)"
    )

    @field_validator("graduation_date", "registered_on", mode="before")
    @classmethod
    def _dates(cls, v: Any, info: ValidationInfo) -> Any:
        label = {"graduation_date": "毕业时间", "registered_on": "登记注册日期"}[str(info.field_name)]
        return parse_date(v, str(info.field_name), label)

    @field_validator("stake_pct", mode="before")
    @classmethod
    def _pct(cls, v: Any) -> Decimal | None:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        try:
            d = to_decimal(v.strip().rstrip("%") if isinstance(v, str) else v, "占股比")
        except ValueError as err:
            raise InputError(f"占股比 stake_pct 无效:{err}", "stake_pct") from None
        if d < 0 or d > 100:
            raise InputError("占股比 stake_pct 应在0至100之间", "stake_pct")
        return d


class YuchuangResult(BaseModel):
    eligible: bool | None = Field(title="可以申报")
    tier: int | None = Field(title="可申报的最高等次", description="1 一等;2 二等;3 三等;null 都不符合")
    award: Money = Field(title="该等次的资助金额(元)", description="经评审确定为该等次时的资助")
    counted_on: date = Field(title="年限计算日(通知印发日)")
    apply_by: date = Field(title="申报截止日")
    round_closed: bool = Field(title="申报期已过")


def base_conditions(inp: YuchuangInput) -> list[Cond]:
    """一 and 二(一)(六)(七): who may apply, counted on the notice day."""
    rnd, years = param("yuchuang.round").first.value, param("yuchuang.years").first.value
    day: date = rnd["counted_on"]
    reg_ok = (
        _years_after(inp.registered_on, years["registered_min"])
        <= day
        <= _years_after(inp.registered_on, years["registered_max"])
    )
    return [
        (
            f"毕业{years['graduated']}年内(至{zh_date(day)})",
            _years_after(inp.graduation_date, years["graduated"]) >= day,
            cite("yc.who"),
        ),
        ("为企业法定代表人或合伙人、个体工商户", inp.founder_role, cite("yc.who")),
        ("未列入企业经营异常名录,无违法犯罪记录", inp.clean_record, cite("yc.who")),
        (
            f"登记注册{years['registered_min']}年以上{years['registered_max']}年以内(按{zh_date(day)}计算)",
            reg_ok,
            cite("yc.registered"),
        ),
        (
            "股权及法人未在通知发布之日后变更",
            None if inp.changed_after_notice is None else not inp.changed_after_notice,
            cite("yc.no_change"),
        ),
        (
            "未在历年“渝创渝新”中获得资助",
            None if inp.funded_before is None else not inp.funded_before,
            cite("yc.once"),
        ),
        ("有半年以上企业经营流水", inp.turnover_half_year, cite("yc.tier3")),
    ]


def tier_met(inp: YuchuangInput, tier: int) -> bool | None:
    """二(三)–(五): stake, insured hires and (tier 1) invention patent or own IP."""
    t = param("yuchuang.tiers").first.value[tier]
    checks: list[bool | None] = [inp.insured_hires >= int(t["hires"])]
    if int(t["stake"]) > 0:
        checks.append(None if inp.stake_pct is None else inp.stake_pct >= Decimal(t["stake"]))
    if t["ip"]:
        checks.append(inp.has_ip)
    if False in checks:
        return False
    return None if None in checks else True


def compute(inp: YuchuangInput, trace: Trace) -> YuchuangResult:
    rnd = param("yuchuang.round").first.value
    conds = base_conditions(inp)
    for text, met, c in conds:
        mark = {True: "符合", False: "不符合", None: "未填写,无法判断"}[met]
        trace.step(f"{text}:{mark}。", *([c] if isinstance(c, Citation) else []))
    tiers = param("yuchuang.tiers").first.value
    tier: int | None = None
    for t in (1, 2, 3):
        met = tier_met(inp, t)
        spec = tiers[t]
        trace.step(
            f"{TIER_ZH[t]}:带动{spec['hires']}人以上参保就业"
            + (f"、占股比不低于{spec['stake']}%" if int(spec["stake"]) else "")
            + ("、拥有发明专利或自主知识产权" if spec["ip"] else "")
            + f"——{ {True: '符合', False: '不符合', None: '未填写,无法判断'}[met] }。",
            cite(f"yc.tier{t}"),
        )
        if met and tier is None:
            tier = t
    base = [m for _, m, _ in conds]
    no_tier = all(tier_met(inp, t) is False for t in (1, 2, 3))
    eligible: bool | None = True
    if False in base or no_tier:
        eligible = False
    elif None in base or tier is None:
        eligible = None
    award = (
        Decimal(param("yuchuang.awards").first.value[tier]) if tier and eligible is not False else Decimal(0)
    )
    amounts = "、".join(yuan_text(Decimal(v)) for v in param("yuchuang.awards").first.value.values())
    trace.step(
        f"资助:一等、二等、三等分别{amounts};由专家评审择优遴选并确定等次,符合条件不等于获得资助。",
        cite("yc.awards"),
        cite("yc.review"),
    )
    closed = trace.on is not None and trace.on > rnd["apply_by"]
    if closed:
        trace.step(f"申报截止日{zh_date(rnd['apply_by'])},2024年这一轮已结束。", cite("yc.deadline"))
        trace.warn("2024年“渝创渝新”申报期已过;以后各年的计划以当年通知为准。")
    return YuchuangResult(
        eligible=eligible,
        tier=tier,
        award=award,
        counted_on=rnd["counted_on"],
        apply_by=rnd["apply_by"],
        round_closed=closed,
    )


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in ["yc.who", "yc.registered", "yc.tier1", "yc.tier2", "yc.tier3", "yc.awards", "yc.deadline"]
    ]


def assess(inp: YuchuangInput, r: YuchuangResult, on: date) -> Assessment:
    conds = base_conditions(inp)
    fields = ["founder_role", "clean_record", "changed_after_notice", "funded_before", "turnover_half_year"]
    missing = [f for f in fields if getattr(inp, f) is None]
    return Assessment(
        r.eligible, conds, missing, ("award", "渝创渝新资助(如评为该等次)", r.award), r.apply_by
    )


def governing_law(inp: YuchuangInput) -> tuple[str, date]:
    return "yuchuang.awards", param("yuchuang.round").first.start


RULE: Rule[YuchuangInput, YuchuangResult] = register(
    Rule(
        name="yuchuang-award",
        title="2024年“渝创渝新”大学生创业启航计划资助(渝人社办〔2024〕73号)",
        summary="高校毕业生创业项目可申报的资助等次和金额;2024年一轮,已截止。",
        input_model=YuchuangInput,
        result_model=YuchuangResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        examples=[
            {
                "graduation_date": "2019-06-30",
                "registered_on": "2021-03-01",
                "stake_pct": "45",
                "insured_hires": 7,
                "has_ip": True,
                "turnover_half_year": True,
            }
        ],
    )
)
