"""Rule `new-citizen-training` (新市民培训, T9): 渝人社办〔2024〕71号 二(一)(三).

Who: aged 16 to 65 (以上/以下 read as including the number, the usual legal reading), working or
living in Chongqing. Online: 25 元/人 once the 20 credits are completed. Offline: a session is one
学时, 30 元/人/学时 ("原则上"), one offline subsidy a year. The notice organises the 2024 programme
("2024年度"): its figures are dated to 2024-12-31 (our reading), later years are not in the
compilation. The district plan of 附件 sums to the 30,000 offline target (a test checks it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, yuan_text
from renshe.rules.occupation_class.common import age_on, codes_text, parse_birth, value_on
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

Mode = Literal["online", "offline"]
MODE_TEXT = {"online": "线上培训(新市民“同享”网络学苑)", "offline": "线下培训"}


class NewCitizenInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    mode: Mode = Field(title="培训方式", description=codes_text(MODE_TEXT))
    training_date: date | None = Field(None, title="培训日期", description="YYYY-MM-DD;不填为查询日")
    birth: str | None = Field(None, title="出生年月", description="YYYY-MM 或 YYYY-MM-DD")
    in_chongqing: bool | None = Field(
        None,
        title="在重庆市行政区域内工作、生活",
        description="进城务工人员及其亲属(含企业职工和有意愿的城市居民)",
    )
    credits: int | None = Field(None, ge=0, le=1000, title="已修学分", description="线上培训")
    offline_received_this_year: bool = Field(
        False, title="本年度已享受线下培训补贴", description="同一年度只能享受一次线下培训补贴"
    )

    @field_validator("training_date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        return parse_date(v, "training_date", "培训日期")

    @field_validator("birth", mode="before")
    @classmethod
    def _birth(cls, v: Any) -> Any:
        parse_birth(v)
        return v

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> NewCitizenInput:
        if self.training_date is None:
            self.training_date = (info.context or {}).get("on") or date.today()
        return self


class NewCitizenResult(BaseModel):
    programme_year: bool = Field(title="培训日期在2024年度培训工作期内")
    subsidy: Money | None = Field(title="培训补贴(元/人)")


def online_amount(credits: int | None, day: date) -> Decimal | None:
    """二(三)1 至少修满20学分(相当于1学时)即可结业,补贴标准为25元/人."""
    p = value_on(param("newcitizen.online"), day).value
    if credits is None:
        return Decimal(p["amount"])
    return Decimal(p["amount"]) if credits >= int(p["credits"]) else Decimal(0)


def offline_amount(received: bool, day: date) -> Decimal:
    """二(三)2 每次培训时间为1学时…30元/人/学时,同一年度内学员只能享受一次线下培训补贴."""
    p = value_on(param("newcitizen.offline"), day).value
    return Decimal(0) if received else Decimal(p["hourly"]) * int(p["hours_per_session"])


def compute(inp: NewCitizenInput, trace: Trace) -> NewCitizenResult:
    assert inp.training_date is not None
    day = inp.training_date
    p = param("newcitizen.online")
    last = p.values[-1].until
    if last is not None and day > last:
        trace.step(
            f"本通知组织的是2024年度新市民培训(至{last.isoformat()});此后年度的安排本汇编未收录。",
            cite("ncit.target"),
        )
        trace.warn("新市民培训按年度组织,本汇编只收录2024年度的通知;请以当年通知为准。")
        return NewCitizenResult(programme_year=False, subsidy=None)
    a = value_on(param("newcitizen.age"), day).value
    trace.step(
        f"培训对象:{a['min']}周岁以上、{a['max']}周岁以下(含本数),在重庆市行政区域内工作、生活的进城务工人员及其亲属。",
        cite("ncit.who"),
    )
    if inp.mode == "online":
        o = value_on(p, day, trace).value
        amount = online_amount(inp.credits, day)
        trace.step(
            f"线上培训:修满{o['credits']}学分即可结业,补贴{yuan_text(Decimal(o['amount']))}/人"
            + ("" if inp.credits is None else f";已修{inp.credits}学分,补贴{yuan_text(amount or Decimal(0))}")
            + "。",
            cite("ncit.online"),
        )
    else:
        f = value_on(param("newcitizen.offline"), day, trace).value
        amount = offline_amount(inp.offline_received_this_year, day)
        trace.step(
            f"线下培训:每次{f['hours_per_session']}学时(45分钟),原则上{yuan_text(Decimal(f['hourly']))}/人/学时,"
            f"同一年度只能享受{f['per_year']}次"
            + (";本年度已享受,不再补贴。" if inp.offline_received_this_year else "。"),
            cite("ncit.offline"),
        )
    return NewCitizenResult(programme_year=True, subsidy=amount)


def conditions(
    inp: NewCitizenInput, r: NewCitizenResult
) -> list[tuple[str, bool | None, Citation | str | None]]:
    assert inp.training_date is not None
    out: list[tuple[str, bool | None, Citation | str | None]] = [
        ("培训日期在2024年度培训工作期内", r.programme_year, cite("ncit.target"))
    ]
    a = value_on(param("newcitizen.age"), inp.training_date).value
    birth = parse_birth(inp.birth)
    if birth is None:
        out.append((f"年龄在{a['min']}周岁以上、{a['max']}周岁以下", None, cite("ncit.who")))
    else:
        age = age_on(birth, inp.training_date)
        out.append(
            (
                f"培训时{age}周岁,在{a['min']}周岁以上、{a['max']}周岁以下",
                a["min"] <= age <= a["max"],
                cite("ncit.who"),
            )
        )
    out.append(("在重庆市行政区域内工作、生活", inp.in_chongqing, cite("ncit.who")))
    if inp.mode == "online":
        o = value_on(param("newcitizen.online"), inp.training_date).value
        out.append(
            (
                f"修满{o['credits']}学分",
                None if inp.credits is None else inp.credits >= int(o["credits"]),
                cite("ncit.online"),
            )
        )
    else:
        out.append(("本年度未享受过线下培训补贴", not inp.offline_received_this_year, cite("ncit.offline")))
    return out


def assess(inp: NewCitizenInput, r: NewCitizenResult, on: date) -> Assessment:
    conds = conditions(inp, r)
    mets = [m for _, m, _ in conds]
    eligible = False if False in mets else (None if None in mets else True)
    missing = [k for k, v in (("birth", inp.birth), ("in_chongqing", inp.in_chongqing)) if v is None]
    if inp.mode == "online" and inp.credits is None:
        missing.append("credits")
    amount = None if r.subsidy is None or eligible is False else ("subsidy", "新市民培训补贴", r.subsidy)
    return Assessment(eligible, conds, missing, amount)


def basis() -> list[Citation]:
    return [cite(k) for k in ("ncit.who", "ncit.online", "ncit.offline")]


def governing(inp: NewCitizenInput) -> tuple[str, date]:
    assert inp.training_date is not None
    return "newcitizen.online", inp.training_date


RULE: Rule[NewCitizenInput, NewCitizenResult] = register(
    Rule(
        name="new-citizen-training",
        title="新市民培训补贴(渝人社办〔2024〕71号)",
        summary="2024年度新市民培训:线上修满学分结业、线下按学时的培训补贴,线下每年一次;对象为在渝进城务工人员及其亲属。",
        input_model=NewCitizenInput,
        result_model=NewCitizenResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing,
        examples=[{"mode": "online", "credits": 20, "training_date": "2024-06-01"}],
    )
)
