"""Rule `training-subsidy` (职业培训补贴, T1–T4 and T6): cap, hourly rate, subsidy and the limits.

Source: 渝人社发〔2024〕13号 二(一) (classes, bonuses, 未纳入目录按B类), 附件 (the B table), 二(二)(三)
(110/90/100%), 二(四) (course hours), 二(十二) (online hours), 二(十三), 二(十六), 四(四)(五) (limits);
渝人社办〔2024〕78号 (the class of each occupation) and 121号 (the institutions).

Decisions (the text gives no formula, see README.md): the standard is hours × 课时费 (online hours at
their flat rate, within their share of the total), capped at the 上限; the outcome percentage is then
applied to that standard ("按补贴标准110%"), so 110% may exceed the 上限 (the other reading is shown).
The district bonuses are added to the class figure (1 + 30% + 10%), not multiplied. Rates are not
rounded; the subsidy is rounded once, to the fen, half up (the text states no rounding).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, round_half_up, yuan_text
from renshe.rules.occupation_class.catalogue import Lookup, find_institution
from renshe.rules.occupation_class.common import (
    BASIS_TEXT,
    CERT_TEXT,
    RANK,
    SEX_TEXT,
    Certificate,
    Sex,
    age_on,
    catalogue_horizon,
    codes_text,
    occupation_step,
    parse_birth,
    resolve,
    value_on,
)
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

TrainingType = Literal["employment", "post", "project"]
TYPE_TEXT = {"employment": "就业技能培训", "post": "岗位技能培训", "project": "项目制培训"}
Course = Literal["standard", "adaptive", "pre_job", "general_quality"]
COURSE_TEXT = {
    "standard": "一般培训",
    "adaptive": "就业适应性培训",
    "pre_job": "岗前培训",
    "general_quality": "通用职业素质培训",
}
Outcome = Literal["new_job", "not_employed", "employed"]
OUTCOME_TEXT = {
    "new_job": "培训后实现新就业创业(单位参保或就业登记)",
    "not_employed": "培训后未就业创业",
    "employed": "参训时已就业",
}
InstitutionLevel = Literal["none", "city", "national_center"]
INST_TEXT = {
    "none": "无",
    "city": "市级及以上职业训练院、高技能人才培训基地建设单位或办学评估优秀民办职业培训学校",
    "national_center": "国家级公共实训中心",
}


class TrainingInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    occupation: str = Field(
        title="职业(工种)", description="培训目录中的名称或编码(职业编码/专项编码),如 叉车司机、6-30-05-01"
    )
    parent_occupation: str | None = Field(
        None, title="所属职业", description="工种不在目录中时,填其所属职业的名称或编码(目录备注2)"
    )
    not_listed: bool = Field(
        False, title="确认不在目录中", description="名称只近似匹配时,确认不在目录中则按B类"
    )
    certificate: Certificate = Field(title="培训后取得的证书", description=codes_text(CERT_TEXT))
    hours: int = Field(ge=0, le=2000, title="线下培训课时", description="45分钟为1课时")
    online_hours: int = Field(
        0, ge=0, le=2000, title="线上培训课时", description="线上培训的课时数,按固定课时标准计算"
    )
    training_type: TrainingType = Field("employment", title="培训类型", description=codes_text(TYPE_TEXT))
    course: Course = Field("standard", title="课程类别", description=codes_text(COURSE_TEXT))
    outcome: Outcome | None = Field(None, title="培训后就业创业情况", description=codes_text(OUTCOME_TEXT))
    brand_project: bool = Field(
        False, title="劳务品牌或培训品牌项目", description="区县决定对品牌项目上浮时选“是”"
    )
    institution_level: InstitutionLevel = Field(
        "none", title="培训机构上浮类别", description=codes_text(INST_TEXT)
    )
    start: date | None = Field(None, title="培训开始日期", description="YYYY-MM-DD;不填为查询日")
    birth: str | None = Field(None, title="出生年月", description="YYYY-MM 或 YYYY-MM-DD")
    sex: Sex | None = Field(None, title="性别", description=codes_text(SEX_TEXT))
    six_groups: bool | None = Field(
        None, title="属于六类人员", description="就业技能、岗位技能培训的人员范围"
    )
    institution: str | None = Field(None, title="培训机构", description="名称、统一社会信用代码或机构代码")
    trainings_this_year: int = Field(
        0, ge=0, le=50, title="本年度已参加补贴性培训次数", description="以培训开始时间为准"
    )
    trainings_received: int = Field(
        0, ge=0, le=50, title="已享受职业培训补贴次数", description="累计已享受的职业培训补贴次数"
    )
    prior_certificate: Certificate | None = Field(
        None, title="同一职业(工种)已申领补贴的最高证书", description=codes_text(CERT_TEXT)
    )
    upgrade_same_level: bool = Field(
        False, title="已申领同一职业同一等级的技能提升补贴", description="同一等级不可同时申领"
    )
    pensioner: bool = Field(
        False, title="按月领取城镇职工基本养老金", description="已按月领取城镇职工基本养老金的人员不能享受"
    )
    in_establishment: bool = Field(
        False, title="机关事业单位在编人员", description="机关事业单位在编人员不能享受"
    )
    class_size: int | None = Field(None, ge=1, le=10000, title="班次人数", description="培训班次的人数")

    @field_validator("start", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        return parse_date(v, "start", "培训开始日期")

    @field_validator("birth", mode="before")
    @classmethod
    def _birth(cls, v: Any) -> Any:
        parse_birth(v)
        return v

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> TrainingInput:
        if not self.occupation:
            raise InputError("请填写职业(工种)occupation", "occupation")
        if self.hours + self.online_hours == 0:
            raise InputError("线下课时 hours 和线上课时 online_hours 不能都为0", "hours")
        if self.start is None:
            ctx = info.context or {}
            self.start = ctx.get("on") or date.today()
        return self


class TrainingResult(BaseModel):
    occupation_class: str | None = Field(title="培训目录类别(A、B、C、A+)")
    class_basis: str = Field(title="类别依据")
    candidates: list[str] = Field(title="未替您选择的候选项目")
    cap_b: Money = Field(title="B类培训补贴标准上限(元)")
    hourly_b: Money = Field(title="B类课时费标准(元/课时)")
    cap: Money | None = Field(title="适用的培训补贴标准上限(元)")
    hourly: Money | None = Field(title="适用的课时费标准(元/课时)")
    online_hours_counted: int = Field(title="计入的线上课时")
    offline_hours_counted: int = Field(title="计入的线下课时")
    by_hours: Money | None = Field(title="按课时计算的金额(元)")
    standard: Money | None = Field(title="补贴标准(封顶后,元)")
    factor: Decimal | None = Field(title="补贴比例")
    subsidy: Money | None = Field(title="职业培训补贴(元)")
    readings: list[dict[str, Any]] = Field(title="其他读法")


# --- one function per provision -----------------------------------------------------------


def b_figures(cert: str, day: date, trace: Trace | None = None) -> tuple[Decimal, Decimal]:
    """附件 B类职业(工种)培训补贴标准: (上限, 课时费) of the certificate."""
    row = value_on(param("training.b_table"), day, trace).value[cert]
    return Decimal(row["cap"]), Decimal(row["hourly"])


def class_figures(cls: str, cert: str, day: date) -> tuple[Decimal, Decimal]:
    """二(一) A类、C类…较B类分别上浮、下浮30%…15%; A+…分别较B类上浮60%、30%: B × (1 + 上浮)."""
    cap, hourly = b_figures(cert, day)
    adj = value_on(param("training.class_adjust"), day).value[cls]
    return cap * (1 + Decimal(adj["cap"])), hourly * (1 + Decimal(adj["hourly"]))


def bonuses(brand: bool, level: str, day: date) -> tuple[Decimal, Decimal]:
    """二(一) 品牌项目上限另行上浮30%; 机构上限、课时费另行上浮10%(国家级公共实训中心20%):
    (上限的加成, 课时费的加成), added to each other (our reading: both on the class figure)."""
    b = Decimal(value_on(param("training.brand_bonus"), day).value) if brand else Decimal(0)
    i = (
        Decimal(value_on(param("training.institution_bonus"), day).value[level])
        if level != "none"
        else Decimal(0)
    )
    return b + i, i


def online_counted(offline: int, online: int, day: date) -> int:
    """二(十二) 线上培训一般不超过总学时的30%: whole 课时 within the share are counted."""
    share = Decimal(value_on(param("training.online_share"), day).value)
    allowed = int((share * (offline + online)).to_integral_value(rounding="ROUND_FLOOR"))
    return min(online, allowed)


def course_limit(course: str, day: date) -> int | None:
    """二(四) 就业适应性培训不超过18课时,岗前培训、通用职业素质培训不超过30课时."""
    if course == "standard":
        return None
    return int(value_on(param("training.course_max_hours"), day).value[course])


def factor_of(kind: str, outcome: str | None, day: date) -> Decimal | None:
    """二(二) 110% / 90% / 100%; 岗位技能培训 100%; 二(三) 项目制 100%."""
    table = value_on(param("training.outcome_factor"), day).value
    if kind in ("post", "project"):
        return Decimal(table[kind])
    return Decimal(table[outcome]) if outcome else None


# --- explanation ----------------------------------------------------------------------------


def _occupation(inp: TrainingInput, trace: Trace) -> Lookup:
    found = resolve(inp.occupation, inp.parent_occupation, inp.not_listed)
    occupation_step(
        found, trace, cite("tsub.catalogue"), cite("tsub.default_b"), cite("tsub.catalogue_note2")
    )
    assert inp.start is not None
    catalogue_horizon(inp.start.year, trace)
    if inp.institution is not None:
        catalogue_horizon(inp.start.year, trace, "directory")
    return found


def _figures(inp: TrainingInput, cls: str, day: date, trace: Trace) -> tuple[Decimal, Decimal]:
    cert = CERT_TEXT[inp.certificate]
    cap_b, hourly_b = b_figures(inp.certificate, day, trace)
    cap, hourly = class_figures(cls, inp.certificate, day)
    adj = value_on(param("training.class_adjust"), day).value[cls]
    head = f"{cert}的B类培训补贴标准上限{yuan_text(cap_b)}、课时费{yuan_text(hourly_b)}/课时"
    if cls == "B":
        trace.step(head + "。", cite("tsub.annex"), cite("tsub.b_table"))
    else:
        trace.step(
            head
            + f";{cls}类较B类上限调整{Decimal(adj['cap']):+.0%}、课时费调整{Decimal(adj['hourly']):+.0%}:"
            f"上限{yuan_text(cap)}、课时费{yuan_text(hourly)}/课时(由B类标准计算,不另行取整)。",
            cite("tsub.annex"),
            cite("tsub.class_aplus") if cls == "A+" else cite("tsub.class_ac"),
        )
    add_cap, add_hourly = bonuses(inp.brand_project, inp.institution_level, day)
    if add_cap or add_hourly:
        cits: list[Citation] = []
        if inp.brand_project:
            cits.append(cite("tsub.brand"))
        if inp.institution_level != "none":
            cits.append(cite("tsub.institution"))
        cap, hourly = cap * (1 + add_cap), hourly * (1 + add_hourly)
        trace.step(
            f"区县另行上浮:上限加{add_cap:.0%}、课时费加{add_hourly:.0%}(两项上浮同时适用时相加,均以{cls}类标准为基数):"
            f"上限{yuan_text(cap)}、课时费{yuan_text(hourly)}/课时。",
            *cits,
        )
        trace.warn("品牌项目和培训机构的上浮由各区县结合实际决定(“可另行上浮”),请以区县规定为准。")
    return cap, hourly


def _hours(inp: TrainingInput, day: date, trace: Trace) -> tuple[int, int]:
    offline, online = inp.hours, inp.online_hours
    limit = course_limit(inp.course, day)
    if limit is not None and offline + online > limit:
        keep_online = min(online, limit)
        offline, online = min(offline, limit - keep_online), keep_online
        trace.step(
            f"{COURSE_TEXT[inp.course]}不超过{limit}课时:按{offline + online}课时计算。",
            cite("tsub.course_hours"),
        )
    counted = online_counted(offline, online, day)
    if online:
        share = Decimal(value_on(param("training.online_share"), day).value)
        rate = value_on(param("training.online_hourly"), day).value
        trace.step(
            f"线上培训不超过总学时的{share:.0%}(总学时{offline + online}课时,按整课时):计入线上{counted}课时,"
            f"按{yuan_text(Decimal(rate))}/课时,不执行分类上浮、下浮。",
            cite("tsub.online"),
        )
        if counted < online:
            trace.warn(
                f"线上课时{online}超过总学时的{share:.0%},超出的{online - counted}课时未计入;"
                "知识型技能工种经评估可适当扩大线上占比,此时请按评估结果另行核算。"
            )
            trace.step("部分知识型技能工种经评估后可适当扩大线上培训学时占比。", cite("tsub.online_extend"))
    return offline, counted


def compute(inp: TrainingInput, trace: Trace) -> TrainingResult:
    assert inp.start is not None
    day = inp.start
    found = _occupation(inp, trace)
    cap_b, hourly_b = b_figures(inp.certificate, day, trace)
    offline, online = _hours(inp, day, trace)
    readings: list[dict[str, Any]] = []
    result: dict[str, Any] = {
        "occupation_class": found.cls,
        "class_basis": BASIS_TEXT[found.status],
        "candidates": [r.label for r in found.candidates],
        "cap_b": cap_b,
        "hourly_b": hourly_b,
        "cap": None,
        "hourly": None,
        "online_hours_counted": online,
        "offline_hours_counted": offline,
        "by_hours": None,
        "standard": None,
        "factor": None,
        "subsidy": None,
        "readings": readings,
    }
    if found.cls is None:
        return TrainingResult(**result)
    cap, hourly = _figures(inp, found.cls, day, trace)
    rate = Decimal(value_on(param("training.online_hourly"), day).value)
    by_hours = offline * hourly + online * rate
    standard = min(by_hours, cap)
    trace.step(
        f"按课时计算:线下{offline}课时 × {yuan_text(hourly)} + 线上{online}课时 × {yuan_text(rate)}"
        f" = {yuan_text(by_hours)};"
        f"不超过上限{yuan_text(cap)},补贴标准为{yuan_text(standard)}(线上课时也计入上限)。",
        cite("tsub.hours_rate"),
        cite("tsub.b_table"),
    )
    factor = factor_of(inp.training_type, inp.outcome, day)
    result.update(cap=cap, hourly=hourly, by_hours=by_hours, standard=standard, factor=factor)
    if factor is None:
        trace.step(
            f"{TYPE_TEXT[inp.training_type]}按培训后就业创业情况确定补贴比例;"
            "未填写培训后就业创业情况,暂不计算补贴金额。",
            cite("tsub.outcome"),
        )
        return TrainingResult(**result)
    subsidy = round_half_up(standard * factor)
    why = (
        OUTCOME_TEXT[inp.outcome]
        if inp.training_type == "employment" and inp.outcome
        else TYPE_TEXT[inp.training_type]
    )
    key = {"employment": "tsub.outcome", "post": "tsub.post", "project": "tsub.project"}[inp.training_type]
    trace.step(
        f"{why}:按补贴标准的{factor:.0%}补贴,{yuan_text(standard)} × {factor:.0%} = {yuan_text(subsidy)}"
        "(比例乘在封顶后的补贴标准上;四舍五入到分)。",
        cite(key),
    )
    other = round_half_up(min(by_hours * factor, cap))
    if other != subsidy:
        readings.append(
            {"name": "factor_then_cap", "text": "先乘比例再封顶", "subsidy": str(other), "governs": False}
        )
        readings.insert(
            0, {"name": "cap_then_factor", "text": "先封顶再乘比例", "subsidy": str(subsidy), "governs": True}
        )
        trace.warn(
            f"文件未写明上限与补贴比例的先后:本结果先封顶再乘比例({yuan_text(subsidy)});"
            f"若先乘比例再封顶则为{yuan_text(other)}。“按补贴标准110%给予”指对补贴标准(已封顶)计比例,故取前者。"
        )
    result["subsidy"] = subsidy
    return TrainingResult(**result)


# --- eligibility (四(四)(五), 一, 二(十三)(十六), 四(一)) ------------------------------------------


def conditions(inp: TrainingInput, r: TrainingResult) -> list[tuple[str, bool | None, Citation | str | None]]:
    assert inp.start is not None
    day = inp.start
    out: list[tuple[str, bool | None, Citation | str | None]] = []
    out.append(
        ("职业(工种)的培训目录类别已确定", True if r.occupation_class else None, cite("tsub.catalogue"))
    )
    if inp.training_type != "project":
        key = "tsub.scope_six" if inp.training_type == "employment" else "tsub.scope_post"
        out.append((f"属于{TYPE_TEXT[inp.training_type]}的人员范围(六类人员)", inp.six_groups, cite(key)))
    if inp.institution is None:
        out.append(("培训机构在2024年全市补贴性职业培训机构目录中", None, cite("tsub.directory")))
    else:
        hit = find_institution(inp.institution)
        out.append(
            (f"培训机构“{inp.institution}”在补贴性职业培训机构目录中", bool(hit), cite("tsub.directory"))
        )
    per_year = int(value_on(param("training.per_year"), day).value)
    out.append(
        (
            f"本年度参加补贴性培训不超过{per_year}次(以培训开始时间为准)",
            inp.trainings_this_year < per_year,
            cite("tsub.per_year"),
        )
    )
    life = int(value_on(param("training.lifetime"), day).value)
    out.append((f"累计享受职业培训补贴未满{life}次", inp.trainings_received < life, cite("tsub.lifetime")))
    repeat = inp.prior_certificate is not None and RANK[inp.certificate] <= RANK[inp.prior_certificate]
    out.append(
        ("未以同一职业(工种)同一等级或更低等级证书申领过职业培训补贴", not repeat, cite("tsub.no_repeat"))
    )
    out.append(
        (
            "未申领同一职业(工种)同一等级的失业保险技能提升补贴",
            not inp.upgrade_same_level,
            cite("tsub.no_upgrade_same"),
        )
    )
    caps = value_on(param("training.age_cap"), day).value
    birth = parse_birth(inp.birth)
    if birth is None or inp.sex is None:
        out.append(("参训人员年龄不超过上限", None, cite("tsub.age")))
    else:
        age = age_on(birth, day)
        out.append(
            (
                f"参训时{age}周岁,不超过{SEX_TEXT[inp.sex]}{caps[inp.sex]}周岁",
                age <= int(caps[inp.sex]),
                cite("tsub.age"),
            )
        )
    out.append(("不是按月领取城镇职工基本养老金的人员", not inp.pensioner, cite("tsub.not_pensioner")))
    out.append(("不是机关事业单位在编人员", not inp.in_establishment, cite("tsub.not_pensioner")))
    if inp.certificate == "training_cert":
        found = resolve(inp.occupation, inp.parent_occupation, inp.not_listed)
        evaluable = found.entry is not None and found.entry.kind in ("national", "special")
        out.append(
            (
                "可以开展评价或考核的职业(工种)不以培训合格证书申领",
                not evaluable if found.entry else None,
                cite("tsub.cert_only"),
            )
        )
    if inp.class_size is not None:
        most = int(value_on(param("training.class_size_max"), day).value)
        out.append((f"班次不超过{most}人(一般)", inp.class_size <= most, cite("tsub.class_size")))
    return out


def assess(inp: TrainingInput, r: TrainingResult, on: date) -> Assessment:
    conds = conditions(inp, r)
    mets = [m for _, m, _ in conds]
    eligible = False if False in mets else (None if None in mets else True)
    missing: list[str] = []
    if r.occupation_class is None:
        missing.append("occupation")
    if inp.six_groups is None and inp.training_type != "project":
        missing.append("six_groups")
    if inp.institution is None:
        missing.append("institution")
    if inp.birth is None:
        missing.append("birth")
    if inp.sex is None:
        missing.append("sex")
    if r.factor is None and r.occupation_class is not None:
        missing.append("outcome")
    amount = None if r.subsidy is None or eligible is False else ("subsidy", "职业培训补贴", r.subsidy)
    return Assessment(eligible, conds, missing, amount)


def _age_note(inp: TrainingInput, trace: Trace) -> None:
    """The fixed 60/55 cap against the later statutory retirement ages (2025 reform)."""
    birth = parse_birth(inp.birth)
    if birth is None or inp.sex is None or inp.start is None:
        return
    caps = value_on(param("training.age_cap"), inp.start).value
    age = age_on(birth, inp.start)
    if age > int(caps[inp.sex]):
        trace.warn(
            f"年龄上限为固定的{SEX_TEXT[inp.sex]}{caps[inp.sex]}周岁,通知未随渐进式延迟法定退休年龄调整:"
            f"本人{age}周岁,即使尚未达到新的法定退休年龄,按通知原文也不能享受职业培训补贴。"
        )


def limits_step(inp: TrainingInput, trace: Trace) -> None:
    """四(四) the limits every application is checked against (stated once in the explanation)."""
    assert inp.start is not None
    day = inp.start
    per_year = value_on(param("training.per_year"), day).value
    life = value_on(param("training.lifetime"), day).value
    caps = value_on(param("training.age_cap"), day).value
    text = (
        f"限制:每人每年参加补贴性培训不超过{per_year}次(以培训开始时间为准),累计享受{life}次后不再享受;"
        "同一职业(工种)同一等级或更低等级证书不重复申领;"
        f"参训人员年龄不超过男性{caps['male']}周岁、女性{caps['female']}周岁。"
    )
    cits = [cite("tsub.per_year"), cite("tsub.lifetime"), cite("tsub.no_repeat"), cite("tsub.age")]
    if inp.class_size is not None:
        most = value_on(param("training.class_size_max"), day).value
        text += f"班次一般不超过{most}人(本班{inp.class_size}人)。"
        cits.append(cite("tsub.class_size"))
    trace.step(text, *cits)


def compute_all(inp: TrainingInput, trace: Trace) -> TrainingResult:
    r = compute(inp, trace)
    limits_step(inp, trace)
    _age_note(inp, trace)
    return r


def basis() -> list[Citation]:
    keys = [
        "tsub.annex",
        "tsub.class_ac",
        "tsub.class_aplus",
        "tsub.default_b",
        "tsub.outcome",
        "tsub.online",
        "tsub.age",
    ]
    return [cite(k) for k in keys]


def governing(inp: TrainingInput) -> tuple[str, date]:
    assert inp.start is not None
    return "training.b_table", inp.start


RULE: Rule[TrainingInput, TrainingResult] = register(
    Rule(
        name="training-subsidy",
        title="职业培训补贴(渝人社发〔2024〕13号)",
        summary="按培训目录类别(A、B、C、A+)、证书和课时计算职业培训补贴的上限、课时费和金额,"
        "含线上课时、就业结果比例、区县上浮,并判断每年一次、累计三次、不重复等限制。",
        input_model=TrainingInput,
        result_model=TrainingResult,
        compute=compute_all,
        basis=basis,
        assess=assess,
        in_force=governing,
        examples=[
            {
                "occupation": "叉车司机",
                "certificate": "intermediate",
                "hours": 80,
                "outcome": "new_job",
                "start": "2024-09-01",
            },
            {
                "occupation": "育婴员",
                "certificate": "junior",
                "hours": 60,
                "online_hours": 20,
                "outcome": "employed",
            },
        ],
    )
)
