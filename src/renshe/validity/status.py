"""Status of a document on a date, with the provisions that decide it.

The rules, in order (the first that applies wins; later statements become notes):

1. 尚未生效 — the date is before the document's effective date (or, for a document known only
   by citation, before the year of its 文号).
2. 已废止 / 失效 — a repeal (废止, 不再施行 …) or a declaration of lapse (宣布失效) dated on or
   before the date. If a list confirms it as continuing *after* that, the sources conflict:
   待核实. A document repealed in part is 已修改, not 已废止.
3. 已到期 — a period the document states (有效期至, 执行至) ended before the date.
4. 待核实 — it dropped out of a continuing-valid list with no repeal anywhere.
5. 已修改 — amended on or before the date (by a list, a clause or a revision note); still in force.
6. 现行有效 — the document's own effective clause, or a continuing-valid list that names it,
   or (for a document known only by citation) a document in force citing it as its legal basis.
   The last kind, and 现行有效 inferred from a later repeal, are *presumed*: the compilation states
   nothing about the document itself, so the answer carries `presumed: true` and
   `label: 推定有效` (the status stays 现行有效 for counts and filters).
7. 待核实 — none of the above: the compilation falls silent.

Supersession without repeal (same title, newer standard) is a note on 现行有效, never a status.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from renshe.errors import InputError, NotFound
from renshe.kb import KB
from renshe.validity import STATUSES
from renshe.validity.resolve import resolve

IN_FORCE = frozenset({"现行有效", "已修改"})
_YEAR = re.compile(r"〔(\d{4})〕")


@dataclass(frozen=True)
class Event:
    doc_id: str
    kind: str
    on: date | None
    source_doc: str
    provision_id: str | None
    quote: str
    lines: tuple[int | None, int | None]
    partial: bool
    note: str
    list_id: str | None
    seq: int | None
    ground: list[dict[str, Any]]


def _events(conn: sqlite3.Connection, doc_id: str | None = None) -> dict[str, list[Event]]:
    sql = (
        "SELECT doc_id, kind, on_date, source_doc, provision_id, quote, line_start, line_end, partial, note, "
        "list_id, seq, ground FROM v_events"
    )
    rows = conn.execute(
        sql + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY id", (doc_id,) if doc_id else ()
    ).fetchall()
    out: dict[str, list[Event]] = {}
    for r in rows:
        out.setdefault(r[0], []).append(
            Event(
                r[0],
                r[1],
                date.fromisoformat(r[2]) if r[2] else None,
                r[3],
                r[4],
                r[5],
                (r[6], r[7]),
                bool(r[8]),
                r[9],
                r[10],
                r[11],
                json.loads(r[12]),
            )
        )
    return out


def _numbers(conn: sqlite3.Connection) -> dict[str, str | None]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, doc_number FROM documents")}


def _cite(e: Event, numbers: dict[str, str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "doc_number": numbers.get(e.source_doc) or None,
        "doc_id": e.source_doc,
        "provision_id": e.provision_id,
        "quote": e.quote,
        "lines": list(e.lines),
        "kind": e.kind,
        "on": e.on.isoformat() if e.on else None,
    }
    if e.list_id and e.seq is not None:
        out["list"] = e.list_id
        out["seq"] = e.seq
    return out


def _grounds(e: Event) -> list[dict[str, Any]]:
    return [
        dict(g, kind="ground", on=e.on.isoformat() if e.on else None) for g in e.ground if "provision_id" in g
    ]


_WORD = {
    "repealed": "废止",
    "lapsed": "宣布失效",
    "amended": "修改",
    "continuing": "确认继续有效",
    "expires": "到期",
    "dropped": "未列入继续有效目录",
    "effective": "施行",
    "superseded": "替代",
}


def _future_note(e: Event, numbers: dict[str, str | None]) -> str:
    by = numbers.get(e.source_doc) or e.source_doc
    if e.kind == "expires" and e.on is not None:
        # `on` of an end clause is its last day in force: it has ended from the next day
        return f"{(e.on + timedelta(days=1)).isoformat()}起到期({by}规定的期限至{e.on.isoformat()})"
    return f"{e.on.isoformat() if e.on else ''}起由{by}{_WORD.get(e.kind, e.kind)}" + (
        f"({e.note})" if e.note else ""
    )


def decide(
    doc_id: str,
    external: bool,
    doc_number: str | None,
    events: list[Event],
    on: date,
    numbers: dict[str, str | None],
    basis: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The status of one document on `on` from its events (see the module docstring)."""
    notes: list[str] = []
    past = [e for e in events if e.on is not None and e.on <= on]
    future = sorted(
        (
            e
            for e in events
            if e.on is not None
            and e.on > on
            and e.kind in ("repealed", "lapsed", "amended", "expires", "dropped", "superseded")
        ),
        key=lambda e: e.on or on,
    )
    notes += [_future_note(e, numbers) for e in future]
    eff = next((e for e in events if e.kind == "effective"), None)
    for e in events:
        if e.kind == "superseded" and e.on is not None and e.on <= on:
            notes.append(e.note)
        if e.kind == "effective" and e.note:
            notes.append(e.note)

    def result(
        status: str,
        since: date | None,
        by: list[Event],
        extra: list[dict[str, Any]] | None = None,
        presumed: bool = False,
    ) -> dict[str, Any]:
        decided = []
        for e in by:
            decided.append(_cite(e, numbers))
            decided += _grounds(e)
        return {
            "status": status,
            "since": since.isoformat() if since else None,
            "decided_by": decided + (extra or []),
            "notes": notes,
            "presumed": presumed,
            "label": "推定有效" if presumed else status,
        }

    if eff is not None and eff.on is not None and on < eff.on:
        return result("尚未生效", None, [eff])
    m = _YEAR.search(doc_number or "")
    if external and m and on < date(int(m.group(1)), 1, 1):
        notes.append(f"文号年份为{m.group(1)}年,汇编未载明其施行日期")
        return result("尚未生效", None, [])
    ends = sorted(
        (e for e in past if e.kind in ("repealed", "lapsed") and not e.partial), key=lambda e: e.on or on
    )
    if ends:
        first = ends[0]
        assert first.on is not None
        later = [e for e in past if e.kind == "continuing" and e.on and e.on > first.on]
        if later:
            notes.append("废止(失效)之后又被列入继续有效目录,来源相互矛盾")
            return result("待核实", later[-1].on, ends + later)
        return result("已废止" if first.kind == "repealed" else "失效", first.on, ends)
    expired = [e for e in events if e.kind == "expires" and e.on is not None and e.on < on]
    if expired:
        end = expired[0]
        assert end.on is not None
        return result("已到期", end.on + timedelta(days=1), [end])
    dropped = [e for e in past if e.kind == "dropped"]
    if dropped:
        prior = [e for e in past if e.kind == "continuing"]
        return result("待核实", dropped[0].on, dropped + prior[-1:])
    continuing = sorted((e for e in events if e.kind == "continuing"), key=lambda e: e.on or on)
    ground = [e for e in continuing if e.on and e.on <= on][-1:] or continuing[:1]
    if ground and ground[0].on and ground[0].on > on:
        notes.append(
            f"{numbers.get(ground[0].source_doc) or ground[0].source_doc}于{ground[0].on.isoformat()}"
            "公布的继续有效目录确认其在清理截止日仍然有效"
        )
    amended = sorted((e for e in past if e.kind == "amended"), key=lambda e: e.on or on, reverse=True)
    if amended:
        return result("已修改", amended[0].on, [*amended, *ground])
    if eff is not None:
        return result("现行有效", eff.on, [eff, *ground])
    if ground:
        return result("现行有效", None, ground)
    later_end = [e for e in future if e.kind in ("repealed", "lapsed")]
    if later_end:
        notes.append("汇编未载明此前的效力;既然其后才被废止(失效),推定此前有效")
        return result("现行有效", None, later_end[:1], presumed=True)
    if basis:
        notes.append("汇编未载明其效力;汇编中当日有效的文件以其为依据,推定有效")
        return result("现行有效", None, [], basis[:3], presumed=True)
    notes.append("汇编仅引用该文件,未载明其效力")
    return result("待核实", None, [])


def _basis(
    conn: sqlite3.Connection, doc_id: str, on: date, statuses: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT r.from_doc, r.from_provision, r.raw, r.line, d.doc_number, "
        "COALESCE(d.effective_from, d.signed_on) "
        "FROM v_refs r JOIN documents d ON d.id = r.from_doc WHERE r.to_doc = ? AND r.kind = '依据' "
        "ORDER BY d.ord",
        (doc_id,),
    ).fetchall()
    out = []
    for from_doc, prov, raw, line, number, start in rows:
        if (
            start
            and date.fromisoformat(start) <= on
            and (statuses is None or statuses.get(from_doc) in IN_FORCE)
        ):
            out.append(
                {
                    "doc_number": number,
                    "doc_id": from_doc,
                    "provision_id": prov,
                    "quote": raw,
                    "lines": [line, line],
                    "kind": "basis",
                }
            )
    return out


def status_of(kb: KB, ref: str, on: date | None = None) -> dict[str, Any]:
    """Validity of a document (in the compilation or only cited by it), or of one provision, on a date.

    Keys for a document: doc_id, doc_number, title, external, on, status, since, decided_by
    [{doc_number, provision_id, quote, lines, kind, on, …}], notes, and for a compilation
    document provision_ends (its measures' own end clauses, also as notes). A provision id
    (`渝人社发〔2024〕14号/五/(五)`) gets `provision_status`. `on` defaults to today.
    """
    day = on or date.today()
    found = resolve(kb, ref)
    if found.provision_id is not None and found.in_compilation:
        return provision_status(kb, found.provision_id, day)
    out = document_status(kb, found.doc_id, day)
    doc_id = found.doc_id
    if not out["external"]:
        from renshe.validity.periods import doc_provision_ends

        out["provision_ends"] = doc_provision_ends(kb.conn, doc_id)
        out["notes"] = out["notes"] + [_provision_end_note(e, day) for e in out["provision_ends"]]
    return out


def document_status(kb: KB, doc_id: str, on: date) -> dict[str, Any]:
    """The status of the document `doc_id` (a v_docs id) on `on`, from its events alone."""
    row = kb.conn.execute(
        "SELECT id, doc_number, title, external FROM v_docs WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"找不到文件“{doc_id}”的效力信息", field="ref")
    numbers = _numbers(kb.conn)
    events = _events(kb.conn, doc_id).get(doc_id, [])
    external = bool(row[3])
    basis = _basis(kb.conn, doc_id, on) if external else None
    decided = decide(doc_id, external, row[1], events, on, numbers, basis)
    if decided["status"] == "已到期" and decided["since"]:
        from renshe.validity.periods import expiry_horizon_note

        note = expiry_horizon_note(kb.conn, date.fromisoformat(decided["since"]) - timedelta(days=1))
        if note:
            decided["notes"].append(note)
    return {
        "doc_id": row[0],
        "doc_number": row[1],
        "title": row[2],
        "external": external,
        "on": on.isoformat(),
        **decided,
    }


def _provision_end_note(e: dict[str, Any], on: date) -> str:
    """A measure inside the document that ends (or ended) on its own: a note on the document."""
    last = date.fromisoformat(e["ends_on"])
    when = "已到期" if last < on else "届时到期"
    return f"条款{e['scope']}规定的执行期限至{last.isoformat()},{when}(文件本身不因此失效)"


def provision_status(kb: KB, provision_id: str, on: date) -> dict[str, Any]:
    """Validity of one provision on a date: its document's status, its own end, its windows.

    The provision is 已到期 when an end clause governing it (its measure's own, or its
    document's) has passed while the document is otherwise in force; a closed application
    window is reported, never a status. Keys: those of `status_of` for the document (with
    `status` the provision's own and `document_status` the document's), plus provision_id,
    heading, in_force, ended_on, ends, windows, window_closed and horizon (see
    `renshe.validity.periods.provision_end`).
    """
    from renshe.validity.periods import provision_end

    p = provision_end(kb, provision_id, on)
    doc = document_status(kb, p["doc_id"], on)
    row = kb.conn.execute("SELECT heading FROM provisions WHERE id = ?", (p["provision_id"],)).fetchone()
    decided = list(doc["decided_by"])
    notes = list(doc["notes"])
    if p["clause"] is not None and p["clause"]["level"] == "provision":
        c = p["clause"]
        decided.insert(0, _end_cite(c, doc))
    for e in p["ends"]:
        if e["level"] == "provision" and date.fromisoformat(e["ends_on"]) >= on:
            notes.append(f"本条款规定的执行期限至{e['ends_on']},{_next_day(e['ends_on'])}起到期")
    for w in p["windows"]:
        notes.append(_window_note(w))
    if p["horizon"] and p["horizon"] not in notes:
        notes.append(p["horizon"])
    since = p["since"] if p["status"] == "已到期" and p["since"] else doc["since"]
    return {
        **doc,
        "provision_id": p["provision_id"],
        "heading": row[0] if row else "",
        "status": p["status"],
        "since": since,
        "document_status": doc["status"],
        "in_force": p["in_force"],
        "ended_on": p["ended_on"],
        "ends": p["ends"],
        "windows": p["windows"],
        "window_closed": p["window_closed"],
        "horizon": p["horizon"],
        "decided_by": decided,
        "notes": notes,
        "presumed": bool(doc.get("presumed")) and p["status"] == "现行有效",
        "label": "推定有效" if doc.get("presumed") and p["status"] == "现行有效" else p["status"],
    }


def _next_day(iso: str) -> str:
    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()


def _end_cite(c: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_number": doc["doc_number"],
        "doc_id": doc["doc_id"],
        "provision_id": c["provision_id"],
        "quote": c["quote"],
        "lines": c["lines"],
        "kind": "expires",
        "on": c["ends_on"],
    }


def _window_note(w: dict[str, Any]) -> str:
    """An application window in words: when it closes and whether it had closed on the date."""
    where = f"(见{w['provision_id']})"
    if w["kind"] == "relative":
        return f"申请期限:{w['rule']}{where},按申请人符合条件的时间计算"
    if w["kind"] == "recurring":
        return f"申请期限:受理截止日期为{w['rule']}{where},按补贴所属年度计算"
    opens = f"{w['opens']}至" if w.get("opens") else ""
    state = ""
    if w.get("closed") is True:
        state = ",当日已截止受理(受理期限届满不等于政策失效)"
    elif w.get("not_yet_open"):
        state = ",当日尚未开始受理"
    elif w.get("closed") is False:
        state = ",当日仍在受理期内"
    return f"申请期限:{opens}{w['closes']}{where}{state}"


def all_statuses(conn: sqlite3.Connection, on: date | None = None) -> dict[str, str]:
    """Status of every known document on a date: {doc_id: status}."""
    day = on or date.today()
    numbers = _numbers(conn)
    events = _events(conn)
    docs = conn.execute("SELECT id, doc_number, external FROM v_docs").fetchall()
    out: dict[str, str] = {}
    for doc_id, number, external in docs:
        if not external:
            out[doc_id] = decide(doc_id, False, number, events.get(doc_id, []), day, numbers)["status"]
    for doc_id, number, external in docs:
        if external:
            basis = _basis(conn, doc_id, day, out)
            out[doc_id] = decide(doc_id, True, number, events.get(doc_id, []), day, numbers, basis)["status"]
    return out


def status_counts(kb: KB, on: date | None = None, scope: str = "all") -> dict[str, int]:
    """How many documents have each status on a date; scope all | compilation | external."""
    if scope not in ("all", "compilation", "external"):
        raise InputError("scope 只能是 all、compilation 或 external", field="scope")
    statuses = all_statuses(kb.conn, on)
    ext = {r[0]: bool(r[1]) for r in kb.conn.execute("SELECT id, external FROM v_docs")}
    counts = dict.fromkeys(STATUSES, 0)
    for doc_id, s in statuses.items():
        if scope == "all" or (scope == "external") == ext[doc_id]:
            counts[s] += 1
    return counts


def in_force_ids(conn: sqlite3.Connection, on: date) -> set[str]:
    """Ids of the documents in force on `on` (现行有效 or 已修改): for search's --as-of filter."""
    return {d for d, s in all_statuses(conn, on).items() if s in IN_FORCE}


def is_in_force(kb: KB, doc_id: str, on: date) -> bool:
    """True when the document is 现行有效 or 已修改 on `on` (for the rules' citation test).

    Anything else — not yet effective, repealed, lapsed, expired, or unverified — is False, so a
    parameter citing it must be marked historical.
    """
    return status_of(kb, doc_id, on)["status"] in IN_FORCE


def as_of(conn: sqlite3.Connection, on: date) -> dict[str, str]:
    """Status of every compilation document on `on`, for search to filter or rank down."""
    ids = {r[0] for r in conn.execute("SELECT id FROM documents")}
    return {d: s for d, s in all_statuses(conn, on).items() if d in ids}
