"""The JSON documents of the procedures: the list, one entry, one computed deadline.

Shared by the CLI (`renshe deadline --list / --procedure`), the API (`/api/procedures`) and the
web page, so they say the same thing. Validity comes from the validity layer
(`renshe.validity.periods.provision_end`) on the anchor day: whether the provision is in force,
its own end clauses and application windows against the deadline, and the horizon warning.
Conflicts between documents are answered from the catalogue (`superseded_by` / `governs`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from renshe.kb import KB
from renshe.procedures.catalogue import Procedure, by_id, catalogue, find
from renshe.procedures.compute import Result, allowed_inputs, compute

_WEEKDAYS = "一二三四五六日"


def provision_status(kb: KB, provision: str, on: date) -> dict[str, Any]:
    """`provision_end` for a compilation provision; for an external one (工伤保险条例 第十七条),
    its document's status as the validity layer presumes it (the compilation states no end for a
    national text it only cites), with no clauses or windows of its own and a note saying so."""
    from renshe.validity.periods import provision_end

    ext = kb.external_provision(provision)
    if ext is None:
        return provision_end(kb, provision, on)
    from renshe.validity.resolve import resolve
    from renshe.validity.status import IN_FORCE, document_status

    doc = resolve(kb, str(ext["doc_id"])).doc_id
    st = document_status(kb, doc, on)
    return {
        "provision_id": provision,
        "doc_id": doc,
        "on": on.isoformat(),
        "in_force": st["status"] in IN_FORCE,
        "status": st["status"],
        "document_status": st["status"],
        "ended_on": None,
        "since": None,
        "clause": None,
        "ends": [],
        "windows": [],
        "window_closed": False,
        "horizon": f"{ext['doc_title']}{ext['label']}:{ext['note']};"
        "其效力汇编未载明,按汇编中以其为依据的文件推定",
        "external": True,
    }


def governing(kb: KB, provision: str, start: date, deadline: date, notes: list[str]) -> dict[str, Any]:
    """The validity of the provision that sets a limit, on the start day and up to the deadline.

    Read from `renshe.validity.periods.provision_end`: its end clauses and application windows,
    and the horizon warning past what the compilation can know; the findings become `notes`.
    """
    g = provision_status(kb, provision, start)
    pid = g["provision_id"]
    if not g["in_force"]:
        why = f",依据{g['clause']['provision_id']}:{g['clause']['quote']}" if g["clause"] else ""
        since = f",自{g['since']}起" if g["since"] else ""
        notes.append(f"{pid}在{start.isoformat()}已不再有效({g['status']}{since}{why})")
    for e in g["ends"]:
        last = date.fromisoformat(e["ends_on"])
        if start <= last < deadline:
            notes.append(
                f"{pid}的执行期限至{last.isoformat()},早于期限{deadline.isoformat()}(见{e['provision_id']})"
            )
    for w in g["windows"]:
        closes = date.fromisoformat(w["closes"]) if w.get("closes") else None
        if closes is None:
            continue
        if closes < start:
            notes.append(
                f"受理截止日期{closes.isoformat()}已过(见{w['provision_id']}):受理期限届满,不是政策失效"
            )
        elif closes < deadline:
            notes.append(
                f"期限{deadline.isoformat()}晚于受理截止日期{closes.isoformat()}(见{w['provision_id']}),"
                f"须在{closes.isoformat()}前(含当日)提出"
            )
    if g["horizon"]:
        notes.append(g["horizon"])
    return g


def _lines(kb: KB, provision: str) -> list[int] | None:
    row = kb.conn.execute("SELECT line_start, line_end FROM provisions WHERE id = ?", (provision,)).fetchone()
    return [int(row[0]), int(row[1])] if row else None


def quote_lines(kb: KB, p: Procedure) -> list[int] | None:
    """The source lines of the quote: the provision's lines that hold its words (joined across breaks)."""
    row = kb.conn.execute(
        "SELECT line_start, raw_text FROM provisions WHERE id = ?", (p.provision,)
    ).fetchone()
    if row is None:
        return None
    start, raw = int(row[0]), str(row[1])
    flat_quote = "".join(p.quote.split())
    lines = raw.split("\n")
    for span in range(len(lines)):  # the narrowest run of lines that holds the words
        for i in range(len(lines) - span):
            if flat_quote in "".join("".join(lines[i : i + span + 1]).split()):
                return [start + i, start + i + span]
    return _lines(kb, p.provision)


def entry(p: Procedure, kb: KB | None = None, on: date | None = None) -> dict[str, Any]:
    """One catalogue entry as JSON; with `kb` and `on`, its provision's status on that day."""
    out: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "aliases": list(p.aliases),
        "area": p.area,
        "actor": p.actor,
        "anchor": {
            "key": p.anchor.key,
            "label": p.anchor.label,
            "implicit": p.anchor.implicit,
            "note": p.anchor.note or None,
        },
        "n": p.n,
        "unit": p.unit,
        "limit": p.limit_text,
        "inputs": allowed_inputs(p),
        "later_anchor": dict(p.later_anchor) if p.later_anchor else None,
        "extension": dict(p.extension) if p.extension else None,
        "after": p.after,
        "provision": {"id": p.provision, "quote": p.quote, "lines": None, "external": False},
        "note": p.note or None,
        "superseded_by": p.superseded_by,
        "governs": [dict(g) for g in p.governs],
    }
    if kb is not None:
        out["provision"]["lines"] = quote_lines(kb, p)
        out["provision"]["external"] = kb.external_provision(p.provision) is not None
        if on is not None:
            g = provision_status(kb, p.provision, on)
            out["validity"] = {"on": on.isoformat(), "status": g["status"], "in_force": g["in_force"]}
    return out


def listing(kb: KB, on: date | None = None, area: str | None = None) -> dict[str, Any]:
    """`renshe deadline --list`: every named procedure with its provision (and status on `on`)."""
    day = on or date.today()
    items = [entry(p, kb, day) for p in catalogue() if not area or p.area == area]
    return {"on": day.isoformat(), "count": len(items), "procedures": items}


def _conflicts(p: Procedure, res: Result, notes: list[str], strict: bool = False) -> dict[str, Any] | None:
    """Which document governs, from the catalogue: this limit is superseded, or governs another."""
    if p.superseded_by:
        s = p.superseded_by
        instead = None
        if s.get("procedure"):
            other = compute(by_id(s["procedure"]), res.anchor, res.inputs, strict=strict)
            instead = {
                "procedure": other.procedure.id,
                "name": other.procedure.name,
                "deadline": other.deadline,
                "estimated": other.estimated,
            }
            notes.append(
                f"本期限由{s['provision']}“{s['quote']}”取代:{s['reason']}"
                f"按该规定,期限为{other.deadline}{'(预估)' if other.estimated else ''}。"
            )
        else:
            notes.append(f"本期限已被{s['provision']}“{s['quote']}”取消:{s['reason']}")
        return {"status": "superseded", "effect": s.get("effect"), "by": s, "instead": instead}
    if p.governs:
        out = []
        for g in p.governs:
            other = compute(by_id(g["procedure"]), res.anchor, res.inputs, strict=strict)
            out.append(
                {
                    "procedure": other.procedure.id,
                    "name": other.procedure.name,
                    "provision": other.procedure.provision,
                    "deadline": other.deadline,
                    "reason": g["reason"],
                }
            )
            notes.append(
                f"{other.procedure.provision}另定{other.procedure.limit_text}(至{other.deadline}),"
                f"以本规定为准:{g['reason']}"
            )
        return {"status": "governs", "over": out}
    return None


def deadline_doc(
    kb: KB, name: str, anchor: str, inputs: dict[str, str] | None = None, strict: bool = False
) -> dict[str, Any]:
    """`renshe deadline --procedure NAME DATE [key=value…]`: the deadline, why, and its validity.

    `strict` refuses working days past the published holiday schedules instead of estimating."""
    p = find(name)
    res = compute(p, anchor, inputs, strict=strict)
    notes = list(res.notes)
    if p.anchor.implicit:
        notes.insert(0, f"起算点:{p.anchor.note}")
    if res.granularity == "day":
        start = date.fromisoformat(res.anchor)
        end = max(start, date.fromisoformat(res.extended or res.deadline))
    else:  # a month the rule computed: the provision on the first day of the anchor month
        y, m = res.anchor.split("-")[:2]
        start = end = date(int(y), int(m), 1)
    validity = governing(kb, p.provision, start, end, notes)
    conflict = _conflicts(p, res, notes, strict)
    out: dict[str, Any] = {
        "procedure": entry(p, kb),
        "anchor": {"key": p.anchor.key, "label": p.anchor.label, "date": res.anchor},
        "inputs": res.inputs,
        "deadline": res.deadline,
        "granularity": res.granularity,
        "extended_deadline": res.extended,
        "estimated": res.estimated,
        "rule": f"起算:{p.anchor.label};期限:{p.limit_text}",
        "steps": res.steps,
        "skipped": [{"date": d.isoformat(), "reason": why} for d, why in res.skipped],
        "notes": notes,
        "validity": validity,
        "conflict": conflict,
    }
    if res.granularity == "day":
        out["deadline_weekday"] = f"星期{_WEEKDAYS[date.fromisoformat(res.deadline).weekday()]}"
    return out
