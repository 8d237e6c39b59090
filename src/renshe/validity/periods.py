"""Periods inside documents: measures that end, and application windows that close.

Two kinds of dates the text states about a part of a document, kept apart because they mean
different things:

* **End clauses** (`v_ends`): the last day a measure applies. Document-level ones are the
  document's own (有效期至 / 执行至 / 实施期限至 in a sentence about 本通知 or right after its own
  effective clause — found by `renshe.corpus.documents` and quoted by `sources.dates`); they make
  the document 已到期. Provision-level ones are a measure's own period inside a document that
  stays in force ("政策执行期限至2024年12月31日", 人社部发〔2024〕40号 二): they end that provision only.
* **Application windows** (`v_windows`): the last day an application is accepted
  ("受理截止日期为2026年6月30日", 渝人社发〔2024〕17号 八), a printed registration period, or a
  period counted from the applicant's own facts ("在符合补贴条件后的3个月内进行申报"). A closed
  window is not the end of the policy and never ends the document.

Each clause governs a *scope*: the article that holds it (第X条), else the top numbered item of the
document (一、 …), because in the compilation's notices each top item is one measure and its
details (注意事项, 补贴程序) sit below it. The read functions (`provision_end`, `windows`) are
what rules and interfaces call; nothing here is typed in per document.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from renshe.errors import InputError, NotFound
from renshe.kb import KB
from renshe.validity.sources import Doc, Evidence, Prov

SCHEMA = """
CREATE TABLE v_ends (doc_id TEXT NOT NULL, level TEXT NOT NULL, scope TEXT, provision_id TEXT,
  ends_on TEXT NOT NULL, quote TEXT NOT NULL, line_start INTEGER, line_end INTEGER);
CREATE INDEX v_ends_doc ON v_ends(doc_id);
CREATE TABLE v_windows (doc_id TEXT NOT NULL, scope TEXT NOT NULL, provision_id TEXT NOT NULL,
  kind TEXT NOT NULL, opens TEXT, closes TEXT, rule TEXT NOT NULL, quote TEXT NOT NULL,
  line_start INTEGER, line_end INTEGER);
CREATE INDEX v_windows_doc ON v_windows(doc_id);
"""

TABLES = ("v_ends", "v_windows")

_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
# a measure's own last day: 政策执行期限至…, 政策执行至…, 实施期限至…
_END = re.compile(r"(?:执行期限|实施期限|有效期|执行|实施)(?:至|截至|到)" + _DATE + "止?")
# the last day applications are accepted: 受理截止日期为2026年6月30日 / 次年3月31日
_CLOSES = re.compile(
    r"(?P<what>受理|申请|申报|报名)截止(?:日期|时间)?(?:为|是)?"
    r"(?:(?P<y>\d{4})年|(?P<rel>次年|当年))(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
)
# a printed period: 报名时间为2024年4月15日上午9:00至4月19日上午9:00
_PERIOD = re.compile(
    r"(?:报名|申报|申请|受理)(?:时间|期限)(?:为|是)"
    + _DATE
    + r"[^至。;；]{0,12}至(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)
# a deadline date: 申请人在2024年5月30日前…申报 / 申报时间在2024年4月29日(星期一)前
_BEFORE = re.compile(r"(?:在|于)" + _DATE + r"(?:[(（]星期.[)）])?(?:前|之前|以前)")
_APPLY = re.compile(r"申报|申请|报名")
# a period counted from the applicant's own facts: 应当在符合补贴条件后的3个月内进行申报
_RELATIVE = re.compile(
    r"在(?:满足|符合)[^,，。;；]{0,12}?条件后的?"
    r"(?P<span>[^,，。;；]{1,8}?内)(?:进行|提出)?(?:首次)?(?:申报|申请)"
)
_SENTENCES = re.compile(r"[^。;；]+[。;；]?")
# every pattern above needs one of these (a year, 截止, 条件后): a cheap test before the sentences
_ANY = re.compile(r"\d\s*\d\s*\d\s*\d\s*年|截止|条件后")


@dataclass(frozen=True)
class EndClause:
    doc_id: str
    level: str  # document | provision
    scope: str | None  # the provision it ends (None: the whole document)
    provision_id: str | None  # where the clause is printed
    ends_on: date  # last day in force (inclusive)
    quote: str
    lines: tuple[int, int]


@dataclass(frozen=True)
class Window:
    doc_id: str
    scope: str
    provision_id: str
    kind: str  # closes | period | recurring | relative
    opens: date | None
    closes: date | None  # last day applications are accepted (inclusive)
    rule: str  # the printed rule, e.g. 次年3月31日, 符合补贴条件后的3个月内
    quote: str
    lines: tuple[int, int]


def _day(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _scope(p: Prov, by_id: dict[str, Prov]) -> str:
    """The provision a clause printed in `p` governs: its article, else the top numbered item."""
    chain = [p]
    while chain[-1].parent_id and chain[-1].parent_id in by_id:
        chain.append(by_id[chain[-1].parent_id])
    article = next((q for q in chain if q.kind == "article"), None)
    if article is not None:
        return article.id
    items = [q for q in chain if q.kind not in ("annex", "instrument", "chapter", "closing", "preamble")]
    return items[-1].id if items else p.id


def _sentences(text: str) -> list[str]:
    flat = re.sub(r"\s+", "", text)
    return [s for s in _SENTENCES.findall(flat) if s]


def scan(
    docs: dict[str, Doc], provs: list[Prov], dated: list[Evidence]
) -> tuple[list[EndClause], list[Window]]:
    """Every end clause and application window the provisions state (see the module docstring).

    `dated` is the evidence of `sources.dates`: its `expires` records are the document-level
    ends (with the provision that states them); a provision-level match with the same date as
    its document's end is that same clause and is not repeated.
    """
    by_id = {p.id: p for p in provs}
    ends: list[EndClause] = [
        EndClause(e.source_doc, "document", None, e.provision_id, e.on, e.quote, e.lines)
        for e in dated
        if e.kind == "expires" and e.on is not None
    ]
    windows: list[Window] = []
    for p in provs:
        doc = docs[p.doc_id]
        if p.kind in ("closing", "promulgation") or not _ANY.search(p.text):
            continue
        scope = _scope(p, by_id)
        for sent in _sentences(p.text):
            for m in _END.finditer(sent):
                day = _day(*m.groups())
                if day is not None and day != doc.effective_until:
                    ends.append(EndClause(doc.id, "provision", scope, p.id, day, sent, p.lines))
            windows += _windows_in(doc.id, scope, p, sent)
    return ends, windows


def _windows_in(doc_id: str, scope: str, p: Prov, sent: str) -> list[Window]:
    out: list[Window] = []
    for m in _CLOSES.finditer(sent):
        if m.group("y"):
            closes = _day(m.group("y"), m.group("m"), m.group("d"))
            out.append(Window(doc_id, scope, p.id, "closes", None, closes, m.group(0), sent, p.lines))
        else:
            rule = f"{m.group('rel')}{int(m.group('m'))}月{int(m.group('d'))}日"
            out.append(Window(doc_id, scope, p.id, "recurring", None, None, rule, sent, p.lines))
    for m in _PERIOD.finditer(sent):
        opens = _day(m.group(1), m.group(2), m.group(3))
        closes = _day(m.group(4) or m.group(1), m.group(5), m.group(6))
        out.append(Window(doc_id, scope, p.id, "period", opens, closes, m.group(0), sent, p.lines))
    if not out and _APPLY.search(sent):
        for m in _BEFORE.finditer(sent):
            out.append(
                Window(doc_id, scope, p.id, "closes", None, _day(*m.groups()), m.group(0), sent, p.lines)
            )
    for m in _RELATIVE.finditer(sent):
        out.append(Window(doc_id, scope, p.id, "relative", None, None, m.group(0), sent, p.lines))
    return out


def write(conn: sqlite3.Connection, ends: list[EndClause], windows: list[Window]) -> None:
    """Write `v_ends` and `v_windows` (called by `build_validity`)."""
    conn.executescript(SCHEMA)
    conn.executemany(
        "INSERT INTO v_ends VALUES (?,?,?,?,?,?,?,?)",
        [
            (e.doc_id, e.level, e.scope, e.provision_id, e.ends_on.isoformat(), e.quote, *e.lines)
            for e in ends
        ],
    )
    conn.executemany(
        "INSERT INTO v_windows VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                w.doc_id,
                w.scope,
                w.provision_id,
                w.kind,
                w.opens.isoformat() if w.opens else None,
                w.closes.isoformat() if w.closes else None,
                w.rule,
                w.quote,
                *w.lines,
            )
            for w in windows
        ],
    )


# --------------------------------------------------------------------------------------------
# Reading: what rules and interfaces call


def _governs(scope: str | None, provision_id: str) -> bool:
    """Whether a clause with `scope` applies to `provision_id` (the scope itself or inside it)."""
    return scope is None or provision_id == scope or provision_id.startswith(scope + "/")


def _touches(scope: str, stated_in: str, provision_id: str) -> bool:
    """A window applies to the provision it governs, to anything inside it, and to what holds it."""
    return (
        _governs(scope, provision_id) or stated_in == provision_id or stated_in.startswith(provision_id + "/")
    )


def normalize_provision_id(kb: KB, ref: str) -> str | None:
    """The KB id of a provision written with any bracket forms of its 文号 and labels, else None.

    `渝人社发[2024]14号/五/（五）` → `渝人社发〔2024〕14号/五/(五)`.
    """
    text = re.sub(r"\s+", "", ref or "")
    if "/" not in text:
        return None
    if kb.conn.execute("SELECT 1 FROM provisions WHERE id = ?", (text,)).fetchone():
        return text
    head, _, rest = text.partition("/")
    try:
        doc_id = kb.resolve(head)
    except (NotFound, InputError):
        return None
    rest = rest.replace("（", "(").replace("）", ")").strip("/")
    pid = f"{doc_id}/{rest}"
    return pid if kb.conn.execute("SELECT 1 FROM provisions WHERE id = ?", (pid,)).fetchone() else None


def _require(kb: KB, provision_id: str) -> tuple[str, str]:
    pid = normalize_provision_id(kb, provision_id)
    if pid is None:
        raise NotFound(
            f"找不到条款“{provision_id}”(格式如 渝人社发〔2024〕14号/五/(五))", field="provision_id"
        )
    row = kb.conn.execute("SELECT doc_id FROM provisions WHERE id = ?", (pid,)).fetchone()
    return pid, str(row[0])


def _end_dict(r: sqlite3.Row | tuple[Any, ...]) -> dict[str, Any]:
    return {
        "level": r[1],
        "scope": r[2],
        "provision_id": r[3],
        "ends_on": r[4],
        "quote": r[5],
        "lines": [r[6], r[7]],
    }


def ends(kb: KB, provision_id: str) -> list[dict[str, Any]]:
    """The end clauses that govern a provision: its document's own and its measure's (earliest first).

    Each: level (document | provision), scope, provision_id (where printed), ends_on (last day
    in force), quote, lines.
    """
    pid, doc_id = _require(kb, provision_id)
    rows = kb.conn.execute(
        "SELECT doc_id, level, scope, provision_id, ends_on, quote, line_start, line_end FROM v_ends "
        "WHERE doc_id = ? ORDER BY ends_on, level",
        (doc_id,),
    ).fetchall()
    return [_end_dict(r) for r in rows if _governs(r[2], pid)]


def doc_provision_ends(conn: sqlite3.Connection, doc_id: str) -> list[dict[str, Any]]:
    """All provision-level end clauses of one document (for its status notes)."""
    rows = conn.execute(
        "SELECT doc_id, level, scope, provision_id, ends_on, quote, line_start, line_end FROM v_ends "
        "WHERE doc_id = ? AND level = 'provision' ORDER BY ends_on, line_start",
        (doc_id,),
    ).fetchall()
    return [_end_dict(r) for r in rows]


def windows(kb: KB, provision_id: str, on: date | None = None) -> list[dict[str, Any]]:
    """Application windows of a provision; with `on`, whether each had closed by then.

    Each: kind (closes | period | recurring | relative), opens, closes (last day accepted),
    rule, quote, provision_id (where printed), scope, lines, and `closed` (True / False, or
    None when the window is counted from the applicant's own dates and cannot be decided here).
    """
    pid, doc_id = _require(kb, provision_id)
    rows = kb.conn.execute(
        "SELECT scope, provision_id, kind, opens, closes, rule, quote, line_start, line_end FROM v_windows "
        "WHERE doc_id = ? ORDER BY line_start",
        (doc_id,),
    ).fetchall()
    out = []
    for scope, stated, kind, opens, closes, rule, quote, a, b in rows:
        if not _touches(scope, stated, pid):
            continue
        w: dict[str, Any] = {
            "kind": kind,
            "opens": opens,
            "closes": closes,
            "rule": rule,
            "quote": quote,
            "provision_id": stated,
            "scope": scope,
            "lines": [a, b],
        }
        if on is not None:
            w["closed"] = (on > date.fromisoformat(closes)) if closes else None
            w["not_yet_open"] = bool(opens and on < date.fromisoformat(opens))
        out.append(w)
    return out


def horizon(conn: sqlite3.Connection) -> date | None:
    """The last day the compilation can speak for: the latest signing date of its documents."""
    row = conn.execute("SELECT MAX(signed_on) FROM documents").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def expiry_horizon_note(conn: sqlite3.Connection, last_day: date) -> str | None:
    """A period that ran out after the compilation's horizon may have been extended since."""
    last = horizon(conn)
    if last is None or last_day <= last:
        return None
    return (
        f"期限届满日{last_day.isoformat()}晚于汇编收录文件的最后日期{last.isoformat()};"
        "到期后是否延续或另有规定,汇编无法得知,请核对此后的文件"
    )


def provision_end(kb: KB, provision_id: str, on: date) -> dict[str, Any]:
    """Whether the provision is in force on `on`, why, and what its windows say — for rules.

    Keys: provision_id, doc_id, on, in_force (bool), status (the provision's: 已到期 when its own
    end passed, else its document's), document_status, ended_on (last day in force, or None),
    since (first day no longer in force), clause (the end clause: quote, provision_id, lines,
    level), ends (all end clauses that govern it), windows (with `closed`), window_closed
    (True when a dated window closed before `on`), horizon (a note when `on` is past what the
    compilation can know and no end is stated, else None).
    """
    from renshe.validity.status import IN_FORCE, document_status

    pid, doc_id = _require(kb, provision_id)
    doc_status = document_status(kb, doc_id, on)
    governing = ends(kb, pid)
    passed = [e for e in governing if date.fromisoformat(e["ends_on"]) < on]
    ended = passed[0] if passed else None
    status = doc_status["status"]
    if ended is not None and status in IN_FORCE:
        status = "已到期"
    ws = windows(kb, pid, on)
    last = horizon(kb.conn)
    future_ends = [e for e in governing if date.fromisoformat(e["ends_on"]) >= on]
    note = None
    if ended is not None:
        note = expiry_horizon_note(kb.conn, date.fromisoformat(ended["ends_on"]))
    elif last is not None and on > last and not future_ends:
        note = (
            f"汇编收录的文件截至{last.isoformat()};该规定未载明执行期限,"
            f"{on.isoformat()}时是否已被此后的文件修改、废止或调整标准,汇编无法得知,请核对最新文件"
        )
    return {
        "provision_id": pid,
        "doc_id": doc_id,
        "on": on.isoformat(),
        "in_force": status in IN_FORCE,
        "status": status,
        "document_status": doc_status["status"],
        "ended_on": ended["ends_on"] if ended else None,
        "since": (date.fromisoformat(ended["ends_on"]) + timedelta(days=1)).isoformat() if ended else None,
        "clause": ended,
        "ends": governing,
        "windows": ws,
        "window_closed": any(w["closed"] for w in ws),
        "horizon": note,
    }
