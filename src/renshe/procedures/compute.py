"""A deadline for a named procedure, from its anchor date(s) — one way for every interface.

Units (catalogue.yaml `limit.unit`):

* `days` / `working_days`: N days or N working days after the anchor (`renshe.rules.workdays`;
  the anchor day is not counted; working days past the published schedules are 预估, strict=False).
* `months`: N months after the anchor, ending on the corresponding day (no such day: the month's
  last day) — 民法典 第二百零二条, not in the compilation. `months_before`: N months before it.
* `months_from_next_month`: a period of N whole months that starts the month after the anchor
  (渝人社〔2024〕127号 “限时追偿期为1年,自先行支付次月起计算”): ends on the last day of its N-th month.
* `fixed_date`: a printed date in the anchor's year + `years_after` (次年2月28日前, 次年3月31日,
  次年1月); `month: anchor` / `day: last` for “当月”. A later second anchor (认定为工伤之日) moves
  the year (`later_anchor`).
* `quarter_first_month_end`: the last day of the first month of the next quarter (每季度首月底前
  划拨上季度送达确认的补贴).
* `rule`: a calculator computes it through `renshe.rules.registry` (the flexible-retirement
  notices); the catalogue never copies its arithmetic.

`after: <procedure id>`: the anchor is another procedure's deadline (127号: the district pays by
the end of the year in which the recovery window expires).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from renshe.errors import InputError
from renshe.procedures.catalogue import Procedure, by_id

FIRST_YEAR, LAST_YEAR = 1950, 2098  # a deadline may run into the next year; lunar tables end 2099
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")


@dataclass
class Result:
    """A computed deadline. `deadline` is YYYY-MM-DD, or YYYY-MM when the law counts in months."""

    procedure: Procedure
    anchor: str
    inputs: dict[str, str]
    deadline: str
    granularity: str = "day"  # day | month
    extended: str | None = None  # the latest date an allowed extension reaches
    estimated: bool = False
    skipped: list[tuple[date, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


def parse_anchor(text: str, field_name: str = "date", month_ok: bool = False) -> date:
    """YYYY-MM-DD (or YYYY-MM where the procedure counts in months: the month's first day)."""
    m = _DATE.match(str(text))
    if m and not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
        raise InputError(f"日期“{text}”超出可计算的范围({FIRST_YEAR}–{LAST_YEAR}年)", field_name)
    try:
        if m and m.group(3):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m and month_ok:
            return date(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        pass
    shape = "YYYY-MM-DD 或 YYYY-MM" if month_ok else "YYYY-MM-DD"
    raise InputError(f"日期“{text}”无效,应写作 {shape} 且是存在的日期", field_name)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(day: date, n: int) -> date:
    """`day` + n months on the corresponding day, else that month's last day (民法典 第二百零二条)."""
    index = day.year * 12 + day.month - 1 + n
    y, m = divmod(index, 12)
    return date(y, m + 1, min(day.day, _last_day(y, m + 1)))


def _fixed(p: Procedure, year: int, anchor: date) -> date:
    lim = p.limit
    month = anchor.month if lim["month"] == "anchor" else int(lim["month"])
    y = year + int(lim.get("years_after", 0))
    day = _last_day(y, month) if lim["day"] == "last" else int(lim["day"])
    return date(y, month, day)


def _count(unit: str, start: date, n: int, res: Result, strict: bool = False) -> date:
    from renshe.rules.workdays import add_days, add_working_days

    d = add_working_days(start, n, strict=strict) if unit == "working_days" else add_days(start, n)
    res.estimated = res.estimated or d.estimated
    res.skipped += d.skipped
    res.notes += [x for x in d.notes if x not in res.notes]
    return d.deadline


def _rule(p: Procedure, anchor_text: str, inputs: dict[str, str], res: Result) -> str:
    """Run the calculator the entry names (public registry) and read the field it names."""
    from renshe.rules.registry import run

    lim = p.limit
    raw: dict[str, Any] = {}
    for key in lim.get("inputs", []):
        if key not in inputs:
            raise InputError(
                f"程序“{p.name}”还需要输入项 {key}(写作 {key}=…,如 birth=1970-06 category=male60)", key
            )
        raw[key] = inputs[key]
    m = _DATE.match(anchor_text)
    if not m:
        raise InputError(f"日期“{anchor_text}”无效,应写作 YYYY-MM 或 YYYY-MM-DD", "date")
    raw[lim["anchor_input"]] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    doc = run(lim["rule"], raw)
    value: Any = doc["result"]
    for part in str(lim["result"]).split("."):
        value = value.get(part) if isinstance(value, dict) else None
    planned = doc["result"].get("planned") or {}
    res.steps += list(planned.get("reasons", []))
    res.notes += [w for w in doc.get("warnings", []) if w not in res.notes]
    res.granularity = "month"
    if value is None:
        why = planned.get("kind_text") or "该情形没有这一期限"
        raise InputError(
            f"按所给情况不适用“{p.name}”:{why}。" + "".join(planned.get("reasons", [])[:1]), "date"
        )
    return str(value)


def allowed_inputs(p: Procedure) -> list[str]:
    """The inputs besides the anchor date: the rule's, the later anchor's, the chained procedure's."""
    keys = list(p.limit.get("inputs", []))
    if p.later_anchor:
        keys.append(p.later_anchor["key"])
    if p.after:
        keys += [k for k in allowed_inputs(by_id(p.after)) if k not in keys]
    return keys


def compute(
    p: Procedure, anchor_text: str, inputs: dict[str, str] | None = None, *, strict: bool = False
) -> Result:
    """The deadline of procedure `p` counted from `anchor_text` (and the extra dates in `inputs`).

    Working days past the published schedules are estimated (预估) unless `strict`, which refuses.
    """
    inputs = dict(inputs or {})
    allowed = allowed_inputs(p)
    unknown = [k for k in inputs if k not in allowed]
    if unknown:
        known = "、".join(allowed) or "(无)"
        raise InputError(f"程序“{p.name}”没有输入项 {'、'.join(unknown)};可用的输入项:{known}", unknown[0])
    unit = p.unit
    if unit == "rule":
        res = Result(p, anchor_text.strip(), inputs, "")
        res.deadline = _rule(p, anchor_text.strip(), inputs, res)
        return res
    # where only the month (or the year) counts, YYYY-MM is enough: 受伤 2024-11, 认定 2025-02
    month_anchor = unit in ("months_from_next_month", "fixed_date", "quarter_first_month_end")
    anchor = parse_anchor(anchor_text, "date", month_ok=month_anchor)
    res = Result(p, anchor.isoformat(), inputs, "")
    if p.note:
        res.notes.append(p.note)
    base = anchor
    if p.after:
        first = compute(by_id(p.after), anchor_text, inputs, strict=strict)
        base = date.fromisoformat(first.deadline)
        res.steps.append(f"{first.procedure.name}:{first.procedure.limit_text},至{first.deadline}。")
    n = p.n or 0
    if unit in ("days", "working_days"):
        end = _count(unit, base, n, res, strict)
    elif unit == "months":
        end = add_months(base, n)
    elif unit == "months_before":
        end = add_months(base, -n)
    elif unit == "months_from_next_month":
        opens = add_months(date(base.year, base.month, 1), 1)  # the period starts the next month
        end = add_months(opens, n) - timedelta(days=1)  # the last day of its N-th month
    elif unit == "quarter_first_month_end":
        q_first = ((base.month - 1) // 3) * 3 + 1
        nxt = add_months(date(base.year, q_first, 1), 3)
        end = date(nxt.year, nxt.month, _last_day(nxt.year, nxt.month))
    else:  # fixed_date
        end = _fixed(p, base.year, base)
        if p.later_anchor and p.later_anchor["key"] in inputs:
            later = parse_anchor(inputs[p.later_anchor["key"]], p.later_anchor["key"], month_ok=True)
            if later < anchor:
                raise InputError(
                    f"{p.later_anchor['label']}{later.isoformat()}早于{p.anchor.label}{anchor.isoformat()}",
                    p.later_anchor["key"],
                )
            if later.year > anchor.year:
                end = _fixed(p, later.year, later)
                res.steps.append(
                    f"{p.later_anchor['label']}在{later.year}年,晚于费用发生的{anchor.year}年:"
                    f"按{p.later_anchor.get('provision', p.provision)}“{p.later_anchor['quote']}”,"
                    f"期限为{end.isoformat()}。"
                )
                if p.later_anchor.get("note"):
                    res.notes.append(str(p.later_anchor["note"]))
                if later.year > anchor.year + 1:
                    res.notes.append(
                        f"条文只写了“次年认定”的情形;{p.later_anchor['label']}在{later.year}年"
                        f"(费用发生后第{later.year - anchor.year}年),"
                        "本结果按同一规则(认定之年的次年)计算,请向经办机构确认。"
                    )
    if unit in ("fixed_date", "quarter_first_month_end", "months", "months_from_next_month"):
        _last_day_note(end, res)
    res.deadline = end.isoformat()
    if p.extension:
        ext = p.extension
        res.extended = _count(ext["unit"], end, int(ext["n"]), res, strict).isoformat()
    return res


def _last_day_note(end: date, res: Result) -> None:
    """A printed date that falls on a rest day: the 民法典 第二百零三条 reading, as a note."""
    from renshe.rules.workdays import add_days

    d = add_days(end - timedelta(days=1), 1)
    res.notes += [x for x in d.notes if x not in res.notes]
    res.estimated = res.estimated or d.estimated
