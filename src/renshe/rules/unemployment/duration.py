"""How long: 条例 第十七条's tiers, 办法第十四条、第十五条 (start, merging, cap), and near the statutory age
(决定办法第七条, 人社部发〔2024〕76号, 人社厅发〔2024〕60号 三)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from renshe.rules.citations import Citation, Trace
from renshe.rules.external import external_cite
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import ParamError, cite, param, value
from renshe.rules.registry import built
from renshe.rules.retirement import Statutory, reform_start
from renshe.rules.unemployment.models import (
    Extension,
    Reading,
    UnemploymentInput,
)

# --- pieces ---------------------------------------------------------------------------------


def tier_months(contribution_months: Decimal, separated_on: date) -> tuple[int, str]:
    """(benefit months, tier text) by cumulative contribution months (条例 第十七条); 0 below a year.

    Read on the day the employment ended: the tiers in force when the person became unemployed.
    """
    tiers = value("unemployment.duration_tiers", separated_on)
    months, text = 0, f"不满{duration_text(int(tiers[0][0]))}"
    bounds = [int(lo) for lo, _ in tiers] + [10**9]
    for i, (lo, n) in enumerate(tiers):
        if contribution_months >= lo:
            hi = bounds[i + 1]
            months = int(n)
            text = f"满{lo // 12}年不足{hi // 12}年" if hi < 10**9 else f"{lo // 12}年以上"
    return months, text


def tiers_text(separated_on: date) -> str:
    """条例 第十七条 in one clause, from the tiers in force: "满1年不足5年的最长12个月;…"."""
    tiers = param("unemployment.duration_tiers").value_at(separated_on)
    parts = []
    for i, (lo, n) in enumerate(tiers):
        if i + 1 < len(tiers):
            hi = tiers[i + 1][0]
            parts.append(f"满{duration_text(int(lo))}不足{duration_text(int(hi))}的最长{n}个月")
        else:
            parts.append(f"{duration_text(int(lo))}以上的最长{n}个月")
    return ";".join(parts)


def reg17(quote: str) -> Citation:
    return external_cite("国务院令第258号/第十七条", quote)


# --- 办法 第十四条、第十五条: how long -------------------------------------------------------


def entitled_months(inp: UnemploymentInput, base: int) -> int:
    """办法第十五条 (line 8823) with 条例 第十七条: “经办机构根据失业人员累计缴费时间核定其领取失业
    保险金的期限”; the months of a previous entitlement left unused are added, “但是最长不得超过
    24个月” (第十七条, cap from params.yaml); re-employed less than a year, only those months
    (第十五条(二)). For an eligible person."""
    prev = inp.previous_unused_months or 0
    if base == 0:
        return prev
    if not prev:
        return base
    return min(base + prev, int(value("unemployment.max_combined_months", inp.separated_on)))


def explain_entitlement(
    inp: UnemploymentInput, base: int, tier_text: str, max_months: int, trace: Trace
) -> None:
    c = cite
    prev = inp.previous_unused_months or 0
    if base == 0:
        trace.step(
            f"重新就业后缴费不满一年,本次没有按缴费时间核定的新期限;继续申领前次失业应领取而尚未领取的{prev}个月。",
            c("ui.art15.continue"),
        )
        return
    trace.step(
        f"领取期限按累计缴费时间核定:累计缴费{inp.contribution_years}年,"
        f"属于{tier_text},最长领取{base}个月"
        f"(《失业保险条例》第十七条:{tiers_text(inp.separated_on)}。"
        "该条不在本汇编中,据官方公布文本引用)。",
        c("ui.art15.duration"),
        reg17("累计缴费时间满1年不足5年的,领取失业保险金的期限最长为12个月"),
        reg17("累计缴费时间满5年不足10年的,领取失业保险金的期限最长为18个月"),
        reg17("累计缴费时间10年以上的,领取失业保险金的期限最长为24个月"),
    )
    if prev:
        cap = int(value("unemployment.max_combined_months", inp.separated_on))
        trace.step(
            f"前次失业应领而未领的{prev}个月与本次期限合并计算:{base}+{prev}={base + prev}个月"
            + (f",超过最长{cap}个月,按{cap}个月计。" if max_months < base + prev else "。"),
            c("ui.art15.combined"),
            reg17(
                "领取失业保险金的期限可以与前次失业应领取而尚未领取的失业保险金的期限合并计算,"
                "但是最长不得超过24个月"
            ),
        )


def benefit_period(inp: UnemploymentInput, max_months: int) -> tuple[Month, Month]:
    """办法第十四条 “从其办理失业登记之日起计发失业保险金”: (first month, month the entitlement
    expires)."""
    start = Month.from_date(inp.registration)
    return start, start + max_months - 1


def explain_period(inp: UnemploymentInput, start: Month, end: Month, max_months: int, trace: Trace) -> None:
    trace.step(
        f"失业保险金从办理失业登记之日起计发:自{start.zh()}起按月领取,{max_months}个月期满为{end.zh()}"
        + ("" if inp.registered_on else "(未填失业登记日期,按离职当月办理登记计)")
        + "。经办机构应在期满前一个月告知本人。",
        cite("ui.art14.start"),
        cite("ui.art18.notice"),
    )


# --- near the statutory age: 决定办法第七条, 76号, 60号 三 ---------------------------------------

Interplay = Literal["reached_age", "before_reform", "statutory_age", "pre_reform_age", "none"]


@dataclass(slots=True)
class AgeInterplay:
    """How the statutory age meets the entitlement, and the figures the explanation states."""

    kind: Interplay
    near: int  # months: “距法定退休年龄不足一年”
    gap: int = 0  # statutory month − expiry month
    old_gap: int = 0  # pre-reform statutory month − expiry month
    receiving: bool = False  # receiving on 2024-12-31 (given or inferred)
    inferred: bool = False
    readings: list[Reading] = field(default_factory=list)

    def paid_to(self, s: Statutory, end: Month) -> tuple[Extension | None, Month | None, Month]:
        """(extension kind, extended until, last paid month)."""
        if self.kind == "reached_age":
            return None, None, s.month
        if self.kind == "statutory_age":
            return "statutory_age", s.month, s.month
        if self.kind == "pre_reform_age":
            return "pre_reform_age", s.original_month, s.original_month
        return None, None, end


def interplay(inp: UnemploymentInput, s: Statutory, start: Month, end: Month) -> AgeInterplay:
    """决定办法第七条 (line 561): “领取失业保险金且距法定退休年龄不足一年的,领取失业保险金年限延长至
    法定退休年龄”; 条例 第十五条(四)/76号 五: payment stops at the statutory age; 60号 三 (line 8955):
    people receiving on 2024-12-31 whose benefit ends more than a year before the new age but
    less than a year before the old one are paid to the old age, “待遇期满后不再次续发”."""
    near = int(value("unemployment.near_retirement_months", max(end, reform_start())))
    r = s.month
    if r <= end:
        return AgeInterplay("reached_age", near)
    gap = r - end
    if gap <= near:
        return AgeInterplay("before_reform" if end < reform_start() - 1 else "statutory_age", near, gap)
    receiving = inp.receiving_on_2024_12_31
    inferred = receiving is None
    if receiving is None:
        receiving = start <= Month.of(2024, 12) <= end
    old = s.original_month
    old_gap = old - end
    if receiving and s.reform_applies and 0 < old_gap <= near:
        readings = []
        if r - old <= near:
            readings = [
                built(
                    Reading,
                    reading="按人社厅发〔2024〕60号 三:续发至改革前法定退休年龄,期满后不再次续发",
                    last_paid_month=old,
                    governs=True,
                ),
                built(
                    Reading,
                    reading="按决定办法第七条:期满时距法定退休年龄不足一年,延长至法定退休年龄",
                    last_paid_month=r,
                    governs=False,
                ),
            ]
        return AgeInterplay("pre_reform_age", near, gap, old_gap, receiving, inferred, readings)
    return AgeInterplay("none", near, gap, old_gap, receiving, inferred)


def explain_interplay(ip: AgeInterplay, s: Statutory, end: Month, trace: Trace) -> None:
    c = cite
    r, old, near, gap, old_gap = s.month, s.original_month, ip.near, ip.gap, ip.old_gap
    if ip.kind == "reached_age":
        trace.step(
            f"法定退休时间{r.zh()}早于期满月份{end.zh()}:"
            "达到法定退休年龄后按规定办理退休、享受基本养老保险待遇,"
            f"失业保险金领至{r.zh()}为止,失业保险基金代缴养老保险费也在达到法定退休年龄时停止。",
            c("ui.reg15.4"),
            c("ui.n76.stop"),
        )
        trace.warn(
            "达到法定退休年龄但缴费不足最低缴费年限、暂不能按月领取基本养老金的,"
            "失业保险金是否继续发放,本汇编未作规定,"
            "请向经办机构确认。"
        )
    elif ip.kind == "before_reform":
        trace.step(
            f"期满时({end.zh()})距法定退休时间{r.zh()}不足一年,但期满早于{reform_start().zh()};"
            f"延长领取至法定退休年龄的规定自{zh_date(reform_start().first_day())}起施行,"
            "此前的情形按当时规定办理(不在本汇编中)。",
            c("decision.effective"),
            c("ui.measures.art7"),
        )
    elif ip.kind == "statutory_age":
        trace.step(
            f"期满时({end.zh()})距法定退休时间{r.zh()}只有{gap}个月,"
            "不足一年:失业保险金延长发放至法定退休年龄,"
            f"即领至{r.zh()}(延长{gap}个月);期间由失业保险基金按规定为其缴纳养老保险费。",
            c("ui.measures.art7"),
            c("ui.n76.scope"),
        )
        trace.warn(
            f"“距法定退休年龄不足一年”按月份比较(期满月份与法定退休月份相差不超过{near}个月);"
            f"恰好相差{near}个月的,以出生日和经办机构的口径为准。"
        )
    elif ip.kind == "pre_reform_age":
        how = "(按推算的领取期间判断)" if ip.inferred else ""
        trace.step(
            f"2024年12月31日正在领取失业保险金{how};期满时({end.zh()})"
            f"距改革后的法定退休时间{r.zh()}超过一年({gap}个月),"
            f"但距改革前的法定退休时间{old.zh()}不足一年({old_gap}个月)"
            ":经本人申请,可继续发放失业保险金至改革前法定退休年龄,"
            f"即领至{old.zh()},待遇期满后不再次续发。",
            c("ui.n60.transition"),
        )
        trace.warn("过渡期延长须经本人申请;延长期满后不再续发,此后至法定退休年龄之间不再领取失业保险金。")
        if ip.readings:
            trace.warn(
                "延长期满时距改革后的法定退休年龄已不足一年:"
                "决定办法第七条的文字可读作应继续延长至法定退休年龄,"
                "但人社厅发〔2024〕60号 三明确“待遇期满后不再次续发”;"
                "本结果按60号文(针对过渡人员的专门规定)处理,请向经办机构确认。"
            )
    else:
        why = f"期满时({end.zh()})距法定退休时间{r.zh()}还有{gap}个月,超过一年,不延长领取" + (
            f";改革前法定退休时间{old.zh()}距期满{old_gap}个月,"
            + (
                "但本人2024年12月31日不在领取失业保险金,不适用过渡政策。"
                if not ip.receiving and 0 < old_gap <= near
                else "不适用过渡政策。"
            )
            if s.reform_applies
            else "。"
        )
        trace.step(why, c("ui.measures.art7"), c("ui.n60.transition"))


def fund_months(s: Statutory, start: Month, last: Month) -> tuple[Month | None, Month | None]:
    """76号 一、五 (lines 8074, 8082): the months in which the fund pays the pension contributions
    of a person receiving within a year of the statutory age, until that age, in 2025–2039."""
    near = int(value("unemployment.near_retirement_months", max(last, reform_start())))
    try:
        period = value("unemployment.fund_pension_period", max(start, reform_start()))
    except ParamError:  # the 76号 policy is not in force when this benefit starts
        return None, None
    p_from, p_until = Month.from_date(period["from"]), Month.from_date(period["until"])
    lo = max(start, s.month - near, p_from)
    hi = min(last, s.month, p_until)
    return (None, None) if lo > hi else (lo, hi)


def explain_fund(lo: Month, hi: Month, trace: Trace) -> None:
    c = cite
    trace.step(
        f"{lo.zh()}至{hi.zh()}领取失业保险金期间距法定退休年龄不足一年,"
        "属于大龄领金人员:本人在领金地以个人身份参加企业职工"
        "基本养老保险并缴费,"
        "其中按当地灵活就业人员最低缴费标准的部分由失业保险基金支付(先缴费,再向经办机构申请,"
        "发放到本人社会保障卡银行账户);达到法定退休年龄或出现停止领取失业保险金的情形时停止。",
        c("ui.n76.scope"),
        c("ui.n76.fund_pays"),
        c("ui.n76.claim"),
        c("ui.n76.stop"),
        c("ui.n76.period"),
    )
    trace.warn(
        "当地灵活就业人员最低缴费标准(缴费基数下限×缴费比例)中的缴费比例不在本汇编中,本结果不计算金额。"
    )
