"""条例 第十四条 (as 附件2 prints it), 办法第四条 and 第十五条(一)(二): may this person draw the benefit?"""

from __future__ import annotations

from decimal import Decimal

from renshe.rules.citations import Citation, Trace
from renshe.rules.months import Month, duration_text
from renshe.rules.params import cites, value
from renshe.rules.registry import built
from renshe.rules.retirement import Statutory
from renshe.rules.unemployment.models import (
    INVOLUNTARY,
    REASON_CITE,
    REASON_TEXT,
    Condition,
    UnemploymentInput,
)


def _months_text(months: Decimal) -> str:
    """Contribution time for people: whole months as "8个月"/"1年6个月", a fraction as "7.2个月"."""
    return duration_text(int(months)) if months == months.to_integral_value() else f"{months:.1f}个月"


def _refs(*cs: Citation) -> list[str]:
    return list(dict.fromkeys(c.ref for c in cs))


# --- 条例 第十四条: the conditions ---------------------------------------------------------

Judged = tuple[Condition, tuple[Citation, ...], tuple[str, ...]]
"""A condition as judged, the citations that decide it and the warnings it raises."""


def _judged(
    kind: str, met: bool, text: str, cs: tuple[Citation, ...], warnings: tuple[str, ...] = ()
) -> Judged:
    return built(Condition, condition=kind, met=met, text=text, provisions=_refs(*cs)), cs, warnings


def contributions_condition(inp: UnemploymentInput) -> Judged:
    """条例 第十四条(一) “所在单位和本人已按照规定履行缴费义务满1年的”; 办法第十五条(一) (deemed
    time counts) and (二) (after re-employment the time restarts; re-employed less than a year,
    “可以继续申领其前次失业应领取而尚未领取的失业保险金”)."""
    months = inp.counted_contribution_months
    need = int(value("unemployment.min_contribution_months", inp.separated_on))
    ok = months >= need
    cs = cites("ui.reg14.contributions", "ui.art15.deemed")
    need_text = duration_text(need)
    prev = inp.previous_unused_months or 0
    if prev:
        cs = cites("ui.reg14.contributions", "ui.art15.deemed", "ui.art15.restart")
    text = f"累计缴费{inp.contribution_years}年(含视同缴费)," + (
        f"满{need_text},符合。" if ok else f"不满{need_text},不符合“履行缴费义务满{need_text}”的条件。"
    )
    warnings: tuple[str, ...] = ()
    if not ok and prev and (inp.reemployment_months is None or inp.reemployment_months < need):
        # 办法第十五条(二) second sentence: re-employed less than a year, the unused months continue.
        ok = True
        how = (
            f"重新就业{inp.reemployment_months}个月"
            if inp.reemployment_months is not None
            else "重新就业后缴费不满一年"
        )
        text = (
            f"累计缴费(重新就业后重新计算){_months_text(months)},不满{need_text};"
            "但本人在领取失业保险金期间"
            f"重新就业,{how}后再次失业,不满一年,可以继续申领前次失业应领取而尚未领取的{prev}个月,符合。"
        )
        cs = (*cs, *cites("ui.art15.continue"))
        if inp.reemployment_months is None:
            warnings = ("未填重新就业月数 reemployment_months:本结果按重新就业不满一年处理(缴费不满一年)。",)
        warnings += (
            "办法第十五条(二)“可以继续申领”未写明是否仍须非因本人意愿中断就业、办理失业登记;"
            "本结果仍按条例第十四条的另两项条件判断,请向经办机构确认。",
        )
    return _judged("contributions", ok, text, cs, warnings)


def involuntary_condition(inp: UnemploymentInput) -> Judged:
    """条例 第十四条(二) “非因本人意愿中断就业的”, as 办法第四条 lists the cases."""
    r = inp.separation_reason
    if r in INVOLUNTARY:
        cs = cites("ui.reg14.involuntary", "ui.art4.involuntary", REASON_CITE[r])
        text = f"离职原因为“{REASON_TEXT[r]}”,属于非因本人意愿中断就业,符合。"
        if r == "employee_terminated_for_cause":
            text += (
                "(限于用人单位以暴力、威胁或者非法限制人身自由的手段强迫劳动,"
                "或未按约定支付劳动报酬、提供劳动条件。)"
            )
            cs = (*cs, *cites("ui.labor32.item2", "ui.labor32.item3"))
        return _judged("involuntary", True, text, cs)
    cs = cites("ui.reg14.involuntary", "ui.art4.involuntary", "ui.labor32.item1", "ui.n60.dispute")
    text = (
        "离职原因为本人辞职,"
        "不属于办法第四条所列非因本人意愿中断就业的情形(试用期内辞职即劳动法第三十二条第一项也不在其列),"
        "不符合。如用人单位把停保原因认定为本人意愿主动离职,而本人能证明并非本人意愿中断就业的,"
        "可以申请经办机构据实重新核实认定。"
    )
    return _judged("involuntary", False, text, cs)


def registered_condition(inp: UnemploymentInput) -> Judged:
    """条例 第十四条(三) “已办理失业登记,并有求职要求的”; 60号 (registration with the application)."""
    if inp.registered:
        return _judged("registered", True, "已办理失业登记并有求职要求,符合。", cites("ui.reg14.registered"))
    text = (
        "尚未办理失业登记,暂不符合。失业保险金申请与失业登记可以一并办理:经办机构受理申请后,"
        "会把符合其他条件但未办理失业登记的人员推送公共就业服务机构办理登记,完成登记后发放。"
    )
    return _judged("registered", False, text, cites("ui.reg14.registered", "ui.n60.registration"))


def retirement_age_condition(inp: UnemploymentInput, s: Statutory) -> Judged | None:
    """条例 第十五条(四) and 76号: past the statutory age a person retires and draws no benefit
    (None: the registration is before the statutory month)."""
    start = Month.from_date(inp.registration)
    if start <= s.month:
        return None
    text = (
        f"办理失业登记时({start.zh()})已过法定退休时间{s.month.zh()},应按规定办理退休;"
        "达到法定退休年龄后不再领取失业保险金。"
    )
    return _judged("below_retirement_age", False, text, cites("ui.n76.stop", "ui.reg15.4"))


def conditions(inp: UnemploymentInput, s: Statutory) -> list[Judged]:
    """Every condition of 条例 第十四条, in order (and the age, when it is past)."""
    out = [contributions_condition(inp), involuntary_condition(inp), registered_condition(inp)]
    age = retirement_age_condition(inp, s)
    return out if age is None else [*out, age]


def explain_conditions(judged: list[Judged], trace: Trace) -> None:
    for label, (cond, cs, warnings) in zip(("条件一:", "条件二:", "条件三:", ""), judged, strict=False):
        trace.step(label + cond.text, *cs)
        for w in warnings:
            trace.warn(w)
