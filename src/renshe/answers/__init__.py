"""Answers before provisions: when a question is one a calculator or the validity layer can
answer, the computed answer comes first (`renshe ask`, `GET /api/ask`, the web search page).

Which question it is, is decided by readable word rules (`_INTENTS`: words that must all be
present, one group each); the inputs come from `slots`. Rules are called only through the
public `renshe.rules.registry` functions and read only from their JSON result (the calculator
document); validity only through `renshe.validity.status.status_of`. No figure is typed here:
every number in an answer comes from a rule's result or from the text it cites. When a slot is
missing, the answer says what to add (`ask`) and, where the rule allows, shows the range over the
missing value (a birth year without its month: the twelve months).

Answer shape (JSON): ``{"intent", "title", "lines": [..], "ask": [..], "slots": {..},
"citations": [{"ref", "quote", "provision_id"}], "link", "runs": [..], "notes": [..]}``.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from renshe.answers.slots import Slots, read_slots
from renshe.errors import InputError, NotFound

Answer = dict[str, Any]

# intent → groups of words; the question must contain one word of every group.
_INTENTS: list[tuple[str, list[tuple[str, ...]]]] = [
    ("validity", [("有效", "失效", "废止", "作废", "效力", "还能用", "还管用", "过期", "现行")]),
    (
        "retirement",
        [
            ("退休",),
            (
                "什么时候",
                "啥时候",
                "何时",
                "几岁",
                "多少岁",
                "多大",
                "哪年",
                "年龄",
                "时间",
                "几月",
                "哪一年",
            ),
        ],
    ),
    (
        "unemployment-benefit",
        [("失业",), ("领", "拿", "发", "多少", "几个月", "多久", "多长", "期限", "能有")],
    ),
    (
        "pension-adjustment",
        [("养老金", "退休金", "退休工资", "养老待遇"), ("涨", "调整", "增加", "上调", "提高", "调多少")],
    ),
    ("minimum-wage", [("最低工资",)]),
    # labour-contract money (劳动合同法 / 劳动法): the question is routed to its calculator
    (
        "unlawful-termination",
        [("违法辞退", "违法解除", "违法终止", "非法辞退", "无故辞退", "赔偿金", "2N", "2n")],
    ),
    (
        "severance",
        [
            ("辞退", "开除", "解除", "裁员", "被炒", "解雇", "终止劳动合同", "合同到期", "离职", "辞职"),
            ("补偿", "赔偿", "赔", "多少钱", "N+1", "n+1", "几个月工资", "能拿", "给钱"),
        ],
    ),
    (
        "double-wage",
        [("没签合同", "未签合同", "没签劳动合同", "未签劳动合同", "没有签合同", "二倍工资", "双倍工资")],
    ),
    ("overtime-pay", [("加班费", "加班工资", "加班怎么算", "加班钱")]),
    ("probation", [("试用期",)]),
]

# What to ask for each labour-contract calculator (the facts its form needs).
_CONTRACT_ASK = {
    "severance": (
        "请补充:劳动合同解除或终止的原因、入职和离职日期、离职前十二个月的平均工资"
        "(及当地上年度职工月平均工资)"
    ),
    "unlawful-termination": "请补充:入职和离职日期、离职前十二个月的平均工资(及当地上年度职工月平均工资)",
    "double-wage": "请补充:入职(用工)日期、订立书面劳动合同的日期(尚未订立的写今天)、月工资",
    "overtime-pay": "请补充:加班日期、加班小时数、本人小时工资、休息日加班是否已安排补休",
    "probation": "请补充:劳动合同期限、约定的试用期长度、试用期工资和约定工资、工作地区县",
}


def intent_of(query: str, slots: Slots) -> str | None:
    """The first intent whose every word group has a word in `query`."""
    for name, groups in _INTENTS:
        if name == "validity" and not slots.docnums:
            continue
        if all(any(w in query for w in g) for g in groups):
            return name
    if slots.birth_year is not None and "退休" in query:
        return "retirement"
    return None


def _registry() -> Any:
    from renshe.rules import registry

    return registry


def _is_district(name: str) -> bool:
    """The calculators' own district check: the minimum-wage rule accepts the name."""
    try:
        _registry().run("minimum-wage", {"district": name})
    except InputError:
        return False
    return True


def _cites(doc: dict[str, Any], limit: int = 4) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for c in doc.get("citations", []):
        key = c.get("provision_id") or c.get("ref")
        if key in seen:
            continue
        seen.add(key)
        out.append({"ref": c.get("ref"), "quote": c.get("quote"), "provision_id": c.get("provision_id")})
        if len(out) == limit:
            break
    return out


def _summary(name: str, doc: dict[str, Any]) -> list[str]:
    rule = _registry().get_rule(name)
    return list(rule.summarize(doc)) if rule.summarize else []


def _link(name: str, inputs: dict[str, Any]) -> str:
    """The web calculator, prefilled (GET /calc/{rule}?field=value)."""
    q = {
        k: (str(v).lower() if isinstance(v, bool) else str(v))
        for k, v in inputs.items()
        if v not in (None, "")
    }
    return f"/calc/{name}" + (f"?{urlencode(q)}" if q else "")


def _base(intent: str, title: str, slots: Slots) -> Answer:
    return {
        "intent": intent,
        "title": title,
        "lines": [],
        "ask": [],
        "slots": slots.to_json(),
        "citations": [],
        "link": None,
        "runs": [],
        "notes": [],
    }


# -- retirement ---------------------------------------------------------------------------------

_CATEGORY_NAMES = {
    "male60": "男职工",
    "female55": "原法定退休年龄55周岁的女职工",
    "female50": "原法定退休年龄50周岁的女职工",
}


def _retirement(slots: Slots) -> Answer:
    reg = _registry()
    title = reg.get_rule("retirement").title
    a = _base("retirement", title, slots)
    if slots.id_number and slots.category is None and slots.sex is None:
        a["ask"].append("身份证号已读到;请说明性别,女职工请说明原法定退休年龄是50周岁(工人)还是55周岁(干部)")
    if slots.birth_year is None and slots.id_number is None:
        a["ask"].append("请补充出生年月,例如:1968年5月出生的男职工什么时候退休")
        a["link"] = _link("retirement", {})
        return a
    categories = (
        [slots.category]
        if slots.category
        else (["female55", "female50"] if slots.sex == "female" else ["male60", "female55", "female50"])
    )
    if slots.category is None:
        if slots.sex == "female":
            a["ask"].append("请说明原法定退休年龄是55周岁(干部、管理和专业技术岗位)还是50周岁(工人岗位)")
        else:
            a["ask"].append("请说明性别(女职工还请说明原法定退休年龄是50周岁还是55周岁)")
    months = [slots.birth_month] if slots.birth_month else list(range(1, 13))
    if slots.birth_month is None and slots.id_number is None:
        a["ask"].append(f"请补充出生月份(如 {slots.birth_year}年5月),以得到准确的退休时间")
    for cat in categories:
        docs: list[dict[str, Any]] = []
        for m in months:
            inputs: dict[str, Any] = {"category": cat}
            if slots.id_number:
                inputs["id_number"] = slots.id_number
            else:
                inputs["birth"] = f"{slots.birth_year:04d}-{m:02d}"
            try:
                docs.append(reg.run("retirement", inputs))
            except InputError as err:
                a["ask"].append(err.message)
                break
            if slots.id_number:
                break
        if not docs:
            continue
        a["runs"].extend({"inputs": d["inputs"], "result": d["result"]} for d in docs)
        who = _CATEGORY_NAMES.get(cat, cat)
        if len(docs) == 1:
            a["lines"].append(f"{who}:" + "".join(_summary("retirement", docs[0])[:1]))
            a["lines"].extend(_summary("retirement", docs[0])[1:])
            # never an ID number in a URL (the normalised inputs hold a masked one anyway)
            shown = {k: v for k, v in docs[0]["inputs"].items() if k != "id_number"}
            a["link"] = a["link"] or _link("retirement", shown)
        else:
            first, last = docs[0]["result"], docs[-1]["result"]
            ages = sorted({d["result"]["retirement_age_text"] for d in docs}, key=lambda x: _age_key(x))
            age_text = ages[0] if len(ages) == 1 else f"{ages[0]}至{ages[-1]}"
            a["lines"].append(
                f"{slots.birth_year}年1月至12月出生的{who}:法定退休年龄{age_text},"
                f"法定退休时间在{_ym(first['retirement_month'])}至{_ym(last['retirement_month'])}之间"
                f"(按出生月份逐月推迟)。"
            )
            a["link"] = a["link"] or _link("retirement", {"birth": f"{slots.birth_year}-01", "category": cat})
        if not a["citations"]:
            a["citations"] = _cites(docs[0])
            a["notes"].extend(docs[0].get("warnings", [])[:1])
    return a


def _age_key(text: str) -> tuple[int, int]:
    years, _, rest = text.partition("岁")
    months = rest.replace("个月", "") or "0"
    return (int(years), int(months) if months.isdigit() else 0)


def _ym(month: str) -> str:
    y, m = month.split("-")
    return f"{int(y)}年{int(m)}月"


# -- validity -----------------------------------------------------------------------------------


def _validity(conn: sqlite3.Connection, slots: Slots) -> Answer | None:
    from renshe.kb import KB
    from renshe.validity.status import status_of

    kb = KB(conn, Path(next((str(r[2]) for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")))
    a = _base("validity", "文件效力", slots)
    for ref in slots.docnums:
        try:
            st = status_of(kb, ref, slots.on)
        except (NotFound, InputError) as err:
            a["lines"].append(f"{ref}:{err.message}")
            continue
        since = f"(自{st['since']}起)" if st.get("since") else ""
        title = f"《{st['title']}》" if st.get("title") else ""
        a["lines"].append(f"{st['doc_number'] or st['doc_id']}{title}:截至{st['on']},{st['status']}{since}。")
        for d in st.get("decided_by", [])[:2]:
            where = d.get("provision_id") or d.get("doc_number") or ""
            a["citations"].append(
                {"ref": where, "quote": d.get("quote"), "provision_id": d.get("provision_id")}
            )
        a["notes"].extend(st.get("notes", []))
        a["link"] = a["link"] or f"/status/{st['doc_id']}"
        a["runs"].append({"status": st})
    return a if a["runs"] or a["lines"] else None


# -- minimum wage -------------------------------------------------------------------------------


def _minimum_wage(slots: Slots) -> Answer:
    reg = _registry()
    rule = reg.get_rule("minimum-wage")
    a = _base("minimum-wage", rule.title, slots)
    district = slots.district
    if district is None:
        example = (rule.examples or [{}])[0].get("district")
        a["ask"].append("最低工资标准按区县分档;请补充所在区县,例如:渝中区最低工资")
        district = example
        if district is None:
            a["link"] = _link("minimum-wage", {})
            return a
        a["notes"].append(f"以下以{district}为例。")
    inputs: dict[str, Any] = {"district": district}
    if slots.on:
        inputs["on"] = slots.on.isoformat()
    try:
        doc = reg.run("minimum-wage", inputs)
    except InputError as err:
        a["ask"].append(err.message)
        return a
    a["lines"] = _summary("minimum-wage", doc)
    a["citations"] = _cites(doc)
    a["notes"].extend(doc.get("warnings", []))
    a["runs"].append({"inputs": doc["inputs"], "result": doc["result"]})
    a["link"] = _link("minimum-wage", {"district": district, "on": inputs.get("on")})
    return a


# -- pension adjustment -------------------------------------------------------------------------


def _pension(slots: Slots) -> Answer:
    reg = _registry()
    rule = reg.get_rule("pension-adjustment")
    a = _base("pension-adjustment", rule.title, slots)
    if slots.year is not None and str(slots.year) not in rule.title:
        a["notes"].append(f"本汇编只有“{rule.title}”的规定;{slots.year}年的调整办法不在汇编中。")
    a["lines"].append(rule.summary)
    basis = rule.describe().get("basis", [])
    a["citations"] = [
        {"ref": c.get("ref"), "quote": c.get("quote"), "provision_id": c.get("provision_id")}
        for c in basis[:5]
    ]
    prefill = {"district": slots.district, "pension_2023_12": slots.amount}
    a["link"] = _link("pension-adjustment", prefill)
    a["ask"].append(
        "要算出您本人每月增加多少,请在计算器中填写:退休类别、退休时间、缴费年限、2023年12月养老金、所在区县"
    )
    return a


# -- unemployment -------------------------------------------------------------------------------

# The situation the months are shown for when the question does not say (the common case: a
# contract that ended, registered as unemployed); the answer states these assumptions.
_UNEMPLOYMENT_CASE = {"separation_reason": "contract_ended", "registered": "true", "category": "male60"}
_SWEEP_YEARS = range(1, 31)


def _unemployment(slots: Slots, today: date) -> Answer:
    reg = _registry()
    rule = reg.get_rule("unemployment-benefit")
    a = _base("unemployment-benefit", rule.title, slots)
    base = dict(_UNEMPLOYMENT_CASE)
    base["separated_on"] = (slots.on or today).isoformat()
    base["birth"] = f"{today.year - 35}-01"  # far from retirement: the months are not cut short
    if slots.category:
        base["category"] = slots.category
    if slots.birth_year:
        base["birth"] = f"{slots.birth_year}-{slots.birth_month or 1:02d}"
    if slots.contribution_years:
        try:
            doc = reg.run("unemployment-benefit", {**base, "contribution_years": slots.contribution_years})
        except InputError as err:
            a["ask"].append(err.message)
            return a
        a["lines"] = _summary("unemployment-benefit", doc)
        a["citations"] = _cites(doc)
        a["runs"].append({"inputs": doc["inputs"], "result": doc["result"]})
        a["link"] = _link("unemployment-benefit", doc["inputs"])
    else:
        # the tiers, read from the rule itself: run it for 1, 2, … years and join equal months
        tiers: list[tuple[int, int, int]] = []  # (from years, to years, months)
        first: dict[str, Any] | None = None
        for y in _SWEEP_YEARS:
            doc = reg.run("unemployment-benefit", {**base, "contribution_years": str(y)})
            first = first or doc
            months = doc["result"].get("max_months")
            if months is None:
                continue
            if tiers and tiers[-1][2] == months:
                tiers[-1] = (tiers[-1][0], y, months)
            else:
                tiers.append((y, y, months))
        parts = []
        for i, (lo, _hi, m) in enumerate(tiers):
            if i + 1 < len(tiers):
                parts.append(f"累计缴费满{lo}年不满{tiers[i + 1][0]}年:最长{m}个月")
            else:
                parts.append(f"满{lo}年及以上:最长{m}个月")
        a["lines"].append("失业保险金的领取期限按累计缴费时间确定:" + ";".join(parts) + "。")
        a["lines"].append(
            "(按终止劳动合同、已办理失业登记并有求职要求的情形计算;被开除、本人辞职等情形不能领取。)"
        )
        a["ask"].append("请补充累计缴费年限(如:交了6年失业保险),可算出您的领取期限和起止月份")
        if first is not None:
            cites = _cites(first, 20)
            about_months = [c for c in cites if any(w in (c.get("quote") or "") for w in ("期限", "最长"))]
            a["citations"] = (about_months or [c for c in cites if "失业" in (c.get("ref") or "")])[:4]
        a["link"] = _link("unemployment-benefit", {})
    a["notes"].append(
        "每月领取多少:重庆市失业保险金的月发放标准不在本汇编中,请向参保地区县(自治县)公共就业服务机构"
        "或社会保险经办机构咨询(也可拨打 12333)。"
    )
    return a


def _contract_money(name: str, slots: Slots) -> Answer:
    """A labour-contract question: what the calculator decides, the articles, what to add."""
    rule = _registry().get_rule(name)
    a = _base(name, rule.title, slots)
    a["lines"].append(rule.summary)
    a["citations"] = [
        {"ref": c.get("ref"), "quote": c.get("quote"), "provision_id": c.get("provision_id")}
        for c in rule.describe().get("basis", [])[:4]
    ]
    a["ask"].append(_CONTRACT_ASK[name])
    a["link"] = _link(name, {})
    a["notes"].append("依据的是全国性法律(劳动合同法、劳动法),本汇编未收录其全文,条文据官方公布文本引用。")
    return a


def answer(conn: sqlite3.Connection, query: str, today: date | None = None) -> Answer | None:
    """The computed answer to `query`, or None when no rule or status answers it."""
    text = query.strip()
    if not text:
        return None
    slots = read_slots(text, _is_district if ("区" in text or "县" in text) else None)
    intent = intent_of(text, slots)
    handlers: dict[str, Callable[[], Answer | None]] = {
        "validity": lambda: _validity(conn, slots),
        "retirement": lambda: _retirement(slots),
        "minimum-wage": lambda: _minimum_wage(slots),
        "pension-adjustment": lambda: _pension(slots),
        "unemployment-benefit": lambda: _unemployment(slots, today or date.today()),
    }
    for name in _CONTRACT_ASK:
        handlers[name] = functools.partial(_contract_money, name, slots)
    if intent is None:
        return None
    try:
        return handlers[intent]()
    except ModuleNotFoundError:
        return None


def ask(conn: sqlite3.Connection, query: str, limit: int = 5, today: date | None = None) -> dict[str, Any]:
    """`renshe ask`: the answer (or None) and the provisions behind it, in one document.

    ``{"query", "answer": Answer | None, "total", "results": [...search results...],
    "suggestions"?: {...}}`` — the search part is `renshe.search.engine.search`'s result."""
    from renshe.search.engine import search

    found = search(conn, query, limit=limit)
    return {
        "query": query,
        "answer": answer(conn, query, today),
        **{k: v for k, v in found.items() if k != "query"},
    }
